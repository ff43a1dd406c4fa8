"""The pages Django shows when something broke (templates/500.html, 400.html): the site's
look, without reading the user, the session, the database or the cache, any of which may be
what broke."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything_down(settings, monkeypatch):
    """The database refuses every query, and the cache raises (Django's own Redis backend
    with nothing listening), so a page that touched either could not be rendered."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25},
        },
        "versioned": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25},
        },
    }

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
def test_with_the_database_down_a_page_answers_the_sites_500_page(client, signed_in, request):
    if signed_in:
        client.force_login(UserFactory())
    request.getfixturevalue("everything_down")
    client.raise_request_exception = False

    response = client.get(reverse("courses:catalogue"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "try again in a few minutes" in page
    assert "css/docent.css" in page  # the site's look, not Django's bare "Server Error (500)"
    assert 'href="/"' in page


def test_a_bad_request_answers_the_sites_400_page(client):
    response = client.get(reverse("courses:catalogue"), HTTP_HOST="not-ours.example")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Bad request" in page
    assert "css/docent.css" in page
