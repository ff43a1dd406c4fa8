"""The course progress report: learners × lessons, who is where, and who is stuck.

Reads the progress summaries (progress.models), never the attempts: a fixed number of queries
per page, however many learners and lessons the course has.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models import Course, Lesson
from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding

from .learners import enrolled

PER_PAGE = 50
# A learner with no activity for this long, and not finished, is listed as inactive.
INACTIVE_AFTER = timedelta(days=14)


class CellState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"  # the lesson's quiz was graded and not passed
    COMPLETE = "complete"
    PASSED = "passed"  # complete, and its quiz passed


CELL_LABELS = {
    CellState.NOT_STARTED: _("Not started"),
    CellState.IN_PROGRESS: _("In progress"),
    CellState.FAILED: _("Quiz failed"),
    CellState.COMPLETE: _("Complete"),
    CellState.PASSED: _("Passed"),
}
# One letter a cell, so a wide grid stays readable; the legend and the cell's title say it.
CELL_SYMBOLS = {
    CellState.NOT_STARTED: "–",
    CellState.IN_PROGRESS: "…",
    CellState.FAILED: "✗",
    CellState.COMPLETE: "✓",
    CellState.PASSED: "★",
}


class Show(StrEnum):
    ALL = "all"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    INACTIVE = "inactive"


SHOW_LABELS = {
    Show.ALL: _("Everyone"),
    Show.NOT_STARTED: _("Not started"),
    Show.IN_PROGRESS: _("In progress"),
    Show.COMPLETED: _("Completed the course"),
    Show.INACTIVE: _("Inactive for two weeks"),
}


class Sort(StrEnum):
    NAME = "name"
    PROGRESS = "progress"
    PROGRESS_DESC = "-progress"
    ACTIVITY = "activity"
    ACTIVITY_DESC = "-activity"


SORT_LABELS = {
    Sort.NAME: _("Name"),
    Sort.PROGRESS: _("Least progress first"),
    Sort.PROGRESS_DESC: _("Most progress first"),
    Sort.ACTIVITY: _("Longest inactive first"),
    Sort.ACTIVITY_DESC: _("Most recently active first"),
}


@dataclass(frozen=True)
class Cell:
    lesson: Lesson
    state: CellState
    opened_at: datetime | None

    @property
    def label(self) -> str:
        return str(CELL_LABELS[self.state])

    @property
    def symbol(self) -> str:
        return CELL_SYMBOLS[self.state]


def cell_state(progress: LessonProgress | None, standing: QuizStanding | None) -> CellState:
    """Where a learner is in one lesson, from its progress row and its quiz's standing."""
    if standing is not None and standing.passed:
        return CellState.PASSED
    if progress is not None and progress.completed_at is not None:
        return CellState.COMPLETE
    if standing is not None and standing.grade is not None:
        return CellState.FAILED
    if progress is not None and progress.opened_at is not None:
        return CellState.IN_PROGRESS
    return CellState.NOT_STARTED


def stuck_on(cells: Sequence[Cell]) -> Cell | None:
    """The lesson the learner has stayed on longest without completing it (or failed its
    quiz): of the lessons opened and not complete, the one opened first."""
    waiting = [
        cell
        for cell in cells
        if cell.state in (CellState.IN_PROGRESS, CellState.FAILED) and cell.opened_at is not None
    ]
    return min(waiting, key=lambda cell: (cell.opened_at, cell.lesson.position), default=None)


_CELL = (
    '<td class="text-center progress-cell cell-{state}" title="{title}: {label}">'
    '<span aria-hidden="true">{symbol}</span><span class="visually-hidden">{label}</span></td>'
)


@dataclass(frozen=True)
class ProgressRow:
    user: User
    percent_complete: int
    last_activity_at: datetime | None
    completed_at: datetime | None
    cells: list[Cell]
    stuck: Cell | None

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def cells_html(self) -> SafeString:
        """The row's lesson cells. A page has thousands (50 learners × 100 lessons): joined
        here rather than by the template engine, and escaped once each with the standard
        library rather than through format_html's five lazy-aware escapes a cell. The symbol
        is for the eye; the label, visually hidden, for screen readers."""
        labels = {state: html.escape(str(label)) for state, label in CELL_LABELS.items()}
        cells = "".join(
            _CELL.format(
                state=cell.state.value,
                title=html.escape(cell.lesson.title),
                label=labels[cell.state],
                symbol=cell.symbol,
            )
            for cell in self.cells
        )
        return mark_safe(cells)  # nosec B308 B703: every value above is escaped or constant


@dataclass(frozen=True)
class FunnelStep:
    lesson: Lesson
    completed: int


