"""Who manages a course: its owner, its co-instructors and superusers; nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from courses.models import Course, Lesson
from courses.permissions import (
    can_manage_course,
    can_view_course,
    manageable_courses_filter,
    viewable_courses_filter,
)
from tests.factories import CourseFactory, LessonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = CourseFactory(is_published=False)
    course.instructors.add(UserFactory(), UserFactory())
    return course


def test_owner_and_co_instructors_manage_the_course_and_others_do_not(course):
    co_instructor = course.instructors.first()

    assert can_manage_course(course.owner, course)
    assert can_manage_course(co_instructor, course)
    assert can_manage_course(UserFactory(is_superuser=True), course)
    assert not can_manage_course(UserFactory(), course)
    assert not can_manage_course(AnonymousUser(), course)
    assert can_view_course(co_instructor, course)
    assert not can_view_course(UserFactory(), course)


def test_the_filters_list_a_co_taught_course_once(course):
    co_instructor = course.instructors.first()
    CourseFactory(is_published=False)  # someone else's draft
    LessonFactory(module__course=course)
    LessonFactory(module__course=course)

    managed = Course.objects.filter(manageable_courses_filter(co_instructor))
    viewable = Course.objects.filter(viewable_courses_filter(co_instructor))
    lessons = Lesson.objects.filter(manageable_courses_filter(co_instructor, prefix="course__"))

    assert list(managed) == [course]
    assert list(viewable) == [course]
    assert lessons.count() == 2


def test_a_co_instructor_reaches_the_course_pages_an_owner_does(client, course):
    lesson = LessonFactory(module__course=course)
    client.force_login(course.instructors.first())

    assert client.get(course.get_absolute_url()).status_code == 200
    assert client.get(lesson.get_absolute_url()).status_code == 200
    assert client.get(reverse("quizzes:bank", args=[course.slug])).status_code == 200
    assert client.get(reverse("quizzes:grading-queue", args=[course.slug])).status_code == 200


def test_an_instructor_of_another_course_gets_not_found(client, course):
    other = CourseFactory()
    client.force_login(other.owner)

    assert client.get(course.get_absolute_url()).status_code == 404
    assert client.get(reverse("quizzes:bank", args=[course.slug])).status_code == 404


def test_a_co_instructor_added_or_removed_is_answered_for_at_once(client, course):
    teacher = UserFactory()
    client.force_login(teacher)
    outline = course.get_absolute_url()
    assert client.get(outline).status_code == 404  # a draft: only its managers see it

    course.instructors.add(teacher)
    page = client.get(outline).content.decode()
    assert "For instructors:" in page

    course.instructors.remove(teacher)
    assert client.get(outline).status_code == 404
