"""How a response reads in a review (quizzes.display.outcome), without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizzes.attempts import ReviewOptions
from quizzes.display import outcome
from quizzes.forms import AskedQuestion
from quizzes.models import AttemptQuestion
from quizzes.questions import Answer, ClozeGap, GapKind, QuestionData, QuestionType

CLOZE = QuestionData(
    type=QuestionType.CLOZE,
    stem="Paris is in {{1}} and Rome in {{2}}.",
    gaps=(
        ClozeGap(kind=GapKind.TEXT, answers=(Answer("France", Decimal(1)),)),
        ClozeGap(
            kind=GapKind.CHOICE,
            answers=(Answer("Italy", Decimal(1)), Answer("Spain", Decimal(0))),
        ),
    ),
)
EVERYTHING = ReviewOptions(score=True, responses=True, correct_answers=True, feedback=True)


def your_answer(response: object) -> list[str] | None:
    asked = AskedQuestion(row=AttemptQuestion(position=1), data=CLOZE, number=1)
    return outcome(asked, response, Decimal(0), Decimal(0), EVERYTHING).response


@pytest.mark.parametrize("response", [None, [], [None, None], ["", None]])
def test_a_cloze_with_every_gap_blank_reads_as_no_answer(response):
    assert your_answer(response) == []


def test_a_cloze_with_one_gap_filled_lists_every_gap():
    assert your_answer(["France", None]) == ["Gap 1: France", "Gap 2: (blank)"]
    assert your_answer(["", 0]) == ["Gap 1: (blank)", "Gap 2: Italy"]
