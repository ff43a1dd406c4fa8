"""What course views share: the course a page names, or a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest

from .models import Course
from .selectors import course_for_page


def course_or_404(
    request: HttpRequest, slug: str, allowed: Callable[[Any, Course], bool]
) -> Course:
    """The course ``slug``, when ``allowed(request.user, course)``; else a 404, for a course
    that is not there and for one the user may not see alike, so that a URL tells nobody
    which courses exist."""
    course = course_for_page(slug=slug)
    if course is None or not allowed(request.user, course):
        raise Http404
    return course
