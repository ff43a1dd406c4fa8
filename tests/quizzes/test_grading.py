"""Grading, one table per question type: what a learner's response earns, and why.

Pure functions over QuestionData; no database. Every fraction is compared as an exact Decimal.
"""

from __future__ import annotations

import logging
from decimal import Decimal, localcontext
from typing import Any

import pytest

from quizzes.grading import (
    Grade,
    GradeState,
    correct_response,
    grade,
    grade_cloze,
    grade_essay,
    grade_matching,
    grade_multiple_response,
    grade_numerical,
    grade_ordering,
    grade_short_answer,
    grade_single_choice,
    grade_true_false,
    max_fraction,
    min_fraction,
    parse_number,
)
from quizzes.questions import Answer, ClozeGap, GapKind, MatchPair, QuestionData, QuestionType

D = Decimal
RIGHT, PARTIAL, WRONG = GradeState.RIGHT, GradeState.PARTIAL, GradeState.WRONG
BLANK, INVALID = GradeState.NOT_ANSWERED, GradeState.INVALID
THIRD = D(1) / D(3)  # 0.3333333333333333333333333333, as the default context gives it
TWO_THIRDS = D(2) / D(3)  # 0.6666666666666666666666666667


def question(kind: QuestionType, **fields: Any) -> QuestionData:
    fields.setdefault("stem", "?")
    return QuestionData(type=kind, **fields)


def assert_grade(
    result: Grade, fraction: Decimal, state: GradeState, feedback: tuple[str, ...] = ()
) -> None:
    assert isinstance(result.fraction, Decimal)
    assert (result.fraction, result.state, result.feedback) == (fraction, state, feedback)


# Single choice ------------------------------------------------------------------------------

CAPITAL = question(
    QuestionType.SINGLE_CHOICE,
    answers=(
        Answer("Paris", D(1), "Yes, Paris."),
        Answer("Lyon", D(0), "Lyon is not the capital."),
        Answer("Versailles", D("0.5"), "It was, once."),
        Answer("Berlin", D("-0.5"), "That is Germany."),
        Answer("Nice", D(0)),
    ),
)


@pytest.mark.parametrize(
    ("response", "fraction", "state", "feedback"),
    [
        pytest.param(0, D(1), RIGHT, ("Yes, Paris.",), id="right"),
        pytest.param(1, D(0), WRONG, ("Lyon is not the capital.",), id="wrong"),
        pytest.param(2, D("0.5"), PARTIAL, ("It was, once.",), id="partial"),
        pytest.param(3, D("-0.5"), WRONG, ("That is Germany.",), id="negative-fraction-kept"),
        pytest.param(4, D(0), WRONG, (), id="wrong-without-feedback"),
        pytest.param(None, D(0), BLANK, (), id="blank-costs-nothing"),
        pytest.param(5, D(0), INVALID, (), id="index-past-the-end"),
        pytest.param(-1, D(0), INVALID, (), id="negative-index-is-not-the-last-answer"),
        pytest.param(True, D(0), INVALID, (), id="bool-is-not-an-index"),
        pytest.param("0", D(0), INVALID, (), id="string-is-not-an-index"),
        pytest.param(0.0, D(0), INVALID, (), id="float-is-not-an-index"),
        pytest.param([0], D(0), INVALID, (), id="list-is-not-an-index"),
    ],
)
def test_single_choice(response, fraction, state, feedback):
    assert_grade(grade_single_choice(CAPITAL, response), fraction, state, feedback)
    assert grade(CAPITAL, response) == grade_single_choice(CAPITAL, response)


# Multiple response --------------------------------------------------------------------------

PRIMES = question(
    QuestionType.MULTIPLE_RESPONSE,
    answers=(
        Answer("2", D("0.5"), "2 is prime."),
        Answer("4", D(-1), "4 = 2 × 2."),
        Answer("5", D("0.5"), "5 is prime."),
        Answer("9", D(0)),
    ),
)


@pytest.mark.parametrize(
    ("response", "fraction", "state", "feedback"),
    [
        pytest.param(frozenset({0, 2}), D(1), RIGHT, ("2 is prime.", "5 is prime."), id="right"),
        pytest.param(frozenset({2}), D("0.5"), PARTIAL, ("5 is prime.",), id="half"),
        pytest.param(
            frozenset({0, 2, 3}),
            D(1),
            RIGHT,
            ("2 is prime.", "5 is prime."),
            id="zero-weight-wrong-choice-costs-nothing",
        ),
        pytest.param(
            frozenset({0, 1}),
            D(0),
            WRONG,
            ("2 is prime.", "4 = 2 × 2."),
            id="negative-clamped-to-0",
        ),
        pytest.param(
            frozenset({0, 1, 2, 3}),
            D(0),
            WRONG,
            ("2 is prime.", "4 = 2 × 2.", "5 is prime."),
            id="ticking-everything-earns-nothing",
        ),
        pytest.param({0, 2}, D(1), RIGHT, ("2 is prime.", "5 is prime."), id="plain-set"),
        pytest.param([2, 0, 2], D(1), RIGHT, ("2 is prime.", "5 is prime."), id="json-list-dupes"),
        pytest.param(frozenset(), D(0), BLANK, (), id="nothing-ticked"),
        pytest.param(None, D(0), BLANK, (), id="blank"),
        pytest.param([2, 9], D("0.5"), PARTIAL, ("5 is prime.",), id="missing-choice-worth-0"),
        pytest.param([9], D(0), INVALID, (), id="only-missing-choices"),
        pytest.param(["0", "2"], D(0), INVALID, (), id="strings-are-not-indices"),
        pytest.param([True], D(0), INVALID, (), id="bools-are-not-indices"),
        pytest.param(0, D(0), INVALID, (), id="a-bare-index"),
        pytest.param("02", D(0), INVALID, (), id="a-string"),
    ],
)
def test_multiple_response(response, fraction, state, feedback):
    assert_grade(grade_multiple_response(PRIMES, response), fraction, state, feedback)


