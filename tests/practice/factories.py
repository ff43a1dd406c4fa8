"""Builders for the review-queue tests (kept beside them so that this branch leaves the shared
tests/factories.py alone while others add to it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import factory

from accounts.models import User
from practice.models import ReviewCard
from progress.services import enrolment_create
from quizzes.attempts import attempt_start, attempt_submit
from quizzes.models import Attempt, Quiz
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import UserFactory, quiz_with_questions

D = Decimal

CAPITAL = QuestionData(
    type=QuestionType.SINGLE_CHOICE,
    stem="Capital of France?",
    answers=(
        Answer("Paris", D(1), "Yes, Paris."),
        Answer("Lyon", D(0), "Lyon is not the capital."),
        Answer("Nice", D("0.5"), "Nice is close, not right."),
    ),
    general_feedback="Paris has been the capital since 987.",
)
SUN = QuestionData(
    type=QuestionType.TRUE_FALSE,
    stem="The sun rises in the west.",
    answers=(Answer("true", D(0)), Answer("false", D(1))),
)
PASSWORD = QuestionData(
    type=QuestionType.SHORT_ANSWER,
    stem="The password?",
    answers=(Answer("swordfish", D(1)),),
)
ESSAY = QuestionData(type=QuestionType.ESSAY, stem="Discuss.")
INTRO = QuestionData(type=QuestionType.DESCRIPTION, stem="Read this first.")


def graded_attempt(
    quiz: Quiz, user: User, responses: Mapping[int, Any], now: datetime | None = None
) -> Attempt:
    """``user``'s attempt at ``quiz`` answered with ``responses`` (by position), submitted."""
    # Quizzes are for the enrolled, and so is practising their questions.
    enrolment_create(course=quiz.course, user=user, now=now)
    attempt = attempt_start(quiz=quiz, user=user, now=now)
    return attempt_submit(attempt_id=attempt.pk, user=user, responses=responses, now=now)


def practice_quiz(questions: list[QuestionData] | None = None, **settings: Any) -> Quiz:
    return quiz_with_questions(questions or [CAPITAL, SUN, PASSWORD], **settings)


class ReviewCardFactory(factory.django.DjangoModelFactory[ReviewCard]):
    """A card due now for a published single-choice question of a fresh course, whose
    learner is enrolled in it."""

    class Meta:
        model = ReviewCard
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    question = factory.LazyFunction(lambda: practice_quiz([CAPITAL]).slots.get().question)
    course = factory.SelfAttribute("question.course")
    due = factory.LazyFunction(lambda: datetime.fromisoformat("2026-01-01T00:00:00+00:00"))

    @factory.post_generation
    def enrolment(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            enrolment_create(course=self.course, user=self.user)
