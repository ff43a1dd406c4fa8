"""The question bank keeps every type's structure exactly: QuestionData → rows → QuestionData."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.bank import category_for_path, course_questions, question_update, questions_create
from quizzes.models import Question, QuestionCategory
from quizzes.questions import (
    Answer,
    ClozeGap,
    GapKind,
    MatchPair,
    QuestionData,
    QuestionType,
    TextFormat,
)
from tests.factories import CourseFactory

pytestmark = pytest.mark.django_db

D = Decimal

ONE_OF_EACH = [
    QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        name="Capital",
        stem="<p>Capital of France?</p>",
        stem_format=TextFormat.HTML,
        answers=(Answer("Paris", D(1), "Right"), Answer("Lyon", D(0), "No")),
        general_feedback="Paris is the capital.",
        general_feedback_format=TextFormat.PLAIN,
        category="Geography/Europe",
        tags=("capitals", "europe"),  # the bank keeps tags sorted
    ),
    QuestionData(
        type=QuestionType.MULTIPLE_RESPONSE,
        stem="Primary colours?",
        answers=(
            Answer("red", D("0.5")),
            Answer("blue", D("0.5")),
            Answer("green", D("-1"), "No: that is additive."),
        ),
        points=D("2.5"),
    ),
    QuestionData(
        type=QuestionType.TRUE_FALSE,
        stem="The sun rises in the east.",
        answers=(Answer("true", D(1), "Yes"), Answer("false", D(0), "It does.")),
    ),
    QuestionData(
        type=QuestionType.SHORT_ANSWER,
        stem="Who is buried in Grant's tomb?",
        answers=(Answer("no one", D(1)), Answer("Grant*", D("0.5"))),
    ),
    QuestionData(
        type=QuestionType.NUMERICAL,
        stem="Pi to two places?",
        answers=(Answer("3.14", D(1), tolerance=D("0.005")), Answer("3", D("0.33333"))),
    ),
    QuestionData(
        type=QuestionType.MATCHING,
        stem="Match.",
        pairs=(MatchPair("cat", "meow"), MatchPair("dog", "woof"), MatchPair("", "moo")),
    ),
    QuestionData(type=QuestionType.ORDERING, stem="Order.", items=("one", "two", "three")),
    QuestionData(
        type=QuestionType.CLOZE,
        stem="The capital is {{1}} and pi is {{2}}.",
        gaps=(
            ClozeGap(GapKind.CHOICE, (Answer("Paris", D(1)), Answer("Rome", D(0))), D(2)),
            ClozeGap(GapKind.NUMERICAL, (Answer("3.14", D(1), tolerance=D("0.01")),)),
        ),
    ),
    QuestionData(type=QuestionType.ESSAY, stem="Discuss.", points=D(10)),
    QuestionData(type=QuestionType.DESCRIPTION, stem="Read this first.", points=D(0)),
]


def test_every_question_type_round_trips_through_the_database():
    course = CourseFactory()
    questions_create(course=course, questions=ONE_OF_EACH)

    loaded = course_questions(course=course)

    expected = sorted(ONE_OF_EACH, key=lambda item: item.category)
    assert loaded == expected


def test_categories_are_created_once_by_path():
    course = CourseFactory()
    europe = category_for_path(course=course, path="Geography/Europe")
    again = category_for_path(course=course, path=" Geography / Europe ")

    assert again == europe
    assert europe.parent.name == "Geography"
    assert QuestionCategory.objects.filter(course=course).count() == 2


def test_reading_the_bank_costs_the_same_queries_for_ten_or_a_hundred_questions():
    counts = []
    for copies in (1, 10):
        course = CourseFactory()
        questions_create(course=course, questions=ONE_OF_EACH * copies)
        with CaptureQueriesContext(connection) as queries:
            course_questions(course=course)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_updating_a_question_keeps_its_identity_and_replaces_its_structure():
    course = CourseFactory()
    (question,) = questions_create(course=course, questions=ONE_OF_EACH[:1])
    revised = QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="Capital of Italy?",
        answers=(Answer("Rome", D(1)), Answer("Milan", D(0)), Answer("Turin", D(0))),
    )

    question_update(question=Question.objects.get(pk=question.pk), data=revised)

    assert course_questions(course=course) == [revised]
    assert Question.objects.get().pk == question.pk
