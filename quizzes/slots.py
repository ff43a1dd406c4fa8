"""A quiz's questions: its slots (a fixed question, or N drawn at random from a category).

Writes are keyword-only services. Each one locks the quiz row before it reads positions:
two instructors (or two tabs) changing the same quiz at once would otherwise both read the
same positions, and one would hit ``unique_slot_position`` (or both append at "last + 1").
On SQLite select_for_update is a no-op, but transactions begin IMMEDIATE (see settings), which
serialises writers the same way. Reads for the quiz's pages are here too, each a fixed number
of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import unescape
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import Course, Lesson

from .bank import category_path, questions_create
from .models import Question, QuestionCategory, Quiz, QuizSlot
from .questions import QuestionData, QuestionType
from .rendering import render_text

if TYPE_CHECKING:
    from accounts.models import User

EXCERPT_LENGTH = 120
TYPE_LABELS = {
    QuestionType.SINGLE_CHOICE: gettext_lazy("Single choice"),
    QuestionType.MULTIPLE_RESPONSE: gettext_lazy("Multiple response"),
    QuestionType.TRUE_FALSE: gettext_lazy("True or false"),
    QuestionType.SHORT_ANSWER: gettext_lazy("Short answer"),
    QuestionType.NUMERICAL: gettext_lazy("Numerical"),
    QuestionType.MATCHING: gettext_lazy("Matching"),
    QuestionType.ORDERING: gettext_lazy("Ordering"),
    QuestionType.CLOZE: gettext_lazy("Cloze"),
    QuestionType.ESSAY: gettext_lazy("Essay"),
    QuestionType.DESCRIPTION: gettext_lazy("Description"),
}


class SlotError(Exception):
    """A change to a quiz's questions that cannot be made; the message is for the instructor."""


def _locked_quiz(quiz_id: int) -> Quiz:
    # The lock every write below takes first (see the module docstring for the race).
    return Quiz.objects.select_for_update().get(pk=quiz_id)


def _renumber(quiz_id: int, ordered: Sequence[QuizSlot]) -> None:
    """Give ``ordered`` (all of the quiz's slots) positions 1..n in that order.

    The unique constraint is checked row by row, so the slots first move out of the way, past
    every position in use, and then each takes its final place.
    """
    clear = max((slot.position for slot in ordered), default=0) + len(ordered) + 1
    QuizSlot.objects.filter(quiz_id=quiz_id).update(position=F("position") + clear)
    for position, slot in enumerate(ordered, start=1):
        slot.position = position
    QuizSlot.objects.bulk_update(ordered, ["position"])


def _append(quiz: Quiz, **fields: object) -> QuizSlot:
    last = quiz.slots.aggregate(last=Max("position"))["last"] or 0
    return QuizSlot.objects.create(quiz=quiz, position=last + 1, **fields)


@transaction.atomic
def quiz_slot_add(*, quiz: Quiz, question: Question, points: Decimal | None = None) -> QuizSlot:
    """Add a published question of the quiz's course at the end of the quiz."""
    quiz = _locked_quiz(quiz.pk)
    if question.course_id != quiz.course_id:
        raise SlotError(_("That question belongs to another course."))
    if question.status != Question.Status.PUBLISHED:
        raise SlotError(_("Only published questions can be added to a quiz."))
    if quiz.slots.filter(question=question).exists():
        raise SlotError(_("That question is already in this quiz."))
    if points is not None and points < 0:
        raise SlotError(_("Points cannot be negative."))
    return _append(quiz, question=question, points=points)


@transaction.atomic
def quiz_slot_add_random(*, quiz: Quiz, category: QuestionCategory, count: int) -> QuizSlot:
    """Add a slot that draws ``count`` published questions from ``category`` per attempt."""
    quiz = _locked_quiz(quiz.pk)
    if category.course_id != quiz.course_id:
        raise SlotError(_("That category belongs to another course."))
    if count < 1:
        raise SlotError(_("Draw at least one question."))
    return _append(quiz, random_category=category, random_count=count)


@transaction.atomic
def quiz_slot_move(*, slot: QuizSlot, offset: int) -> QuizSlot:
    """Move a slot ``offset`` places (-1: up one, 1: down one), stopping at either end."""
    _locked_quiz(slot.quiz_id)
    ordered = list(QuizSlot.objects.filter(quiz_id=slot.quiz_id).order_by("position"))
    index = next((i for i, s in enumerate(ordered) if s.pk == slot.pk), None)
    if index is None:
        raise SlotError(_("That question is no longer in this quiz."))
    target = min(max(index + offset, 0), len(ordered) - 1)
    if target != index:
        moved = ordered.pop(index)
        ordered.insert(target, moved)
        _renumber(slot.quiz_id, ordered)
    slot.position = target + 1
    return slot