def test_multiple_response_over_generous_key_is_clamped_to_full_marks():
    generous = question(
        QuestionType.MULTIPLE_RESPONSE, answers=(Answer("a", D("0.6")), Answer("b", D("0.6")))
    )
    assert_grade(grade_multiple_response(generous, {0, 1}), D(1), RIGHT)


# Decimal exactness and points ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("third", "points", "fraction", "expected_points"),
    [
        pytest.param(THIRD, D(1), THIRD * 3, D("1.0000000"), id="exact-thirds-1-point"),
        pytest.param(THIRD, D(3), THIRD * 3, D("3.0000000"), id="exact-thirds-3-points"),
        # Moodle stores 33.33333 % as 0.3333333: the sum is 0.9999999, still "right", and the
        # points are 0.9999999 × points, exactly as Moodle computes them.
        pytest.param(D("0.3333333"), D(1), D("0.9999999"), D("0.9999999"), id="moodle-thirds"),
        pytest.param(D("0.3333333"), D(3), D("0.9999999"), D("2.9999997"), id="moodle-thirds-x3"),
    ],
)
def test_three_thirds_sum_exactly_and_count_as_right(third, points, fraction, expected_points):
    thirds = question(
        QuestionType.MULTIPLE_RESPONSE,
        points=points,
        answers=(Answer("a", third), Answer("b", third), Answer("c", third), Answer("d", D(-1))),
    )
    result = grade(thirds, frozenset({0, 1, 2}))

    assert result.fraction == fraction
    assert result.state == RIGHT
    assert result.points(thirds) == expected_points


@pytest.mark.parametrize(
    ("fraction", "points", "expected"),
    [
        pytest.param(THIRD, D(1), D("0.3333333"), id="third-rounds-down"),
        pytest.param(TWO_THIRDS, D(1), D("0.6666667"), id="two-thirds-rounds-up"),
        pytest.param(D("0.00000005"), D(1), D("0.0000001"), id="half-rounds-up"),
        pytest.param(D("0.00000025"), D(1), D("0.0000003"), id="half-up-not-half-even"),
        pytest.param(D("-0.00000005"), D(1), D("-0.0000001"), id="negative-half-away-from-0"),
        pytest.param(D("-0.5"), D(3), D("-1.5"), id="negative-points"),
        pytest.param(D("0.5"), D("2.5"), D("1.25"), id="fractional-points"),
        pytest.param(D(1), D(0), D(0), id="zero-points"),
    ],
)
def test_points_are_fraction_times_points_rounded_half_up_to_7_places(fraction, points, expected):
    result = Grade(fraction, GradeState.PARTIAL)
    earned = result.points(points)
    assert earned == expected
    assert earned is not None
    assert earned.as_tuple().exponent == -7  # 7 decimal places, as Moodle stores marks
    assert result.points(question(QuestionType.SINGLE_CHOICE, points=points)) == expected


def test_pending_grade_has_no_points():
    assert Grade(None, GradeState.NEEDS_GRADING).points(D(5)) is None


def test_grading_ignores_the_callers_decimal_context():
    pairs = (MatchPair("a", "1"), MatchPair("b", "2"), MatchPair("c", "3"))
    matching = question(QuestionType.MATCHING, pairs=pairs)
    with localcontext() as context:
        context.prec = 3
        result = grade(matching, {0: "1"})
        points = result.points(D("7"))
    assert result.fraction == THIRD
    assert points == D("2.3333333")


# True / false -------------------------------------------------------------------------------


def true_false(right: bool) -> QuestionData:
    return question(
        QuestionType.TRUE_FALSE,
        answers=(
            Answer("true", D(1) if right else D(0), "You said true."),
            Answer("false", D(0) if right else D(1), "You said false."),
        ),
    )


@pytest.mark.parametrize(
    ("right", "response", "fraction", "state", "feedback"),
    [
        pytest.param(True, True, D(1), RIGHT, ("You said true.",), id="true-is-right"),
        pytest.param(True, False, D(0), WRONG, ("You said false.",), id="false-is-wrong"),
        pytest.param(False, False, D(1), RIGHT, ("You said false.",), id="false-is-right"),
        pytest.param(False, True, D(0), WRONG, ("You said true.",), id="true-is-wrong"),
        pytest.param(True, None, D(0), BLANK, (), id="blank"),
        pytest.param(True, "true", D(0), INVALID, (), id="string-is-not-a-bool"),
        pytest.param(True, 1, D(0), INVALID, (), id="int-is-not-a-bool"),
    ],
)
def test_true_false_is_all_or_nothing(right, response, fraction, state, feedback):
    assert_grade(grade_true_false(true_false(right), response), fraction, state, feedback)


