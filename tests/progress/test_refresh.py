"""A learner's summary follows changes to what the course asks (progress.recompute.
progress_refresh): a quiz unpublished, a lesson archived, made in the admin or anywhere else,
shows in the learner's counts, completion and certificate, and in the instructor's reports,
on the next page either of them opens."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Lesson
from pipeline import attempt_after_grading
from progress.models import CourseProgress
from progress.services import lesson_open
from quizzes.attempts import attempt_start, attempt_submit
from quizzes.models import Attempt, Quiz
from tests.factories import UserFactory, course_with_quizzes, enrolled
from tests.progress.test_learner_facts import get
from tests.progress.test_lesson_learner import _pass

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("progress:dashboard")


def writes(client, url: str) -> list[str]:
    """The statements that change rows when ``url`` is opened."""
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


@pytest.fixture
def half_done(client):
    """A learner who read both lessons of a two-quiz course and passed the first quiz: in
    quiz mode, the first lesson is complete and the second waits for its quiz."""
    course, lessons = course_with_quizzes(2, completion="quiz")
    learner = enrolled(course)
    for lesson in lessons:
        lesson_open(lesson=lesson, user=learner)
    _pass(lessons[0].quiz, learner)
    client.force_login(learner)
    return course, lessons, learner


def test_unpublishing_the_quiz_left_completes_the_course_on_the_dashboard(client, half_done):
    course, lessons, _ = half_done
    page = get(client, DASHBOARD)
    assert "1 of 2 lessons complete · 1 of 2 quizzes passed" in page
    assert "Your certificate" not in page

    Quiz.objects.filter(lesson=lessons[1]).update(is_published=False)  # as the admin would

    page = get(client, DASHBOARD)
    assert "2 of 2 lessons complete · 1 of 1 quizzes passed" in page
    assert "Your certificate" in page
    assert reverse("progress:certificate", args=[course.slug]) in page


def test_an_unpublished_quizs_results_leave_the_dashboard(client, half_done):
    _, lessons, learner = half_done
    attempt = Attempt.objects.get(user=learner, quiz__lesson=lessons[0])
    review = reverse("quizzes:attempt-review", args=[attempt.pk])
    assert review in get(client, DASHBOARD)  # the latest results: the quiz passed

    Quiz.objects.filter(lesson=lessons[0]).update(is_published=False)

    assert review not in get(client, DASHBOARD)


def test_an_archived_lessons_quiz_results_leave_the_dashboard(client, half_done):
    _, lessons, learner = half_done
    attempt = Attempt.objects.get(user=learner, quiz__lesson=lessons[0])
    review = reverse("quizzes:attempt-review", args=[attempt.pk])
    assert review in get(client, DASHBOARD)

    Lesson.objects.filter(pk=lessons[0].pk).update(is_archived=True)

    assert review not in get(client, DASHBOARD)
    assert client.get(review).status_code == 404


def test_the_outline_and_the_lesson_page_follow_the_change_too(client, half_done):
    course, lessons, _ = half_done
    assert "Course complete: your certificate" not in get(client, lessons[0].get_absolute_url())

    Quiz.objects.filter(lesson=lessons[1]).update(is_published=False)

    assert "Course complete: your certificate" in get(client, lessons[0].get_absolute_url())
    assert "100% complete" in get(client, course.get_absolute_url())


def test_publishing_a_new_quiz_takes_completion_back(client, half_done):
    course, lessons, learner = half_done
    Quiz.objects.filter(lesson=lessons[1]).update(is_published=False)
    assert "Your certificate" in get(client, course.get_absolute_url())

    Quiz.objects.filter(lesson=lessons[1]).update(is_published=True)

    page = get(client, DASHBOARD)
    assert "1 of 2 quizzes passed" in page
    assert "Your certificate" not in page
    assert CourseProgress.objects.get(user=learner, course=course).completed_at is None


def _admin() -> Client:
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    return admin


@pytest.mark.parametrize("how", ["delete page", "bulk action", "queryset"])
def test_deleting_the_lesson_left_takes_its_quiz_and_completes_the_course(client, half_done, how):
    course, lessons, learner = half_done
    gone = lessons[1]
    quiz = gone.quiz
    assert gone.title in get(client, course.get_absolute_url())  # the outline, cached

    if how == "delete page":
        url = reverse("admin:courses_lesson_delete", args=[gone.pk])
        assert _admin().post(url, {"post": "yes"}).status_code == 302
    elif how == "bulk action":
        url = reverse("admin:courses_lesson_changelist")
        form = {"action": "delete_selected", "_selected_action": [gone.pk], "post": "yes"}
        assert _admin().post(url, form).status_code == 302
    else:
        Lesson.objects.filter(pk=gone.pk).delete()

    # Left behind, the quiz would be a course quiz no page links to, and still required.
    assert not Quiz.objects.filter(pk=quiz.pk).exists()
    page = get(client, DASHBOARD)
    assert "1 of 1 lessons complete · 1 of 1 quizzes passed" in page
    assert "Your certificate" in page
    outline = get(client, course.get_absolute_url())
    assert "100% complete" in outline
    assert gone.title not in outline
    assert CourseProgress.objects.get(user=learner, course=course).completed_at is not None


def test_the_reports_show_every_learner_recomputed(client, half_done):
    course, lessons, learner = half_done
    other = enrolled(course)
    lesson_open(lesson=lessons[0], user=other)  # read, quiz not passed: nothing complete
    client.force_login(course.owner)
    report = reverse("reports:progress", args=[course.slug])
    assert "50 %" in get(client, report)

    Lesson.objects.filter(pk=lessons[1].pk).update(is_archived=True)

    page = get(client, report)
    assert "100 %" in page
    assert CourseProgress.objects.get(user=learner, course=course).percent_complete == 100
    assert CourseProgress.objects.get(user=other, course=course).percent_complete == 0


def test_a_page_recomputes_once_after_a_change_and_not_otherwise(client, half_done):
    course, lessons, learner = half_done
    assert not writes(client, DASHBOARD)
    assert not writes(client, course.get_absolute_url())

    Quiz.objects.filter(lesson=lessons[1]).update(title="Renamed")  # asks nothing new
    stamp = CourseProgress.objects.get(user=learner, course=course).stamp

    assert writes(client, DASHBOARD)
    assert CourseProgress.objects.get(user=learner, course=course).stamp != stamp
    assert not writes(client, DASHBOARD)
    assert not writes(client, course.get_absolute_url())


def test_a_lower_pass_mark_opens_the_next_lesson_on_its_first_view(client):
    course, lessons = course_with_quizzes(2, gating=True)
    learner = enrolled(course)
    lesson_open(lesson=lessons[0], user=learner)
    attempt = attempt_start(quiz=lessons[0].quiz, user=learner)
    attempt_after_grading(
        attempt=attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: 1})  # wrong
    )
    client.force_login(learner)
    assert client.get(lessons[1].get_absolute_url()).status_code == 403

    Quiz.objects.filter(lesson=lessons[0]).update(pass_mark=0)  # now every grade passes

    assert client.get(lessons[1].get_absolute_url()).status_code == 200
