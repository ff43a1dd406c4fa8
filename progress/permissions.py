"""Who may study a course and who may enrol whom: the one place views ask.

Reading lessons and taking quizzes needs an active enrolment; a course's managers always may.
A course a user may not view at all (a draft) stays a 404 (``courses.permissions``); a
published course's lesson or quiz for someone not enrolled is a 403 that offers enrolment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from courses.permissions import (
    can_manage_course,
    can_view_course,
    manageable_courses_filter,
    viewable_courses_filter,
)

from .models import CourseProgress, Enrolment
from .selectors import learner_summary_row, lesson_lock

if TYPE_CHECKING:
    from courses.models import Course, Lesson
    from courses.permissions import AnyUser

    from .rules import Lock


def is_enrolled(user: AnyUser, course: Course) -> bool:
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user_id=user.pk, course_id=course.pk, status=Enrolment.Status.ACTIVE
    ).exists()


def enrolment_and_summary(user: AnyUser, course: Course) -> tuple[bool, CourseProgress | None]:
    """Whether ``user`` is actively enrolled in ``course`` and, if so, their summary row there
    (``learner_summary_row``): one query when they have a summary, which says whether they
    are enrolled; two when they have none (managers, visitors who never enrolled)."""
    if not user.is_authenticated:
        return False, None
    row = learner_summary_row(user_id=user.pk, course_id=course.pk)
    if row is None:
        return is_enrolled(user, course), None
    enrolled: bool = row.enrolled  # type: ignore[attr-defined]  # the read's annotation
    return (True, row) if enrolled else (False, None)


def can_study_course(user: AnyUser, course: Course, enrolled: bool | None = None) -> bool:
    """Read its lessons and take its quizzes: its managers, and learners enrolled in it.

    ``enrolled``, when the caller already asked ``is_enrolled``, saves asking again.
    """
    if not can_view_course(user, course):
        return False
    # Enrolment first: learners are most of the requests, and each question is a query.
    if enrolled is None:
        enrolled = is_enrolled(user, course)
    return enrolled or can_manage_course(user, course)


def studyable_courses_filter(user: AnyUser, prefix: str = "") -> Q:
    """``can_study_course`` as a query filter on courses, or on rows whose course is reached
    through ``prefix`` (such as ``"course__"``)."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}pk__in": []})
    enrolled = Enrolment.objects.filter(user_id=user.pk, status=Enrolment.Status.ACTIVE)
    return viewable_courses_filter(user, prefix) & (
        Q(**{f"{prefix}pk__in": enrolled.values("course_id")})
        | manageable_courses_filter(user, prefix)
    )


def can_enrol_self(user: AnyUser, course: Course, enrolled: bool) -> bool:
    """Signed in, not enrolled, and the course is published and takes self-enrolment."""
    return bool(
        user.is_authenticated and not enrolled and course.is_published and course.self_enrolment
    )


def can_manage_enrolments(user: AnyUser, course: Course) -> bool:
    """Enrol and unenrol others: those who manage the course."""
    return can_manage_course(user, course)


def lesson_lock_reason(user: AnyUser, lesson: Lesson) -> Lock | None:
    """With gating, what keeps ``lesson`` locked for ``user`` (never for its managers)."""
    if not lesson.course.gating or not user.is_authenticated:
        return None
    if can_manage_course(user, lesson.course):
        return None
    return lesson_lock(lesson=lesson, user_id=user.pk)
