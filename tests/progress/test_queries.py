"""The learner's pages take the same number of queries however many lessons, courses or
learners there are: measured at a small size, asserted at a large one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pipeline import attempt_after_grading
from progress.services import lesson_complete, lesson_open
from quizzes.attempts import attempt_start, attempt_submit
from tests.caches import caches_clear
from tests.factories import UserFactory, course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db


def studied(lessons: int, learners: int, **settings):
    """A course of ``lessons`` lessons, ``learners`` other learners who read a lesson, and
    one learner who read and completed the first two."""
    course, rows = course_with_quizzes(lessons, **settings)
    for _ in range(learners):
        lesson_open(lesson=rows[0], user=enrolled(course))
    user = enrolled(course)
    for lesson in rows[:2]:
        lesson_open(lesson=lesson, user=user)
        lesson_complete(lesson=lesson, user=user)
    attempt = attempt_start(quiz=rows[0].quiz, user=user)  # opens lesson 2 under gating
    attempt_after_grading(
        attempt=attempt_submit(attempt_id=attempt.pk, user=user, responses={1: 0})
    )
    return course, rows, user


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("gating", [False, True])
def test_outline_and_lesson_page_do_not_grow_with_lessons_or_learners(
    client, django_assert_num_queries, gating
):
    course, rows, user = studied(4, 1, gating=gating)
    client.force_login(user)
    outline = queries(client, course.get_absolute_url())
    lesson = queries(client, rows[1].get_absolute_url())

    course, rows, user = studied(30, 12, gating=gating)
    client.force_login(user)
    with django_assert_num_queries(outline):
        assert client.get(course.get_absolute_url()).status_code == 200
    with django_assert_num_queries(lesson):
        assert client.get(rows[1].get_absolute_url()).status_code == 200


def test_dashboard_does_not_grow_with_courses_or_lessons(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)

    def add_course(lessons: int) -> None:
        course, rows = course_with_quizzes(lessons)
        enrolled(course, user)
        lesson_open(lesson=rows[0], user=user)

    add_course(3)
    caches_clear()  # each count from the same cold start (some answers are kept in the cache)
    few = queries(client, reverse("progress:dashboard"))
    for _ in range(4):
        add_course(12)
    caches_clear()
    with django_assert_num_queries(few):
        assert client.get(reverse("progress:dashboard")).status_code == 200


def test_dashboard_results_take_the_same_queries_for_one_attempt_as_for_many(
    client, django_assert_num_queries
):
    user = UserFactory()
    client.force_login(user)
    courses = [course_with_quizzes(3) for _ in range(3)]
    for course, _ in courses:
        enrolled(course, user)

    def submit(quiz) -> None:
        attempt = attempt_start(quiz=quiz, user=user)
        attempt_after_grading(
            attempt=attempt_submit(attempt_id=attempt.pk, user=user, responses={1: 0})
        )

    submit(courses[0][1][0].quiz)
    client.get(reverse("progress:dashboard"))  # each count with the plans and facts cached
    one = queries(client, reverse("progress:dashboard"))
    for _, rows in courses:
        for lesson in rows:
            submit(lesson.quiz)
    client.get(reverse("progress:dashboard"))
    with django_assert_num_queries(one):
        page = client.get(reverse("progress:dashboard")).content.decode()

    # The five latest, each under its own quiz and course.
    for course, rows in courses[1:]:
        for lesson in rows[-2:] if course == courses[1][0] else rows:
            assert f"{lesson.quiz.title}</a></th>\n          <td>{course.title}</td>" in page
    assert page.count('/review/">') == 5
