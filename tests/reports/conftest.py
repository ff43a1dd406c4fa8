"""What the report tests share: a quiz learners take, and its course's owner logged in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizzes.attempts import attempt_start, attempt_submit
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import quiz_with_questions

D = Decimal
CAPITAL = QuestionData(
    type=QuestionType.SINGLE_CHOICE,
    stem="Capital of France?",
    answers=(Answer("Paris", D(1)), Answer("Lyon", D(0)), Answer("Nice", D(0))),
)
TWO_PLUS_TWO = QuestionData(
    type=QuestionType.SHORT_ANSWER, stem="Two plus two?", answers=(Answer("four", D(1)),)
)
SKY = QuestionData(
    type=QuestionType.TRUE_FALSE,
    stem="The sky is green.",
    answers=(Answer("true", D(0)), Answer("false", D(1))),
)


def take(quiz, user, responses):
    """One submitted attempt with ``responses`` by question position."""
    attempt = attempt_start(quiz=quiz, user=user)
    return attempt_submit(attempt_id=attempt.pk, user=user, responses=responses, revision=0)


@pytest.fixture
def quiz(db):
    return quiz_with_questions([CAPITAL, TWO_PLUS_TWO, SKY])


@pytest.fixture
def owner_client(client, quiz):
    client.force_login(quiz.course.owner)
    return client
