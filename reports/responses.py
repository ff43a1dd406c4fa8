"""Moodle's responses report as a table: one row per graded attempt, one column per question
position with the points it earned. Three queries per course (quizzes, attempts, their
marks), whatever its size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from courses.models import Course
from quizzes.models import Attempt, AttemptQuestion

from .csv_export import Cell
from .learners import graded_quizzes

TWO_PLACES = Decimal("0.01")


def _shown(points: Decimal | None) -> Decimal | None:
    """Points to two places, as Moodle's reports show marks."""
    return None if points is None else points.quantize(TWO_PLACES)


def responses_table(*, course: Course) -> Iterator[list[Cell]]:
    """The header, then a row per graded attempt of the course's graded quizzes, quiz by quiz
    in course order. Question columns are positions (Q1, Q2 …) as many as the longest quiz."""
    quizzes = graded_quizzes(course=course)
    order = {quiz.pk: index for index, quiz in enumerate(quizzes)}
    graded = Attempt.objects.filter(
        quiz__in=[quiz.pk for quiz in quizzes],
        state=Attempt.State.SUBMITTED,
        score__isnull=False,
        needs_grading=False,
    )
    attempts = sorted(
        graded.select_related("user", "quiz").order_by("user__username", "number"),
        key=lambda attempt: order[attempt.quiz_id],
    )
    points: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for attempt_id, position, earned in AttemptQuestion.objects.filter(
        attempt__in=graded.values("pk")
    ).values_list("attempt_id", "position", "points"):
        points[attempt_id][position] = earned
    width = max((max(rows) for rows in points.values() if rows), default=0)
    yield [
        _("Quiz"),
        _("Username"),
        _("Name"),
        _("Attempt"),
        _("Submitted"),
        _("Score"),
        _("Maximum"),
        *[f"Q{n}" for n in range(1, width + 1)],
    ]
    for attempt in attempts:
        marks = points[attempt.pk]
        yield [
            attempt.quiz.title,
            attempt.user.get_username(),
            attempt.user.get_full_name(),
            attempt.number,
            attempt.submitted_at.isoformat() if attempt.submitted_at else None,
            _shown(attempt.score),
            _shown(attempt.max_score),
            *[_shown(marks.get(n)) for n in range(1, width + 1)],
        ]
