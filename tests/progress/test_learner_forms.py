"""The learner's part of the lesson page and the outline: each learner's own state, and
forms that carry the token of their own page."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from progress.models import Enrolment, LessonProgress
from tests.factories import UserFactory, course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _browser(course) -> tuple[Client, object]:
    """A learner enrolled in ``course``, in a browser whose every POST needs its token."""
    browser = Client(enforce_csrf_checks=True)
    learner = enrolled(course, UserFactory())
    browser.force_login(learner)
    return browser, learner


def _form(page: str, action: str) -> str:
    start = page.index(f'action="{action}"')
    return page[start : page.index("</form>", start)]


def _mark_complete(browser: Client, lesson) -> HttpResponse:
    """Open ``lesson`` and press its "Mark complete", with the token the page holds."""
    complete = reverse("progress:lesson-complete", args=[lesson.course.slug, lesson.pk])
    page = browser.get(lesson.get_absolute_url()).content.decode()
    return browser.post(complete, {"csrfmiddlewaretoken": TOKEN.search(_form(page, complete))[1]})


def test_each_learner_marks_a_lesson_complete_with_the_token_of_their_own_page():
    course, lessons = course_with_quizzes(lessons=2)
    lesson = lessons[0]
    first, _ = _browser(course)
    second, learner = _browser(course)
    first_page = first.get(lesson.get_absolute_url()).content.decode()  # kept from this one
    complete = reverse("progress:lesson-complete", args=[course.slug, lesson.pk])
    second_page = second.get(lesson.get_absolute_url()).content.decode()
    assert (
        TOKEN.search(_form(second_page, complete))[1]
        != (TOKEN.search(_form(first_page, complete))[1])
    )

    response = _mark_complete(second, lesson)

    assert response.status_code == 302
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is not None


def test_the_kept_part_is_each_learners_own_state():
    course, lessons = course_with_quizzes(lessons=2)
    lesson = lessons[0]
    first, _ = _browser(course)
    second, _ = _browser(course)
    first.get(lesson.get_absolute_url())
    _mark_complete(second, lesson)

    assert "Mark as not complete" in second.get(lesson.get_absolute_url()).content.decode()
    first_page = first.get(lesson.get_absolute_url()).content.decode()
    assert "Mark as not complete" not in first_page
    assert "Mark complete" in first_page


def test_each_learner_leaves_a_course_with_the_token_of_their_own_outline():
    course, _ = course_with_quizzes(lessons=2)
    leave = reverse("progress:leave", args=[course.slug])
    first, _ = _browser(course)
    second, learner = _browser(course)
    first.get(course.get_absolute_url())

    page = second.get(course.get_absolute_url()).content.decode()
    response = second.post(leave, {"csrfmiddlewaretoken": TOKEN.search(_form(page, leave))[1]})

    assert response.status_code == 302
    assert Enrolment.objects.get(user=learner, course=course).status != Enrolment.Status.ACTIVE


def test_the_outline_shows_each_learner_their_own_progress():
    course, lessons = course_with_quizzes(lessons=2)
    first, _ = _browser(course)
    second, _ = _browser(course)
    first.get(course.get_absolute_url())
    _mark_complete(second, lessons[0])

    assert "Continue where you left off" in second.get(course.get_absolute_url()).content.decode()
    assert "Start the course" in first.get(course.get_absolute_url()).content.decode()
