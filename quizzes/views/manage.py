"""Pages an instructor uses to set a quiz up, move questions in and out, grade and regrade."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
