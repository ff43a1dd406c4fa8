"""The learner's facts (lessons opened and completed, quiz grades) are cached under their
summary's stamp: every write that changes them shows at once on the outline and the
dashboard, and no learner ever sees another's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pipeline import attempt_after_grading, quiz_after_regrade
from progress.models import CourseProgress
from progress.services import enrolment_create, enrolment_end, lesson_open
from quizzes.attempts import attempt_start, attempt_submit
from tests.factories import course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("progress:dashboard")


def state(page: str, lesson) -> str:
    """The state badge beside ``lesson`` on an outline page."""
    row = page.split(f'<a href="{lesson.get_absolute_url()}">', 1)[1].split("</li>", 1)[0]
    return row.split("lesson-state-", 1)[1].split(" ", 1)[0]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def reads(client, url: str, table: str) -> bool:
    """Whether the page at ``url`` queries ``table``."""
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return any(table in query["sql"] for query in queries)


def reads_lesson_rows(client, url: str) -> bool:
    return reads(client, url, "progress_lessonprogress")


def test_it_reads_the_learner_rows_once_until_they_change(client):
    course, lessons = course_with_quizzes(3)
    client.force_login(user := enrolled(course))
    outline = course.get_absolute_url()
    assert reads_lesson_rows(client, outline)
    assert not reads_lesson_rows(client, outline)
    assert not reads_lesson_rows(client, DASHBOARD)  # the same facts, the same stamp

    lesson_open(lesson=lessons[0], user=user)
    assert reads_lesson_rows(client, DASHBOARD)
    assert not reads_lesson_rows(client, outline)


def test_a_lesson_read_and_marked_complete_shows_at_once(client):
    course, lessons = course_with_quizzes(3)
    client.force_login(enrolled(course))
    outline = course.get_absolute_url()
    assert state(get(client, outline), lessons[1]) == "not_started"
    assert lessons[0].title in get(client, DASHBOARD)  # where to start

    get(client, lessons[1].get_absolute_url())  # reading it
    assert state(get(client, outline), lessons[1]) == "in_progress"

    mark = reverse("progress:lesson-complete", args=[course.slug, lessons[0].pk])
    client.post(mark)
    assert state(get(client, outline), lessons[0]) == "complete"
    dashboard = get(client, DASHBOARD)
    assert "1 of 3 lessons complete" in dashboard
    assert lessons[1].title in dashboard  # continue with the one read last

    client.post(mark, {"complete": "0"})
    assert state(get(client, outline), lessons[0]) == "in_progress"
    assert "0 of 3 lessons complete" in get(client, DASHBOARD)


def test_a_quiz_passed_or_regraded_opens_the_next_lesson_at_once(client):
    course, lessons = course_with_quizzes(3, gating=True)
    client.force_login(user := enrolled(course))
    outline = course.get_absolute_url()
    assert state(get(client, outline), lessons[1]) == "locked"
    get(client, DASHBOARD)

    attempt = attempt_start(quiz=lessons[0].quiz, user=user)
    attempt_after_grading(
        attempt=attempt_submit(attempt_id=attempt.pk, user=user, responses={1: 0})
    )
    assert state(get(client, outline), lessons[1]) == "not_started"
    assert state(get(client, outline), lessons[2]) == "locked"
    assert "1 of 3 quizzes passed" in get(client, DASHBOARD)

    # A regrade recomputes the whole course: the cached facts go with it.
    CourseProgress.objects.filter(user=user).update(stamp="before")
    get(client, outline)
    quiz_after_regrade(quiz=lessons[0].quiz)
    assert CourseProgress.objects.get(user=user).stamp != "before"


def test_leaving_and_coming_back_shows_the_progress_kept(client):
    course, lessons = course_with_quizzes(2)
    client.force_login(user := enrolled(course))
    lesson_open(lesson=lessons[0], user=user)
    assert state(get(client, course.get_absolute_url()), lessons[0]) == "in_progress"

    enrolment_end(enrolment=user.enrolments.get())
    assert "lesson-state-" not in get(client, course.get_absolute_url())
    assert course.title not in get(client, DASHBOARD)

    enrolment_create(course=course, user=user, by=user)
    assert state(get(client, course.get_absolute_url()), lessons[0]) == "in_progress"


def test_each_learner_sees_only_their_own_facts(client):
    course, lessons = course_with_quizzes(2)
    first, second = enrolled(course), enrolled(course)
    # The same stamp for both (as after the migration that added it): the key still differs.
    CourseProgress.objects.update(stamp="same")
    lesson_open(lesson=lessons[0], user=first)
    CourseProgress.objects.update(stamp="same")

    client.force_login(first)
    assert state(get(client, course.get_absolute_url()), lessons[0]) == "in_progress"
    client.force_login(second)
    assert state(get(client, course.get_absolute_url()), lessons[0]) == "not_started"
    assert "0 of 2 lessons complete" in get(client, DASHBOARD)
