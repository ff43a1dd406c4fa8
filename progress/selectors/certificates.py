"""Certificates: a learner's completed course, and a certificate found by its code."""

from __future__ import annotations

from courses.models import Course

from ..models import CourseProgress


def completed_course(*, user_id: int, course: Course) -> CourseProgress | None:
    return (
        CourseProgress.objects.select_related("user", "course")
        .filter(user_id=user_id, course=course, completed_at__isnull=False)
        .first()
    )


def certificate_for_code(*, code: str) -> CourseProgress | None:
    """A completed course's summary by its certificate code (None if not, or no longer,
    complete)."""
    return (
        CourseProgress.objects.select_related("user", "course")
        .filter(certificate_code=code, completed_at__isnull=False)
        .first()
    )
