"""Reads for the question statistics page and command: attempt rows → quizzes.statistics.

``quiz_statistics_report`` loads a quiz's graded attempts in a fixed number of queries (the
attempts, their questions, the questions' structure), however many learners there are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, FloatField, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from quizzes.bank import questions_data
from quizzes.models import Attempt, AttemptQuestion, Question, Quiz
from quizzes.questions import QuestionData, QuestionType
from quizzes.review import stem_excerpt
from quizzes.statistics import (
    AttemptSample,
    ItemMark,
    QuestionStatistics,
    QuizStatistics,
    ResponseChoice,
    quiz_statistics,
)

# Typed answers (short answer, numerical) are grouped by their text; so many distinct texts
# would make a page nobody reads, so only the most frequent are listed.
TYPED_SHOWN = 10
BLANK = "-"

_CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE}
_TYPED_TYPES = {QuestionType.SHORT_ANSWER, QuestionType.NUMERICAL}


def graded_attempts(quiz: Quiz) -> QuerySet[Attempt]:
    """A quiz's graded attempts (submitted, scored, no essay waiting), as quiz_result reads
    them."""
    return Attempt.objects.filter(
        quiz=quiz, state=Attempt.State.SUBMITTED, score__isnull=False, needs_grading=False
    )


def _plain(text: str) -> str:
    return " ".join(strip_tags(text).split())


def known_responses(data: QuestionData) -> list[ResponseChoice]:
    """The responses a question offers before anyone answers: its choices, true and false."""
    if data.type in _CHOICE_TYPES:
        return [
            ResponseChoice(f"a{i}", _plain(answer.text), float(answer.fraction))
            for i, answer in enumerate(data.answers)
        ]
    if data.type == QuestionType.TRUE_FALSE:
        fractions = {a.text.strip().lower(): float(a.fraction) for a in data.answers}
        return [
            ResponseChoice("true", _("True"), fractions.get("true")),
            ResponseChoice("false", _("False"), fractions.get("false")),
        ]
    return []


def response_classes(
    data: QuestionData, response: object, fraction: float | None
) -> tuple[str, ...]:
    """Which response classes one answer falls in, as Moodle's response analysis groups them:
    the choice (each choice, for multiple response), the typed text, or else how it scored."""
    if response is None or response == "" or response in ([], {}):
        return (BLANK,)
    if data.type == QuestionType.SINGLE_CHOICE and isinstance(response, int):
        return (f"a{response}",)
    if data.type == QuestionType.MULTIPLE_RESPONSE and isinstance(response, list):
        return tuple(f"a{index}" for index in sorted(set(response)) if isinstance(index, int))
    if data.type == QuestionType.TRUE_FALSE and isinstance(response, bool):
        return ("true" if response else "false",)
    if data.type in _TYPED_TYPES and isinstance(response, str):
        return (" ".join(response.split())[:200],)
    if fraction is None:
        return (_("Not graded"),)
    if fraction > 0.999999:
        return (_("Correct"),)
    if fraction >= 0.000001:
        return (_("Partially correct"),)
    return (_("Incorrect"),)


@dataclass(frozen=True)
class QuestionRow:
    """A question's figures with what the page shows of the question itself."""

    stats: QuestionStatistics
    type: str
    text: str  # plain text: templates escape it


@dataclass(frozen=True)
class QuizStatisticsReport:
    quiz: Quiz
    all_attempts: bool
    stats: QuizStatistics
    rows: list[QuestionRow]

    # The quiz's figures as percentages of its maximum mark, as Moodle shows them.
    @property
    def mean_percent(self) -> float | None:
        return self.stats.percent(self.stats.mean)

    @property
    def median_percent(self) -> float | None:
        return self.stats.percent(self.stats.median)

    @property
    def sd_percent(self) -> float | None:
        return self.stats.percent(self.stats.sd)

    @property
    def standard_error_percent(self) -> float | None:
        return self.stats.percent(self.stats.standard_error)


def chosen_attempts(*, quiz: Quiz, all_attempts: bool = False) -> QuerySet[Attempt]:
    """The graded attempts statistics come from: each learner's first, or all of them."""
    graded = graded_attempts(quiz)
    if all_attempts:
        return graded
    earlier = graded_attempts(quiz).filter(user=OuterRef("user"), number__lt=OuterRef("number"))
    return graded.filter(~Exists(earlier))


