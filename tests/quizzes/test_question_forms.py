"""QuestionForm: every type's fields and rows → QuestionData, and the rules Moodle applies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from quizzes.question_forms import QuestionForm, fraction_choices, question_form
from quizzes.questions import (
    Answer,
    ClozeGap,
    GapKind,
    MatchPair,
    QuestionData,
    QuestionType,
    TextFormat,
)
from tests.factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db


def common(**fields: str) -> dict[str, str]:
    data = {
        "name": "",
        "stem": "What is it?",
        "stem_format": "moodle",
        "points": "1",
        "general_feedback": "",
        "general_feedback_format": "",
        "lesson": "",
        "category": "",
        "tags": "",
        "shuffle_answers": "on",
    }
    data.update(fields)
    return data


def rows(prefix: str, *filled: dict[str, str], blank: int = 0, initial: int = 0) -> dict[str, str]:
    """Formset POST data: management fields, then ``filled`` rows and ``blank`` empty ones."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(filled) + blank),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(filled):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    for index in range(len(filled), len(filled) + blank):
        if prefix == "answers":
            data[f"{prefix}-{index}-fraction"] = "0"
    return data


def answer(text: str, fraction: str = "0", feedback: str = "", **more: str) -> dict[str, str]:
    return {"text": text, "fraction": fraction, "feedback": feedback, **more}


def bound(qtype: QuestionType, data: dict[str, str], **kwargs: Any) -> QuestionForm:
    course = kwargs.pop("course", None) or CourseFactory()
    return question_form(data, qtype=qtype, course=course, **kwargs)


def valid_data(qtype: QuestionType, data: dict[str, str]) -> QuestionData:
    form = bound(qtype, data)
    assert form.is_valid(), (form.errors, form.formset and form.formset.non_form_errors())
    return form.to_question_data()


def errors_of(qtype: QuestionType, data: dict[str, str]) -> str:
    form = bound(qtype, data)
    assert not form.is_valid()
    found = [str(form.errors)]
    if form.formset is not None:
        found += [str(form.formset.non_form_errors()), str(form.formset.errors)]
    return " ".join(found)


def test_it_offers_moodles_grades_and_negatives_only_for_multiple_response():
    single = [value for value, _ in fraction_choices(negative=False)]
    multiple = [value for value, _ in fraction_choices(negative=True)]

    assert single[:4] == ["1", "0.9", "0.8333333", "0.8"]
    assert single[-1] == "0"
    assert "0.1428571" in single
    assert "-0.5" not in single
    assert multiple[-1] == "-1"
    assert dict(fraction_choices(negative=False))["0.3333333"] == "33.33333%"


def test_it_keeps_a_grade_outside_moodles_list_when_editing():
    choices = dict(fraction_choices(negative=False, extra=[Decimal("0.37")]))

    assert choices["0.37"] == "37%"


def test_it_makes_a_single_choice_question():
    data = common(name="Capital", category="Geo/Europe", tags="europe, capitals, europe")
    data |= rows(
        "answers",
        answer("Paris", "1", "Yes"),
        answer("Lyon", "0.5", "Close"),
        answer("Nice"),
        blank=2,
    )

    question = valid_data(QuestionType.SINGLE_CHOICE, data)

    assert question == QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="What is it?",
        name="Capital",
        answers=(
            Answer("Paris", Decimal(1), "Yes"),
            Answer("Lyon", Decimal("0.5"), "Close"),
            Answer("Nice", Decimal(0)),
        ),
        category="Geo/Europe",
        tags=("capitals", "europe"),
    )
    assert all(isinstance(a.fraction, Decimal) for a in question.answers)


def test_single_choice_needs_exactly_one_right_answer():
    none_right = common() | rows("answers", answer("A", "0.5"), answer("B"))
    two_right = common() | rows("answers", answer("A", "1"), answer("B", "1"))

    assert "Exactly one answer must be worth 100%" in errors_of(
        QuestionType.SINGLE_CHOICE, none_right
    )
    assert "this question has 2" in errors_of(QuestionType.SINGLE_CHOICE, two_right)


