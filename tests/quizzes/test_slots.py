"""A quiz's slots: add, move and remove keep positions 1..n, unique and in order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizzes.bank import category_for_path, questions_create
from quizzes.models import Question, QuizSlot
from quizzes.questions import Answer, QuestionData, QuestionType, TextFormat
from quizzes.slots import (
    SlotError,
    quiz_questions_import,
    quiz_slot_add,
    quiz_slot_add_random,
    quiz_slot_move,
    quiz_slot_points_set,
    quiz_slot_remove,
    quiz_slot_rows,
    stem_excerpt,
)
from tests.factories import CourseFactory, LessonFactory, QuizFactory, quiz_with_questions

pytestmark = pytest.mark.django_db

D = Decimal


def _question(stem: str, category: str = "") -> QuestionData:
    return QuestionData(
        type=QuestionType.SHORT_ANSWER,
        stem=stem,
        answers=(Answer("yes", D(1)),),
        category=category,
    )


def _stems(quiz) -> list[str]:
    slots = list(quiz.slots.order_by("position").select_related("question"))
    assert [slot.position for slot in slots] == list(range(1, len(slots) + 1))
    return [slot.question.stem if slot.question else "random" for slot in slots]


def _slot(quiz, stem: str) -> QuizSlot:
    return quiz.slots.get(question__stem=stem)


def test_it_adds_a_bank_question_at_the_end():
    quiz = quiz_with_questions([_question("A"), _question("B")])
    (extra,) = questions_create(course=quiz.course, questions=[_question("C")])

    slot = quiz_slot_add(quiz=quiz, question=extra, points=D(3))

    assert slot.position == 3
    assert slot.points == D(3)
    assert _stems(quiz) == ["A", "B", "C"]


def test_it_refuses_a_question_already_in_the_quiz():
    quiz = quiz_with_questions([_question("A")])
    question = quiz.slots.get().question

    with pytest.raises(SlotError, match="already in this quiz"):
        quiz_slot_add(quiz=quiz, question=question)
    assert quiz.slots.count() == 1


def test_it_refuses_drafts_and_other_courses_questions():
    quiz = quiz_with_questions([_question("A")])
    (draft,) = questions_create(
        course=quiz.course, questions=[_question("D")], status=Question.Status.DRAFT
    )
    (foreign,) = questions_create(course=CourseFactory(), questions=[_question("F")])

    with pytest.raises(SlotError):
        quiz_slot_add(quiz=quiz, question=draft)
    with pytest.raises(SlotError):
        quiz_slot_add(quiz=quiz, question=foreign)
    assert _stems(quiz) == ["A"]


def test_it_adds_random_questions_from_a_category():
    quiz = quiz_with_questions([_question("A")])
    category = category_for_path(course=quiz.course, path="Pool")

    slot = quiz_slot_add_random(quiz=quiz, category=category, count=2)

    assert (slot.position, slot.random_category, slot.random_count) == (2, category, 2)
    assert slot.question is None
    assert _stems(quiz) == ["A", "random"]


def test_it_refuses_random_slots_drawing_nothing_or_from_another_course():
    quiz = quiz_with_questions([_question("A")])
    own = category_for_path(course=quiz.course, path="Pool")
    other = category_for_path(course=CourseFactory(), path="Pool")

    with pytest.raises(SlotError):
        quiz_slot_add_random(quiz=quiz, category=own, count=0)
    with pytest.raises(SlotError):
        quiz_slot_add_random(quiz=quiz, category=other, count=1)
    assert quiz.slots.count() == 1


@pytest.mark.parametrize(
    ("stem", "offset", "expected"),
    [
        ("C", -1, ["A", "C", "B", "D"]),
        ("A", 1, ["B", "A", "C", "D"]),
        ("B", 2, ["A", "C", "D", "B"]),
        ("A", -1, ["A", "B", "C", "D"]),  # already first: stays
        ("D", 1, ["A", "B", "C", "D"]),  # already last: stays
        ("D", -10, ["D", "A", "B", "C"]),  # clamped to the top
    ],
)
def test_it_moves_a_slot_keeping_positions_unique(stem, offset, expected):
    quiz = quiz_with_questions([_question(s) for s in "ABCD"])

    quiz_slot_move(slot=_slot(quiz, stem), offset=offset)

    assert _stems(quiz) == expected


def test_moving_a_random_slot_works_like_a_fixed_one():
    quiz = quiz_with_questions([_question("A")])
    quiz_slot_add_random(
        quiz=quiz, category=category_for_path(course=quiz.course, path="Pool"), count=1
    )

    quiz_slot_move(slot=quiz.slots.get(question__isnull=True), offset=-1)

    assert _stems(quiz) == ["random", "A"]


def test_it_removes_a_slot_and_closes_the_gap():
    quiz = quiz_with_questions([_question(s) for s in "ABCD"])

    quiz_slot_remove(slot=_slot(quiz, "B"))

    assert _stems(quiz) == ["A", "C", "D"]
    assert Question.objects.filter(stem="B").exists()  # it stays in the bank


def test_positions_stay_1_to_n_through_a_mix_of_changes():
    quiz = quiz_with_questions([_question(s) for s in "ABC"])
    (d,) = questions_create(course=quiz.course, questions=[_question("D")])

    quiz_slot_remove(slot=_slot(quiz, "A"))
    quiz_slot_add(quiz=quiz, question=d)
    quiz_slot_move(slot=_slot(quiz, "D"), offset=-1)
    quiz_slot_move(slot=_slot(quiz, "B"), offset=1)

    assert _stems(quiz) == ["D", "B", "C"]


def test_it_sets_and_clears_a_points_override():
    quiz = quiz_with_questions([_question("A")])
    slot = quiz.slots.get()

    quiz_slot_points_set(slot=slot, points=D("2.5"))
    assert QuizSlot.objects.get().points == D("2.5")
    quiz_slot_points_set(slot=slot, points=None)
    assert QuizSlot.objects.get().points is None
    with pytest.raises(SlotError):
        quiz_slot_points_set(slot=slot, points=D(-1))


def test_slot_rows_show_plain_excerpts_and_effective_points():
    hostile = QuestionData(
        type=QuestionType.ESSAY,
        stem="<script>alert(1)</script><b>Bold</b> &amp; more",
        stem_format=TextFormat.HTML,
        points=D(4),
    )
    quiz = quiz_with_questions([hostile])

    (row,) = quiz_slot_rows(quiz=quiz, paths={})

    assert row.excerpt == "Bold & more"
    assert row.points == D(4)
    assert stem_excerpt(row.slot.question, 6) == "Bold …"


def test_imported_questions_attached_to_a_lesson_are_drafts_unless_added_to_its_quiz():
    lesson = LessonFactory()
    course = lesson.course

    drafts = quiz_questions_import(course=course, questions=[_question("A")], lesson=lesson)
    assert [q.status for q in drafts] == [Question.Status.DRAFT]

    published = quiz_questions_import(
        course=course, questions=[_question("B"), _question("C")], lesson=lesson, add_to_quiz=True
    )
    assert {q.status for q in published} == {Question.Status.PUBLISHED}
    assert _stems(lesson.quiz) == ["B", "C"]

    bank = quiz_questions_import(course=course, questions=[_question("E")])
    assert bank[0].status == Question.Status.PUBLISHED
    assert bank[0].lesson is None


def test_importing_into_an_existing_lesson_quiz_appends():
    lesson = LessonFactory()
    quiz = QuizFactory(course=lesson.course, lesson=lesson)
    quiz_questions_import(
        course=lesson.course, questions=[_question("A")], lesson=lesson, add_to_quiz=True
    )
    quiz_questions_import(
        course=lesson.course, questions=[_question("B")], lesson=lesson, add_to_quiz=True
    )

    assert _stems(quiz) == ["A", "B"]
