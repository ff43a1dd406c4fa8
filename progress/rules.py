"""Progress rules as pure functions: what is required, what is locked, what is complete.

No ORM here: the selectors hand over a ``CoursePlan`` (the course's lessons and quizzes) and a
learner's ``Standing``; the tests need no database.

"Required", said once:
- a required lesson is every non-archived lesson of the course (the plan holds no others);
- a required quiz is a published quiz of the course with at least one question slot, not
  belonging to an archived lesson. A quiz without questions blocks nothing and counts for
  nothing: its lesson is complete, in quiz mode, once it has been read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class PlanLesson:
    id: int
    title: str
    quiz_id: int | None  # its quiz if that quiz is required, else None


@dataclass(frozen=True)
class PlanQuiz:
    id: int
    title: str
    lesson_id: int | None  # None: a quiz of the course's own
    # From when learners see their scores at it (its review settings), None if never.
    score_shown_from: datetime | None


@dataclass(frozen=True)
class CoursePlan:
    """A course's required lessons in reading order, and its required quizzes."""

    lessons: list[PlanLesson]
    quizzes: list[PlanQuiz]
    quiz_mode: bool = False  # Course.Completion.QUIZ: a lesson completes with its quiz
    gating: bool = False

    @property
    def quiz_titles(self) -> dict[int, str]:
        return {quiz.id: quiz.title for quiz in self.quizzes}


@dataclass(frozen=True)
class QuizGrade:
    grade: Decimal | None
    max_grade: Decimal
    passed: bool
    awaiting_grader: bool = False  # not passed, an attempt waits for a grader


@dataclass(frozen=True)
class Standing:
    """One learner's facts in one course: what they completed and what they passed."""

    completed_lesson_ids: frozenset[int] = frozenset()
    quiz_grades: Mapping[int, QuizGrade] = field(default_factory=dict)

    @property
    def passed_quiz_ids(self) -> frozenset[int]:
        return frozenset(pk for pk, grade in self.quiz_grades.items() if grade.passed)


@dataclass(frozen=True)
class Lock:
    """Why a lesson is locked: the quiz (of an earlier lesson) to pass first."""

    lesson_id: int  # the earlier lesson
    lesson_title: str
    quiz_id: int
    quiz_title: str


def lesson_locks(plan: CoursePlan, passed_quiz_ids: Collection[int]) -> dict[int, Lock]:
    """The locked lessons, each with what unlocks it; none without gating.

    With gating, lesson N+1 opens once lesson N's required quiz is passed, so every lesson
    after the first unpassed required quiz waits for that quiz.
    """
    if not plan.gating:
        return {}
    titles = plan.quiz_titles
    locks: dict[int, Lock] = {}
    blocker: Lock | None = None
    for lesson in plan.lessons:
        if blocker is not None:
            locks[lesson.id] = blocker
        elif lesson.quiz_id is not None and lesson.quiz_id not in passed_quiz_ids:
            blocker = Lock(lesson.id, lesson.title, lesson.quiz_id, titles[lesson.quiz_id])
    return locks


def lesson_is_complete_by_quiz(
    lesson: PlanLesson, passed_quiz_ids: Collection[int], opened: bool
) -> bool:
    """Quiz mode: a lesson is complete when its required quiz is passed, or, with no required
    quiz, once it has been read."""
    if lesson.quiz_id is None:
        return opened
    return lesson.quiz_id in passed_quiz_ids


@dataclass(frozen=True)
class Summary:
    lessons_required: int
    lessons_completed: int
    percent_complete: int  # 0–100, rounded down: 100 only when every lesson is complete
    quizzes_required: int
    quizzes_passed: int
    grade: Decimal | None  # percent, over the required quizzes that have a grade
    complete: bool


def course_grade(plan: CoursePlan, grades: Mapping[int, QuizGrade]) -> Decimal | None:
    """Points earned over points possible across the required quizzes graded so far."""
    graded = [
        grades[q.id] for q in plan.quizzes if q.id in grades and grades[q.id].grade is not None
    ]
    possible = sum((g.max_grade for g in graded), Decimal(0))
    if not graded or not possible:
        return None
    earned = sum((g.grade or Decimal(0) for g in graded), Decimal(0))
    return (earned * 100 / possible).quantize(Decimal("0.01"), ROUND_HALF_UP)


def grade_shown(plan: CoursePlan, standing: Standing, now: datetime) -> bool:
    """Whether the learner may see their course grade: not while it counts a score that its
    quiz still hides from them (after the quiz closes, or never), which the grade would give
    away. Moodle hides such totals too."""
    return all(
        quiz.score_shown_from is not None and now >= quiz.score_shown_from
        for quiz in plan.quizzes
        if quiz.id in standing.quiz_grades and standing.quiz_grades[quiz.id].grade is not None
    )


def course_summary(plan: CoursePlan, standing: Standing) -> Summary:
    """Percent complete, quizzes passed, grade, and whether the course is complete: every
    required lesson complete and every required quiz passed (a course with no lesson never
    is)."""
    lesson_ids = {lesson.id for lesson in plan.lessons}
    completed = len(lesson_ids & standing.completed_lesson_ids)
    required = len(lesson_ids)
    passed = len({q.id for q in plan.quizzes} & standing.passed_quiz_ids)
    return Summary(
        lessons_required=required,
        lessons_completed=completed,
        percent_complete=completed * 100 // required if required else 0,
        quizzes_required=len(plan.quizzes),
        quizzes_passed=passed,
        grade=course_grade(plan, standing.quiz_grades),
        complete=bool(required) and completed == required and passed == len(plan.quizzes),
    )


def next_lesson(
    plan: CoursePlan, standing: Standing, locks: Mapping[int, Lock], last_lesson_id: int | None
) -> PlanLesson | None:
    """Where to continue: the first lesson not done (complete, and its quiz passed or
    waiting for a grader) at or after the last one visited, then from the start, skipping
    locked ones; else the lesson whose quiz unlocks the rest; else the last visited lesson."""
    lessons = plan.lessons
    settled = standing.passed_quiz_ids | {
        pk for pk, grade in standing.quiz_grades.items() if grade.awaiting_grader
    }
    start = next((i for i, lesson in enumerate(lessons) if lesson.id == last_lesson_id), 0)
    for lesson in lessons[start:] + lessons[:start]:
        done = lesson.id in standing.completed_lesson_ids and (
            lesson.quiz_id is None or lesson.quiz_id in settled
        )
        if not done and lesson.id not in locks:
            return lesson
    by_id = {lesson.id: lesson for lesson in lessons}
    if locks:  # everything open is done: the lesson whose quiz unlocks the rest
        return by_id[next(iter(locks.values())).lesson_id]
    return by_id.get(last_lesson_id) if last_lesson_id is not None else None
