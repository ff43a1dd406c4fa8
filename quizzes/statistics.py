"""Quiz and question statistics, computed as Moodle's quiz statistics report computes them.

Pure functions over dataclasses (no ORM): ``quiz_statistics`` takes one ``AttemptSample`` per
graded attempt (the caller chooses first attempts or all) and returns the figures of Moodle's
``question/classes/statistics/questions/calculator.php`` (per question) and
``mod/quiz/report/statistics/classes/calculator.php`` (the whole quiz):

- facility index: the mean mark on the question as a percentage of its maximum;
- standard deviation of the question's marks (n − 1), as a percentage of its maximum;
- discrimination index: 100 × the correlation between the question's mark and the mark on
  the rest of the test (the attempt's total less this question);
- discriminative efficiency: 100 × that covariance over the largest covariance the same marks
  could have (both lists sorted, so the best pairing);
- quiz mean, median and standard deviation of attempt totals (n − 1);
- coefficient of internal consistency (Cronbach's alpha, ×100), from the sum of the variances
  of the positions' marks and the variance of totals, when there are more than two attempts
  and more than one position; error ratio and standard error follow from it.

Statistics are descriptive figures, not grades: they are computed in floats, as Moodle does.
Questions worth no marks (descriptions) are left out, as Moodle leaves them out.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

# How Moodle's documentation reads a discrimination index (docs "Quiz statistics
# calculations"): 50 and above very good, 30–50 adequate, 20–30 weak, 0–20 very weak, below 0
# probably invalid.
GOOD_FROM = 50.0
ADEQUATE_FROM = 30.0
WEAK_FROM = 20.0


class ItemMark(NamedTuple):
    """One question as one attempt asked it: where, which, and the marks it earned.

    A named tuple rather than a dataclass: a big class makes tens of thousands of them."""

    position: int
    question_id: int
    mark: float
    max_mark: float
    # The response classes this answer falls in (an answer's key, or the text typed).
    responses: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttemptSample:
    attempt_id: int
    items: tuple[ItemMark, ...]

    @property
    def total(self) -> float:
        return sum(item.mark for item in self.items if item.max_mark > 0)

    @property
    def max_total(self) -> float:
        return sum(item.max_mark for item in self.items if item.max_mark > 0)


@dataclass(frozen=True)
class ResponseChoice:
    """A response class known before anyone answers (a choice's answer), shown even at 0."""

    key: str
    label: str
    fraction: float | None = None  # the share of the marks it earns, when fixed


@dataclass(frozen=True)
class ResponseCount:
    key: str
    label: str
    fraction: float | None
    count: int
    percentage: float  # of the attempts that were asked the question


class Discrimination(StrEnum):
    """What a discrimination index says of a question."""

    GOOD = "good"
    ADEQUATE = "adequate"
    WEAK = "weak"
    VERY_WEAK = "very_weak"
    NEGATIVE = "negative"  # the strong do worse than the weak: probably invalid
    UNKNOWN = "unknown"  # too few attempts, or no spread in marks


@dataclass(frozen=True)
class QuestionStatistics:
    question_id: int
    positions: tuple[int, ...]
    count: int  # attempts that were asked the question
    max_mark: float
    mean_mark: float
    facility: float | None  # %
    sd: float | None  # % of the maximum mark
    discrimination_index: float | None  # −100 … 100
    discriminative_efficiency: float | None  # %
    responses: tuple[ResponseCount, ...] = ()

    @property
    def discrimination(self) -> Discrimination:
        index = self.discrimination_index
        if index is None:
            return Discrimination.UNKNOWN
        if index < 0:
            return Discrimination.NEGATIVE
        if index < WEAK_FROM:
            return Discrimination.VERY_WEAK
        if index < ADEQUATE_FROM:
            return Discrimination.WEAK
        if index < GOOD_FROM:
            return Discrimination.ADEQUATE
        return Discrimination.GOOD

    @property
    def probably_broken(self) -> bool:
        """A negative or very low discrimination index: those who do well on the rest of the
        quiz do no better (or worse) on this question; often a wrong key or a trick wording."""
        return self.discrimination in (Discrimination.NEGATIVE, Discrimination.VERY_WEAK)


@dataclass(frozen=True)
class QuizStatistics:
    count: int  # attempts the figures come from
    max_total: float  # the largest total an attempt could earn
    mean: float | None  # points
    median: float | None
    sd: float | None
    cic: float | None  # Cronbach's alpha × 100
    error_ratio: float | None  # %
    standard_error: float | None  # points
    questions: tuple[QuestionStatistics, ...] = field(default=())
    totals: tuple[float, ...] = field(default=(), repr=False)  # each attempt's total

    def percent(self, points: float | None) -> float | None:
        """Points as a percentage of the maximum total, as Moodle shows quiz figures."""
        if points is None or not self.max_total:
            return None
        return 100 * points / self.max_total


# Small arithmetic helpers, named as Moodle's calculator names its sums. ------------------------


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _sample_variance(values: Sequence[float]) -> float | None:
    """Σ(x − x̄)² / (n − 1); None for fewer than two values."""
    if len(values) < 2:
        return None
    mean = _mean(values)
    return sum((value - mean) ** 2 for value in values) / (len(values) - 1)


def _sample_covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mean_x, mean_y = _mean(xs), _mean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def median(values: Sequence[float]) -> float | None:
    """The middle value, or the mean of the middle two."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def question_statistics(
    question_id: int,
    marks: Sequence[tuple[ItemMark, float]],
    known: Sequence[ResponseChoice] = (),
) -> QuestionStatistics:
    """One question's figures from ``(its mark, the attempt's total)`` pairs."""
    count = len(marks)
    max_mark = max((item.max_mark for item, _ in marks), default=0.0)
    xs = [item.mark for item, _ in marks]
    rest = [total - item.mark for item, total in marks]
    mean_mark = _mean(xs)
    facility = 100 * mean_mark / max_mark if max_mark and count else None

    variance = _sample_variance(xs)
    rest_variance = _sample_variance(rest)
    covariance = _sample_covariance(xs, rest)
    sd = 100 * math.sqrt(variance) / max_mark if variance is not None and max_mark else None
    index = None
    if covariance is not None and variance and rest_variance:
        index = 100 * covariance / math.sqrt(variance * rest_variance)
    # The largest covariance these marks allow: the best mark paired with the best rest.
    best = _sample_covariance(sorted(xs), sorted(rest))
    efficiency = 100 * covariance / best if covariance is not None and best else None

    return QuestionStatistics(
        question_id=question_id,
        positions=tuple(sorted({item.position for item, _ in marks})),
        count=count,
        max_mark=max_mark,
        mean_mark=mean_mark,
        facility=facility,
        sd=sd,
        discrimination_index=index,
        discriminative_efficiency=efficiency,
        responses=_response_counts([item for item, _ in marks], known),
    )


def _response_counts(
    items: Sequence[ItemMark], known: Sequence[ResponseChoice]
) -> tuple[ResponseCount, ...]:
    """How many attempts gave each response: the known ones first, in their order (even at
    0), then the others, most frequent first."""
    counts = Counter(key for item in items for key in item.responses)
    labels = {choice.key: choice for choice in known}
    ordered = [choice.key for choice in known]
    ordered += sorted((key for key in counts if key not in labels), key=lambda k: (-counts[k], k))
    asked = len(items) or 1
    return tuple(
        ResponseCount(
            key=key,
            label=labels[key].label if key in labels else key,
            fraction=labels[key].fraction if key in labels else None,
            count=counts[key],
            percentage=100 * counts[key] / asked,
        )
        for key in ordered
    )


def quiz_statistics(
    samples: Iterable[AttemptSample],
    known_responses: Mapping[int, Sequence[ResponseChoice]] | None = None,
) -> QuizStatistics:
    """The quiz's figures and each question's, from graded attempts."""
    attempts = [
        AttemptSample(sample.attempt_id, tuple(i for i in sample.items if i.max_mark > 0))
        for sample in samples
    ]
    known_responses = known_responses or {}
    totals = [attempt.total for attempt in attempts]
    count = len(totals)
    max_total = max((attempt.max_total for attempt in attempts), default=0.0)

    by_question: dict[int, list[tuple[ItemMark, float]]] = defaultdict(list)
    by_position: dict[int, list[float]] = defaultdict(list)
    for attempt, total in zip(attempts, totals, strict=True):
        for item in attempt.items:
            by_question[item.question_id].append((item, total))
            by_position[item.position].append(item.mark)
    questions = tuple(
        question_statistics(qid, marks, known_responses.get(qid, ()))
        for qid, marks in sorted(
            by_question.items(), key=lambda kv: (min(i.position for i, _ in kv[1]), kv[0])
        )
    )

    total_variance = _sample_variance(totals)
    sd = math.sqrt(total_variance) if total_variance is not None else None
    cic = error_ratio = standard_error = None
    positions = len(by_position)
    if count > 2 and positions > 1 and total_variance:
        # Cronbach's alpha: p/(p−1) × (1 − Σ var(position marks) / var(totals)).
        position_variance = sum(_sample_variance(marks) or 0.0 for marks in by_position.values())
        cic = 100 * positions / (positions - 1) * (1 - position_variance / total_variance)
        error_ratio = 100 * math.sqrt(max(0.0, 1 - cic / 100))
        standard_error = error_ratio * (sd or 0.0) / 100

    return QuizStatistics(
        count=count,
        max_total=max_total,
        mean=_mean(totals) if totals else None,
        median=median(totals),
        sd=sd,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
        questions=questions,
        totals=tuple(totals),
    )
