"""How a response reads in a review: quizzes.display.describe, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizzes.display import describe
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


@pytest.mark.parametrize("response", [None, [], [None, None], ["", None]])
def test_a_cloze_with_every_gap_blank_reads_as_no_answer(response):
    assert describe(CLOZE, response) == []


def test_a_cloze_with_one_gap_filled_lists_every_gap():
    assert describe(CLOZE, ["France", None]) == ["Gap 1: France", "Gap 2: (blank)"]
    assert describe(CLOZE, ["", 0]) == ["Gap 1: (blank)", "Gap 2: Italy"]
