"""Every URL of the project, for every role: the status each gets (tests/access/).

The test walks the URL resolver (the admin's and the auth views' patterns included) and fails
for a URL without an entry in the matrix: a new page must say who may open it.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from tests.access.fixtures import client_for
from tests.access.walk import ALL_URLS, MATRIX, url_for
from tests.access.world import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, access_world):
    """The world's upload stays where it was stored, for the whole module."""
    settings.MEDIA_ROOT = access_world.media_root


def test_every_url_has_an_entry_in_the_matrix():
    missing = sorted(set(ALL_URLS) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(ALL_URLS))

    assert not missing, f"URLs without an access-matrix entry (tests/access/): {missing}"
    assert not stale, f"access-matrix entries for URLs that no longer exist: {stale}"


CASES = [
    pytest.param(key, index, id=f"{key}#{case.label or index}")
    for key in sorted(MATRIX)
    for index, case in enumerate(MATRIX[key])
]


@pytest.mark.parametrize(("key", "index"), CASES)
def test_each_role_gets_the_expected_status(access_world, key, index):
    world, sessions = access_world.world, access_world.sessions
    case = MATRIX[key][index]
    url = url_for(key, case, world)
    wrong = []
    for role in ROLES:
        got = client_for(role, sessions).get(url).status_code
        if got != case.get[role]:
            wrong.append(f"GET {role}: expected {case.get[role]}, got {got}")
        if case.post is None:
            continue
        # Each POST runs in a savepoint rolled back after it: every role meets the same world.
        with transaction.atomic():
            got = client_for(role, sessions).post(url, case.data(world)).status_code
            transaction.set_rollback(True)
        if got != case.post[role]:
            wrong.append(f"POST {role}: expected {case.post[role]}, got {got}")

    assert not wrong, f"{url}:\n" + "\n".join(wrong)


def test_a_student_not_enrolled_is_offered_enrolment_rather_than_a_bare_refusal(access_world):
    world, sessions = access_world.world, access_world.sessions
    client = client_for("student", sessions)
    enrol = reverse("progress:enrol", args=[world.course.slug])
    lesson = reverse("courses:lesson", args=[world.course.slug, world.lesson.pk])
    quiz = reverse("quizzes:quiz", args=[world.quiz.pk])
    responses = {
        lesson: client.get(lesson),
        quiz: client.get(quiz),
        "quiz start": client.post(reverse("quizzes:quiz-start", args=[world.quiz.pk])),
        "mark complete": client.post(
            reverse("progress:lesson-complete", args=[world.course.slug, world.lesson.pk])
        ),
    }

    for where, response in responses.items():
        assert response.status_code == 403, where
        assert f'action="{enrol}"' in response.content.decode(), where
    outline = client.get(world.course.get_absolute_url()).content.decode()
    assert f'action="{enrol}"' in outline