def quiz_samples(
    *, quiz: Quiz, all_attempts: bool = False
) -> tuple[list[AttemptSample], dict[int, QuestionData]]:
    """The chosen attempts as samples, and the questions they asked. Two queries, plus the
    questions' structure when it is not cached yet."""
    # Marks as floats straight from the database: statistics are not grades, and 20,000
    # Decimal conversions are most of the time a big class takes.
    rows = list(
        AttemptQuestion.objects.filter(
            attempt__in=chosen_attempts(quiz=quiz, all_attempts=all_attempts).values("pk")
        )
        .order_by("attempt_id", "position")
        .values_list(
            "attempt_id",
            "position",
            "question_id",
            Cast("points", FloatField()),
            Cast("max_points", FloatField()),
            Cast("response", TextField()),  # the JSON text: parsed once per distinct answer
        )
    )
    data = questions_data(
        Question.objects.filter(pk__in={row[2] for row in rows}).only("pk", "updated_at").order_by()
    )
    items: dict[int, list[ItemMark]] = {}
    # Most answers repeat (the same choice, the same score): classify each kind once.
    seen: dict[tuple[int, str | None, float | None], tuple[str, ...]] = {}
    for attempt_id, position, question_id, points, max_points, text in rows:
        fraction = points / max_points if points is not None and max_points else None
        key = (question_id, text, fraction)
        classes = seen.get(key)
        if classes is None:
            response = None if text is None else json.loads(text)
            classes = seen[key] = response_classes(data[question_id], response, fraction)
        items.setdefault(attempt_id, []).append(
            ItemMark(position, question_id, points or 0.0, max_points or 0.0, classes)
        )
    samples = [AttemptSample(attempt_id=pk, items=tuple(marks)) for pk, marks in items.items()]
    return samples, data


def _trimmed(stats: QuestionStatistics, known: list[ResponseChoice]) -> QuestionStatistics:
    """Keep the known responses and the most frequent of the others."""
    keys = {choice.key for choice in known}
    offered = [r for r in stats.responses if r.key in keys]
    others = [r for r in stats.responses if r.key not in keys]
    return replace(stats, responses=tuple(offered + others[:TYPED_SHOWN]))


def quiz_statistics_report(*, quiz: Quiz, all_attempts: bool = False) -> QuizStatisticsReport:
    """The quiz's figures and each question's, from its graded attempts."""
    samples, data = quiz_samples(quiz=quiz, all_attempts=all_attempts)
    blank = ResponseChoice(BLANK, _("No answer"))
    known = {qid: [*known_responses(question), blank] for qid, question in data.items()}
    stats = quiz_statistics(samples, known)
    rows = [
        QuestionRow(
            stats=_trimmed(q, known[q.question_id]),
            type=data[q.question_id].type,
            text=stem_excerpt(data[q.question_id]),
        )
        for q in stats.questions
    ]
    return QuizStatisticsReport(quiz=quiz, all_attempts=all_attempts, stats=stats, rows=rows)


def _rounded(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def report_as_dict(report: QuizStatisticsReport) -> dict[str, Any]:
    """The report as plain data for JSON: percentages rounded to two places."""
    stats = report.stats
    return {
        "quiz": report.quiz.pk,
        "title": report.quiz.title,
        "attempts": "all" if report.all_attempts else "first",
        "count": stats.count,
        "mean_percent": _rounded(report.mean_percent),
        "median_percent": _rounded(report.median_percent),
        "sd_percent": _rounded(report.sd_percent),
        "cic": _rounded(stats.cic),
        "error_ratio": _rounded(stats.error_ratio),
        "standard_error_percent": _rounded(report.standard_error_percent),
        "questions": [
            {
                "question": row.stats.question_id,
                "positions": list(row.stats.positions),
                "type": row.type,
                "text": row.text,
                "count": row.stats.count,
                "facility": _rounded(row.stats.facility),
                "sd": _rounded(row.stats.sd),
                "discrimination_index": _rounded(row.stats.discrimination_index),
                "discriminative_efficiency": _rounded(row.stats.discriminative_efficiency),
                "discrimination": str(row.stats.discrimination),
                "probably_broken": row.stats.probably_broken,
                "responses": [
                    {"response": r.label, "fraction": r.fraction, "count": r.count}
                    for r in row.stats.responses
                ],
            }
            for row in report.rows
        ],
    }
