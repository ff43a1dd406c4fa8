"""A learner's grade at a quiz, from their graded attempts, by the quiz's grading method."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Attempt, Quiz

SEVEN_PLACES = Decimal("0.0000001")


def combine_attempt_scores(scores: Sequence[Decimal], method: str) -> Decimal | None:
    """The quiz grade from graded attempt scores in attempt order (first attempt first).

    As Moodle: highest, the latest, the first, or the mean of all, rounded to 7 places.
    No graded attempt gives no grade.
    """
    if not scores:
        return None
    if method == Quiz.GradingMethod.HIGHEST:
        return max(scores)
    if method == Quiz.GradingMethod.LATEST:
        return scores[-1]
    if method == Quiz.GradingMethod.FIRST:
        return scores[0]
    if method == Quiz.GradingMethod.AVERAGE:
        total = sum(scores, Decimal(0))
        return (total / len(scores)).quantize(SEVEN_PLACES, rounding=ROUND_HALF_UP)
    raise ValueError(f"unknown grading method {method!r}")


@dataclass(frozen=True)
class QuizResult:
    grade: Decimal | None  # points, per the grading method; None before any graded attempt
    max_grade: Decimal
    passed: bool
    attempts_used: int
    # Not passed, and a submitted attempt waits for an essay grade that may yet pass it.
    awaiting_grader: bool = False

    @property
    def percentage(self) -> Decimal | None:
        if self.grade is None or not self.max_grade:
            return None
        return (self.grade * 100 / self.max_grade).quantize(Decimal("0.01"), ROUND_HALF_UP)


def quiz_result(*, quiz: Quiz, attempts: Sequence[Attempt]) -> QuizResult:
    """The result of one learner's ``attempts`` at ``quiz`` (any order; ungraded ignored).

    An attempt waiting for an essay grade does not count until it is graded.
    """
    ordered = sorted(attempts, key=lambda attempt: attempt.number)
    graded = [
        attempt
        for attempt in ordered
        if attempt.state == Attempt.State.SUBMITTED
        and attempt.score is not None
        and not attempt.needs_grading
    ]
    grade = combine_attempt_scores(
        [a.score for a in graded if a.score is not None], quiz.grading_method
    )
    max_grade = max((attempt.max_score for attempt in ordered), default=Decimal(0))
    passed = grade is not None and max_grade > 0 and grade * 100 >= quiz.pass_mark * max_grade
    waiting = any(a.state == Attempt.State.SUBMITTED and a.needs_grading for a in ordered)
    return QuizResult(
        grade=grade,
        max_grade=max_grade,
        passed=passed,
        attempts_used=len(ordered),
        awaiting_grader=waiting and not passed,
    )
