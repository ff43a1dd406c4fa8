"""accounts.backends.AccountBackend: Django's permissions, read in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import AccountBackend
from accounts.models import User
from accounts.roles import INSTRUCTOR, STUDENT, user_role_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _fresh(user: User) -> User:
    """The user as a new request loads it: no permissions kept from before."""
    return User.objects.get(pk=user.pk)


def test_it_finds_the_same_permissions_as_djangos_backend_in_one_query():
    user = UserFactory()
    user_role_set(user=user, role=INSTRUCTOR)
    user.user_permissions.add(_permission("quizzes.add_quiz"), _permission("courses.add_course"))
    other = Group.objects.create(name="Reviewers")
    other.permissions.add(_permission("courses.add_course"), _permission("progress.view_enrolment"))
    user.groups.add(other)

    expected = ModelBackend().get_all_permissions(_fresh(user))
    with CaptureQueriesContext(connection) as queries:
        found = AccountBackend().get_all_permissions(_fresh(user))

    # 1 query for the user, 1 for every permission, from the user and from each group.
    assert len(queries) == 2
    assert found == expected
    assert {"quizzes.add_quiz", "courses.add_course", "progress.view_enrolment"} <= found


def test_it_asks_the_database_once_per_request_however_many_checks():
    user = _fresh(UserFactory())

    with CaptureQueriesContext(connection) as queries:
        user.has_perm("courses.add_course")
        user.has_perm("courses.change_course")
        user.get_all_permissions()

    assert len(queries) == 1


def test_a_superuser_holds_every_permission_and_an_inactive_user_none():
    admin = UserFactory(is_superuser=True)
    inactive = UserFactory(is_active=False)
    user_role_set(user=inactive, role=INSTRUCTOR)

    assert AccountBackend().get_all_permissions(_fresh(admin)) == {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert AccountBackend().get_all_permissions(_fresh(inactive)) == set()
    assert not _fresh(inactive).has_perm("courses.add_course")


def test_a_role_change_shows_on_the_very_next_page(client):
    user = UserFactory()
    user_role_set(user=user, role=STUDENT)
    client.force_login(user)
    import_link = reverse("courses:import")

    assert import_link not in client.get(reverse("courses:catalogue"), secure=True).text
    user_role_set(user=user, role=INSTRUCTOR)
    assert import_link in client.get(reverse("courses:catalogue"), secure=True).text
    user_role_set(user=user, role=STUDENT)
    assert import_link not in client.get(reverse("courses:catalogue"), secure=True).text
