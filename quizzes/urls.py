from __future__ import annotations

from .views import instructor, learner, manage

app_name = "quizzes"

urlpatterns = [*learner.urlpatterns, *instructor.urlpatterns, *manage.urlpatterns]
