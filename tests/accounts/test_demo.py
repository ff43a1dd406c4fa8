"""accounts.demo: the demo password logs no one in with DEBUG off, and the deploy check
fails while an active account keeps it."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from accounts.checks import demo_password_check
from accounts.demo import DEMO_PASSWORD
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def production(settings):
    """DEBUG off, as the settings derive it (``DOCENT_DEMO_LOGINS = DEBUG``)."""
    settings.DOCENT_DEMO_LOGINS = False


def demo_user(username: str = "student", **fields):
    return UserFactory(username=username, password=make_password(DEMO_PASSWORD), **fields)


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize("url", ["login", "admin:login"])
def test_with_debug_off_the_demo_password_logs_no_one_in(client, url):
    demo_user("admin", is_staff=True, is_superuser=True)

    response = client.post(reverse(url), {"username": "admin", "password": DEMO_PASSWORD})

    assert response.status_code == 200  # the form again, with its error
    assert SESSION_KEY not in client.session


@pytest.mark.usefixtures("production")
def test_with_debug_off_other_passwords_still_log_in(client):
    user = UserFactory(password=make_password(PASSWORD))

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_on_a_development_server_the_demo_accounts_log_in(client, settings):
    settings.DOCENT_DEMO_LOGINS = True
    demo_user("student")

    response = client.post(reverse("login"), {"username": "student", "password": DEMO_PASSWORD})

    assert response.status_code == 302


def test_the_deploy_check_fails_while_an_account_keeps_the_demo_password():
    demo_user("instructor")
    demo_user("root", is_superuser=True)  # made by hand with it: a superuser is tried too
    UserFactory(username="student", password=make_password("something-else-entirely"))
    demo_user("admin", is_active=False)

    messages = demo_password_check()

    assert len(messages) == 1
    assert isinstance(messages[0], Error)
    assert messages[0].id == "accounts.E001"
    assert "instructor, root." in messages[0].msg
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check", deploy=True)


def test_the_deploy_check_passes_once_the_passwords_are_changed():
    user = demo_user("admin")
    user.set_password("a-real-secret-of-the-admin")
    user.save()

    assert demo_password_check() == []
