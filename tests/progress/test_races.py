"""Two tabs at once, from real concurrent connections (PostgreSQL only, as
tests/quizzes/test_attempt_races.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from courses.models import Course
from pipeline import attempt_after_grading
from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from progress.services import enrolment_create, lesson_complete, lesson_open
from quizzes.attempts import attempt_start, attempt_submit
from tests.factories import UserFactory, course_with_quizzes, enrolled
from tests.quizzes.test_attempt_races import CONCURRENCY, run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL (make test-postgres)")


def test_tabs_opening_a_lesson_at_once_keep_one_row_and_the_furthest_position():
    course, lessons = course_with_quizzes(1)
    user = enrolled(course)
    positions = iter(range(10, 10 + 10 * CONCURRENCY, 10))
    chosen = {i: next(positions) for i in range(CONCURRENCY)}
    counter = iter(range(CONCURRENCY))

    results = run_at_once(
        lambda: lesson_open(lesson=lessons[0], user=user, position=chosen[next(counter)])
    )

    assert not [r for r in results if isinstance(r, Exception)]
    row = LessonProgress.objects.get()
    assert row.last_position == max(chosen.values())
    assert row.opened_at is not None


def test_a_view_and_a_mark_complete_at_once_lose_neither():
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)
    counter = iter(range(CONCURRENCY))

    def either() -> None:
        if next(counter) % 2:
            lesson_complete(lesson=lessons[0], user=user)
        else:
            lesson_open(lesson=lessons[0], user=user, position=100)

    results = run_at_once(either)

    assert not [r for r in results if isinstance(r, Exception)]
    row = LessonProgress.objects.get()
    assert row.completed_at is not None
    assert row.last_position == 100
    assert CourseProgress.objects.get(user=user).percent_complete == 50


def test_simultaneous_enrolments_make_one():
    course = Course.objects.get(pk=course_with_quizzes(1)[0].pk)
    user = UserFactory()

    results = run_at_once(lambda: enrolment_create(course=course, user=user, by=user))

    assert not [r for r in results if isinstance(r, Exception)]
    assert Enrolment.objects.count() == 1
    assert CourseProgress.objects.count() == 1


def test_results_recomputed_at_once_end_with_the_pass():
    course, lessons = course_with_quizzes(1, completion=Course.Completion.QUIZ)
    user = enrolled(course)
    quiz = lessons[0].quiz
    attempt = attempt_start(quiz=quiz, user=user)
    graded = attempt_submit(attempt_id=attempt.pk, user=user, responses={1: 0})

    results = run_at_once(lambda: attempt_after_grading(attempt=graded))

    assert not [r for r in results if isinstance(r, Exception)]
    assert QuizStanding.objects.get().passed
    summary = CourseProgress.objects.get()
    assert summary.percent_complete == 100
    assert summary.completed_at is not None
