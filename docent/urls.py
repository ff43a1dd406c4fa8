from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("courses.urls")),
    path("", include("quizzes.urls")),
    path("", include("progress.urls")),
    path("", include("reports.urls")),
]