@dataclass(frozen=True)
class ProgressReport:
    course: Course
    lessons: list[Lesson]
    rows: list[ProgressRow]
    page: Page[Enrolment]
    funnel: list[FunnelStep]
    learner_count: int  # every active learner, whatever the filter


def _with_summary(learners: QuerySet[Enrolment], course: Course) -> QuerySet[Enrolment]:
    summary = CourseProgress.objects.filter(course=course, user=OuterRef("user_id"))
    return learners.annotate(
        percent=Coalesce(
            Subquery(summary.values("percent_complete")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
        last_activity=Subquery(summary.values("last_activity_at")[:1]),
        finished=Subquery(summary.values("completed_at")[:1]),
    )


def _filtered(learners: QuerySet[Enrolment], show: Show) -> QuerySet[Enrolment]:
    # Q objects: the annotations of _with_summary are not fields the type checker knows.
    not_started = Q(percent=0, last_activity__isnull=True)
    if show == Show.NOT_STARTED:
        return learners.filter(not_started)
    if show == Show.IN_PROGRESS:
        return learners.filter(Q(finished__isnull=True) & ~not_started)
    if show == Show.COMPLETED:
        return learners.filter(Q(finished__isnull=False))
    if show == Show.INACTIVE:
        since = timezone.now() - INACTIVE_AFTER
        quiet = Q(last_activity__isnull=True) | Q(last_activity__lt=since)
        return learners.filter(Q(finished__isnull=True) & quiet)
    return learners


_NAME = ("user__last_name", "user__first_name", "user__username", "pk")


def _sorted(learners: QuerySet[Enrolment], sort: Sort) -> QuerySet[Enrolment]:
    if sort == Sort.PROGRESS:
        return learners.order_by("percent", *_NAME)
    if sort == Sort.PROGRESS_DESC:
        return learners.order_by("-percent", *_NAME)
    if sort == Sort.ACTIVITY:
        return learners.order_by(F("last_activity").asc(nulls_first=True), *_NAME)
    if sort == Sort.ACTIVITY_DESC:
        return learners.order_by(F("last_activity").desc(nulls_last=True), *_NAME)
    return learners.order_by(*_NAME)


def completion_funnel(*, course: Course, lessons: Sequence[Lesson]) -> list[FunnelStep]:
    """How many active learners completed each lesson, in course order: one query."""
    learners = enrolled(course=course).values("user_id")
    counts = dict(
        LessonProgress.objects.filter(
            course=course, completed_at__isnull=False, user_id__in=learners
        )
        .values("lesson_id")
        .annotate(n=Count("id"))
        .values_list("lesson_id", "n")
    )
    return [FunnelStep(lesson=lesson, completed=counts.get(lesson.pk, 0)) for lesson in lessons]


def course_progress_report(
    *,
    course: Course,
    show: Show = Show.ALL,
    sort: Sort = Sort.NAME,
    page_number: str | int | None = 1,
) -> ProgressReport:
    lessons = list(Lesson.objects.filter(course=course, is_archived=False).order_by("position"))
    learners = _with_summary(enrolled(course=course), course)
    page = Paginator(_sorted(_filtered(learners, show), sort), PER_PAGE).get_page(page_number)
    enrolments = list(page.object_list)
    user_ids = [enrolment.user_id for enrolment in enrolments]
    progress = {
        (row.user_id, row.lesson_id): row
        for row in LessonProgress.objects.filter(course=course, user_id__in=user_ids)
    }
    standings = {
        (row.user_id, row.quiz.lesson_id): row
        for row in QuizStanding.objects.filter(
            course=course, user_id__in=user_ids, quiz__lesson__isnull=False
        ).select_related("quiz")
    }
    rows = []
    for enrolment in enrolments:
        cells = []
        for lesson in lessons:
            lesson_progress = progress.get((enrolment.user_id, lesson.pk))
            state = cell_state(lesson_progress, standings.get((enrolment.user_id, lesson.pk)))
            opened = lesson_progress.opened_at if lesson_progress else None
            cells.append(Cell(lesson=lesson, state=state, opened_at=opened))
        rows.append(
            ProgressRow(
                user=enrolment.user,
                percent_complete=enrolment.percent,
                last_activity_at=enrolment.last_activity,
                completed_at=enrolment.finished,
                cells=cells,
                stuck=stuck_on(cells),
            )
        )
    return ProgressReport(
        course=course,
        lessons=lessons,
        rows=rows,
        page=page,
        funnel=completion_funnel(course=course, lessons=lessons),
        learner_count=learners.count(),
    )
