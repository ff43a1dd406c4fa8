"""CSRF: every URL of the project refuses a POST without a token.

The URLs are found by walking the resolver (tests/access/walk.py); each is posted to by the
role the access matrix says may change things there (an admin where it says nothing), with
the data that works when the token is there.
"""

from __future__ import annotations

import pytest

from tests.access.fixtures import client_for
from tests.access.walk import MATRIX, url_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, access_world):
    """The world's upload stays where it was stored, for the whole module."""
    settings.MEDIA_ROOT = access_world.media_root


def poster(key: str) -> str:
    """A role whose POST the matrix lets through (2xx or 3xx), else ``admin``."""
    case = MATRIX[key][0]
    allowed = [role for role, code in (case.post or {}).items() if code < 400]
    return next(
        (role for role in allowed if role != "anonymous"), allowed[0] if allowed else "admin"
    )


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_a_post_without_a_token_is_refused(access_world, key):
    world, sessions = access_world.world, access_world.sessions
    case = MATRIX[key][0]
    role = poster(key)
    client = client_for(role, sessions, enforce_csrf_checks=True)

    response = client.post(url_for(key, case, world), case.data(world))

    assert response.status_code == 403, f"{key} as {role}: {response.status_code}"
    assert b"CSRF verification failed" in response.content


def test_with_the_token_the_same_post_goes_through(access_world):
    world, sessions = access_world.world, access_world.sessions
    client = client_for("owner", sessions, enforce_csrf_checks=True)
    url = url_for("quizzes:quiz-regrade", MATRIX["quizzes:quiz-regrade"][0], world)
    token = client.get(
        url_for("quizzes:quiz-questions", MATRIX["quizzes:quiz-questions"][0], world)
    )
    csrf = token.context["csrf_token"]

    response = client.post(url, {"csrfmiddlewaretoken": str(csrf)})

    assert response.status_code == 302