def test_true_false_partial_key_still_all_or_nothing():
    half = question(
        QuestionType.TRUE_FALSE, answers=(Answer("true", D("0.5")), Answer("false", D(0)))
    )
    assert_grade(grade_true_false(half, True), D(0), WRONG)


# Short answer -------------------------------------------------------------------------------

CITY = question(
    QuestionType.SHORT_ANSWER,
    answers=(
        Answer("Paris", D(1), "Right."),
        Answer("Par*", D("0.5"), "Close: check the spelling."),
        Answer("New York", D("0.25"), "Not in France."),
        Answer("*", D(0), "No."),
    ),
)


@pytest.mark.parametrize(
    ("response", "fraction", "state", "feedback"),
    [
        pytest.param("Paris", D(1), RIGHT, ("Right.",), id="right"),
        pytest.param("paris", D(1), RIGHT, ("Right.",), id="lower-case"),
        pytest.param("PARIS", D(1), RIGHT, ("Right.",), id="upper-case"),
        pytest.param("  Paris \n", D(1), RIGHT, ("Right.",), id="surrounding-space"),
        pytest.param(
            "Parisienne", D("0.5"), PARTIAL, ("Close: check the spelling.",), id="wildcard-tail"
        ),
        pytest.param("Par", D("0.5"), PARTIAL, ("Close: check the spelling.",), id="empty-run"),
        pytest.param("new   york", D("0.25"), PARTIAL, ("Not in France.",), id="inner-spaces"),
        pytest.param("New\u00a0York", D("0.25"), PARTIAL, ("Not in France.",), id="no-break-space"),
        pytest.param("New\tYork", D("0.25"), PARTIAL, ("Not in France.",), id="tab"),
        pytest.param("NewYork", D(0), WRONG, ("No.",), id="missing-space-is-another-word"),
        pytest.param("Lyon", D(0), WRONG, ("No.",), id="catch-all-wildcard"),
        pytest.param("", D(0), BLANK, (), id="empty"),
        pytest.param("   ", D(0), BLANK, (), id="only-spaces"),
        pytest.param(None, D(0), BLANK, (), id="none"),
        pytest.param(42, D(0), INVALID, (), id="not-text"),
        pytest.param(["Paris"], D(0), INVALID, (), id="list"),
    ],
)
def test_short_answer(response, fraction, state, feedback):
    assert_grade(grade_short_answer(CITY, response), fraction, state, feedback)


@pytest.mark.parametrize(
    ("answers", "response", "fraction"),
    [
        pytest.param(
            (Answer("*", D(0)), Answer("Paris", D(1))), "Paris", D(0), id="catch-all-first-wins"
        ),
        pytest.param(
            (Answer("Par*", D("0.5")), Answer("Paris", D(1))),
            "Paris",
            D("0.5"),
            id="partial-first-wins-over-exact",
        ),
        pytest.param(
            (Answer("Paris", D(1)), Answer("Par*", D("0.5"))), "Paris", D(1), id="exact-first"
        ),
        pytest.param(
            (Answer("paris", D("0.8")), Answer("Paris", D(1))),
            "Paris",
            D("0.8"),
            id="case-differing-answers-first-wins",
        ),
    ],
)
def test_short_answer_first_matching_answer_in_order_wins(answers, response, fraction):
    result = grade_short_answer(question(QuestionType.SHORT_ANSWER, answers=answers), response)
    assert result.fraction == fraction


@pytest.mark.parametrize(
    ("pattern", "response", "matches"),
    [
        pytest.param("colo*r", "color", True, id="empty-run-in-the-middle"),
        pytest.param("colo*r", "colour", True, id="run-in-the-middle"),
        pytest.param("colo*r", "colors", False, id="must-match-the-whole-response"),
        pytest.param("colo*r", "the color", False, id="anchored-at-the-start"),
        pytest.param("*ing", "ing", True, id="leading-wildcard-empty"),
        pytest.param("*ing", "Running", True, id="leading-wildcard"),
        pytest.param("a**b", "axyb", True, id="double-star-is-one-wildcard"),
        pytest.param("*ab*ab*", "xabyab", True, id="repeated-literal"),
        pytest.param("*ab*ab*", "xab", False, id="repeated-literal-needs-two"),
        pytest.param("aba*aba", "ababa", False, id="prefix-and-suffix-cannot-overlap"),
        pytest.param("5\\*3", "5*3", True, id="escaped-star-is-literal"),
        pytest.param("5\\*3", "543", False, id="escaped-star-is-not-a-wildcard"),
        pytest.param("5\\**", "5*3", True, id="escaped-star-then-wildcard"),
        pytest.param("a.c", "abc", False, id="regex-characters-are-literal"),
        pytest.param("(x+y)", "(X+Y)", True, id="regex-characters-match-themselves"),
        pytest.param("café", "cafe\u0301", True, id="unicode-normalised"),
        pytest.param("Straße", "STRASSE", True, id="case-folding"),
        pytest.param("Isaac * Newton", "isaac newton", False, id="spaces-around-star-literal"),
        pytest.param("Isaac*Newton", "Isaac   Sir  Newton", True, id="collapsed-inner-spaces"),
    ],
)
def test_short_answer_wildcards(pattern, response, matches):
    single = question(QuestionType.SHORT_ANSWER, answers=(Answer(pattern, D(1)),))
    assert grade_short_answer(single, response).state == (RIGHT if matches else WRONG)


