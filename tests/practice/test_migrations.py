"""Upgrading: attempts graded before the review policy ruled the queue had fed it already."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from practice.models import FedAttempt
from tests.factories import UserFactory
from tests.practice.factories import graded_attempt, practice_quiz

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("practice", "0001_initial")]
AFTER = [("practice", "0002_fedattempt")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_attempts_graded_before_the_upgrade_are_not_fed_a_second_time():
    attempt = graded_attempt(practice_quiz(), UserFactory(), {1: 1})
    migrate(BEFORE)
    try:
        migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert FedAttempt.objects.get().attempt_id == attempt.pk
