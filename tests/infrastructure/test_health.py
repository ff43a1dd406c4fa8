"""/healthz: database and cache status as JSON, for a load balancer."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_database_and_cache_are_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_needs_no_login(client):
    assert client.get("/healthz").status_code == 200


def test_it_answers_503_when_the_cache_is_unreachable(client, settings):
    # Nothing listens on port 1: the Redis client fails to connect, as when Redis is down.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "down"}


def test_it_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "down", "cache": "ok"}


def test_it_answers_over_plain_http_where_every_other_page_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
