"""The lesson page reads the learner's state in its one lesson (progress.selectors.
lesson_learner): it must say what the course-wide read (learner_course) says of that lesson."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pipeline import attempt_after_grading
from progress.selectors import learner_course, lesson_learner
from progress.services import lesson_complete, lesson_open
from quizzes.attempts import attempt_start, attempt_submit
from tests.factories import (
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    course_with_quizzes,
    enrolled,
)

pytestmark = pytest.mark.django_db


def _pass(quiz, user) -> None:
    attempt = attempt_start(quiz=quiz, user=user)
    submitted = attempt_submit(attempt_id=attempt.pk, user=user, responses={1: 0})
    attempt_after_grading(attempt=submitted)


@pytest.mark.parametrize("who", ["learner", "owner"])
def test_it_agrees_with_the_course_wide_read_on_every_lesson(who):
    course, lessons = course_with_quizzes(5, gating=True)
    user = enrolled(course, course.owner if who == "owner" else None)
    lesson_open(lesson=lessons[0], user=user)
    lesson_complete(lesson=lessons[0], user=user)
    _pass(lessons[0].quiz, user)
    lesson_open(lesson=lessons[1], user=user)  # read, its quiz not passed: the rest is locked

    course_wide = learner_course(course=course, user_id=user.pk)
    states = {}
    for lesson in lessons:
        mine = lesson_learner(lesson=lesson, user_id=user.pk)
        assert mine.state == course_wide.state_of(lesson.pk), lesson.title
        assert mine.course_completed_at is None
        states[lesson.pk] = mine.state.state

    assert [states[lesson.pk] for lesson in lessons] == [
        "complete",
        "in_progress",
        "locked",
        "locked",
        "locked",
    ]


def test_a_lesson_never_opened_reads_as_not_started():
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)

    state = lesson_learner(lesson=lessons[1], user_id=user.pk).state

    assert state == learner_course(course=course, user_id=user.pk).state_of(lessons[1].pk)
    assert (state.state, state.label) == ("not_started", "Not started")


def test_the_lesson_page_says_where_the_learner_stands_and_offers_the_certificate(client):
    course = CourseFactory()
    lesson = LessonFactory(module=ModuleFactory(course=course))
    client.force_login(enrolled(course))
    certificate = reverse("progress:certificate", args=[course.slug])

    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "This lesson:</span> In progress" in page
    assert certificate not in page

    client.post(reverse("progress:lesson-complete", args=[course.slug, lesson.pk]))
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "This lesson:</span> Complete" in page
    assert certificate in page  # its only lesson is complete, and it has no quiz


def test_the_lesson_page_shows_a_passed_quiz_at_once(client):
    course, lessons = course_with_quizzes(2, completion="quiz")
    user = enrolled(course)
    client.force_login(user)
    page = client.get(lessons[0].get_absolute_url()).content.decode()
    assert "This lesson:</span> In progress" in page  # and its facts are kept

    _pass(lessons[0].quiz, user)

    page = client.get(lessons[0].get_absolute_url()).content.decode()
    assert "This lesson:</span> Complete" in page


def test_a_manager_enrolled_in_a_gated_course_reads_a_later_lesson_as_open(client):
    course, lessons = course_with_quizzes(3, gating=True)
    owner = enrolled(course, course.owner)
    client.force_login(owner)

    page = client.get(lessons[2].get_absolute_url()).content.decode()

    # A learner would be refused this lesson; its manager reads it, and is not told "Locked".
    assert "This lesson:</span> In progress" in page
    assert "Locked" not in page


def test_a_reload_of_the_lesson_page_writes_nothing_and_reads_the_summary_once(client):
    course, lessons = course_with_quizzes(2)
    client.force_login(enrolled(course))
    client.get(lessons[0].get_absolute_url())  # the first view records the opening

    with CaptureQueriesContext(connection) as reload:
        page = client.get(lessons[0].get_absolute_url()).content.decode()

    sql = [query["sql"] for query in reload.captured_queries]
    assert not [q for q in sql if q.startswith(("UPDATE", "INSERT"))]
    assert len([q for q in sql if 'FROM "progress_courseprogress"' in q]) == 1
    assert "This lesson:</span> In progress" in page
