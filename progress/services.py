"""Writes for enrolment and lesson progress, keyword-only. Quiz results and summaries are
rebuilt by ``progress.recompute``; these functions call it when what they change counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course, Lesson
from courses.permissions import can_manage_course

from .models import CourseProgress, Enrolment, LessonProgress, new_stamp
from .recompute import progress_recompute
from .selectors import LearnerSummary, learner_summary, lesson_has_required_quiz

if TYPE_CHECKING:
    from accounts.models import User


class EnrolmentError(Exception):
    """An enrolment that the course's rules do not allow; the message says why."""


def _check_enrolment_allowed(*, course: Course, user: User, by: User | None) -> None:
    if by is None:  # a command or the system: no one to ask
        return
    if by.pk == user.pk and not can_manage_course(by, course):
        if not course.is_published or not course.self_enrolment:
            raise EnrolmentError(_("This course does not take self-enrolment."))
        return
    if not can_manage_course(by, course):
        raise EnrolmentError(_("Only the course's instructors may enrol other learners."))


@transaction.atomic
def enrolment_create(
    *, course: Course, user: User, by: User | None = None, now: datetime | None = None
) -> Enrolment:
    """Enrol ``user`` (or re-enrol them, with their history): by themselves where the course
    takes self-enrolment, by one of its managers, or by the system (``by`` None)."""
    _check_enrolment_allowed(course=course, user=user, by=by)
    now = now or timezone.now()
    # Two enrolments at once (a double click) meet at the constraint: the second insert is
    # ignored and both then lock and read the one row.
    Enrolment.objects.bulk_create(
        [Enrolment(course=course, user=user, enrolled_at=now, enrolled_by=by)],
        ignore_conflicts=True,
    )
    enrolment = Enrolment.objects.select_for_update().get(course=course, user=user)
    if enrolment.status == Enrolment.Status.ENDED:
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.ended_at = None
        enrolment.enrolled_at = now
        enrolment.enrolled_by = by
        enrolment.save(update_fields=["status", "ended_at", "enrolled_at", "enrolled_by"])
    progress_recompute(course=course, user_ids=[user.pk], now=now)
    return enrolment


def enrolment_end(*, enrolment: Enrolment, now: datetime | None = None) -> Enrolment:
    """Unenrol: the enrolment ends, and it and the learner's progress are kept."""
    if enrolment.status == Enrolment.Status.ACTIVE:
        enrolment.status = Enrolment.Status.ENDED
        enrolment.ended_at = now or timezone.now()
        enrolment.save(update_fields=["status", "ended_at"])
    return enrolment


def _progress_row(*, lesson: Lesson, user: User) -> None:
    # Two tabs opening the lesson at once both insert; the constraint keeps one row and the
    # other insert is ignored. Every later change is a single UPDATE of that row.
    LessonProgress.objects.bulk_create(
        [LessonProgress(user=user, lesson=lesson, course_id=lesson.course_id)],
        ignore_conflicts=True,
    )


# A reload, or a return to the lesson just read, within this long records nothing new: the
# lesson is opened, and is already the course's last lesson. Writing anyway took the write
# lock (on SQLite, the whole database's) on every page view.
VISIT_REFRESH = timedelta(minutes=5)


def lesson_open(
    *,
    lesson: Lesson,
    user: User,
    position: int | None = None,
    now: datetime | None = None,
    summary: LearnerSummary | None = None,
) -> bool:
    """The learner read ``lesson`` (a view), or reached ``position`` percent of it. Returns
    whether anything was recorded.

    Each change is one UPDATE computed in the database (the first opening, the furthest
    position), so two tabs reporting at once lose nothing. A view of the lesson the learner
    read last, within VISIT_REFRESH of their last activity in the course, changes nothing.
    ``summary``: the learner's summary in the course, when the caller read it already (the
    lesson page), which answers that without a query.
    """
    now = now or timezone.now()
    since = now - VISIT_REFRESH
    if position is None and _seen_just_now(lesson=lesson, user=user, since=since, summary=summary):
        return False
    mine = LessonProgress.objects.filter(user=user, lesson=lesson)
    seen = {
        "last_seen_at": now,
        "last_position": Greatest(F("last_position"), Value(min(max(position or 0, 0), 100))),
    }
    # One transaction, not one per statement: a SQLite commit is most of a view's cost. Its
    # locks are taken in the order progress_recompute takes them (lesson row, then summary).
    with transaction.atomic():
        first_opening = 0
        if not mine.filter(opened_at__isnull=False).update(**seen):
            _progress_row(lesson=lesson, user=user)  # the first view may find no row yet
            first_opening = mine.filter(opened_at__isnull=True).update(opened_at=now, **seen)
            if not first_opening:  # another tab opened it meanwhile: still record this view
                mine.update(**seen)
        CourseProgress.objects.filter(user=user, course_id=lesson.course_id).update(
            last_lesson=lesson,
            last_activity_at=Greatest(Coalesce(F("last_activity_at"), Value(now)), Value(now)),
            # The learner's facts (``selectors.learner_facts``) hold which lessons they
            # opened: only a first opening changes them.
            **({"stamp": new_stamp()} if first_opening else {}),
        )
    # Quiz mode: a lesson with no quiz that counts is complete once read.
    if lesson.course.completion == Course.Completion.QUIZ and (
        mine.filter(completed_at__isnull=True)
        .exclude(lesson_has_required_quiz())
        .update(completed_at=now)
    ):
        progress_recompute(course=lesson.course, user_ids=[user.pk], now=now)
    return True


def _seen_just_now(
    *, lesson: Lesson, user: User, since: datetime, summary: LearnerSummary | None
) -> bool:
    """The lesson is the one the learner read last in its course (so it is opened), and they
    were active in the course after ``since``. Their last activity may be an attempt rather
    than this lesson: the lesson's ``last_seen_at``, which only the admin shows, may then lag
    by VISIT_REFRESH, and no second query is needed for it."""
    summary = summary or learner_summary(user_id=user.pk, course_id=lesson.course_id)
    if summary is None or summary.last_lesson_id != lesson.pk:
        return False
    return summary.last_activity_at is not None and summary.last_activity_at >= since


def lesson_complete(
    *, lesson: Lesson, user: User, complete: bool = True, now: datetime | None = None
) -> None:
    """Manual mode: the learner marks ``lesson`` complete (or, ``complete=False``, not)."""
    if lesson.course.completion != Course.Completion.MANUAL:
        raise EnrolmentError(_("In this course a lesson is complete when its quiz is passed."))
    now = now or timezone.now()
    _progress_row(lesson=lesson, user=user)
    LessonProgress.objects.filter(user=user, lesson=lesson).update(
        opened_at=Coalesce(F("opened_at"), Value(now)),
        completed_at=Coalesce(F("completed_at"), Value(now)) if complete else None,
        last_seen_at=now,
    )
    progress_recompute(course=lesson.course, user_ids=[user.pk], now=now)
