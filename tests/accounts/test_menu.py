"""What every page asks of a user's role (the menu's "Import a document", the dashboard's
courses taught): kept per user, and changed at once when the user's role changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import INSTRUCTOR, INSTRUCTORS, STUDENT, role_groups_ensure, user_role_set
from tests.factories import UserFactory, course_with_quizzes

pytestmark = pytest.mark.django_db

IMPORT_LINK = f'href="{reverse("courses:import")}"'


def _menu_offers_import(client) -> bool:
    return IMPORT_LINK in client.get(reverse("progress:dashboard")).content.decode()


def test_it_asks_for_the_permission_once_per_user(client):
    user = UserFactory()
    user_role_set(user=user, role=INSTRUCTOR)
    client.force_login(user)
    assert _menu_offers_import(client)

    course, _lessons = course_with_quizzes(lessons=1)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(course.get_absolute_url()).content.decode()
    assert IMPORT_LINK in page
    assert not any("auth_permission" in query["sql"] for query in queries.captured_queries)


def test_it_follows_a_role_change_at_once(client):
    user = UserFactory()
    user_role_set(user=user, role=STUDENT)
    client.force_login(user)
    assert not _menu_offers_import(client)

    user_role_set(user=user, role=INSTRUCTOR)
    assert _menu_offers_import(client)

    user_role_set(user=user, role=STUDENT)
    assert not _menu_offers_import(client)


def test_it_follows_a_change_of_groups_in_the_admin(client):
    user = UserFactory(username="sam")
    user_role_set(user=user, role=STUDENT)
    client.force_login(user)
    assert not _menu_offers_import(client)

    admin = UserFactory(is_staff=True, is_superuser=True, username="boss")
    client.force_login(admin)
    instructors = role_groups_ensure()[INSTRUCTORS]
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "username": "sam",
            "is_active": "on",
            "groups": [instructors.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Group.objects.filter(user=user)) == [instructors]

    client.force_login(user)
    assert _menu_offers_import(client)


def test_the_dashboard_lists_courses_taught_as_soon_as_the_role_changes(client):
    user = UserFactory()
    user_role_set(user=user, role=STUDENT)
    course, _lessons = course_with_quizzes(lessons=1)
    course.owner = user
    course.save()
    client.force_login(user)
    assert "Courses I teach" not in client.get(reverse("progress:dashboard")).content.decode()

    user_role_set(user=user, role=INSTRUCTOR)

    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "Courses I teach" in page
    assert course.title in page