def test_a_choice_question_needs_two_answers():
    data = common() | rows("answers", answer("A", "1"), blank=3)

    assert "at least two answers" in errors_of(QuestionType.SINGLE_CHOICE, data)


def test_an_answer_needs_its_text():
    data = common() | rows(
        "answers", answer("A", "1"), answer("B"), answer("", "0", "feedback without answer")
    )

    assert "Write the answer's text" in errors_of(QuestionType.SINGLE_CHOICE, data)


def test_a_whitespace_answer_is_no_answer():
    data = common() | rows("answers", answer("A", "1"), answer("   ", "0.5"))

    assert "Write the answer's text" in errors_of(QuestionType.SINGLE_CHOICE, data)


def test_it_makes_a_multiple_response_question_with_negative_grades():
    data = common(shuffle_answers="") | rows(
        "answers",
        answer("A", "0.3333333"),
        answer("B", "0.3333333"),
        answer("C", "0.3333333"),
        answer("D", "-1"),
    )

    question = valid_data(QuestionType.MULTIPLE_RESPONSE, data)

    assert [a.fraction for a in question.answers] == [
        Decimal("0.3333333"),
        Decimal("0.3333333"),
        Decimal("0.3333333"),
        Decimal(-1),
    ]
    assert question.shuffle_answers is False


def test_multiple_response_grades_of_right_answers_add_up_to_100():
    data = common() | rows("answers", answer("A", "0.5"), answer("B", "0.25"), answer("C", "-1"))

    assert "must add up to 100% (they add up to 75%)" in errors_of(
        QuestionType.MULTIPLE_RESPONSE, data
    )


def test_single_choice_refuses_a_negative_grade():
    data = common() | rows("answers", answer("A", "1"), answer("B", "-0.5"))

    assert "Select a valid choice" in errors_of(QuestionType.SINGLE_CHOICE, data)


def test_it_makes_a_true_false_question():
    data = common(correct="false", feedback_true="No: it is false.", feedback_false="Right.")

    question = valid_data(QuestionType.TRUE_FALSE, data)

    assert question.answers == (
        Answer("true", Decimal(0), "No: it is false."),
        Answer("false", Decimal(1), "Right."),
    )
    assert question.shuffle_answers is True  # not asked: the default


def test_it_makes_a_short_answer_question():
    data = common() | rows("answers", answer("Paris", "1"), answer("Par*", "0.5"), blank=1)

    question = valid_data(QuestionType.SHORT_ANSWER, data)

    assert question.answers == (Answer("Paris", Decimal(1)), Answer("Par*", Decimal("0.5")))


def test_short_answer_needs_a_full_marks_answer():
    data = common() | rows("answers", answer("Paris", "0.5"))

    assert "At least one answer must be worth 100%" in errors_of(QuestionType.SHORT_ANSWER, data)


def test_short_answer_needs_an_answer():
    data = common() | rows("answers", blank=3)

    assert "at least one accepted answer" in errors_of(QuestionType.SHORT_ANSWER, data)


def test_it_makes_a_numerical_question_in_decimals():
    data = common() | rows(
        "answers",
        answer("3,14", "1", tolerance="0.01"),
        answer("3.1", "0.5"),
        answer("*", "0", "Not even close"),
    )

    question = valid_data(QuestionType.NUMERICAL, data)

    assert question.answers == (
        Answer("3.14", Decimal(1), tolerance=Decimal("0.01")),
        Answer("3.1", Decimal("0.5")),
        Answer("*", Decimal(0), "Not even close"),
    )
    assert isinstance(question.answers[0].tolerance, Decimal)


