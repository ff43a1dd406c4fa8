"""Reviewing drafts: approve, reject, approve all, and saving an edited question."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizzes import review
from quizzes.bank import question_data, questions_create, questions_with_structure
from quizzes.models import Question, QuizSlot
from quizzes.questions import Answer, ClozeGap, GapKind, QuestionData, QuestionType, TextFormat
from quizzes.services import lesson_quizzes_ensure
from tests.factories import LessonFactory, UserFactory

pytestmark = pytest.mark.django_db


def short(stem: str) -> QuestionData:
    return QuestionData(
        type=QuestionType.SHORT_ANSWER, stem=stem, answers=(Answer("x", Decimal(1)),)
    )


@pytest.fixture
def lesson():
    lesson = LessonFactory()
    lesson_quizzes_ensure(course=lesson.course)
    return lesson


def drafts(lesson, *stems: str) -> list[Question]:
    return questions_create(
        course=lesson.course,
        questions=[short(stem) for stem in stems],
        status=Question.Status.DRAFT,
        lesson=lesson,
        source_sentences=[f"Sentence of {stem}." for stem in stems],
    )


def quiz_order(lesson) -> list[int]:
    return list(
        QuizSlot.objects.filter(quiz__lesson=lesson)
        .order_by("position")
        .values_list("question_id", flat=True)
    )


def test_it_approves_a_draft_into_the_end_of_the_lessons_quiz(lesson):
    first, second = drafts(lesson, "one", "two")

    review.draft_approve(question=second)
    review.draft_approve(question=first)

    second.refresh_from_db()
    assert second.status == Question.Status.PUBLISHED
    assert quiz_order(lesson) == [second.pk, first.pk]


def test_approving_twice_adds_no_second_slot(lesson):
    (draft,) = drafts(lesson, "one")

    review.draft_approve(question=draft)
    review.draft_approve(question=draft)

    assert quiz_order(lesson) == [draft.pk]


def test_it_rejects_a_draft_by_deleting_it(lesson):
    draft, kept = drafts(lesson, "one", "two")

    review.draft_reject(question=draft)

    assert list(Question.objects.values_list("pk", flat=True)) == [kept.pk]


def test_it_never_rejects_a_published_question(lesson):
    (draft,) = drafts(lesson, "one")
    review.draft_approve(question=draft)
    stale = Question.objects.get(pk=draft.pk)
    stale.status = Question.Status.DRAFT  # a page loaded before the approval

    with pytest.raises(review.NotADraft):
        review.draft_reject(question=stale)

    assert Question.objects.filter(pk=draft.pk, status="published").exists()
    assert quiz_order(lesson) == [draft.pk]


def test_it_approves_all_drafts_of_a_lesson_in_order(lesson):
    first, second, third = drafts(lesson, "one", "two", "three")
    review.draft_approve(question=second)
    other_lesson = LessonFactory(module=lesson.module)
    (elsewhere,) = drafts(other_lesson, "other")

    count = review.lesson_drafts_approve_all(lesson=lesson)

    assert count == 2
    assert quiz_order(lesson) == [second.pk, first.pk, third.pk]
    elsewhere.refresh_from_db()
    assert elsewhere.status == Question.Status.DRAFT


def test_approving_all_of_a_lesson_without_drafts_does_nothing(lesson):
    assert review.lesson_drafts_approve_all(lesson=lesson) == 0


def test_an_edit_keeps_the_row_and_may_approve_it(lesson):
    (draft,) = drafts(lesson, "one")
    changed = short("one, better")

    saved = review.question_edit(question=draft, data=changed, lesson=lesson, approve=True)

    assert saved.pk == draft.pk
    row = questions_with_structure(Question.objects.filter(pk=draft.pk)).get()
    assert question_data(row) == changed
    assert row.status == Question.Status.PUBLISHED
    assert row.source_sentence == "Sentence of one."
    assert quiz_order(lesson) == [draft.pk]


def test_an_edit_without_approval_leaves_a_draft_a_draft(lesson):
    (draft,) = drafts(lesson, "one")

    review.question_edit(question=draft, data=short("two"), lesson=lesson)

    draft.refresh_from_db()
    assert draft.status == Question.Status.DRAFT
    assert quiz_order(lesson) == []


def test_a_published_question_moved_to_another_lesson_moves_quiz(lesson):
    (question,) = drafts(lesson, "one")
    review.draft_approve(question=question)
    other = LessonFactory(module=lesson.module)
    lesson_quizzes_ensure(course=lesson.course)

    review.question_edit(question=question, data=short("one"), lesson=other)

    assert quiz_order(lesson) == []
    assert quiz_order(other) == [question.pk]


def test_it_creates_a_question_as_a_draft_or_published(lesson):
    user = UserFactory()

    draft = review.question_create(
        course=lesson.course, data=short("a"), lesson=lesson, created_by=user, publish=False
    )
    published = review.question_create(
        course=lesson.course, data=short("b"), lesson=lesson, created_by=user, publish=True
    )

    assert draft.status == Question.Status.DRAFT
    assert published.status == Question.Status.PUBLISHED
    assert published.created_by == user
    assert quiz_order(lesson) == [published.pk]


def test_the_stem_excerpt_is_plain_text_with_blanks():
    cloze = QuestionData(
        type=QuestionType.CLOZE,
        stem="<p>Paris is the {{1}} of <b>France</b> &amp; more.</p><script>alert(1)</script>",
        stem_format=TextFormat.HTML,
        gaps=(ClozeGap(GapKind.TEXT, (Answer("capital", Decimal(1)),)),),
    )

    assert review.stem_excerpt(cloze) == "Paris is the _____ of France & more."
    assert review.stem_excerpt(short("word " * 100)).endswith("…")


def test_the_source_sentence_is_split_around_the_tested_term():
    assert review.source_parts("The NATO alliance grew.", "nato") == (
        "The ",
        "NATO",
        " alliance grew.",
    )
    assert review.source_parts("No term here.", "") == ("No term here.", "", "")
    assert review.source_parts("Missing.", "absent") == ("Missing.", "", "")


def test_the_review_renders_hostile_text_inert(lesson):
    hostile = QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="<script>alert(1)</script>Pick <img src=x onerror=alert(2)>",
        stem_format=TextFormat.HTML,
        answers=(
            Answer("<img src=x onerror=alert(3)>", Decimal(1)),
            Answer("plain", Decimal(0)),
        ),
    )
    questions_create(
        course=lesson.course, questions=[hostile], status=Question.Status.DRAFT, lesson=lesson
    )

    (shown,) = review.lesson_review(lesson=lesson).drafts

    assert "<script" not in shown.stem_html
    assert "onerror" not in shown.stem_html
    assert all("onerror" not in text for text, _, _ in shown.choices)
    assert [right for _, right, _ in shown.choices] == [True, False]
