"""The course progress report: the grid, filters and sorting, "stuck on", the funnel."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from progress.models import LessonProgress, QuizStanding
from reports.progress_report import Cell, CellState, cell_state, stuck_on
from tests.factories import (
    CourseProgressFactory,
    EnrolmentFactory,
    LessonFactory,
    LessonProgressFactory,
    QuizStandingFactory,
    UserFactory,
    quiz_with_questions,
    summaries_current,
)

from .conftest import CAPITAL

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def course():
    return Course.objects.create(title="Algebra", slug="algebra", owner=UserFactory())


@pytest.fixture
def lessons(course):
    first = LessonFactory(module__course=course, position=1, title="Numbers")
    return [first] + [
        LessonFactory(module=first.module, course=course, position=n, title=f"Lesson {n}")
        for n in (2, 3)
    ]


@pytest.fixture
def owner(client, course):
    client.force_login(course.owner)
    return client


def learner(course, name, *, percent=0, active=None, done=None):
    user = EnrolmentFactory(course=course, user__first_name=name, user__last_name="L").user
    CourseProgressFactory(
        user=user,
        course=course,
        percent_complete=percent,
        last_activity_at=active,
        completed_at=done,
    )
    return user


def test_a_cells_state_reads_progress_and_the_quiz_standing():
    opened = LessonProgress(opened_at=NOW)
    done = LessonProgress(opened_at=NOW, completed_at=NOW)
    failed = QuizStanding(grade=Decimal(2), passed=False)
    passed = QuizStanding(grade=Decimal(9), passed=True)

    assert cell_state(None, None) == CellState.NOT_STARTED
    assert cell_state(opened, None) == CellState.IN_PROGRESS
    assert cell_state(opened, failed) == CellState.FAILED
    assert cell_state(done, None) == CellState.COMPLETE
    assert cell_state(done, passed) == CellState.PASSED


def test_stuck_on_is_the_unfinished_lesson_opened_longest_ago(lessons):
    cells = [
        Cell(lessons[0], CellState.COMPLETE, NOW - timedelta(days=9)),
        Cell(lessons[1], CellState.FAILED, NOW - timedelta(days=5)),
        Cell(lessons[2], CellState.IN_PROGRESS, NOW - timedelta(days=1)),
    ]

    assert stuck_on(cells).lesson == lessons[1]
    assert stuck_on(cells[:1]) is None


def test_the_grid_shows_each_learners_state_in_words(owner, course, lessons):
    ada = learner(course, "Ada", percent=33, active=NOW)
    LessonProgressFactory(user=ada, lesson=lessons[0], completed_at=NOW)
    LessonProgressFactory(user=ada, lesson=lessons[1], opened_at=NOW - timedelta(days=3))
    quiz = quiz_with_questions([CAPITAL], course=course, lesson=lessons[1])
    QuizStandingFactory(user=ada, quiz=quiz, grade=Decimal(0), max_grade=Decimal(1))
    summaries_current(course)

    response = owner.get(reverse("reports:progress", args=[course.slug]))

    row = response.context["report"].rows[0]
    assert [cell.state for cell in row.cells] == ["complete", "failed", "not_started"]
    assert row.stuck.lesson == lessons[1]
    page = response.content.decode()
    assert '<span class="visually-hidden">Quiz failed</span>' in page
    assert "(quiz failed)" in page


def test_it_filters_and_sorts_learners(owner, course, lessons):
    learner(course, "Fresh")
    learner(course, "Busy", percent=60, active=NOW)
    learner(course, "Quiet", percent=30, active=NOW - timedelta(days=30))
    learner(course, "Done", percent=100, active=NOW - timedelta(days=2), done=NOW)
    url = reverse("reports:progress", args=[course.slug])

    def names(**query):
        return [row.user.first_name for row in owner.get(url, query).context["report"].rows]

    assert names() == ["Busy", "Done", "Fresh", "Quiet"]
    assert names(sort="-progress") == ["Done", "Busy", "Quiet", "Fresh"]
    assert names(sort="activity") == ["Fresh", "Quiet", "Done", "Busy"]
    assert names(show="not_started") == ["Fresh"]
    assert names(show="in_progress") == ["Busy", "Quiet"]
    assert names(show="completed") == ["Done"]
    assert names(show="inactive") == ["Fresh", "Quiet"]
    assert names(show="nonsense", sort="nonsense") == ["Busy", "Done", "Fresh", "Quiet"]


def test_the_funnel_counts_completions_per_lesson_in_order(owner, course, lessons):
    for name, completed in (("A", 3), ("B", 2), ("C", 1)):
        user = learner(course, name)
        for lesson in lessons[:completed]:
            LessonProgressFactory(user=user, lesson=lesson, completed_at=NOW)

    response = owner.get(reverse("reports:progress", args=[course.slug]))

    assert [step.completed for step in response.context["report"].funnel] == [3, 2, 1]
    page = response.content.decode()
    assert '<title id="funnel-chart-title">Completion by lesson</title>' in page
    assert '<th scope="row">1</th><td class="text-end">3</td>' in page


def test_big_classes_are_paginated(owner, course, lessons):
    for n in range(52):
        learner(course, f"L{n:02}")

    response = owner.get(reverse("reports:progress", args=[course.slug]), {"page": 2})

    assert [row.user.first_name for row in response.context["report"].rows] == ["L50", "L51"]
    assert "Page 2 of 2" in response.content.decode()


def test_only_those_who_manage_the_course_see_progress(client, course):
    client.force_login(UserFactory())

    assert client.get(reverse("reports:progress", args=[course.slug])).status_code == 404


@pytest.mark.parametrize("size", [2, 5])
def test_the_report_reads_a_fixed_number_of_queries(owner, course, size, django_assert_num_queries):
    first = LessonFactory(module__course=course, position=1)
    lessons = [first] + [
        LessonFactory(module=first.module, course=course, position=n) for n in range(2, size + 1)
    ]
    for n in range(size):
        user = learner(course, f"L{n}", percent=50, active=NOW)
        for lesson in lessons:
            LessonProgressFactory(user=user, lesson=lesson, completed_at=NOW if n % 2 else None)
        quiz = quiz_with_questions([CAPITAL], course=course, lesson=lessons[n])
        QuizStandingFactory(user=user, quiz=quiz, grade=Decimal(1), max_grade=Decimal(1))
    summaries_current(course)

    # Session, user, course, summaries' versions, lessons, count, page, lesson progress,
    # standings, funnel, learner count, permissions.
    with django_assert_num_queries(13):
        owner.get(reverse("reports:progress", args=[course.slug]))


def test_lesson_titles_in_the_grid_are_escaped(owner, course, lessons):
    lessons[0].title = '"><script>alert(1)</script>'
    lessons[0].save()
    learner(course, "Ada")

    page = owner.get(reverse("reports:progress", args=[course.slug])).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert 'title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;: Not started"' in page
