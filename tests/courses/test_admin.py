"""The courses admin: changelists in a fixed number of queries, and edits through the service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import INSTRUCTOR, user_role_set
from courses.models import DocumentUpload, Lesson
from courses.services import content_hash, document_upload_create
from tests.factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = ["course", "module", "lesson", "documentupload"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def make_courses(count: int, lessons: int = 2) -> None:
    for _ in range(count):
        module = ModuleFactory()
        for _ in range(lessons):
            LessonFactory(module=module)
        owner = module.course.owner
        document_upload_create(
            data=b"Heading\nBody.\n", filename="notes.txt", user=owner, target_course=module.course
        )


def changelist_queries(client, model: str) -> int:
    url = reverse(f"admin:courses_{model}_changelist")
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_loads_in_the_same_queries_for_2_and_12_courses(admin_client, model):
    make_courses(2)
    few = changelist_queries(admin_client, model)
    make_courses(10)

    assert changelist_queries(admin_client, model) == few


def test_editing_a_lesson_strips_scripts_and_updates_the_text(admin_client):
    lesson = LessonFactory(title="Old title")
    url = reverse("admin:courses_lesson_change", args=[lesson.pk])

    response = admin_client.post(
        url,
        {
            "course": lesson.course_id,
            "module": lesson.module_id,
            "title": "New title",
            "position": lesson.position,
            "html": "<p>Fresh words.</p><script>alert(1)</script><p onclick='x()'>More.</p>",
        },
    )

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "New title"
    assert "<script" not in lesson.html
    assert "onclick" not in lesson.html
    assert "alert" not in lesson.html
    assert lesson.text == "Fresh words.\nMore."
    assert lesson.content_hash == content_hash("Fresh words.\nMore.")


def test_changing_positions_in_the_lesson_changelist_keeps_the_body(admin_client):
    lesson = LessonFactory(position=1)
    url = reverse("admin:courses_lesson_changelist")

    response = admin_client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": lesson.pk,
            "form-0-position": "7",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    saved = Lesson.objects.get(pk=lesson.pk)
    assert saved.position == 7
    assert saved.html == lesson.html
    assert saved.content_hash == lesson.content_hash


def test_lesson_module_must_belong_to_its_course(admin_client):
    lesson = LessonFactory()
    elsewhere = ModuleFactory()

    response = admin_client.post(
        reverse("admin:courses_lesson_change", args=[lesson.pk]),
        {
            "course": lesson.course_id,
            "module": elsewhere.pk,
            "title": lesson.title,
            "position": lesson.position,
            "html": lesson.html,
        },
    )

    assert response.status_code == 200
    assert Lesson.objects.get(pk=lesson.pk).module_id == lesson.module_id


def test_an_instructor_sees_only_the_courses_they_own(client):
    instructor = UserFactory(is_staff=True)
    instructor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_course", "change_course", "view_lesson"])
    )
    mine = CourseFactory(owner=instructor, title="Mine")
    CourseFactory(title="Not mine")
    LessonFactory(module=ModuleFactory(course=mine), title="My lesson")
    LessonFactory(title="Their lesson")
    client.force_login(instructor)

    courses = client.get(reverse("admin:courses_course_changelist")).content.decode()
    lessons = client.get(reverse("admin:courses_lesson_changelist")).content.decode()

    assert "Mine" in courses
    assert "Not mine" not in courses
    assert "My lesson" in lessons
    assert "Their lesson" not in lessons


def test_uploads_are_read_only(admin_client):
    make_courses(1)
    upload = DocumentUpload.objects.get()

    response = admin_client.get(reverse("admin:courses_documentupload_change", args=[upload.pk]))

    assert response.status_code == 200
    assert 'name="original_name"' not in response.content.decode()
    assert admin_client.get(reverse("admin:courses_documentupload_add")).status_code == 403


def _instructor(client, **fields):
    user = UserFactory(is_staff=True, **fields)
    user_role_set(user=user, role=INSTRUCTOR)
    client.force_login(user)
    return user


def test_an_instructor_lists_only_the_courses_they_own_or_co_teach(client):
    user = _instructor(client)
    owned = CourseFactory(owner=user, title="Owned")
    co_taught = CourseFactory(title="Co-taught")
    co_taught.instructors.add(user, UserFactory())
    CourseFactory(title="Someone else's")

    page = client.get(reverse("admin:courses_course_changelist")).content.decode()

    assert owned.title in page
    assert co_taught.title in page
    assert "Someone else" not in page
    assert page.count(f'href="/admin/courses/course/{co_taught.pk}/change/') == 1


def test_the_co_instructor_choices_are_instructors_only(client):
    user = _instructor(client, username="teacher")
    UserFactory(username="a-learner")
    course = CourseFactory(owner=user)

    page = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()

    assert ">teacher<" in page
    assert "a-learner" not in page
