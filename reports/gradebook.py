"""The gradebook: learners × quizzes, each learner's grade per the quiz's grading method (as
progress keeps it in QuizStanding) and their course grade (CourseProgress.grade).

One selector feeds the web page and the CSV export, so both show the same rows; it reads a
fixed number of queries however many learners and quizzes there are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import Course
from progress.models import CourseProgress, Enrolment, QuizStanding
from quizzes.models import Quiz

from .csv_export import Cell
from .learners import enrolled, graded_quizzes

PER_PAGE = 50


@dataclass(frozen=True)
class GradeCell:
    grade: Decimal | None  # points per the grading method; None: no graded attempt
    max_grade: Decimal
    percentage: Decimal | None
    passed: bool
    attempts: int


@dataclass(frozen=True)
class GradebookRow:
    user: User
    cells: list[GradeCell | None]  # one per quiz, in the gradebook's order; None: not tried
    course_grade: Decimal | None  # %

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def quizzes_passed(self) -> int:
        return sum(1 for cell in self.cells if cell is not None and cell.passed)


@dataclass(frozen=True)
class Gradebook:
    course: Course
    quizzes: list[Quiz]
    rows: list[GradebookRow]
    page: Page[Enrolment] | None = None


def gradebook_rows(
    *, course: Course, quizzes: Sequence[Quiz], enrolments: Sequence[Enrolment]
) -> list[GradebookRow]:
    """A row per enrolment (users already loaded): two queries."""
    user_ids = [enrolment.user_id for enrolment in enrolments]
    standings = {
        (s.user_id, s.quiz_id): s
        for s in QuizStanding.objects.filter(course=course, user_id__in=user_ids)
    }
    grades = dict(
        CourseProgress.objects.filter(course=course, user_id__in=user_ids).values_list(
            "user_id", "grade"
        )
    )
    rows = []
    for enrolment in enrolments:
        cells: list[GradeCell | None] = []
        for quiz in quizzes:
            standing = standings.get((enrolment.user_id, quiz.pk))
            cells.append(
                None
                if standing is None
                else GradeCell(
                    grade=standing.grade,
                    max_grade=standing.max_grade,
                    percentage=standing.percentage,
                    passed=standing.passed,
                    attempts=standing.attempts_used,
                )
            )
        rows.append(
            GradebookRow(
                user=enrolment.user, cells=cells, course_grade=grades.get(enrolment.user_id)
            )
        )
    return rows


def course_gradebook(*, course: Course, page_number: str | int | None = None) -> Gradebook:
    """One page of the gradebook (PER_PAGE learners), or every learner when page_number is
    None (the CSV export)."""
    quizzes = graded_quizzes(course=course)
    learners = enrolled(course=course)
    page = None
    if page_number is not None:
        page = Paginator(learners, PER_PAGE).get_page(page_number)
        enrolments = list(page.object_list)
    else:
        enrolments = list(learners)
    rows = gradebook_rows(course=course, quizzes=quizzes, enrolments=enrolments)
    return Gradebook(course=course, quizzes=quizzes, rows=rows, page=page)


def gradebook_table(gradebook: Gradebook) -> Iterator[list[Cell]]:
    """The gradebook as CSV rows: a header, then one row a learner. Grades in percent."""
    yield [
        _("Username"),
        _("Name"),
        _("Email"),
        *[_("{quiz} (%)").format(quiz=quiz.title) for quiz in gradebook.quizzes],
        _("Quizzes passed"),
        _("Course grade (%)"),
    ]
    for row in gradebook.rows:
        yield [
            row.user.get_username(),
            row.name,
            row.user.email,
            *[None if cell is None else cell.percentage for cell in row.cells],
            row.quizzes_passed,
            row.course_grade,
        ]
