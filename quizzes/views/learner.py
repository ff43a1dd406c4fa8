"""Pages a learner uses to take a quiz and review an attempt."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
