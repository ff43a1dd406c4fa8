"""With Redis down (REDIS_URL set, nothing answering), the cache is a miss and sessions come
from the database: pages keep working (infrastructure.cache.RedisCache)."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.urls import reverse

from infrastructure.cache import RedisCache
from tests.factories import PASSWORD, UserFactory, course_with_quizzes, enrolled

# Nothing listens on port 1: connecting fails at once, as when Redis is down.
DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    """The caches and sessions as production lays them out (REDIS_URL), with Redis gone."""
    settings.CACHES = {
        "default": {
            "BACKEND": "infrastructure.cache.RedisCache",
            "LOCATION": DOWN,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
        "versioned": {
            "BACKEND": "infrastructure.cache.RedisCache",
            "LOCATION": DOWN,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_each_cache_call_is_a_miss_with_a_warning(caplog):
    cache = RedisCache(DOWN, {"OPTIONS": {"socket_connect_timeout": 0.25}})

    with caplog.at_level(logging.WARNING, logger="infrastructure.cache"):
        cache.set("plan", [1, 2])
        assert cache.get("plan", "missing") == "missing"
        assert cache.get_many(["plan"]) == {}
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.add("plan", 1) is False
        assert "plan" not in cache
        assert cache.delete("plan") is False
        with pytest.raises(ValueError, match="not found"):
            cache.incr("hits")

    assert "Redis unreachable" in caplog.text


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_down")
def test_the_login_page_logging_in_and_a_lesson_answer(client):
    course, lessons = course_with_quizzes(lessons=2)
    learner = enrolled(course, UserFactory(password=make_password(PASSWORD)))

    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": learner.username, "password": PASSWORD})
    assert response.status_code == 302
    # The session lives in the database, and the next pages read it from there.
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.get_decoded()[SESSION_KEY] == str(learner.pk)

    page = client.get(lessons[1].get_absolute_url())
    assert page.status_code == 200
    assert lessons[1].title in page.content.decode()
    assert client.get(reverse("progress:dashboard")).status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_down")
def test_healthz_still_reports_the_cache_down(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "down"}