def test_many_wildcards_against_a_long_response_do_not_backtrack():
    pathological = question(
        QuestionType.SHORT_ANSWER, answers=(Answer("a*a*a*a*a*a*a*a*a*b", D(1)),)
    )
    # A backtracking matcher would take hours here; the linear one answers at once.
    result = grade_short_answer(pathological, "a" * 10_000)
    assert result.state == WRONG


# Numerical ----------------------------------------------------------------------------------

PI = question(
    QuestionType.NUMERICAL,
    answers=(
        Answer("3.14", D(1), "Right.", tolerance=D("0.01")),
        Answer("3", D("0.5"), "Rounded too far."),
        Answer("-3.14", D("0.25"), "Wrong sign.", tolerance=D("0.01")),
        Answer("*", D(0), "Not even close."),
    ),
)


@pytest.mark.parametrize(
    ("response", "fraction", "state", "feedback"),
    [
        pytest.param("3.14", D(1), RIGHT, ("Right.",), id="exact"),
        pytest.param("3.15", D(1), RIGHT, ("Right.",), id="upper-tolerance-edge-counts"),
        pytest.param("3.13", D(1), RIGHT, ("Right.",), id="lower-tolerance-edge-counts"),
        pytest.param("3.1500001", D(0), WRONG, ("Not even close.",), id="just-above-tolerance"),
        pytest.param("3.1299999", D(0), WRONG, ("Not even close.",), id="just-below-tolerance"),
        pytest.param("3.140000", D(1), RIGHT, ("Right.",), id="trailing-zeros"),
        pytest.param("314e-2", D(1), RIGHT, ("Right.",), id="scientific"),
        pytest.param("3,14", D(1), RIGHT, ("Right.",), id="decimal-comma-as-moodle"),
        pytest.param("  3.14\t", D(1), RIGHT, ("Right.",), id="surrounding-space"),
        pytest.param("3", D("0.5"), PARTIAL, ("Rounded too far.",), id="no-tolerance-exact"),
        pytest.param("3.", D("0.5"), PARTIAL, ("Rounded too far.",), id="trailing-point"),
        pytest.param("+3.0", D("0.5"), PARTIAL, ("Rounded too far.",), id="plus-sign"),
        pytest.param("3.0000001", D(0), WRONG, ("Not even close.",), id="no-tolerance-means-0"),
        pytest.param("-3.14", D("0.25"), PARTIAL, ("Wrong sign.",), id="negative"),
        pytest.param("\u22123.14", D("0.25"), PARTIAL, ("Wrong sign.",), id="unicode-minus"),
        pytest.param("1e300", D(0), WRONG, ("Not even close.",), id="star-matches-any-number"),
        pytest.param("", D(0), BLANK, (), id="empty"),
        pytest.param("   ", D(0), BLANK, (), id="only-spaces"),
        pytest.param(None, D(0), BLANK, (), id="none"),
        pytest.param("pi", D(0), INVALID, (), id="not-a-number-is-not-matched-by-star"),
        pytest.param("3.14 cm", D(0), INVALID, (), id="unit-after-number"),
        pytest.param("3,140.0", D(0), INVALID, (), id="thousands-separator-refused"),
        pytest.param("1e5000", D(0), INVALID, (), id="absurd-exponent"),
        pytest.param("NaN", D(0), INVALID, (), id="nan"),
        pytest.param(3.14, D(0), INVALID, (), id="float-is-not-what-was-typed"),
    ],
)
def test_numerical(response, fraction, state, feedback):
    assert_grade(grade_numerical(PI, response), fraction, state, feedback)


@pytest.mark.parametrize(
    ("answers", "response", "fraction"),
    [
        pytest.param(
            (Answer("3", D("0.5"), tolerance=D(1)), Answer("3.14", D(1), tolerance=D("0.01"))),
            "3.14",
            D("0.5"),
            id="wide-partial-first-wins",
        ),
        pytest.param(
            (Answer("3.14", D(1), tolerance=D("0.01")), Answer("3", D("0.5"), tolerance=D(1))),
            "3.14",
            D(1),
            id="narrow-right-first-wins",
        ),
        pytest.param((Answer("*", D(0)), Answer("3.14", D(1))), "3.14", D(0), id="star-first-wins"),
    ],
)
def test_numerical_first_matching_answer_in_order_wins(answers, response, fraction):
    result = grade_numerical(question(QuestionType.NUMERICAL, answers=answers), response)
    assert result.fraction == fraction


