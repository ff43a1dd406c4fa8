"""What the report commands share: finding the course their SLUG names."""

from __future__ import annotations

from django.core.management.base import CommandError

from courses.models import Course


def course_for(slug: str) -> Course:
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        raise CommandError(f"No course with slug “{slug}”.")
    return course
