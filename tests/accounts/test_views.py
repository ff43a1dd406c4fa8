"""The account pages: sign up, log in and out, profile, password change and reset."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import INSTRUCTOR, user_role_set
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-quite-new-passphrase-42"


def test_it_signs_a_new_student_up_and_logs_them_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.check_password(NEW_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Students"]
    assert client.session[SESSION_KEY] == str(user.pk)
    profile = client.get(reverse("profile")).content.decode()
    assert "Student" in profile


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password2": "something-else-entirely"}, "password fields didn"),
        ({"password1": "12345678", "password2": "12345678"}, "too common"),
        ({"email": "TAKEN@example.com"}, "already exists"),
        ({"email": ""}, "This field is required"),
    ],
)
def test_sign_up_refuses_bad_input_and_creates_nobody(client, changes, message):
    UserFactory(email="taken@example.com")
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }

    response = client.post(reverse("signup"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_it_logs_in_and_out(client):
    user = UserFactory()

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)

    client.post(reverse("logout"))
    assert SESSION_KEY not in client.session


def test_the_profile_page_saves_names_and_email_and_shows_the_role(client):
    user = UserFactory()
    user_role_set(user=user, role=INSTRUCTOR)
    client.force_login(user)

    page = client.get(reverse("profile")).content.decode()
    assert "Instructor" in page

    client.post(
        reverse("profile"),
        {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"},
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == (
        "Grace",
        "Hopper",
        "grace@example.com",
    )


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_changes_the_password(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(response.url).status_code == 200


def test_it_resets_a_forgotten_password_by_email(client):
    user = UserFactory(email="forgetful@example.com")

    client.post(reverse("password_reset"), {"email": "forgetful@example.com"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)

    assert b"Check your e-mail" in response.content
    assert mail.outbox == []


@pytest.mark.parametrize(
    "name",
    [
        "login",
        "signup",
        "password_reset",
        "password_reset_done",
        "password_reset_complete",
    ],
)
def test_every_public_account_page_has_one_h1_and_labelled_fields(client, name):
    page = client.get(reverse(name)).content.decode()

    assert page.count("<h1") == 1
    for field_id in re.findall(r'<input[^>]+type="(?:text|email|password)"[^>]+id="([^"]+)"', page):
        assert f'for="{field_id}"' in page


def test_the_menu_offers_sign_up_to_visitors_and_the_profile_to_users(client):
    assert reverse("signup") in client.get(reverse("courses:catalogue")).content.decode()

    client.force_login(UserFactory())
    page = client.get(reverse("courses:catalogue")).content.decode()
    assert reverse("profile") in page
    assert reverse("signup") not in page