@pytest.mark.parametrize(
    ("answer", "response", "right"),
    [
        # A range 1..2 is stored as its midpoint 1.5 with half its width, 0.5.
        pytest.param(Answer("1.5", D(1), tolerance=D("0.5")), "1", True, id="range-low-end"),
        pytest.param(Answer("1.5", D(1), tolerance=D("0.5")), "2", True, id="range-high-end"),
        pytest.param(Answer("1.5", D(1), tolerance=D("0.5")), "0.9999", False, id="range-below"),
        pytest.param(Answer("1.5", D(1), tolerance=D("0.5")), "2.0001", False, id="range-above"),
        # In floats 1.1 − 1.0 is 0.10000000000000009 > 0.1: Moodle needs an epsilon, not Docent.
        pytest.param(Answer("1.0", D(1), tolerance=D("0.1")), "1.1", True, id="no-float-error"),
        pytest.param(Answer("0.3", D(1)), "0.30000000000000004", False, id="exact-no-tolerance"),
        pytest.param(
            Answer("6.02e23", D(1), tolerance=D("0.01e23")), "6.03x10^23", True, id="avogadro"
        ),
        pytest.param(
            Answer("6.02e23", D(1), tolerance=D("0.01e23")), "6.04E23", False, id="avogadro-off"
        ),
        pytest.param(Answer("-40", D(1), tolerance=D(-1)), "-41", True, id="negative-tolerance"),
        pytest.param(Answer("nonsense", D(1)), "0", False, id="unreadable-key-matches-nothing"),
    ],
)
def test_numerical_tolerance(answer, response, right):
    result = grade_numerical(question(QuestionType.NUMERICAL, answers=(answer,)), response)
    assert result.state == (RIGHT if right else WRONG)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("42", D(42), id="integer"),
        pytest.param(" 42 ", D(42), id="surrounding-space"),
        pytest.param("+42", D(42), id="plus"),
        pytest.param("-42", D(-42), id="minus"),
        pytest.param("\u221242", D(-42), id="unicode-minus"),
        pytest.param("3.14", D("3.14"), id="decimal-point"),
        pytest.param("1,5", D("1.5"), id="decimal-comma"),
        pytest.param(".5", D("0.5"), id="leading-point"),
        pytest.param("5.", D(5), id="trailing-point"),
        pytest.param("1e3", D(1000), id="exponent"),
        pytest.param("1E-3", D("0.001"), id="negative-exponent"),
        pytest.param("2.5e+2", D(250), id="signed-exponent"),
        pytest.param("1.5x10^3", D(1500), id="x10-caret"),
        pytest.param("1.5 × 10^3", D(1500), id="times-10-caret"),
        pytest.param("1.5*10**3", D(1500), id="star-10-star-star"),
        pytest.param("\uff11\uff12", D(12), id="full-width-digits"),
        pytest.param("0.1", D("0.1"), id="exact-not-float"),
        pytest.param("", None, id="empty"),
        pytest.param(" ", None, id="space"),
        pytest.param(".", None, id="lone-point"),
        pytest.param("-", None, id="lone-sign"),
        pytest.param("--1", None, id="double-sign"),
        pytest.param("e3", None, id="exponent-only"),
        pytest.param("1e", None, id="exponent-without-digits"),
        pytest.param("1..2", None, id="two-points"),
        pytest.param("1,234.5", None, id="thousands-comma"),
        pytest.param("1,2,3", None, id="several-commas"),
        pytest.param("1 000", None, id="thousands-space"),
        pytest.param("1_000", None, id="underscore"),
        pytest.param("0x1A", None, id="hexadecimal"),
        pytest.param("3 cm", None, id="unit"),
        pytest.param("NaN", None, id="nan"),
        pytest.param("Infinity", None, id="infinity"),
        pytest.param("1e5000", None, id="too-large"),
        pytest.param("1e-5000", None, id="too-small"),
        pytest.param("1e9999999999", None, id="exponent-too-long"),
        pytest.param(None, None, id="none"),
        pytest.param(42, None, id="not-text"),
    ],
)
def test_parse_number(text, value):
    parsed = parse_number(text)
    assert parsed == value
    assert parsed is None or isinstance(parsed, Decimal)


# Matching -----------------------------------------------------------------------------------

ANIMALS = question(
    QuestionType.MATCHING,
    points=D(2),
    pairs=(
        MatchPair("cat", "mammal"),
        MatchPair("dog", "mammal"),
        MatchPair("", "fish"),  # distractor
        MatchPair("eagle", "bird"),
        MatchPair("  ", "reptile"),  # a blank prompt is a distractor too
    ),
)


@pytest.mark.parametrize(
    ("response", "fraction", "state", "points"),
    [
        pytest.param({0: "mammal", 1: "mammal", 2: "bird"}, D(1), RIGHT, D(2), id="right"),
        pytest.param(
            {0: "mammal", 1: "mammal"}, TWO_THIRDS, PARTIAL, D("1.3333333"), id="shared-answer"
        ),
        pytest.param({2: "bird"}, THIRD, PARTIAL, D("0.6666667"), id="one-of-three"),
        pytest.param(
            {0: "fish", 1: "mammal", 2: "bird"}, TWO_THIRDS, PARTIAL, None, id="distractor-chosen"
        ),
        pytest.param({0: "bird", 1: "bird", 2: "mammal"}, D(0), WRONG, D(0), id="all-wrong"),
        pytest.param({"0": "mammal", "1": "mammal", "2": "bird"}, D(1), RIGHT, None, id="json"),
        pytest.param({0: "mammal", 7: "bird"}, THIRD, PARTIAL, None, id="unknown-prompt-ignored"),
        pytest.param({0: "Mammal"}, D(0), WRONG, None, id="text-compared-exactly"),
        pytest.param({}, D(0), BLANK, D(0), id="blank"),
        pytest.param({0: "", 1: None}, D(0), BLANK, None, id="empty-choices"),
        pytest.param(None, D(0), BLANK, None, id="none"),
        pytest.param({3: "fish"}, D(0), INVALID, None, id="only-unknown-prompts"),
        pytest.param({0: 1}, D(0), INVALID, None, id="choice-not-text"),
        pytest.param({True: "mammal"}, D(0), INVALID, None, id="bool-key"),
        pytest.param(["mammal", "mammal", "bird"], D(0), INVALID, None, id="list"),
    ],
)
def test_matching(response, fraction, state, points):
    result = grade_matching(ANIMALS, response)
    assert_grade(result, fraction, state)
    if points is not None:
        assert result.points(ANIMALS) == points


