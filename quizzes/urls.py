from __future__ import annotations

from .views import instructor, learner

app_name = "quizzes"

urlpatterns = [*learner.urlpatterns, *instructor.urlpatterns]