@pytest.mark.parametrize("text", ["pi", "1,000,000", "1e999", "nan"])
def test_numerical_answers_are_numbers(text):
    data = common() | rows("answers", answer(text, "1"))

    assert "is not a number" in errors_of(QuestionType.NUMERICAL, data)


def test_a_numerical_tolerance_is_not_negative():
    data = common() | rows("answers", answer("3", "1", tolerance="-1"))

    assert "greater than or equal to 0" in errors_of(QuestionType.NUMERICAL, data)


def test_it_makes_a_matching_question_with_a_distractor():
    data = common() | rows(
        "pairs",
        {"prompt": "France", "answer": "Paris"},
        {"prompt": "Spain", "answer": "Madrid"},
        {"prompt": "", "answer": "Rome"},
        blank=1,
    )

    question = valid_data(QuestionType.MATCHING, data)

    assert question.pairs == (
        MatchPair("France", "Paris"),
        MatchPair("Spain", "Madrid"),
        MatchPair("", "Rome"),
    )


def test_matching_needs_two_real_pairs():
    data = common() | rows(
        "pairs", {"prompt": "France", "answer": "Paris"}, {"prompt": "", "answer": "Rome"}
    )

    assert "at least two pairs" in errors_of(QuestionType.MATCHING, data)


def test_a_matching_prompt_needs_its_answer():
    data = common() | rows(
        "pairs", {"prompt": "France", "answer": "Paris"}, {"prompt": "Spain", "answer": ""}
    )

    assert "Write the matching answer" in errors_of(QuestionType.MATCHING, data)


def test_it_makes_an_ordering_question_in_the_given_order():
    data = common() | rows(
        "items",
        {"text": "Second", "ORDER": "2"},
        {"text": "First", "ORDER": "1"},
        {"text": "Third", "ORDER": ""},
        blank=1,
    )

    question = valid_data(QuestionType.ORDERING, data)

    assert question.items == ("First", "Second", "Third")


def test_ordering_needs_two_items():
    data = common() | rows("items", {"text": "Alone", "ORDER": "1"}, blank=2)

    assert "at least two items" in errors_of(QuestionType.ORDERING, data)


def test_it_makes_a_cloze_question_from_moodles_syntax():
    stem = "The capital of France is {1:SHORTANSWER:=Paris#Yes} and {1:MULTICHOICE_S:=red~blue}."

    question = valid_data(QuestionType.CLOZE, common(stem=stem))

    assert question.stem == "The capital of France is {{1}} and {{2}}."
    assert question.gaps == (
        ClozeGap(GapKind.TEXT, (Answer("Paris", Decimal(1), "Yes"),)),
        ClozeGap(GapKind.CHOICE, (Answer("red", Decimal(1)), Answer("blue", Decimal(0)))),
    )
    assert question.shuffle_answers is True


def test_cloze_problems_are_shown_with_their_lines():
    stem = "First line\nA gap {1:SHORTANSWER:Paris} with no right answer."

    errors = errors_of(QuestionType.CLOZE, common(stem=stem))

    assert "line 2: Gap 1 has no fully right answer" in errors


def test_cloze_needs_a_gap():
    assert "needs at least one gap" in errors_of(QuestionType.CLOZE, common(stem="No gap."))


def test_it_makes_essays_and_descriptions_without_answers():
    essay = valid_data(QuestionType.ESSAY, common(stem="Discuss.", points="10"))
    description = valid_data(QuestionType.DESCRIPTION, common(stem="Read this first."))

    assert essay == QuestionData(type=QuestionType.ESSAY, stem="Discuss.", points=Decimal(10))
    assert description.points == 0
    assert description.answers == ()


def test_points_are_decimal_and_not_negative():
    assert "greater than or equal to 0" in errors_of(
        QuestionType.ESSAY, common(stem="Discuss.", points="-1")
    )
    assert valid_data(QuestionType.ESSAY, common(points="0.3333333")).points == Decimal("0.3333333")


