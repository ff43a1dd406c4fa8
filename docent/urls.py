from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from infrastructure.health import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("jobs/", include("jobs.urls")),
    path("", include("courses.urls")),
    path("", include("quizzes.urls")),
    path("practice/", include("practice.urls")),
    path("", include("progress.urls")),
    path("", include("reports.urls")),
]
