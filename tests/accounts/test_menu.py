"""What every page asks of a user's role (the menu's "Import a document", the dashboard's
courses taught): kept per user, and changed at once when the user's role changes, in every
worker (the answer is kept under the user's ``roles_version``, read with the user)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.roles import INSTRUCTOR, INSTRUCTORS, STUDENT, role_groups_ensure, user_role_set
from infrastructure.cache import versioned_cache
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


def test_a_worker_that_kept_the_old_answer_shows_the_new_role(client):
    """Another worker changes the role: nothing is deleted from this worker's memory, where
    the old answer stays, and this worker still shows the new role at the next request."""
    user = UserFactory()
    user_role_set(user=user, role=STUDENT)
    client.force_login(user)
    assert not _menu_offers_import(client)
    old_version = User.objects.get(pk=user.pk).roles_version
    old_key = f"imports-documents:2:{user.pk}:{old_version}"
    assert versioned_cache.get(old_key) is False

    user_role_set(user=user, role=INSTRUCTOR)

    assert versioned_cache.get(old_key) is False  # still kept, no longer asked for
    assert _menu_offers_import(client)


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


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index("<header>") : html.index("</header>")]


def test_each_user_sees_their_own_name_in_the_kept_header(client):
    ann = UserFactory(first_name="<b>Ann</b>")
    bob = UserFactory(first_name="", username="bob")

    client.force_login(ann)
    assert "Profile (&lt;b&gt;Ann&lt;/b&gt;)" in _header(client.get(reverse("progress:dashboard")))
    client.force_login(bob)
    header = _header(client.get(reverse("progress:dashboard")))

    assert "Profile (bob)" in header  # the username when there is no first name
    assert "Ann" not in header


def test_the_headers_logout_form_logs_out_with_csrf_checks_on():
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    user = UserFactory()
    browser.force_login(user)
    header = _header(browser.get(reverse("progress:dashboard")))
    token = header.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_the_login_link_brings_a_visitor_back_to_the_page_they_were_on(client):
    course, _lessons = course_with_quizzes(lessons=1)

    header = _header(client.get(course.get_absolute_url() + "?tab=a&b=c"))

    assert f'href="{reverse("login")}?next={course.get_absolute_url()}%3Ftab%3Da%26b%3Dc"' in header
    other = _header(client.get(reverse("courses:catalogue")))
    assert f'href="{reverse("login")}?next=/"' in other


def test_the_header_marks_the_page_the_user_is_on(client):
    client.force_login(UserFactory())

    dashboard = _header(client.get(reverse("progress:dashboard")))
    catalogue = _header(client.get(reverse("courses:catalogue")))

    current = 'aria-current="page">'
    assert dashboard.count(current) == 1
    assert catalogue.count(current) == 1
    assert f"{current}My dashboard" in dashboard
    assert f"{current}Courses" in catalogue
