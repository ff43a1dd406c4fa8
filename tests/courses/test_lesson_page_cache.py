"""The lesson page keeps the lesson, its module and its quiz under the course's updated_at,
which the database moves on at every write to any of them: whatever makes the write, the
next view shows it."""

from __future__ import annotations

import pytest

from courses.models import Lesson, Module
from quizzes.models import Quiz
from tests.factories import course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db


def page(client, lesson: Lesson) -> str:
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_edits_to_the_lesson_its_module_and_its_quiz_show_at_once(client):
    course, lessons = course_with_quizzes(2)
    client.force_login(enrolled(course))
    lesson = lessons[0]
    assert "Take the quiz" in page(client, lesson)

    Lesson.objects.filter(pk=lesson.pk).update(html="<p>Rewritten by a bulk update.</p>")
    assert "Rewritten by a bulk update." in page(client, lesson)

    Quiz.objects.filter(lesson=lesson).update(is_published=False)
    assert "Take the quiz" not in page(client, lesson)

    Module.objects.create(course=course, title="A second module", position=9)
    Module.objects.filter(pk=lesson.module_id).update(title="Renamed module")
    assert "Renamed module" in page(client, lesson)  # two modules: their titles show


def test_an_archived_or_moved_lesson_is_gone_from_its_old_address(client):
    course, lessons = course_with_quizzes(2)
    client.force_login(enrolled(course))
    page(client, lessons[0])
    page(client, lessons[1])

    Lesson.objects.filter(pk=lessons[0].pk).update(is_archived=True)
    assert client.get(lessons[0].get_absolute_url()).status_code == 404

    other, _ = course_with_quizzes(1)
    Lesson.objects.filter(pk=lessons[1].pk).update(course=other)
    assert client.get(lessons[1].get_absolute_url()).status_code == 404


def test_a_lesson_of_one_course_is_not_found_under_another(client):
    course, lessons = course_with_quizzes(1)
    other, _ = course_with_quizzes(1)
    client.force_login(enrolled(other))
    url = lessons[0].get_absolute_url().replace(course.slug, other.slug)
    assert client.get(url).status_code == 404


def test_each_page_gets_its_own_copy_of_the_kept_lesson():
    """What one page sets on its lesson is not another's."""
    from courses.selectors import lesson_for_page

    course, lessons = course_with_quizzes(1)
    first = lesson_for_page(slug=course.slug, pk=lessons[0].pk)
    assert first is not None
    first.title = "Changed by one request"

    second = lesson_for_page(slug=course.slug, pk=lessons[0].pk)

    assert second is not None
    assert second is not first
    assert second.title == lessons[0].title
    assert second.course.pk == course.pk
    assert second.module.pk == lessons[0].module_id
