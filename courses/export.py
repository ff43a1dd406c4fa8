"""A course as plain JSON-ready data: what ``export_course`` prints and ``import_course`` reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch

from .models import Course, Lesson, Module


def course_export(
    *, course: Course, lesson_extra: Mapping[int, Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The course's active modules and lessons, in order. Two queries, whatever its size.

    ``lesson_extra`` adds keys to each lesson by lesson id (later stages' data: its quiz).
    """
    modules = course.modules.filter(is_archived=False).prefetch_related(
        Prefetch(
            "lessons", queryset=Lesson.objects.filter(is_archived=False).order_by("position", "pk")
        )
    )
    return {
        "title": course.title,
        "slug": course.slug,
        "modules": [
            _module(module, lesson_extra or {}) for module in modules.order_by("position", "pk")
        ],
    }


def _module(module: Module, lesson_extra: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "title": module.title,
        "lessons": [
            {
                "title": lesson.title,
                "text": lesson.text,
                "html": lesson.html,
                **lesson_extra.get(lesson.pk, {}),
            }
            for lesson in module.lessons.all()
        ],
    }
