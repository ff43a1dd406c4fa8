"""A course's plan (its required lessons and quizzes) is cached under the course's
``updated_at``, which the database moves on at every write to the course's lessons, quizzes
and slots: whatever makes the write, the outline, the dashboard and the lesson pages show it
at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Lesson
from quizzes.models import Question, Quiz
from tests.factories import LessonFactory, course_with_quizzes, enrolled
from tests.progress.test_learner_facts import get, reads, state

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("progress:dashboard")


def reads_plan(client, url: str) -> bool:
    return reads(client, url, 'FROM "quizzes_quiz"')


def test_the_plan_is_read_once_until_the_course_changes(client):
    course, lessons = course_with_quizzes(3)
    client.force_login(enrolled(course))
    outline = course.get_absolute_url()
    assert reads_plan(client, outline)
    assert not reads_plan(client, outline)
    assert not reads_plan(client, DASHBOARD)  # the same course, the same plan

    Quiz.objects.filter(lesson=lessons[2]).update(title="Renamed")
    assert reads_plan(client, DASHBOARD)
    assert not reads_plan(client, outline)


def test_unpublishing_a_quiz_or_deleting_its_question_opens_the_next_lesson_at_once(client):
    course, lessons = course_with_quizzes(3, gating=True)
    client.force_login(enrolled(course))
    outline = course.get_absolute_url()
    assert state(get(client, outline), lessons[1]) == "locked"
    assert client.get(lessons[1].get_absolute_url()).status_code == 403

    Quiz.objects.filter(lesson=lessons[0]).update(is_published=False)
    assert state(get(client, outline), lessons[1]) == "not_started"
    assert client.get(lessons[1].get_absolute_url()).status_code == 200
    assert state(get(client, outline), lessons[2]) == "locked"

    Quiz.objects.filter(lesson=lessons[0]).update(is_published=True)
    assert state(get(client, outline), lessons[1]) == "locked"

    # A quiz whose only question is deleted has no slot left: it no longer locks anything.
    Question.objects.filter(slots__quiz__lesson=lessons[0]).delete()
    assert state(get(client, outline), lessons[1]) == "in_progress"  # read above, open again


def test_a_lesson_added_or_archived_changes_the_count_on_the_dashboard(client):
    course, lessons = course_with_quizzes(3)
    client.force_login(enrolled(course))
    assert "0 of 3 lessons complete" in get(client, DASHBOARD)

    LessonFactory(course=course, module=lessons[0].module, position=4)
    assert "0 of 4 lessons complete" in get(client, DASHBOARD)

    Lesson.objects.filter(pk__in=[lessons[0].pk, lessons[1].pk]).update(is_archived=True)
    assert "0 of 2 lessons complete" in get(client, DASHBOARD)
