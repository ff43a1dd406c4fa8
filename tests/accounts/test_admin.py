"""The users admin: every user's role at a glance, a role filter, and actions that change it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import INSTRUCTOR, STUDENT, user_role, user_role_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, username="boss"))
    return client


def test_the_user_list_shows_each_role_and_filters_by_it(admin_client):
    student = UserFactory(username="sam")
    user_role_set(user=student, role=STUDENT)
    teacher = UserFactory(username="tess")
    user_role_set(user=teacher, role=INSTRUCTOR)
    url = reverse("admin:accounts_user_changelist")

    page = admin_client.get(url).content.decode()
    assert "Instructor" in page
    assert "Student" in page
    assert "Administrator" in page

    only_instructors = admin_client.get(url, {"role": "instructor"}).content.decode()
    assert "tess" in only_instructors
    assert "sam" not in only_instructors
    only_students = admin_client.get(url, {"role": "student"}).content.decode()
    assert "sam" in only_students
    assert "tess" not in only_students


def test_an_admin_makes_a_student_an_instructor_and_back(admin_client):
    user = UserFactory()
    user_role_set(user=user, role=STUDENT)
    url = reverse("admin:accounts_user_changelist")

    admin_client.post(url, {"action": "make_instructor", "_selected_action": [user.pk]})
    assert user_role(user) == INSTRUCTOR
    assert user.has_perm("courses.add_course")

    admin_client.post(url, {"action": "make_student", "_selected_action": [user.pk]})
    user = type(user).objects.get(pk=user.pk)  # a fresh permission cache
    assert user_role(user) == STUDENT
    assert not user.has_perm("courses.add_course")


def test_the_user_list_searches_by_email(admin_client):
    UserFactory(username="findme", email="unique-address@example.org")
    UserFactory(username="notwanted")

    page = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"q": "unique-address"}
    ).content.decode()

    assert "findme" in page
    assert "notwanted" not in page


def test_the_user_change_page_shows_the_role(admin_client):
    user = UserFactory()
    user_role_set(user=user, role=INSTRUCTOR)

    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert page.status_code == 200
    assert '<div class="readonly">Instructor</div>' in page.content.decode()
