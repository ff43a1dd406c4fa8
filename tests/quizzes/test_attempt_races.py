"""Double start, double submit and saves from two tabs, from real concurrent connections
(PostgreSQL only).

SQLite serialises every write transaction (BEGIN IMMEDIATE), so these races can only show on
a server database with row locks; the tests are skipped elsewhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections

from quizzes.attempts import (
    AttemptClosed,
    AttemptError,
    StaleAttempt,
    attempt_save,
    attempt_start,
    attempt_submit,
)
from quizzes.models import Attempt, AttemptQuestion
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import UserFactory, quiz_with_questions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONCURRENCY = 8
QUESTION = QuestionData(
    type=QuestionType.SINGLE_CHOICE,
    stem="Pick the first.",
    answers=(Answer("first", Decimal(1)), Answer("second", Decimal(0))),
)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock races need PostgreSQL (make test-postgres)")


def run_at_once(action: Callable[[], Any]) -> list[Any]:
    """Run ``action`` in CONCURRENCY threads released together; return results or errors."""
    barrier = threading.Barrier(CONCURRENCY)
    results: list[Any] = [None] * CONCURRENCY

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # collected and asserted on by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_starts_create_one_attempt():
    quiz = quiz_with_questions([QUESTION])
    learner = UserFactory()

    results = run_at_once(lambda: attempt_start(quiz=quiz, user=learner).pk)

    assert all(isinstance(result, int) for result in results), results
    assert len(set(results)) == 1
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 1
    assert AttemptQuestion.objects.filter(attempt__quiz=quiz).count() == 1


def test_simultaneous_starts_never_exceed_the_attempt_limit():
    quiz = quiz_with_questions([QUESTION], attempts_allowed=2)
    learner = UserFactory()
    first = attempt_start(quiz=quiz, user=learner)
    attempt_submit(attempt_id=first.pk, user=learner)

    results = run_at_once(lambda: attempt_start(quiz=quiz, user=learner).pk)

    assert all(isinstance(result, int) for result in results), results
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 2


def test_simultaneous_starts_at_the_limit_are_all_refused():
    quiz = quiz_with_questions([QUESTION], attempts_allowed=1)
    learner = UserFactory()
    first = attempt_start(quiz=quiz, user=learner)
    attempt_submit(attempt_id=first.pk, user=learner)

    results = run_at_once(lambda: attempt_start(quiz=quiz, user=learner).pk)

    assert all(isinstance(result, AttemptError) for result in results), results
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 1


def test_simultaneous_submits_grade_once():
    quiz = quiz_with_questions([QUESTION])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)

    def submit() -> tuple[Any, Any]:
        # Half the requests say "first", half "second": only the one graded may count.
        result = attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: 0}, revision=0)
        return result.submitted_at, result.score

    results = run_at_once(submit)

    assert all(isinstance(result, tuple) for result in results), results
    assert len(set(results)) == 1
    graded = Attempt.objects.get(pk=attempt.pk)
    assert graded.state == Attempt.State.SUBMITTED
    assert graded.revision == 1  # answers stored by exactly one submit
    assert graded.score == Decimal(1)


def test_simultaneous_saves_from_one_revision_store_exactly_one():
    # Eight tabs holding revision 0 each autosave a different answer: one is stored, the other
    # seven are told their page is stale, and the stored answer is the winner's.
    question = QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="Pick any.",
        answers=tuple(Answer(f"choice {n}", Decimal(n == 0)) for n in range(CONCURRENCY)),
    )
    quiz = quiz_with_questions([question], shuffle_answers=False)
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    tabs = iter(range(CONCURRENCY))
    lock = threading.Lock()

    def save() -> tuple[int, int]:
        with lock:
            choice = next(tabs)
        revision = attempt_save(
            attempt_id=attempt.pk, user=learner, responses={1: choice}, revision=0
        )
        return choice, revision

    results = run_at_once(save)

    stored = [result for result in results if isinstance(result, tuple)]
    assert len(stored) == 1, results
    assert all(isinstance(r, StaleAttempt) for r in results if not isinstance(r, tuple))
    winner, revision = stored[0]
    assert revision == 1
    assert Attempt.objects.get(pk=attempt.pk).revision == 1
    assert AttemptQuestion.objects.get(attempt=attempt).response == winner


def test_saves_racing_a_submit_are_stored_before_it_or_refused():
    quiz = quiz_with_questions([QUESTION])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    calls = iter(range(CONCURRENCY))
    lock = threading.Lock()

    def save_or_submit() -> str:
        with lock:
            call = next(calls)
        if call == 0:
            attempt_submit(attempt_id=attempt.pk, user=learner)
            return "submitted"
        attempt_save(attempt_id=attempt.pk, user=learner, responses={1: 0}, revision=0)
        return "saved"

    results = run_at_once(save_or_submit)

    assert results.count("submitted") == 1
    saved = results.count("saved")
    assert saved <= 1
    refused = [r for r in results if r not in ("saved", "submitted")]
    assert all(isinstance(r, (StaleAttempt, AttemptClosed)) for r in refused), results
    graded = Attempt.objects.get(pk=attempt.pk)
    assert graded.state == Attempt.State.SUBMITTED
    # A save the learner was told had worked is in the graded attempt; a refused one is not.
    row = AttemptQuestion.objects.get(attempt=attempt)
    expected = (0, Decimal(1)) if saved else (None, Decimal(0))
    assert (row.response, graded.score) == expected