def test_the_lesson_is_one_of_the_courses_active_lessons():
    lesson = LessonFactory()
    archived = LessonFactory(module=lesson.module, is_archived=True)
    other = LessonFactory()
    course = lesson.course

    ok = bound(QuestionType.ESSAY, common(lesson=str(lesson.pk)), course=course)
    for refused in (archived, other):
        form = bound(QuestionType.ESSAY, common(lesson=str(refused.pk)), course=course)
        assert not form.is_valid()
        assert "lesson" in form.errors

    assert ok.is_valid()
    assert ok.chosen_lesson() == lesson


def unchanged_post(form: QuestionForm) -> dict[str, str]:
    """What a browser would post for ``form`` as it was shown, untouched."""
    data: dict[str, str] = {}

    def add(prefix: str, one: Any) -> None:
        for name in one.fields:
            value = one[name].value()
            key = f"{prefix}{name}"
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = str(value.pk if hasattr(value, "pk") else value)

    add("", form)
    if form.formset is not None:
        add(f"{form.formset.prefix}-", form.formset.management_form)
        for row in form.formset:
            add(f"{row.prefix}-", row)
    return data


@pytest.mark.parametrize(
    "question",
    [
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            stem="<p>Pick</p>",
            stem_format=TextFormat.HTML,
            answers=(
                Answer("A", Decimal(1), "fb", text_format=TextFormat.PLAIN),
                Answer("B", Decimal("0.37")),
            ),
            general_feedback="Because.",
            general_feedback_format=TextFormat.MARKDOWN,
            shuffle_answers=False,
            tags=("a", "b"),
            category="X/Y",
        ),
        QuestionData(
            type=QuestionType.NUMERICAL,
            stem="Pi?",
            answers=(Answer("3.14", Decimal(1), tolerance=Decimal("0.005")),),
        ),
        QuestionData(
            type=QuestionType.TRUE_FALSE,
            stem="Sky is green.",
            answers=(Answer("true", Decimal(0), "no"), Answer("false", Decimal(1), "yes")),
        ),
        QuestionData(
            type=QuestionType.MATCHING,
            stem="Match",
            pairs=(MatchPair("a", "1"), MatchPair("b", "2"), MatchPair("", "3")),
        ),
        QuestionData(type=QuestionType.ORDERING, stem="Order", items=("x", "y", "z")),
        QuestionData(
            type=QuestionType.CLOZE,
            stem="A {{1}} b {{2}}",
            gaps=(
                ClozeGap(GapKind.NUMERICAL, (Answer("2", Decimal(1), tolerance=Decimal("0.5")),)),
                ClozeGap(
                    GapKind.CHOICE,
                    (Answer("x", Decimal(1)), Answer("y", Decimal(0))),
                    weight=Decimal(2),
                ),
            ),
            shuffle_answers=False,
        ),
        QuestionData(type=QuestionType.DESCRIPTION, stem="Read", points=Decimal(0)),
    ],
    ids=lambda question: question.type.value,
)
def test_an_untouched_edit_form_gives_the_question_back(question):
    course = CourseFactory()
    shown = question_form(qtype=question.type, course=course, initial_data=question)

    form = question_form(
        unchanged_post(shown), qtype=question.type, course=course, initial_data=question
    )

    assert form.is_valid(), (form.errors, form.formset and form.formset.errors)
    assert form.to_question_data() == question


def test_deleting_a_row_drops_it():
    question = QuestionData(
        type=QuestionType.SHORT_ANSWER,
        stem="?",
        answers=(Answer("keep", Decimal(1)), Answer("drop", Decimal(0))),
    )
    course = CourseFactory()
    data = unchanged_post(question_form(qtype=question.type, course=course, initial_data=question))
    data["answers-1-DELETE"] = "on"

    form = question_form(data, qtype=question.type, course=course, initial_data=question)

    assert form.is_valid()
    assert form.to_question_data().answers == (Answer("keep", Decimal(1)),)
