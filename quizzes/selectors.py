"""Reads for quiz pages, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from .bank import question_data, questions_with_structure
from .forms import AskedQuestion
from .models import Attempt, AttemptQuestion, Question
from .questions import QuestionType


def attempt_for_user(*, pk: int, user_id: int) -> Attempt:
    """The user's own attempt (Attempt.DoesNotExist for anyone else's: a 404, not a 403)."""
    return Attempt.objects.select_related("quiz", "quiz__lesson", "quiz__course").get(
        pk=pk, user_id=user_id
    )


def attempt_questions(*, attempt: Attempt) -> list[AskedQuestion]:
    """The attempt's questions in order, with their pure data and display numbers."""
    rows = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .prefetch_related(
            Prefetch("question", queryset=questions_with_structure(Question.objects.all()))
        )
    )
    asked = []
    number = 0
    for row in rows:
        data = question_data(row.question)
        if data.type != QuestionType.DESCRIPTION:
            number += 1
        asked.append(
            AskedQuestion(row=row, data=data, number=number if data.type != "description" else None)
        )
    return asked
