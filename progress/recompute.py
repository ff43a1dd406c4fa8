"""Progress rebuilt from the records: quiz standings, quiz-mode lesson completion, summaries.

``progress_recompute`` is the one function that writes them; everything else (an attempt
graded, a lesson marked complete, a regrade, a re-import) calls it, for one learner or for a
whole course, in a fixed number of queries. It derives everything from attempts and lesson
progress rows, so it can be called any number of times: a summary is never left stale.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from courses.models import Course
from infrastructure.db.updates import rows_update
from quizzes.models import Attempt, Quiz
from quizzes.results import quiz_result

from .models import CourseProgress, Enrolment, LessonProgress, QuizStanding, new_stamp
from .rules import CoursePlan, QuizGrade, Standing, course_summary, lesson_is_complete_by_quiz
from .selectors import course_plan_read

if TYPE_CHECKING:
    from .rules import PlanLesson

STANDING_FIELDS = [
    "grade",
    "max_grade",
    "percentage",
    "passed",
    "passed_at",
    "attempts_used",
    "awaiting_grader",
]
SUMMARY_FIELDS = [
    "lessons_required",
    "lessons_completed",
    "percent_complete",
    "quizzes_required",
    "quizzes_passed",
    "grade",
    "completed_at",
    "last_activity_at",
    "certificate_code",
]


def progress_after_attempt(*, attempt: Attempt) -> None:
    """After an attempt is graded (submitted, essay graded, regraded): the learner's quiz
    standing, lesson completion and course summary."""
    progress_recompute(course=attempt.quiz.course, user_ids=[attempt.user_id])


@transaction.atomic
def progress_recompute(
    *, course: Course, user_ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Recompute the progress of ``user_ids`` (default: everyone ever enrolled) in ``course``.

    Returns how many learners were recomputed. Only learners with an enrolment row (active
    or ended) have progress.
    """
    now = now or timezone.now()
    enrolments = Enrolment.objects.filter(course=course).order_by("pk")
    if user_ids is not None:
        enrolments = enrolments.filter(user_id__in=list(user_ids))
    # Lock the learners' enrolments: two recomputes for one learner (two submits, a submit
    # during a regrade) run one after the other, so the later one reads what the earlier
    # wrote and neither writes a summary computed from attempts it did not see.
    ids = list(enrolments.select_for_update().values_list("user_id", flat=True))
    if not ids:
        return 0
    # The version first, then the plan: a change committed between the two reads leaves the
    # summaries marked with the older version, so the next page recomputes them again, rather
    # than computed from the older plan and marked with the newer version, and never redone.
    version = Course.objects.filter(pk=course.pk).values_list("updated_at", flat=True).get()
    plan = course_plan_read(course=course)
    grades = _standings_update(course=course, user_ids=ids, now=now)
    completed = _lessons_update(course=course, plan=plan, user_ids=ids, grades=grades)
    _summaries_update(
        course=course,
        plan=plan,
        user_ids=ids,
        grades=grades,
        completed=completed,
        now=now,
        version=version,
    )
    return len(ids)


def progress_refresh(
    *, course: Course, versions: Mapping[int, datetime | None] | None = None
) -> int:
    """Recompute the learners whose summaries in ``course`` were computed against an earlier
    version of it; returns how many.

    What completing a course asks changes with the course (a quiz published or unpublished,
    its questions or pass mark, a lesson archived), and those changes are made in many places,
    the admin's among them, none of which recomputes every learner. The course's triggers move
    its ``updated_at`` on at each (``courses.caching``), so a page that reads a summary
    compares the two and calls this first. ``versions``: learner id → their summary's
    ``course_version``, as the caller read it; by default every summary in the course is read
    (the reports, which show them all). ``course`` must have been read at the request's start.
    """
    if versions is None:
        versions = dict(
            CourseProgress.objects.filter(course=course).values_list("user_id", "course_version")
        )
    stale = [user_id for user_id, version in versions.items() if version != course.updated_at]
    return progress_recompute(course=course, user_ids=stale) if stale else 0


def _standings_update(
    *, course: Course, user_ids: list[int], now: datetime
) -> dict[int, dict[int, QuizStanding]]:
    quizzes = {quiz.pk: quiz for quiz in Quiz.objects.filter(course=course)}
    attempts: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    for attempt in Attempt.objects.filter(quiz__course=course, user_id__in=user_ids):
        attempts[(attempt.user_id, attempt.quiz_id)].append(attempt)
    existing = {
        (row.user_id, row.quiz_id): row
        for row in QuizStanding.objects.filter(course=course, user_id__in=user_ids)
    }
    rows: list[QuizStanding] = []
    for (user_id, quiz_id), own in attempts.items():
        result = quiz_result(quiz=quizzes[quiz_id], attempts=own)
        before = existing.get((user_id, quiz_id))
        passed_at = None
        if result.passed:
            if before is not None and before.passed:
                passed_at = before.passed_at
            else:
                passed_at = max((a.submitted_at for a in own if a.submitted_at), default=now)
        rows.append(
            QuizStanding(
                user_id=user_id,
                quiz_id=quiz_id,
                course=course,
                grade=result.grade,
                max_grade=result.max_grade,
                percentage=result.percentage,
                passed=result.passed,
                passed_at=passed_at,
                attempts_used=result.attempts_used,
                awaiting_grader=result.awaiting_grader,
                updated_at=now,
            )
        )
    if rows:
        QuizStanding.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "quiz"],
            update_fields=[*STANDING_FIELDS, "updated_at"],
        )
    # Standings whose attempts are gone (deleted) no longer stand.
    gone = [row.pk for key, row in existing.items() if key not in attempts]
    if gone:
        QuizStanding.objects.filter(pk__in=gone).delete()
    grades: dict[int, dict[int, QuizStanding]] = defaultdict(dict)
    for row in rows:
        grades[row.user_id][row.quiz_id] = row
    return grades


