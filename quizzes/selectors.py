"""Reads for quiz pages, each a fixed number of queries."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db.models import Count

from .attempts import display_order, pick_questions
from .bank import question_data, questions_data, questions_with_structure
from .forms import AskedQuestion
from .models import Attempt, AttemptQuestion, Question, Quiz
from .questions import QuestionType


def attempt_for_user(*, pk: int, user_id: int) -> Attempt:
    """The user's own attempt (Attempt.DoesNotExist for anyone else's: a 404, not a 403),
    with its quiz, course and the quiz's lesson: whether that is archived decides whether the
    attempt may go on (``permissions.can_view_quiz``), and its title is a page's breadcrumb.
    Not the lesson's body: autosave reads this on every answer."""
    return (
        Attempt.objects.select_related("quiz", "quiz__course", "quiz__lesson")
        .defer("quiz__lesson__html", "quiz__lesson__text")
        .get(pk=pk, user_id=user_id)
    )


def attempt_for_review(*, pk: int) -> Attempt:
    """Any attempt, with its quiz and course (the view asks ``permissions`` who may see it)."""
    return Attempt.objects.select_related("quiz", "quiz__lesson", "quiz__course").get(pk=pk)


def attempt_questions(*, attempt: Attempt) -> list[AskedQuestion]:
    """The attempt's questions in order, with their pure data and display numbers."""
    rows = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .order_by("position")
        .select_related("question")
    )
    structure = questions_data(row.question for row in rows)
    asked = []
    number = 0
    for row in rows:
        data = structure[row.question_id]
        if data.type != QuestionType.DESCRIPTION:
            number += 1
        asked.append(
            AskedQuestion(row=row, data=data, number=number if data.type != "description" else None)
        )
    return asked


# Learner pages ----------------------------------------------------------------------------


def quiz_for_page(*, pk: int) -> Quiz:
    """A quiz with its course and lesson, and ``slot_count`` (Quiz.DoesNotExist if none)."""
    return (
        Quiz.objects.select_related("course", "lesson")
        .annotate(slot_count=Count("slots"))
        .get(pk=pk)
    )


def learner_attempts(*, quiz: Quiz, user_id: int) -> list[Attempt]:
    """The user's attempts at ``quiz``, oldest first, each sharing the given quiz object (so
    reading ``attempt.quiz`` costs no query, however many attempts there are)."""
    attempts = list(Attempt.objects.filter(quiz=quiz, user_id=user_id).order_by("number"))
    for attempt in attempts:
        attempt.quiz = quiz
    return attempts


def question_for_preview(*, pk: int) -> Question:
    """A question with its course and everything QuestionData needs (DoesNotExist if none)."""
    return questions_with_structure(Question.objects.select_related("course")).get(pk=pk)


def _numbered(rows: list[AttemptQuestion]) -> list[AskedQuestion]:
    asked = []
    number = 0
    for row in rows:
        data = question_data(row.question)
        shown: int | None = None
        if data.type != QuestionType.DESCRIPTION:
            number += 1
            shown = number
        asked.append(AskedQuestion(row=row, data=data, number=shown))
    return asked


def preview_questions(
    *, questions: list[tuple[Question, Decimal | None]], shuffle_answers: bool, seed: int
) -> list[AskedQuestion]:
    """``questions`` (with any points override) as an attempt would ask them, built from
    unsaved AttemptQuestion rows: a preview writes nothing. ``seed`` fixes the shuffles, so
    the page that shows a preview and the "Check" that grades it agree."""
    # A preview's shuffle: not a secret.
    rng = random.Random(seed)  # nosec B311
    rows = []
    for position, (question, points) in enumerate(questions, start=1):
        data = question_data(question)
        shuffle = shuffle_answers and question.shuffle_answers
        rows.append(
            AttemptQuestion(
                position=position,
                question=question,
                choice_order=display_order(data, shuffle, rng),
                max_points=points if points is not None else question.points,
            )
        )
    return _numbered(rows)


def quiz_preview_questions(*, quiz: Quiz, seed: int) -> list[AskedQuestion]:
    """The questions one attempt at ``quiz`` would ask (random slots drawn with ``seed``)."""
    # A preview's draw of random questions: not a secret.
    picked = pick_questions(quiz, random.Random(seed))  # nosec B311
    by_pk = {
        question.pk: question
        for question in questions_with_structure(
            Question.objects.filter(pk__in=[pk for pk, _ in picked])
        )
    }
    return preview_questions(
        questions=[(by_pk[pk], points) for pk, points in picked],
        shuffle_answers=quiz.shuffle_answers,
        seed=seed,
    )
