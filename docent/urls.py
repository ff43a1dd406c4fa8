from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("courses.urls")),
    path("", include("quizzes.urls")),
]

if settings.DOCENT_BENCH_PING:
    # bench/pages.py's baseline: a view that does nothing but answer.
    urlpatterns.append(path("bench/ping", views.bench_ping, name="bench-ping"))
