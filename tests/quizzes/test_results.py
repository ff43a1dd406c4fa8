"""A learner's quiz grade by grading method, and whether it passes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizzes.models import Attempt, Quiz
from quizzes.results import combine_attempt_scores, quiz_result

D = Decimal
SCORES = [D(4), D(9), D(6)]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (Quiz.GradingMethod.HIGHEST, D(9)),
        (Quiz.GradingMethod.LATEST, D(6)),
        (Quiz.GradingMethod.FIRST, D(4)),
        (Quiz.GradingMethod.AVERAGE, D("6.3333333")),
    ],
)
def test_grading_methods_combine_attempts_as_moodle_does(method, expected):
    assert combine_attempt_scores(SCORES, method) == expected


def test_no_graded_attempt_gives_no_grade():
    assert combine_attempt_scores([], Quiz.GradingMethod.HIGHEST) is None


def attempt(number: int, score: str | None, state: str = "submitted", waiting: bool = False):
    return Attempt(
        number=number,
        state=state,
        score=None if score is None else D(score),
        max_score=D(10),
        needs_grading=waiting,
    )


@pytest.mark.parametrize(
    ("pass_mark", "passed"), [(D(60), True), (D("60.01"), False), (D(0), True)]
)
def test_the_pass_mark_is_a_percentage_of_the_maximum(pass_mark, passed):
    quiz = Quiz(grading_method=Quiz.GradingMethod.HIGHEST, pass_mark=pass_mark)

    result = quiz_result(quiz=quiz, attempts=[attempt(1, "6")])

    assert result.passed is passed
    assert result.percentage == D("60.00")


def test_open_abandoned_and_ungraded_attempts_do_not_count():
    quiz = Quiz(grading_method=Quiz.GradingMethod.LATEST, pass_mark=D(50))
    attempts = [
        attempt(1, "8"),
        attempt(2, "9", waiting=True),  # an essay awaits its grader
        attempt(3, None, state="abandoned"),
        attempt(4, None, state="in_progress"),
    ]

    result = quiz_result(quiz=quiz, attempts=attempts)

    assert result.grade == D(8)
    assert result.attempts_used == 4
    assert result.passed
    assert not result.awaiting_grader  # passed already: the essay cannot change that


def test_a_quiz_not_passed_with_an_essay_to_grade_awaits_its_grader():
    quiz = Quiz(grading_method=Quiz.GradingMethod.HIGHEST, pass_mark=D(50))
    waiting = [attempt(1, "2"), attempt(2, "4", waiting=True)]

    assert quiz_result(quiz=quiz, attempts=waiting).awaiting_grader
    assert not quiz_result(quiz=quiz, attempts=[attempt(1, "2")]).awaiting_grader