def test_matching_without_prompts_scores_zero_instead_of_dividing_by_zero():
    only_distractors = question(QuestionType.MATCHING, pairs=(MatchPair("", "fish"),))
    assert grade(only_distractors, {0: "fish"}).state == INVALID


# Ordering -----------------------------------------------------------------------------------

STEPS = question(QuestionType.ORDERING, items=("plan", "write", "test", "ship"))


@pytest.mark.parametrize(
    ("response", "fraction", "state"),
    [
        pytest.param([0, 1, 2, 3], D(1), RIGHT, id="right"),
        pytest.param((0, 1, 2, 3), D(1), RIGHT, id="tuple"),
        pytest.param([1, 0, 2, 3], D("0.5"), PARTIAL, id="first-two-swapped"),
        pytest.param([0, 2, 1, 3], D("0.5"), PARTIAL, id="middle-swapped"),
        pytest.param([0, 1, 3, 2], D("0.5"), PARTIAL, id="last-two-swapped"),
        pytest.param([0, 3, 2, 1], D("0.5"), PARTIAL, id="ends-kept"),
        pytest.param([3, 1, 2, 0], D("0.5"), PARTIAL, id="ends-swapped"),
        pytest.param([3, 2, 1, 0], D(0), WRONG, id="reversed"),
        # Absolute position: a sequence shifted by one earns nothing, though each item still
        # precedes the right one (Moodle's RELATIVE_NEXT gradings would give credit).
        pytest.param([3, 0, 1, 2], D(0), WRONG, id="shifted-earns-nothing"),
        pytest.param(None, D(0), BLANK, id="blank"),
        pytest.param([], D(0), BLANK, id="empty"),
        pytest.param([0, 0, 0, 0], D(0), INVALID, id="same-item-everywhere"),
        pytest.param([0, 1, 2], D(0), INVALID, id="an-item-missing"),
        pytest.param([0, 1, 2, 3, 4], D(0), INVALID, id="an-item-too-many"),
        pytest.param([0, 1, 2, -1], D(0), INVALID, id="negative-index"),
        pytest.param(["0", "1", "2", "3"], D(0), INVALID, id="strings"),
        pytest.param([False, True, 2, 3], D(0), INVALID, id="bools"),
        pytest.param("0123", D(0), INVALID, id="a-string"),
        pytest.param({0, 1, 2, 3}, D(0), INVALID, id="a-set-has-no-order"),
    ],
)
def test_ordering_partial_credit_is_items_in_their_absolute_position(response, fraction, state):
    assert_grade(grade_ordering(STEPS, response), fraction, state)


@pytest.mark.parametrize(
    ("extra", "option", "response", "fraction"),
    [
        pytest.param({}, True, [0, 1, 2, 3], D(1), id="all-right"),
        pytest.param({}, True, [0, 1, 3, 2], D(0), id="one-swap-earns-nothing"),
        pytest.param({"gradingtype": "ALL_OR_NOTHING"}, None, [0, 1, 3, 2], D(0), id="imported"),
        pytest.param({"gradingtype": "-1"}, None, [0, 1, 3, 2], D(0), id="imported-number"),
        pytest.param(
            {"gradingtype": "ABSOLUTE_POSITION"}, None, [0, 1, 3, 2], D("0.5"), id="absolute"
        ),
        pytest.param(
            {"gradingtype": "ALL_OR_NOTHING"}, False, [0, 1, 3, 2], D("0.5"), id="option-wins"
        ),
    ],
)
def test_ordering_all_or_nothing(extra, option, response, fraction):
    steps = question(QuestionType.ORDERING, items=STEPS.items, extra=extra)
    assert grade_ordering(steps, response, all_or_nothing=option).fraction == fraction
    if option is None:
        assert grade(steps, response).fraction == fraction


def test_ordering_items_with_the_same_text_are_interchangeable():
    repeated = question(QuestionType.ORDERING, items=("x", "x", "y"))
    assert_grade(grade_ordering(repeated, [1, 0, 2]), D(1), RIGHT)
    assert_grade(grade_ordering(repeated, [2, 0, 1]), THIRD, PARTIAL)


# Cloze --------------------------------------------------------------------------------------

