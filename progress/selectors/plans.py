"""A course's plan: its required lessons and quizzes in order, cached under the course's
``updated_at``. Each read is a fixed number of queries, however many lessons there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from courses.caching import course_cache_key
from courses.models import Course, Lesson
from infrastructure.cache import versioned_cache
from quizzes.attempts import score_shown_from
from quizzes.models import Quiz, QuizSlot

from ..rules import (
    CoursePlan,
    PlanLesson,
    PlanQuiz,
)


def required_quizzes(queryset: QuerySet[Quiz]) -> QuerySet[Quiz]:
    """The required quizzes among ``queryset`` (see progress.rules)."""
    return queryset.filter(
        Q(lesson__isnull=True) | Q(lesson__is_archived=False),
        Exists(QuizSlot.objects.filter(quiz_id=OuterRef("pk"))),
        is_published=True,
    )


def lesson_has_required_quiz() -> Exists:
    """A filter on lesson progress rows (or lessons, via ``lesson_id``): its quiz counts."""
    quizzes = required_quizzes(Quiz.objects.filter(lesson_id=OuterRef("lesson_id")))
    return Exists(quizzes)


PLAN_CACHE_SECONDS = 600

# A plan's lessons and quizzes in order, as kept.
PlanRows = tuple[tuple[PlanLesson, ...], tuple[PlanQuiz, ...]]


def course_plans(*, courses: Iterable[Course]) -> dict[int, CoursePlan]:
    """Each course's plan for a page: two queries, or none while its cached copy is current.

    A copy is kept under the course's ``updated_at``, which the database moves on at every
    write to the course's lessons, quizzes and quiz slots (courses/caching.py). So
    ``courses`` must have been read before their plans, as a page does. A service that
    changes a course and then works with its plan in the same transaction holds a course
    read before the change: it calls ``course_plans_read``."""
    by_id = {course.pk: course for course in courses}
    keys = {pk: course_cache_key("course-plan:3", course) for pk, course in by_id.items()}
    cached = versioned_cache.get_many(list(keys.values()))
    rows: dict[int, PlanRows] = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in by_id if pk not in rows]
    if missing:
        read = _plan_rows(course_ids=missing)
        versioned_cache.set_many({keys[pk]: read[pk] for pk in missing}, PLAN_CACHE_SECONDS)
        rows.update(read)
    return {pk: _plan(course, rows[pk]) for pk, course in by_id.items()}


def course_plans_read(*, courses: Iterable[Course]) -> dict[int, CoursePlan]:
    """Each course's plan (required lessons in order and required quizzes) as the database
    holds it now, in two queries."""
    by_id = {course.pk: course for course in courses}
    rows = _plan_rows(course_ids=list(by_id))
    return {pk: _plan(course, rows[pk]) for pk, course in by_id.items()}


def _plan_rows(*, course_ids: list[int]) -> dict[int, PlanRows]:
    lessons: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, title, course_id in (
        Lesson.objects.filter(course_id__in=course_ids, is_archived=False)
        .order_by("position", "pk")
        .values_list("pk", "title", "course_id")
    ):
        lessons[course_id].append((pk, title))
    quizzes: dict[int, list[tuple[int, str, int | None, datetime | None]]] = defaultdict(list)
    for quiz in (
        required_quizzes(Quiz.objects.filter(course_id__in=course_ids))
        .order_by("pk")
        .only("title", "lesson_id", "course_id", "review_score", "close_at")
    ):
        shown_from = score_shown_from(quiz=quiz)
        quizzes[quiz.course_id].append((quiz.pk, quiz.title, quiz.lesson_id, shown_from))
    rows = {}
    for course_id in course_ids:
        quiz_of = {lesson: pk for pk, _title, lesson, _shown in quizzes[course_id] if lesson}
        rows[course_id] = (
            tuple(PlanLesson(pk, title, quiz_of.get(pk)) for pk, title in lessons[course_id]),
            tuple(PlanQuiz(*quiz) for quiz in quizzes[course_id]),
        )
    return rows


def _plan(course: Course, rows: PlanRows) -> CoursePlan:
    lessons, quizzes = rows
    return CoursePlan(
        lessons=list(lessons),
        quizzes=list(quizzes),
        quiz_mode=course.completion == Course.Completion.QUIZ,
        gating=course.gating,
    )


def course_plan(*, course: Course) -> CoursePlan:
    """The course's plan for a page (``course_plans``)."""
    return course_plans(courses=[course])[course.pk]


def course_plan_read(*, course: Course) -> CoursePlan:
    """The course's plan as the database holds it now (``course_plans_read``)."""
    return course_plans_read(courses=[course])[course.pk]
