"""accounts.sessions: Django's database session stores, reading the session prepared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import cached_db, db
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _saved_session(store_class: type, **data: object) -> str:
    store = store_class()
    store.update(data)
    store.save()
    return str(store.session_key)


@pytest.mark.parametrize("store_class", [db.SessionStore, cached_db.SessionStore])
def test_a_saved_session_loads_again_in_a_new_store(store_class):
    key = _saved_session(store_class, theme="dark", lesson=7)
    cache.clear()  # the cached store's copy gone: the database row must serve

    loaded = store_class(session_key=key)

    assert loaded["theme"] == "dark"
    assert loaded["lesson"] == 7
    assert loaded.session_key == key


@pytest.mark.parametrize("store_class", [db.SessionStore, cached_db.SessionStore])
def test_an_expired_or_unknown_session_loads_nothing_and_saves_under_a_new_key(store_class):
    key = _saved_session(store_class, theme="dark")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    cache.clear()

    for session_key in (key, "no-such-session-key-at-all"):
        loaded = store_class(session_key=session_key)
        assert loaded.get("theme") is None
        loaded["theme"] = "light"
        loaded.save()
        # Never the old key, nor one the client chose: a session fixation would need either.
        assert loaded.session_key not in (key, session_key)


def test_a_session_read_with_quotes_and_percent_in_its_key_finds_nothing():
    _saved_session(db.SessionStore, theme="dark")

    assert db.SessionStore(session_key="x' OR '1'='1 %%").load() == {}
    assert Session.objects.count() == 1


def test_a_signed_in_learner_stays_signed_in_until_made_inactive(client):
    user = UserFactory()
    client.force_login(user)
    dashboard = reverse("progress:dashboard")

    assert client.get(dashboard, secure=True).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(dashboard, secure=True)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_deleted_user_is_signed_out(client):
    user = UserFactory()
    client.force_login(user)
    user.delete()

    response = client.get(reverse("progress:dashboard"), secure=True)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
