"""Brute-force protection: django-axes locks a username out from one address after a few
failed logins, and says when to try again."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    """Every login here checks a password; a fast hasher keeps the many wrong ones quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(**fields):
    return UserFactory(password=make_password(PASSWORD), **fields)


def fail(client: Client, username: str, times: int):
    response = None
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    return response


def test_it_locks_a_username_out_after_the_failure_limit(client):
    user = make_user()

    before = fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert before.status_code == 200  # the form again, with its error
    locked = fail(client, user.username, 1)

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed logins" in page
    assert "Try again after" in page
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    # Even the right password is refused while locked out.
    right = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert right.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lock_is_per_username_and_address(client):
    victim, other = make_user(), make_user()
    fail(client, victim.username, settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("login"), {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302

    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    response = elsewhere.post(reverse("login"), {"username": victim.username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_login_forgets_earlier_failures(client):
    user = make_user()
    fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    client.post(reverse("logout"))

    response = fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)

    assert response.status_code == 200


def test_the_admin_login_is_protected_too(client):
    user = make_user(is_staff=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": user.username, "password": "wrong"})

    assert response.status_code == 429


def test_the_test_clients_login_still_works(client):
    user = make_user()

    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("address", [None, ""], ids=["missing", "empty"])
def test_without_a_client_address_the_username_is_locked_out(address):
    """A Unix-socket server gives no address:
    the username alone is counted, so wrong passwords still lead to a lock-out."""
    user = make_user()
    client = Client(REMOTE_ADDR=address)  # None: the server's request has no address

    before = fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert before.status_code == 200
    locked = fail(client, user.username, 1)

    assert locked.status_code == 429
    right = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert right.status_code == 429
    # From a real address, the username is not locked out by failures without one.
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    response = elsewhere.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(settings):
    """Behind one proxy every request comes from the proxy's address: counted by it, one
    client's wrong passwords would lock the username out for everyone, and a client could
    pick its own count by writing X-Forwarded-For itself."""
    settings.DOCENT_PROXY_COUNT = 1
    user = make_user()
    attacker = Client(REMOTE_ADDR="10.0.0.1")  # the proxy
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}

    for n in range(settings.AXES_FAILURE_LIMIT):
        # Whatever the client writes before the proxy's entry does not change its address.
        attacker.post(
            reverse("login"),
            {"username": user.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5",
        )
    locked = attacker.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, **forwarded
    )
    other = Client(REMOTE_ADDR="10.0.0.1").post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )

    assert locked.status_code == 429
    assert other.status_code == 302
