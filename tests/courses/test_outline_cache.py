"""The course's table of contents is cached; every change to it shows at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Course
from courses.services import lesson_update
from tests.caches import caches_clear
from tests.factories import CourseFactory, LessonFactory, ModuleFactory, enrolled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_caches():
    caches_clear()


@pytest.fixture
def course():
    course = CourseFactory(title="Rivers")
    module = ModuleFactory(course=course, title="Water", position=1)
    for position in (1, 2, 3):
        LessonFactory(course=course, module=module, position=position, title=f"Part {position}")
    ModuleFactory(course=course, title="Empty for now", position=2)
    return course


def pages(client, course) -> list[str]:
    """The outline and a lesson page, as a learner sees them now."""
    lesson = course.lessons.get(position=3)
    urls = [course.get_absolute_url(), lesson.get_absolute_url()]
    return [client.get(url).content.decode() for url in urls]


def test_it_shows_a_lesson_renamed_by_hand_on_every_page_at_once(client, course):
    client.force_login(enrolled(course))
    assert all("Part 1" in page for page in pages(client, course))  # now cached

    lesson_update(lesson=course.lessons.get(position=1), title="Springs", html="<p>Springs.</p>")

    for page in pages(client, course):
        assert "Springs" in page
        assert "Part 1" not in page


def test_it_shows_a_module_renamed_or_a_lesson_archived_in_the_admin_at_once(admin_client, course):
    assert all("Part 2" in page for page in pages(admin_client, course))
    module = course.modules.get(position=1)
    archived = course.lessons.get(position=2)

    admin_client.post(
        reverse("admin:courses_module_change", args=[module.pk]),
        {"course": course.pk, "title": "Streams", "position": 1, "is_archived": ""},
    )
    admin_client.post(
        reverse("admin:courses_lesson_change", args=[archived.pk]),
        {
            "course": course.pk,
            "module": module.pk,
            "title": archived.title,
            "position": 2,
            "is_archived": "on",
            "html": archived.html,
        },
    )

    admin_client.get(reverse("admin:index"))  # shows (and drops) the admin's messages
    for page in pages(admin_client, course):
        assert "Streams" in page
        assert "Part 2" not in page
        assert "Part 3" in page


def test_the_heading_shows_the_course_renamed_and_a_lesson_added_at_once(client, course):
    client.force_login(enrolled(course))
    assert "3 lessons" in client.get(course.get_absolute_url()).content.decode()  # now kept

    course.title = "Great rivers"
    course.summary = "From the source to the sea."
    course.save()
    LessonFactory(course=course, module=course.modules.get(position=1), position=4)

    page = client.get(course.get_absolute_url()).content.decode()
    assert "<h1>Great rivers</h1>" in page
    assert "From the source to the sea." in page
    assert "4 lessons" in page


def test_it_shows_a_course_changed_by_a_queryset_update_at_once(client, course):
    """QuerySet.update() skips auto_now: the database moves the stamp on itself."""
    client.force_login(enrolled(course))
    assert "<h1>Rivers</h1>" in client.get(course.get_absolute_url()).content.decode()
    before = Course.objects.get(pk=course.pk).updated_at

    Course.objects.filter(pk=course.pk).update(title="Deltas")

    assert Course.objects.get(pk=course.pk).updated_at > before
    assert "<h1>Deltas</h1>" in client.get(course.get_absolute_url()).content.decode()