TRIP = question(
    QuestionType.CLOZE,
    stem="The capital is {{1}}, the sky is {{2}} and the answer is {{3}}.",
    points=D(4),
    gaps=(
        ClozeGap(
            GapKind.CHOICE,
            (
                Answer("Paris", D(1), "Yes."),
                Answer("Lyon", D(0), "No."),
                Answer("Berlin", D("-0.5"), "Not even France."),
            ),
        ),
        ClozeGap(
            GapKind.TEXT,
            (Answer("blue", D(1)), Answer("*", D(0), "Another colour.")),
            weight=D(2),
        ),
        ClozeGap(GapKind.NUMERICAL, (Answer("42", D(1), "Of course.", tolerance=D("0.5")),)),
    ),
)


@pytest.mark.parametrize(
    ("response", "fraction", "state", "gap_states", "feedback"),
    [
        pytest.param(
            [0, "Blue", "42"],
            D(1),
            RIGHT,
            (RIGHT, RIGHT, RIGHT),
            ("Yes.", "Of course."),
            id="right",
        ),
        pytest.param(
            [0, "  BLUE ", "42.5"],
            D(1),
            RIGHT,
            (RIGHT, RIGHT, RIGHT),
            ("Yes.", "Of course."),
            id="normalised-text-and-tolerance-edge",
        ),
        pytest.param(
            [0, "red", "42"],
            D("0.5"),
            PARTIAL,
            (RIGHT, WRONG, RIGHT),
            ("Yes.", "Another colour.", "Of course."),
            id="heavy-text-gap-wrong",
        ),
        pytest.param(
            [1, "blue", "41"],
            D("0.5"),
            PARTIAL,
            (WRONG, RIGHT, WRONG),
            ("No.",),
            id="heavy-text-gap-right",
        ),
        pytest.param(
            [2, "blue", "42"],
            D("0.625"),
            PARTIAL,
            (WRONG, RIGHT, RIGHT),
            ("Not even France.", "Of course."),
            id="negative-choice-subtracts",
        ),
        pytest.param(
            [2, "red", "0"],
            D(0),
            WRONG,
            (WRONG, WRONG, WRONG),
            ("Not even France.", "Another colour."),
            id="negative-total-clamped-to-0",
        ),
        pytest.param([0], D("0.25"), PARTIAL, (RIGHT, BLANK, BLANK), ("Yes.",), id="short-list"),
        pytest.param(
            [0, "blue", "42", "extra"],
            D(1),
            RIGHT,
            (RIGHT, RIGHT, RIGHT),
            ("Yes.", "Of course."),
            id="extra-values-ignored",
        ),
        pytest.param([None, "", ""], D(0), BLANK, (BLANK, BLANK, BLANK), (), id="all-blank"),
        pytest.param(None, D(0), BLANK, (BLANK, BLANK, BLANK), (), id="none"),
        pytest.param(
            [None, "", "forty-two"],
            D(0),
            WRONG,
            (BLANK, BLANK, INVALID),
            (),
            id="only-an-unreadable-number",
        ),
        pytest.param(
            [9, "blue", "42"],
            D("0.75"),
            PARTIAL,
            (INVALID, RIGHT, RIGHT),
            ("Of course.",),
            id="missing-choice",
        ),
        pytest.param(
            ["0", "blue", 42],
            D("0.5"),
            PARTIAL,
            (INVALID, RIGHT, INVALID),
            (),
            id="wrong-types-per-gap",
        ),
        pytest.param("Paris blue 42", D(0), INVALID, (), (), id="not-a-list"),
    ],
)
def test_cloze_weighted_average_of_gaps(response, fraction, state, gap_states, feedback):
    result = grade_cloze(TRIP, response)
    assert_grade(result, fraction, state, feedback)
    assert tuple(part.state for part in result.parts) == gap_states


def test_cloze_equal_weights_give_exact_thirds():
    gaps = tuple(ClozeGap(GapKind.TEXT, (Answer(word, D(1)),)) for word in ("a", "b", "c"))
    cloze = question(QuestionType.CLOZE, gaps=gaps, points=D(1))
    result = grade(cloze, ["a", "x", "x"])
    assert result.fraction == THIRD
    assert result.points(cloze) == D("0.3333333")


def test_cloze_partial_gap_answers_are_weighted():
    gap = ClozeGap(GapKind.TEXT, (Answer("colour", D(1)), Answer("color", D("0.5"))), D(3))
    other = ClozeGap(GapKind.CHOICE, (Answer("yes", D(1)), Answer("no", D(0))), D(1))
    cloze = question(QuestionType.CLOZE, gaps=(gap, other))
    assert grade(cloze, ["color", 0]).fraction == D("0.625")  # (0.5 × 3 + 1 × 1) / 4


def test_cloze_without_weight_scores_zero_instead_of_dividing_by_zero():
    gap = ClozeGap(GapKind.TEXT, (Answer("a", D(1)),), weight=D(0))
    assert grade(question(QuestionType.CLOZE, gaps=(gap,)), ["a"]).fraction == D(0)


# Essay and description ----------------------------------------------------------------------

ESSAY = question(QuestionType.ESSAY, points=D(10))