@transaction.atomic
def quiz_slot_remove(*, slot: QuizSlot) -> None:
    """Take a slot out of its quiz; the slots after it move up. Attempts keep their questions."""
    _locked_quiz(slot.quiz_id)
    QuizSlot.objects.filter(pk=slot.pk).delete()
    remaining = list(QuizSlot.objects.filter(quiz_id=slot.quiz_id).order_by("position"))
    if [s.position for s in remaining] != list(range(1, len(remaining) + 1)):
        _renumber(slot.quiz_id, remaining)


@transaction.atomic
def quiz_slot_points_set(*, slot: QuizSlot, points: Decimal | None) -> QuizSlot:
    """Override the points of a slot's question(s) in this quiz (None: the question's own).

    Attempts already started keep the points they were started with.
    """
    _locked_quiz(slot.quiz_id)
    if points is not None and points < 0:
        raise SlotError(_("Points cannot be negative."))
    slot.points = points
    slot.save(update_fields=["points"])
    return slot


@transaction.atomic
def quiz_questions_import(
    *,
    course: Course,
    questions: Sequence[QuestionData],
    lesson: Lesson | None = None,
    add_to_quiz: bool = False,
    created_by: User | None = None,
) -> list[Question]:
    """Add parsed questions to the course's bank, all or nothing.

    Without a lesson they are published bank questions. Attached to a lesson, they are drafts
    awaiting review, unless ``add_to_quiz``: then they are published at the end of the
    lesson's quiz (made if the lesson has none yet).
    """
    if add_to_quiz and lesson is None:
        raise SlotError(_("Choose the lesson whose quiz the questions join."))
    publish = lesson is None or add_to_quiz
    status = Question.Status.PUBLISHED if publish else Question.Status.DRAFT
    rows = questions_create(
        course=course, questions=questions, lesson=lesson, status=status, created_by=created_by
    )
    if add_to_quiz and lesson is not None:
        quiz, _created = Quiz.objects.get_or_create(
            lesson=lesson,
            defaults={
                "course": course,
                "title": _("Quiz: %(lesson)s") % {"lesson": lesson.title},
            },
        )
        quiz = _locked_quiz(quiz.pk)
        last = quiz.slots.aggregate(last=Max("position"))["last"] or 0
        QuizSlot.objects.bulk_create(
            QuizSlot(quiz=quiz, position=last + i, question=row)
            for i, row in enumerate(rows, start=1)
        )
    return rows


# Reads ------------------------------------------------------------------------------------


def stem_excerpt(question: Question, length: int = EXCERPT_LENGTH) -> str:
    """The start of a question's text as plain text (escape it again when showing it)."""
    text = unescape(strip_tags(render_text(question.stem, question.stem_format)))
    return Truncator(" ".join(text.split())).chars(length)


def question_label(question: Question) -> str:
    """A question as a choice in a list: its text's start and its type."""
    kind = TYPE_LABELS.get(QuestionType(question.type), question.type)
    return f"{stem_excerpt(question, 90)} ({kind})"


@dataclass(frozen=True)
class SlotRow:
    slot: QuizSlot
    excerpt: str  # plain text
    type_label: str
    category_path: str  # for random slots
    points: Decimal | None  # None: each drawn question's own
    scored: bool  # False for a description, which carries no points


def category_paths(*, course: Course) -> dict[int, str]:
    """Each category id of the course's bank → its "/"-separated path (one query)."""
    by_id = {c.pk: c for c in QuestionCategory.objects.filter(course=course)}
    return {pk: category_path(c, by_id) or c.name for pk, c in by_id.items()}


def quiz_slot_rows(*, quiz: Quiz, paths: dict[int, str]) -> list[SlotRow]:
    """The quiz's slots in order, ready to show (one query)."""
    slots = quiz.slots.select_related("question__lesson").order_by("position")
    rows = []
    for slot in slots:
        question = slot.question
        rows.append(
            SlotRow(
                slot=slot,
                excerpt=stem_excerpt(question) if question else "",
                type_label=str(TYPE_LABELS[QuestionType(question.type)]) if question else "",
                category_path=paths.get(slot.random_category_id or 0, ""),
                points=slot.points
                if slot.points is not None
                else (question.points if question else None),
                scored=question is None or question.type != QuestionType.DESCRIPTION,
            )
        )
    return rows


def quiz_bank_questions(*, quiz: Quiz, lesson_id: int | None = None) -> QuerySet[Question]:
    """Published questions of the quiz's course not yet in the quiz, optionally of one lesson."""
    questions = Question.objects.filter(
        course_id=quiz.course_id, status=Question.Status.PUBLISHED
    ).exclude(pk__in=QuizSlot.objects.filter(quiz=quiz, question__isnull=False).values("question"))
    if lesson_id is not None:
        questions = questions.filter(lesson_id=lesson_id)
    return questions.order_by("lesson__position", "pk")


def categories_with_counts(*, course: Course) -> QuerySet[QuestionCategory]:
    """The course's categories, each with how many published questions it holds."""
    return QuestionCategory.objects.filter(course=course).annotate(
        published=Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED))
    )
