"""Who may read a course's reports: the one place report views and commands ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from courses.permissions import can_manage_course

if TYPE_CHECKING:
    from courses.models import Course
    from courses.permissions import AnyUser


def can_view_reports(user: AnyUser, course: Course) -> bool:
    """Those who manage a course read its learners' progress, grades and statistics; anyone
    else is answered 404, as if the course had no reports."""
    return can_manage_course(user, course)