def _lessons_update(
    *,
    course: Course,
    plan: CoursePlan,
    user_ids: list[int],
    grades: dict[int, dict[int, QuizStanding]],
) -> dict[int, dict[int, datetime]]:
    """Quiz mode: mark lessons complete (or no longer complete) from the quizzes passed.
    Returns when each learner completed each lesson they have completed."""
    rows = {
        (row.user_id, row.lesson_id): row
        for row in LessonProgress.objects.filter(course=course, user_id__in=user_ids).only(
            "pk", "user_id", "lesson_id", "opened_at", "completed_at"
        )
    }
    changed: list[LessonProgress] = []
    if plan.quiz_mode:
        for user_id in user_ids:
            own = grades.get(user_id, {})
            passed = {pk for pk, row in own.items() if row.passed}
            for lesson in plan.lessons:
                row = rows.get((user_id, lesson.id))
                opened = row is not None and row.opened_at is not None
                done = lesson_is_complete_by_quiz(lesson, passed, opened)
                when = _completed_at(lesson, own, row)
                if done and (row is None or row.completed_at is None):
                    row = row or LessonProgress(user_id=user_id, lesson_id=lesson.id, course=course)
                    row.completed_at = when
                    rows[(user_id, lesson.id)] = row
                    changed.append(row)
                elif not done and row is not None and row.completed_at is not None:
                    row.completed_at = None
                    changed.append(row)
    # Only the completion is written, so a lesson view at the same moment loses nothing.
    _save(LessonProgress, changed, ["user", "lesson"], ["completed_at"])
    completed: dict[int, dict[int, datetime]] = defaultdict(dict)
    for (user_id, lesson_id), row in rows.items():
        if row.completed_at is not None:
            completed[user_id][lesson_id] = row.completed_at
    return completed


def _completed_at(
    lesson: PlanLesson, grades: dict[int, QuizStanding], row: LessonProgress | None
) -> datetime | None:
    if lesson.quiz_id is not None and lesson.quiz_id in grades:
        return grades[lesson.quiz_id].passed_at
    return row.opened_at if row is not None else None


def _summaries_update(
    *,
    course: Course,
    plan: CoursePlan,
    user_ids: list[int],
    grades: dict[int, dict[int, QuizStanding]],
    completed: dict[int, dict[int, datetime]],
    now: datetime,
    version: datetime,
) -> None:
    existing = {
        row.user_id: row
        for row in CourseProgress.objects.filter(course=course, user_id__in=user_ids)
    }
    rows = []
    for user_id in user_ids:
        own = grades.get(user_id, {})
        standing = Standing(
            completed_lesson_ids=frozenset(completed[user_id]),
            quiz_grades={
                pk: QuizGrade(row.grade, row.max_grade, row.passed, row.awaiting_grader)
                for pk, row in own.items()
            },
        )
        summary = course_summary(plan, standing)
        before = existing.get(user_id)
        row = before or CourseProgress(user_id=user_id, course=course)
        row.lessons_required = summary.lessons_required
        row.lessons_completed = summary.lessons_completed
        row.percent_complete = summary.percent_complete
        row.quizzes_required = summary.quizzes_required
        row.quizzes_passed = summary.quizzes_passed
        row.grade = summary.grade
        if not summary.complete:
            row.completed_at = None
        elif row.completed_at is None:
            # The moment the last requirement was met: a lesson completed or a quiz passed.
            row.completed_at = max(
                [*completed[user_id].values(), *(g.passed_at for g in own.values() if g.passed_at)],
                default=now,
            )
        if summary.complete and not row.certificate_code:
            row.certificate_code = secrets.token_urlsafe(16)
        row.last_activity_at = _later_activity(row, own.values())
        row.updated_at = now
        row.course_version = version
        row.stamp = new_stamp()  # the learner's rows may have changed: a new key for them
        rows.append(row)
    fields = [*SUMMARY_FIELDS, "stamp", "updated_at", "course_version"]
    _save(CourseProgress, rows, ["user", "course"], fields)


def _later_activity(row: CourseProgress, grades: Iterable[QuizStanding]) -> Any:
    """The last activity, moved on to the latest pass if that is later. For a row already
    stored it is computed in the database (GREATEST), so a lesson view that moves it at the
    same moment (``lesson_open``, which does not wait for this lock) is not overwritten."""
    latest = max((g.passed_at for g in grades if g.passed_at is not None), default=None)
    if row.pk is None:
        return latest
    if latest is None:
        return F("last_activity_at")
    return Greatest(Coalesce(F("last_activity_at"), Value(latest)), Value(latest))


def _save(model: Any, rows: list[Any], unique: list[str], fields: list[str]) -> None:
    """Update the rows read from the database; insert the new ones, or update the row that a
    concurrent request (a first lesson view) inserted meanwhile."""
    old = [row for row in rows if row.pk is not None]
    new = [row for row in rows if row.pk is None]
    if old:
        rows_update(model, old, fields)
    if new:
        model.objects.bulk_create(
            new, update_conflicts=True, unique_fields=unique, update_fields=fields
        )
