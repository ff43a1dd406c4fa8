"""Pages an instructor uses to review drafted questions and manage quizzes."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