@pytest.mark.parametrize(
    ("response", "fraction", "state", "answered"),
    [
        pytest.param(
            "Rome was not built in a day.", None, GradeState.NEEDS_GRADING, True, id="text"
        ),
        pytest.param("", D(0), BLANK, False, id="empty"),
        pytest.param(" \n\t", D(0), BLANK, False, id="only-space"),
        pytest.param(None, D(0), BLANK, False, id="none"),
        pytest.param(["essay"], D(0), INVALID, True, id="not-text"),
    ],
)
def test_essay_waits_for_a_grader(response, fraction, state, answered):
    result = grade_essay(ESSAY, response)
    assert (result.fraction, result.state, result.answered) == (fraction, state, answered)
    assert result.needs_grading == (fraction is None)
    assert result.points(ESSAY) == (None if fraction is None else D(0))


def test_description_has_nothing_to_grade():
    result = grade(question(QuestionType.DESCRIPTION), "anything")
    assert (result.fraction, result.state, result.answered) == (D(0), GradeState.INFORMATION, False)


# The dispatcher never raises ------------------------------------------------------------------

ALL_QUESTIONS = [CAPITAL, PRIMES, true_false(True), CITY, PI, ANIMALS, STEPS, TRIP, ESSAY]
GARBAGE = [
    object(),
    float("nan"),
    -(10**100),
    10**100,
    "\x00" * 3,
    b"bytes",
    [[0], {"a": 1}],
    {None: None},
    {frozenset(): [1]},
    (None,),
    {"0": ["x"]},
    Decimal("NaN"),
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=lambda value: type(value).__name__)
@pytest.mark.parametrize("kind", ALL_QUESTIONS, ids=lambda q: q.type.value)
def test_garbage_scores_nothing_and_never_raises(kind, garbage):
    result = grade(kind, garbage)
    if kind is ESSAY and isinstance(garbage, str):
        assert result.state == GradeState.NEEDS_GRADING  # any text is for the grader to judge
    else:
        assert result.fraction == 0
        assert result.state in (INVALID, BLANK, WRONG)


def test_a_broken_question_is_logged_and_scores_zero(caplog):
    broken = question(QuestionType.SINGLE_CHOICE, answers=(Answer("x", None),))  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="quizzes.grading"):
        result = grade(broken, 0)
    assert (result.fraction, result.state) == (D(0), INVALID)
    assert "Grading question" in caplog.text


# Correct response, max and min fraction ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param(CAPITAL, 0, id="single-choice"),
        pytest.param(PRIMES, frozenset({0, 2}), id="multiple-response"),
        pytest.param(true_false(True), True, id="true"),
        pytest.param(true_false(False), False, id="false"),
        pytest.param(CITY, "Paris", id="short-answer"),
        pytest.param(
            question(QuestionType.SHORT_ANSWER, answers=(Answer("Isaac*Newton", D(1)),)),
            "Isaac Newton",
            id="wildcard-shown-as-space",
        ),
        pytest.param(
            question(QuestionType.SHORT_ANSWER, answers=(Answer("5\\*3", D(1)),)),
            "5*3",
            id="escaped-star-shown-as-star",
        ),
        pytest.param(PI, "3.14", id="numerical"),
        pytest.param(
            question(QuestionType.NUMERICAL, answers=(Answer("*", D(1)),)), "0", id="any-number"
        ),
        pytest.param(ANIMALS, {0: "mammal", 1: "mammal", 2: "bird"}, id="matching"),
        pytest.param(STEPS, [0, 1, 2, 3], id="ordering"),
        pytest.param(TRIP, [0, "blue", "42"], id="cloze"),
    ],
)
def test_correct_response_earns_full_marks(kind, expected):
    response = correct_response(kind)
    assert response == expected
    assert grade(kind, response).fraction == max_fraction(kind) == D(1)
    assert grade(kind, response).state == RIGHT


def test_correct_response_skips_a_right_answer_that_an_earlier_answer_shadows():
    shadowed = question(
        QuestionType.SHORT_ANSWER, answers=(Answer("Par*", D("0.5")), Answer("Paris", D(1)))
    )
    # "Paris" is graded by "Par*" first, so no response can earn full marks: the key is
    # broken, and max_fraction says so instead of offering a "right" answer that is not.
    assert grade(shadowed, correct_response(shadowed)).fraction == D("0.5")
    assert max_fraction(shadowed) == D("0.5")


@pytest.mark.parametrize(
    ("kind", "maximum", "minimum"),
    [
        pytest.param(CAPITAL, D(1), D("-0.5"), id="single-choice-min-is-worst-choice"),
        pytest.param(PRIMES, D(1), D(0), id="multiple-response-clamped"),
        pytest.param(TRIP, D(1), D(0), id="cloze-clamped"),
        pytest.param(ESSAY, D(1), D(0), id="essay-grader-may-give-full-marks"),
        pytest.param(question(QuestionType.DESCRIPTION), D(0), D(0), id="description"),
        pytest.param(question(QuestionType.SINGLE_CHOICE), D(0), D(0), id="no-answers"),
    ],
)
def test_max_and_min_fraction(kind, maximum, minimum):
    assert (max_fraction(kind), min_fraction(kind)) == (maximum, minimum)
    assert correct_response(kind) is None or grade(kind, correct_response(kind)).answered


def test_essay_and_description_have_no_correct_response():
    assert correct_response(ESSAY) is None
    assert correct_response(question(QuestionType.DESCRIPTION)) is None
