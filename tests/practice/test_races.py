"""Simultaneous answers to one card, and one attempt fed twice at once (PostgreSQL only).

SQLite serialises every write transaction, so these races only show on a server database
with row locks; the tests are skipped elsewhere.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from practice.models import ReviewCard, ReviewLog
from practice.services import StaleReview, practice_answer, review_cards_after_attempt
from tests.factories import UserFactory
from tests.practice.factories import ReviewCardFactory, graded_attempt, practice_quiz
from tests.quizzes.test_attempt_races import CONCURRENCY, run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL (make test-postgres)")


def test_simultaneous_answers_to_one_card_schedule_it_once():
    card = ReviewCardFactory()

    results = run_at_once(
        lambda: (
            practice_answer(
                card=ReviewCard.objects.get(pk=card.pk), response=0, now=NOW, revision=0
            ).pk
        )
    )

    assert sum(isinstance(result, int) for result in results) == 1, results
    assert sum(isinstance(result, StaleReview) for result in results) == CONCURRENCY - 1
    assert ReviewLog.objects.count() == 1
    assert ReviewCard.objects.get(pk=card.pk).revision == 1


def test_one_attempt_fed_at_once_counts_once():
    attempt = graded_attempt(
        practice_quiz(), UserFactory(), {1: 1, 2: True, 3: "swordfish"}, now=NOW
    )

    results = run_at_once(lambda: len(review_cards_after_attempt(attempt=attempt)))

    assert all(isinstance(result, int) for result in results), results
    assert ReviewCard.objects.count() == 2
    assert ReviewLog.objects.count() == 2
