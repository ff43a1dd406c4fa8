"""GIFT files as Moodle reads and writes them: every question type, errors with their lines,
round trips, and the reference files Moodle ships."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from quizzes.formats.gift import GIFT_TYPES, export_gift, parse_gift
from quizzes.questions import (
    Answer,
    ClozeGap,
    GapKind,
    MatchPair,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

D = Decimal
T = QuestionType
F = TextFormat
FIXTURES = Path(__file__).parent / "fixtures"
MOODLE_FILES = Path("/work/shared/interop/moodle-gift")


def q(kind: QuestionType, stem: str, *answers: Answer, **fields) -> QuestionData:
    """A question as the parser builds it; an untitled question is named after its stem."""
    fields.setdefault("name", " ".join(stem.split()))
    if kind == T.DESCRIPTION:
        fields.setdefault("points", D(0))
    return QuestionData(type=kind, stem=stem, answers=answers, **fields)


def a(text: str, fraction: int | str, feedback: str = "", **fields) -> Answer:
    return Answer(text, D(fraction), feedback, **fields)


def true_false(stem: str, value: bool, true_feedback="", false_feedback="", **fields):
    return q(
        T.TRUE_FALSE,
        stem,
        a("true", int(value), true_feedback),
        a("false", int(not value), false_feedback),
        **fields,
    )


def only(text: str) -> QuestionData:
    (question,) = parse_gift(text)
    return question


def problems_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(QuestionFormatError) as caught:
        parse_gift(text)
    return [(problem.line, problem.message) for problem in caught.value.problems]


# Reading each type ----------------------------------------------------------------------------

PARSED = [
    pytest.param(
        "Who wrote Hamlet?{~Marlowe =Shakespeare ~Bacon}",
        q(
            T.SINGLE_CHOICE,
            "Who wrote Hamlet?",
            a("Marlowe", 0),
            a("Shakespeare", 1),
            a("Bacon", 0),
        ),
        id="single-choice-one-equals-answer",
    ),
    pytest.param(
        "Pick the primes.{~%50%2 ~%50%3 ~%-100%4}",
        q(T.MULTIPLE_RESPONSE, "Pick the primes.", a("2", "0.5"), a("3", "0.5"), a("4", -1)),
        id="multiple-response-without-equals-negative-weight",
    ),
    pytest.param(
        "Best fit?{~%33.33333%one ~%66.66667%two =three}",
        q(
            T.SINGLE_CHOICE,
            "Best fit?",
            a("one", "0.3333333"),
            a("two", "0.6666667"),
            a("three", 1),
        ),
        id="single-choice-with-decimal-partial-weights",
    ),
    pytest.param(
        "Water boils at {~50 =100 ~150} degrees Celsius.",
        q(
            T.SINGLE_CHOICE,
            "Water boils at _____ degrees Celsius.",
            a("50", 0),
            a("100", 1),
            a("150", 0),
        ),
        id="missing-word-block-mid-sentence",
    ),
    pytest.param(
        "The capital of Italy is {=Rome}.",
        q(T.SHORT_ANSWER, "The capital of Italy is _____.", a("Rome", 1)),
        id="text-after-closing-brace-goes-after-the-blank",
    ),
    pytest.param(
        "The capital of Italy is{=Rome}",
        q(T.SHORT_ANSWER, "The capital of Italy is", a("Rome", 1)),
        id="block-at-the-end-leaves-no-blank",
    ),
    pytest.param(
        "Colour of the sky?{\n  ~green   # No.\n  =blue#Yes!\n  ~red\n}",
        q(
            T.SINGLE_CHOICE,
            "Colour of the sky?",
            a("green", 0, "No."),
            a("blue", 1, "Yes!"),
            a("red", 0),
        ),
        id="answers-on-their-own-lines-with-feedback",
    ),
    pytest.param(
        "Two plus two?{=four =%50%for =4#Digits work too.}",
        q(
            T.SHORT_ANSWER,
            "Two plus two?",
            a("four", 1),
            a("for", "0.5"),
            a("4", 1, "Digits work too."),
        ),
        id="short-answer-with-weights-and-feedback",
    ),
    pytest.param(
        "Name an animal.{=cat =%0%*#Anything else is wrong.}",
        q(T.SHORT_ANSWER, "Name an animal.", a("cat", 1), a("*", 0, "Anything else is wrong.")),
        id="short-answer-wildcard",
    ),
    pytest.param(
        "A week has how many days?{seven}",
        q(T.SHORT_ANSWER, "A week has how many days?", a("seven", 1)),
        id="short-answer-without-equals-as-moodle",
    ),
    pytest.param(
        "The Earth is round.{T}",
        true_false("The Earth is round.", True),
        id="true-false-T",
    ),
    pytest.param(
        "The Earth is round.{TRUE}",
        true_false("The Earth is round.", True),
        id="true-false-TRUE",
    ),
    pytest.param(
        "The Earth is flat.{F}",
        true_false("The Earth is flat.", False),
        id="true-false-F",
    ),
    pytest.param(
        "The Earth is flat.{FALSE}",
        true_false("The Earth is flat.", False),
        id="true-false-FALSE",
    ),
    pytest.param(
        "The Earth is flat.{FALSE#Look at a ship on the horizon.#Well done.}",
        true_false("The Earth is flat.", False, "Look at a ship on the horizon.", "Well done."),
        id="true-false-first-feedback-is-for-a-wrong-answer",
    ),
    pytest.param(
        "The Earth is round.{TRUE#Not flat, surely?}",
        true_false("The Earth is round.", True, "", "Not flat, surely?"),
        id="true-false-only-wrong-answer-feedback",
    ),
    pytest.param(
        "Pi to two places?{#3.14}",
        q(T.NUMERICAL, "Pi to two places?", a("3.14", 1)),
        id="numerical-exact",
    ),
    pytest.param(
        "Pi?{#3.14:0.01}",
        q(T.NUMERICAL, "Pi?", a("3.14", 1, tolerance=D("0.01"))),
        id="numerical-with-tolerance",
    ),
    pytest.param(
        "A number from 1 to 5?{#1..5}",
        q(T.NUMERICAL, "A number from 1 to 5?", a("3", 1, tolerance=D(2))),
        id="numerical-range-is-midpoint-and-half-width",
    ),
    pytest.param(
        "Pi?{#3.141..3.142}",
        q(T.NUMERICAL, "Pi?", a("3.1415", 1, tolerance=D("0.0005"))),
        id="numerical-decimal-range-exact",
    ),
    pytest.param(
        "Year?{#\n=%100%1822:0#Exactly.\n=%50%1822:2#Close.\n~#Not even close.\n}",
        q(
            T.NUMERICAL,
            "Year?",
            a("1822", 1, "Exactly.", tolerance=D(0)),
            a("1822", "0.5", "Close.", tolerance=D(2)),
            a("*", 0, "Not even close."),
        ),
        id="numerical-several-weighted-answers-and-other-answer-feedback",
    ),
    pytest.param(
        "Negative?{#-2.5e1}",
        q(T.NUMERICAL, "Negative?", a("-2.5e1", 1)),
        id="numerical-keeps-the-number-as-written",
    ),
    pytest.param(
        "Match them.{=cat -> meow =dog -> woof = -> moo}",
        q(
            T.MATCHING,
            "Match them.",
            pairs=(MatchPair("cat", "meow"), MatchPair("dog", "woof"), MatchPair("", "moo")),
        ),
        id="matching-with-a-distractor",
    ),
    pytest.param(
        "Capitals.{\n=France->Paris\n=Spain  ->  Madrid\n}",
        q(
            T.MATCHING,
            "Capitals.",
            pairs=(MatchPair("France", "Paris"), MatchPair("Spain", "Madrid")),
        ),
        id="matching-without-spaces-around-arrow",
    ),
    pytest.param(
        "Explain photosynthesis.{}",
        q(T.ESSAY, "Explain photosynthesis."),
        id="essay",
    ),
    pytest.param(
        "Explain photosynthesis.{####Mention light and chlorophyll.}",
        q(T.ESSAY, "Explain photosynthesis.", general_feedback="Mention light and chlorophyll."),
        id="essay-with-general-feedback",
    ),
    pytest.param(
        "Read the following passage carefully.",
        q(T.DESCRIPTION, "Read the following passage carefully."),
        id="description-has-no-braces-and-no-points",
    ),
    pytest.param(
        "::Hamlet:: Who wrote Hamlet?{=Shakespeare ~Marlowe}",
        q(
            T.SINGLE_CHOICE,
            "Who wrote Hamlet?",
            a("Shakespeare", 1),
            a("Marlowe", 0),
            name="Hamlet",
        ),
        id="title",
    ),
    pytest.param(
        "::Long::question\non two lines?{\n=yes\n~no\n}",
        q(T.SINGLE_CHOICE, "question\non two lines?", a("yes", 1), a("no", 0), name="Long"),
        id="multi-line-stem-keeps-its-line-break",
    ),
    pytest.param(
        "Feedback over lines?{\n=yes#This is\nexplained here.\n~no\n}",
        q(
            T.SINGLE_CHOICE,
            "Feedback over lines?",
            a("yes", 1, "This is\nexplained here."),
            a("no", 0),
        ),
        id="multi-line-feedback",
    ),
    pytest.param(
        "Capital of France?{=Paris#Right.####Paris has been the capital since 987.}",
        q(
            T.SHORT_ANSWER,
            "Capital of France?",
            a("Paris", 1, "Right."),
            general_feedback="Paris has been the capital since 987.",
        ),
        id="general-feedback-after-four-hashes",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse_reads_each_type_and_feature_as_moodle(text, expected):
    assert parse_gift(text) == [expected]


FORMATS = [
    pytest.param(
        "[html]<p>Pick</p>{=a ~b}",
        q(T.SINGLE_CHOICE, "<p>Pick</p>", a("a", 1), a("b", 0), name="Pick", stem_format=F.HTML),
        id="stem-format-html-and-name-without-tags",
    ),
    pytest.param(
        "[markdown]**Pick**{=a ~b}",
        q(T.SINGLE_CHOICE, "**Pick**", a("a", 1), a("b", 0), stem_format=F.MARKDOWN),
        id="stem-format-markdown",
    ),
    pytest.param(
        "::N::[plain]Pick{=a ~b}",
        q(T.SINGLE_CHOICE, "Pick", a("a", 1), a("b", 0), name="N", stem_format=F.PLAIN),
        id="stem-format-after-title",
    ),
    pytest.param(
        "Pick{=[html]<b>a</b>#[markdown]*yes* ~[moodle]b#plain default}",
        q(
            T.SINGLE_CHOICE,
            "Pick",
            a("<b>a</b>", 1, "*yes*", text_format=F.HTML, feedback_format=F.MARKDOWN),
            a("b", 0, "plain default", text_format=F.MOODLE),
        ),
        id="answer-and-feedback-formats-none-when-absent",
    ),
    pytest.param(
        "[html]Match{=[plain]one -> 1 =two -> 2}",
        q(
            T.MATCHING,
            "Match",
            pairs=(MatchPair("one", "1", F.PLAIN), MatchPair("two", "2")),
            stem_format=F.HTML,
        ),
        id="matching-prompt-format",
    ),
    pytest.param(
        "Sky?{=blue####[html]<i>Rayleigh</i> scattering.}",
        q(
            T.SHORT_ANSWER,
            "Sky?",
            a("blue", 1),
            general_feedback="<i>Rayleigh</i> scattering.",
            general_feedback_format=F.HTML,
        ),
        id="general-feedback-format",
    ),
    pytest.param(
        "Round?{T#[html]<b>No</b>#[plain]Yes}",
        q(
            T.TRUE_FALSE,
            "Round?",
            a("true", 1, "Yes", feedback_format=F.PLAIN),
            a("false", 0, "<b>No</b>", feedback_format=F.HTML),
        ),
        id="true-false-feedback-formats",
    ),
    pytest.param(
        "Short?{=[html]<b>x</b>}",
        q(T.SHORT_ANSWER, "Short?", a("<b>x</b>", 1)),
        id="short-answer-format-is-read-and-dropped-as-moodle",
    ),
    pytest.param(
        "[Chemistry] What is H2O?{=water}",
        q(T.SHORT_ANSWER, "[Chemistry] What is H2O?", a("water", 1)),
        id="capitalised-bracket-word-is-text",
    ),
    pytest.param(
        "[markdown][docs](https://example.org) say?{=yes}",
        q(T.SHORT_ANSWER, "[docs](https://example.org) say?", a("yes", 1), stem_format=F.MARKDOWN),
        id="markdown-link-after-format-is-text",
    ),
    pytest.param(
        "[moodle][note] Read this{=ok}",
        q(T.SHORT_ANSWER, "[note] Read this", a("ok", 1)),
        id="explicit-format-lets-a-text-start-with-a-bracketed-word",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS)
def test_parse_reads_format_prefixes_where_moodle_does(text, expected):
    assert parse_gift(text) == [expected]


def test_default_format_is_moodle_as_in_moodle():
    question = only("Plain question?{=yes}")
    assert question.stem_format == F.MOODLE
    assert question.answers[0].text_format is None
    assert question.general_feedback_format is None


ESCAPES = [
    pytest.param(r"1 \= 1 \{yes\}?{=ok}", "1 = 1 {yes}?", "ok", id="equals-and-braces-in-stem"),
    pytest.param(r"Which?{=a \~ b ~c}", "Which?", "a ~ b", id="tilde-in-answer"),
    pytest.param(r"Which?{=C\# ~Java}", "Which?", "C#", id="hash-in-answer"),
    pytest.param(r"Time?{=12\:30}", "Time?", "12:30", id="colon"),
    pytest.param(r"Path?{=C\:\\temp}", "Path?", "C:\\temp", id="double-backslash-is-one"),
    pytest.param(r"Lines?{=one\ntwo}", "Lines?", "one\ntwo", id="backslash-n-is-a-line-break"),
    pytest.param(r"Odd?{=\a\b}", "Odd?", r"\a\b", id="unknown-escape-stays"),
    pytest.param(r"Slash?{=\\\{}", "Slash?", "\\{", id="backslash-then-escaped-brace"),
]


@pytest.mark.parametrize(("text", "stem", "answer"), ESCAPES)
def test_escapes_stand_for_the_character(text, stem, answer):
    question = only(text)
    assert (question.stem, question.answers[0].text) == (stem, answer)


def test_escaped_colons_in_a_title():
    assert only(r"::Ratio 1\:2::What is it?{=half}").name == "Ratio 1:2"


def test_escaped_characters_never_count_as_structure():
    question = only(r"::A\:\:B::Is \{this\} \~ \= \#odd?{=yes \#1 \~ \= ~no}")
    assert question.type == T.SINGLE_CHOICE
    assert question.name == "A::B"
    assert question.stem == "Is {this} ~ = #odd?"
    assert question.answers == (a("yes #1 ~ =", 1), a("no", 0))


def test_comments_are_whole_lines_only():
    questions = parse_gift(
        "// A comment\nSee http://example.org//page {\n// between answers\n=yes\n~no\n}\n"
        "   // indented comment\n\n// a block of comments only\n// is no question\n"
    )
    assert questions == [
        q(
            T.SINGLE_CHOICE,
            "See http://example.org//page",
            a("yes", 1),
            a("no", 0),
        )
    ]


def test_questions_are_separated_by_blank_lines_and_keep_their_first_line():
    questions = parse_gift("\n\n// comment\nFirst?{T}\n\n\n  \t \nSecond\nline?{F}\n")
    assert [question.stem for question in questions] == ["First?", "Second\nline?"]
    assert [question.source_line for question in questions] == [4, 8]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Q?{T}\r\n\r\nR?{F}\r\n", id="crlf"),
        pytest.param("Q?{T}\r\rR?{F}", id="old-mac-cr"),
        pytest.param("\ufeffQ?{T}\n\nR?{F}", id="byte-order-mark"),
    ],
)
def test_line_endings_and_byte_order_mark(text):
    assert parse_gift(text) == [true_false("Q?", True), true_false("R?", False)]


def test_untitled_question_is_named_after_its_shortened_text_as_moodle():
    stem = "Which " + "very " * 30 + "long question is this?"
    question = only(stem + "{=this}")
    assert len(question.name) <= 80
    assert question.name.endswith("...")
    assert stem.startswith(question.name.removesuffix("..."))


def test_tags_and_idnumber_come_from_the_questions_comments():
    question = only(
        "// [tag:maths] [id:q\\]1] and [tag:  easy ]\n// [tag:maths] [tag:a\\]b]\nQ?{T}"
    )
    assert question.tags == ("maths", "easy", "a]b")
    assert question.extra == {"idnumber": "q]1"}


def test_every_question_is_worth_one_point_except_descriptions():
    questions = parse_gift("A?{T}\n\nB?{=x}\n\nC?{}\n\nD.")
    assert [question.points for question in questions] == [1, 1, 1, 0]
    assert all(question.shuffle_answers for question in questions)


def test_project_fixture_with_every_feature():
    questions = parse_gift((FIXTURES / "gift_every_feature.gift.txt").read_text("utf-8"))
    planets, vocabulary = "Astronomy/Planets", "Astronomy/Vocabulary"
    assert questions == [
        q(
            T.SINGLE_CHOICE,
            "Which planet is the largest?",
            a("Mars", 0, "Too small."),
            a("Jupiter", 1, "Yes: it is the largest."),
            a("Venus", 0),
            name="Largest planet",
            general_feedback="Jupiter is over 300 times as massive as Earth.",
            category=planets,
            tags=("planets", "easy"),
        ),
        q(
            T.SINGLE_CHOICE,
            "The Sun is a _____ at the centre of our system.",
            a("planet", 0),
            a("star", 1),
            a("comet", 0),
            category=planets,
        ),
        q(
            T.MULTIPLE_RESPONSE,
            "Which of these are <b>gas giants</b>?",
            a("Saturn", "0.5"),
            a("Jupiter", "0.5", "Right, and written as plain text.", text_format=F.PLAIN),
            a("Earth", -1, "No: Earth is <i>rocky</i>.", feedback_format=F.HTML),
            name="Gas giants",
            stem_format=F.HTML,
            category=planets,
        ),
        true_false(
            "Mars has two moons.",
            True,
            "Phobos and Deimos.",
            "Count again.",
            name="Moons",
            category=planets,
        ),
        true_false("Pluto is a planet.", False, category=planets),
        q(
            T.SHORT_ANSWER,
            "The star closest to Earth is the _____.",
            a("Sun", 1),
            a("the Sun", 1),
            a("Proxima Centauri", "0.5", "That is the closest *other* star."),
            name="Closest star",
            category=planets,
        ),
        q(
            T.NUMERICAL,
            "How many days are in a year, to the nearest day?",
            a("365", 1, tolerance=D(1)),
            name="Earth year",
            category=planets,
        ),
        q(
            T.NUMERICAL,
            "How many planets orbit the Sun?",
            a("8", 1, "Right."),
            a("9", "0.5", "Pluto was reclassified in 2006."),
            a("*", 0, "Count them again."),
            name="Planets",
            category=planets,
        ),
        q(
            T.NUMERICAL,
            "Give any whole number from 1 to 9.",
            a("5", 1, tolerance=D(4)),
            name="Any digit",
            category=planets,
        ),
        q(
            T.MATCHING,
            "Match each term with its meaning.",
            pairs=(
                MatchPair("Orbit", "the path around a body"),
                MatchPair("**Moon**", "a natural satellite", F.MARKDOWN),
                MatchPair("Comet", "a ball of ice and dust"),
                MatchPair("", "a kind of cheese"),
            ),
            name="Match terms",
            category=vocabulary,
        ),
        q(
            T.ESSAY,
            "Describe the phases of the\nMoon in a few sentences.",
            name="Moon phases",
            general_feedback="Mention *new*, *full* and the quarters.",
            general_feedback_format=F.MARKDOWN,
            category=vocabulary,
        ),
        q(
            T.DESCRIPTION,
            "<p>The next questions are about the night sky.</p>",
            name="Night sky",
            stem_format=F.HTML,
            category=vocabulary,
        ),
        q(
            T.SINGLE_CHOICE,
            "Which one reads 1 = 1 {exactly}?",
            a("a ~ b # c", 1),
            a("path C:\\temp", 0),
            a("two\nlines", 0),
            name="Escapes: all of them",
            category=vocabulary,
        ),
    ]
    assert questions[0].extra == {"idnumber": "planet-1"}
    assert [question.source_line for question in questions[:3]] == [7, 15, 17]


# Categories -----------------------------------------------------------------------------------

CATEGORIES = [
    ("$course$/top/Geography/Europe", "Geography/Europe"),
    ("$course$/Geography", "Geography"),
    ("$module$/top/Quiz 1", "Quiz 1"),
    ("$course$/top", ""),
    ("$course$/top/Default", ""),
    ("Plain / path ", "Plain/path"),
]


@pytest.mark.parametrize(("path", "category"), CATEGORIES)
def test_category_line_sets_the_category_of_the_questions_after_it(path, category):
    questions = parse_gift(f"Before?{{T}}\n\n// switch\n$CATEGORY: {path}\n\nA?{{T}}\n\nB?{{F}}")
    assert [question.category for question in questions] == ["", category, category]


def test_a_later_category_line_replaces_the_earlier_one():
    questions = parse_gift("$CATEGORY: One\n\nA?{T}\n\n$CATEGORY: Two/Three\n\nB?{T}")
    assert [question.category for question in questions] == ["One", "Two/Three"]


def test_export_writes_a_category_line_only_when_the_category_changes():
    questions = [
        true_false("A?", True, name="A"),
        true_false("B?", True, name="B", category="Maths"),
        true_false("C?", True, name="C", category="Maths"),
        true_false("D?", True, name="D"),
    ]
    text = export_gift(questions)
    assert text == (
        "::A::A?{TRUE}\n\n"
        "$CATEGORY: $course$/top/Maths\n\n"
        "::B::B?{TRUE}\n\n"
        "::C::C?{TRUE}\n\n"
        "$CATEGORY: $course$/top/Default\n\n"
        "::D::D?{TRUE}\n"
    )
    assert parse_gift(text) == questions


# Errors ---------------------------------------------------------------------------------------

ERRORS = [
    pytest.param(
        "Fine?{T}\n\nWhich?{\n=a\n~b\n\nNext?{T}",
        [(3, "never closed")],
        id="unclosed-brace-at-its-line",
    ),
    pytest.param("Odd } brace?{T}", [(1, "closes no answer block")], id="closing-brace-first"),
    pytest.param(
        "Nested?{\n=a {b}\n~c}",
        [(2, "opens inside the answer block opened on line 1")],
        id="second-opening-brace-inside-block",
    ),
    pytest.param(
        "First?{T}\nSecond?{F}",
        [(2, "Is a blank line missing between two questions?")],
        id="two-questions-without-blank-line",
    ),
    pytest.param(
        "Only one?{\n~lonely\n}",
        [(1, "at least two answers"), (1, "needs a right answer")],
        id="choice-with-one-answer",
    ),
    pytest.param(
        "All wrong?{~a ~b ~c}",
        [(1, "needs a right answer")],
        id="multiple-response-without-positive-weight",
    ),
    pytest.param("Number?{#}", [(1, "needs an answer")], id="numerical-without-answers"),
    pytest.param(
        "Number?{#\n=1\n=one#Words are not numbers.\n}",
        [(3, "Answer 2 ('one') is not a number")],
        id="numerical-answer-not-a-number",
    ),
    pytest.param("Number?{#3,5}", [(1, "Answer 1 ('3,5') is not a number")], id="decimal-comma"),
    pytest.param(
        "Range?{#5..1}", [(1, "the range '5..1' goes from high to low")], id="range-reversed"
    ),
    pytest.param(
        "Range?{#a..b}", [(1, "the range 'a..b' is not two numbers")], id="range-not-numbers"
    ),
    pytest.param(
        "Tolerance?{#3:-1}", [(1, "the tolerance '-1' is not a positive number")], id="tolerance"
    ),
    pytest.param(
        "Other?{#3 ~forgot the hash}",
        [(1, "as ~#feedback")],
        id="numerical-text-between-tilde-and-hash",
    ),
    pytest.param(
        "Half?{#=%50%3}", [(1, "needs an answer worth 100%")], id="numerical-without-full-marks"
    ),
    pytest.param(
        "Match?{\n=a -> 1\n}",
        [(1, "at least two pairs with a prompt")],
        id="matching-with-one-pair",
    ),
    pytest.param(
        "Match?{\n=a -> 1\n= -> 2\n}",
        [(1, "at least two pairs with a prompt")],
        id="matching-distractors-do-not-count",
    ),
    pytest.param(
        "Match?{\n=a -> 1\n=b -> 2\n=c\n}",
        [(4, "Matching pair 3 needs the form =prompt -> answer")],
        id="matching-pair-without-arrow",
    ),
    pytest.param(
        "Match?{\n=a -> 1\n=b ->\n}",
        [(3, "Matching pair 2 has no answer")],
        id="matching-pair-without-answer",
    ),
    pytest.param(
        "Weights?{\n=a\n~%1,5%b\n}",
        [(3, "Answer 2: the weight %1,5% is not a percentage")],
        id="weight-with-comma",
    ),
    pytest.param(
        "Weights?{\n=a\n~%+50%b\n}",
        [(3, "the weight %+50% is not a percentage")],
        id="weight-with-plus-sign",
    ),
    pytest.param(
        "Weights?{=a ~%150%b}",
        [(1, "the weight %150% is not between -100% and 100%")],
        id="weight-above-100",
    ),
    pytest.param(
        "Weights?{\n=%50%a\n~b\n}",
        [(2, "= marks a right answer worth 100% and takes no weight")],
        id="equals-with-weight-in-multiple-choice",
    ),
    pytest.param(
        "Short?{=%50%half}",
        [(1, "needs an answer worth 100%")],
        id="short-answer-without-full-marks",
    ),
    pytest.param("Short?{= =a}", [(1, "Answer 1 has no text")], id="blank-short-answer"),
    pytest.param("Choice?{\n=a\n~\n}", [(3, "Answer 2 has no text")], id="blank-choice-answer"),
    pytest.param(
        "Round?{true}",
        [(1, "'true' is not a true/false answer: write T, TRUE, F or FALSE in capitals")],
        id="true-false-in-lower-case",
    ),
    pytest.param(
        "Round?{T#wrong#right#extra}",
        [(1, "at most two feedbacks")],
        id="true-false-with-a-third-feedback",
    ),
    pytest.param(
        "[htm]Typo in the format?{T}",
        [(1, "Unknown text format [htm] at the start of the question text")],
        id="unknown-stem-format",
    ),
    pytest.param(
        "[HTML]Upper-case format?{T}",
        [(1, "Unknown text format [HTML]")],
        id="format-in-wrong-case",
    ),
    pytest.param(
        "Format?{\n=a\n~[xml]b\n}",
        [(3, "Unknown text format [xml] at the start of answer 2")],
        id="unknown-answer-format",
    ),
    pytest.param(
        "Format?{=a#[txt]feedback ~b}",
        [(1, "Unknown text format [txt] at the start of the feedback of answer 1")],
        id="unknown-feedback-format",
    ),
    pytest.param(
        "$CATEGORY: Maths\nWhat?{T}",
        [(2, "must be followed by a blank line")],
        id="category-line-followed-by-a-question",
    ),
    pytest.param("::Title only::{T}", [(1, "The question has no text")], id="no-question-text"),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_malformed_input_is_refused_with_line_and_reason(text, expected):
    problems = problems_of(text)
    assert [line for line, _ in problems] == [line for line, _ in expected]
    for (_, message), (_, fragment) in zip(problems, expected, strict=True):
        assert fragment in message


def test_every_problem_of_a_file_is_reported_in_line_order_and_nothing_is_returned():
    text = (
        "Good?{T}\n"  # 1
        "\n"
        "Bad number?{#\n"  # 3
        "=12\n"
        "=twelve\n"  # 5
        "}\n"
        "\n"
        "Also good?{=yes ~no}\n"  # 8
        "\n"
        "Unclosed {\n"  # 10
        "=a\n"
        "\n"
        "Match?{=x -> 1}\n"  # 13
    )
    with pytest.raises(QuestionFormatError) as caught:
        parse_gift(text)
    problems = caught.value.problems
    assert [problem.line for problem in problems] == [5, 10, 13]
    assert str(caught.value).startswith("line 5: Answer 2 ('twelve') is not a number")


def test_garbage_never_raises_anything_but_question_format_error():
    rng = random.Random(2025)
    valid = (FIXTURES / "gift_every_feature.gift.txt").read_text("utf-8")
    for _ in range(500):
        chars = list(valid)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.4:
                del chars[position]
            elif action < 0.8:
                chars.insert(position, rng.choice("{}~=#:%[]\\\n->.0\ufdd0"))
            else:
                chars[position] = rng.choice("0123456789abcTF*")
        with contextlib.suppress(QuestionFormatError):
            parse_gift("".join(chars))
    alphabet = "{}~=#:%[]\\\n-> .5eTF*/$CATEGORY_\ufdd7é\r\t"
    for _ in range(2000):
        garbage = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        with contextlib.suppress(QuestionFormatError):
            parse_gift(garbage)


# Export ---------------------------------------------------------------------------------------

ONE_OF_EACH = [
    q(
        T.SINGLE_CHOICE,
        "Which is a prime?",
        a("4", 0, "Even."),
        a("7", 1, "Yes.", feedback_format=F.HTML),
        a("9", "0.25", "3 × 3.", text_format=F.PLAIN),
        name="Primes",
        general_feedback="A prime has two divisors.",
    ),
    q(
        T.MULTIPLE_RESPONSE,
        "Which are even?",
        a("2", "0.5"),
        a("4", "0.5"),
        a("5", "-0.5", "Odd."),
        a("7", "-0.3333333"),
        name="Evens",
    ),
    true_false("Zero is even.", True, "Indeed.", "It is divisible by 2.", name="Zero"),
    true_false("One is prime.", False, name="One"),
    q(
        T.SHORT_ANSWER,
        "Name a prime.",
        a("2", 1),
        a("nine", "0.1", "Not prime."),
        a("*", 0, "No."),
        name="Name one",
    ),
    q(
        T.NUMERICAL,
        "Square root of 2?",
        a("1.414", 1, "Good.", tolerance=D("0.001")),
        a("1.4", "0.5", tolerance=D(0)),
        a("1", "0.1"),
        a("*", 0, "Try again."),
        name="Root",
    ),
    q(
        T.MATCHING,
        "Match the symbols.",
        pairs=(
            MatchPair("Fe", "iron"),
            MatchPair("<b>Au</b>", "gold", F.HTML),
            MatchPair("", "tin"),
        ),
        name="Symbols",
        stem_format=F.MARKDOWN,
        general_feedback="See the *periodic table*.",
    ),
    q(T.ESSAY, "Why is the sky blue?", name="Sky", general_feedback="Rayleigh", tags=("physics",)),
    q(T.DESCRIPTION, "<h2>Part two</h2>", name="Part two", stem_format=F.HTML),
    q(
        T.SINGLE_CHOICE,
        "Water freezes at _____ degrees Celsius.",
        a("0", 1),
        a("32", 0),
        name="Freezing",
        general_feedback_format=None,
    ),
]


@pytest.mark.parametrize("question", ONE_OF_EACH, ids=lambda question: question.name)
def test_each_type_round_trips(question):
    text = export_gift([question])
    assert parse_gift(text) == [question]
    assert export_gift(parse_gift(text)) == text


def test_a_whole_bank_round_trips_with_its_categories():
    bank = [
        replace(question, category=category)
        for question, category in zip(
            ONE_OF_EACH, ["", "", "Algebra", "Algebra", "", "A/B", "A/B", "A", "A", ""], strict=True
        )
    ]
    text = export_gift(bank)
    assert parse_gift(text) == bank
    assert export_gift(parse_gift(text)) == text
    assert text.count("$CATEGORY:") == 5  # Algebra, Default, A/B, A, Default


ROUND_TRIP_TEXTS = [
    pytest.param("Braces {like} these", id="braces"),
    pytest.param("a = b ~ c # d", id="equals-tilde-hash"),
    pytest.param("time 12:30 :: ratio", id="colons"),
    pytest.param("C:\\path\\n not a newline \\", id="backslashes"),
    pytest.param("two\nlines\n\nand a blank one", id="line-breaks"),
    pytest.param("#### not general feedback", id="four-hashes"),
    pytest.param("[html] looks like a format", id="bracket-start"),
    pytest.param("%50% looks like a weight", id="percent-start"),
    pytest.param("// not a comment", id="slashes"),
    pytest.param("$CATEGORY: not a category", id="category-like"),
    pytest.param("_____ blank at the start", id="blank"),
    pytest.param("\ufdd0 noncharacters \ufdd7", id="noncharacters"),
]


@pytest.mark.parametrize("text", ROUND_TRIP_TEXTS)
def test_special_characters_round_trip_everywhere(text):
    question = q(
        T.SINGLE_CHOICE,
        text,
        a(text, 1, text),
        a(text + " (wrong)", 0, text),
        name=text.replace("\n", " "),
        general_feedback=text,
    )
    (back,) = parse_gift(export_gift([question]))
    assert back.stem == text
    assert back.name == question.name
    assert [(answer.text, answer.feedback) for answer in back.answers] == [
        (text, text),
        (text + " (wrong)", text),
    ]
    assert back.general_feedback == text
    matching = q(T.MATCHING, text, pairs=(MatchPair(text, text), MatchPair("x", text)), name="m")
    assert parse_gift(export_gift([matching]))[0].pairs[0] == MatchPair(
        text,
        text,
        F.MOODLE if text.startswith(("[", "%")) else None,
    )


EXPORTED = [
    pytest.param(
        ONE_OF_EACH[0],
        "::Primes::Which is a prime?{\n"
        "\t~4#Even.\n"
        "\t=7#[html]Yes.\n"
        "\t~%25%[plain]9#3 × 3.\n"
        "\t####A prime has two divisors.\n"
        "}\n",
        id="single-choice",
    ),
    pytest.param(
        ONE_OF_EACH[1],
        "::Evens::Which are even?{\n\t~%50%2\n\t~%50%4\n\t~%-50%5#Odd.\n\t~%-33.33333%7\n}\n",
        id="multiple-response-weights-without-trailing-zeros",
    ),
    pytest.param(
        ONE_OF_EACH[2],
        "::Zero::Zero is even.{TRUE#It is divisible by 2.#Indeed.}\n",
        id="true-false-wrong-then-right-feedback",
    ),
    pytest.param(ONE_OF_EACH[3], "::One::One is prime.{FALSE}\n", id="true-false-plain"),
    pytest.param(
        ONE_OF_EACH[4],
        "::Name one::Name a prime.{\n\t=2\n\t=%10%nine#Not prime.\n\t=%0%*#No.\n}\n",
        id="short-answer",
    ),
    pytest.param(
        ONE_OF_EACH[5],
        "::Root::Square root of 2?{#\n"
        "\t=1.414:0.001#Good.\n"
        "\t=%50%1.4:0\n"
        "\t=%10%1\n"
        "\t~#Try again.\n"
        "}\n",
        id="numerical",
    ),
    pytest.param(
        ONE_OF_EACH[6],
        "::Symbols::[markdown]Match the symbols.{\n"
        "\t=Fe -> iron\n"
        "\t=[html]<b>Au</b> -> gold\n"
        "\t= -> tin\n"
        "\t####See the *periodic table*.\n"
        "}\n",
        id="matching",
    ),
    pytest.param(
        ONE_OF_EACH[7], "// [tag:physics]\n::Sky::Why is the sky blue?{####Rayleigh}\n", id="essay"
    ),
    pytest.param(ONE_OF_EACH[8], "::Part two::[html]<h2>Part two</h2>\n", id="description"),
    pytest.param(
        ONE_OF_EACH[9],
        "::Freezing::Water freezes at {\n\t=0\n\t~32\n} degrees Celsius.\n",
        id="missing-word-block-where-the-blank-is",
    ),
    pytest.param(
        q(T.SHORT_ANSWER, "Time?", a("12:30 = noon #1 {ok} ~", 1), name="a:b"),
        "::a\\:b::Time?{\n\t=12\\:30 \\= noon \\#1 \\{ok\\} \\~\n}\n",
        id="special-characters-escaped",
    ),
]


@pytest.mark.parametrize(("question", "text"), EXPORTED)
def test_export_writes_canonical_gift(question, text):
    assert export_gift([question]) == text


def test_export_of_nothing_is_empty():
    assert export_gift([]) == ""


def test_export_names_an_untitled_question_so_that_it_reads_back_the_same():
    text = export_gift([true_false("Is it?", True, name="")])
    assert text == "::Is it?::Is it?{TRUE}\n"


def test_gift_types_are_all_but_ordering_and_cloze():
    assert frozenset(QuestionType) - GIFT_TYPES == {T.ORDERING, T.CLOZE}


def test_export_refuses_types_gift_cannot_hold_naming_each_question():
    ordering = QuestionData(type=T.ORDERING, stem="Order them.", name="Sort", items=("a", "b"))
    cloze = QuestionData(
        type=T.CLOZE,
        stem="Fill {{1}}.",
        name="Gap",
        gaps=(ClozeGap(GapKind.TEXT, (a("x", 1),)),),
    )
    with pytest.raises(QuestionFormatError) as caught:
        export_gift([ONE_OF_EACH[0], ordering, cloze])
    messages = [problem.message for problem in caught.value.problems]
    assert messages == [
        "question 2 ('Sort'): GIFT cannot hold ordering questions.",
        "question 3 ('Gap'): GIFT cannot hold cloze questions.",
    ]


UNWRITABLE = [
    pytest.param(
        q(T.SINGLE_CHOICE, "All right?", a("a", 1), a("b", 1), name="n"),
        "needs a wrong or partly right answer",
        id="single-choice-with-only-right-answers",
    ),
    pytest.param(
        q(T.SINGLE_CHOICE, "None right?", a("a", "0.5"), a("b", 0), name="n"),
        "no answer is worth 100%",
        id="single-choice-without-a-right-answer",
    ),
    pytest.param(
        q(T.SHORT_ANSWER, "Arrow?", a("a -> b", 1), name="n"),
        "contains ->",
        id="arrow-in-short-answer",
    ),
    pytest.param(
        q(T.MATCHING, "Arrow?", pairs=(MatchPair("a->b", "1"), MatchPair("c", "2")), name="n"),
        "the prompt of pair 1 contains ->",
        id="arrow-in-matching-prompt",
    ),
    pytest.param(
        q(T.NUMERICAL, "Number?", a("twelve", 1), name="n"),
        "answer 1 ('twelve') is not a number",
        id="numerical-answer-not-a-number",
    ),
    pytest.param(
        q(T.SINGLE_CHOICE, "Weight?", a("a", 1), a("b", 2), name="n"),
        "GIFT weights go from -100% to 100%",
        id="weight-out-of-range",
    ),
    pytest.param(
        q(T.TRUE_FALSE, "Both?", a("true", 1), a("false", 1), name="n"),
        "needs a 'true' and a 'false' answer",
        id="true-false-both-right",
    ),
    pytest.param(
        q(T.ESSAY, "   ", name="n"),
        "GIFT needs question text",
        id="empty-stem",
    ),
    pytest.param(
        q(T.ESSAY, "Tag?", name="n", tags=("<b>",)),
        "the tag '<b>' cannot be written",
        id="tag-with-angle-brackets",
    ),
    pytest.param(
        q(T.SHORT_ANSWER, "Blank?", a("", 1), name="n"),
        "GIFT cannot hold it: Answer 1 has no text",
        id="blank-answer-caught-by-reading-back",
    ),
]


@pytest.mark.parametrize(("question", "fragment"), UNWRITABLE)
def test_export_refuses_what_gift_would_read_differently(question, fragment):
    with pytest.raises(QuestionFormatError) as caught:
        export_gift([question])
    (problem,) = caught.value.problems
    assert problem.message.startswith("question 1 ('n'): ")
    assert fragment in problem.message


def test_export_leaves_out_what_gift_cannot_hold_as_moodle_does():
    question = q(
        T.SHORT_ANSWER,
        "Worth three?",
        a("yes", 1),
        name="Three",
        points=D(3),
        shuffle_answers=False,
    )
    description = q(T.DESCRIPTION, "Intro", name="Intro", general_feedback="lost")
    assert export_gift([question, description]) == (
        "::Three::Worth three?{\n\t=yes\n}\n\n::Intro::Intro\n"
    )


# Moodle's own files ---------------------------------------------------------------------------

MOODLE_EXPECTED = {
    "examples.gift.txt": {
        T.SINGLE_CHOICE: 16,
        T.SHORT_ANSWER: 9,
        T.NUMERICAL: 8,
        T.TRUE_FALSE: 5,
        T.MATCHING: 3,
        T.MULTIPLE_RESPONSE: 2,
    },
    "questions.gift.txt": {
        T.TRUE_FALSE: 3,
        T.ESSAY: 1,
        T.MATCHING: 1,
        T.SINGLE_CHOICE: 1,
        T.MULTIPLE_RESPONSE: 1,
        T.NUMERICAL: 1,
        T.SHORT_ANSWER: 1,
    },
    "questions_in_category.gift.txt": {
        T.MATCHING: 1,
        T.SINGLE_CHOICE: 1,
        T.SHORT_ANSWER: 1,
        T.TRUE_FALSE: 1,
    },
}


def _moodle_file(name: str) -> list[QuestionData]:
    if not MOODLE_FILES.is_dir():
        pytest.skip(f"{MOODLE_FILES} holds Moodle's reference GIFT files; not on this machine")
    return parse_gift((MOODLE_FILES / name).read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(MOODLE_EXPECTED))
def test_moodle_reference_files_read_with_moodles_counts_and_round_trip(name):
    questions = _moodle_file(name)
    assert Counter(question.type for question in questions) == MOODLE_EXPECTED[name]
    text = export_gift(questions)
    assert parse_gift(text) == questions
    assert export_gift(parse_gift(text)) == text


def test_moodle_test_fixture_reads_as_moodles_unit_tests_expect():
    by_name = {question.name: question for question in _moodle_file("questions.gift.txt")}
    matching = by_name["Moodle activities"]
    assert matching.stem_format == F.HTML
    assert [pair.prompt_format for pair in matching.pairs] == [
        F.HTML,
        F.MOODLE,
        F.PLAIN,
        F.MARKDOWN,
        None,
    ]
    assert matching.pairs[-1] == MatchPair("", "Chat")
    assert by_name["Q2"].answers[1] == a("red", 0, "wrong, it's yellow", feedback_format=F.HTML)
    assert by_name["Q2"].answers[2] == a("blue", 0, "wrong, it's yellow", text_format=F.PLAIN)
    assert [answer.fraction for answer in by_name["colours"].answers] == [
        D("0.5"),
        D(-1),
        D("0.5"),
        D(-1),
    ]
    assert by_name["Q5"].answers == (a("3", 1, tolerance=D(2)), a("*", 0, "Completely wrong"))
    assert by_name["Q5"].stem == 'What is a number from 1 to 5? _____";'  # stray text kept
    assert [answer.text for answer in by_name["Shortanswer"].answers] == ["Frog", "Cat", "*"]
    q1 = by_name["Q1"]
    assert q1.answers == (
        a("true", 0, "42 is the Ultimate Answer."),
        a("false", 1, "You gave the right answer."),
    )
    assert q1.general_feedback.startswith("This is, of course")


def test_moodle_category_fixture_reads_category_and_escaped_html():
    questions = _moodle_file("questions_in_category.gift.txt")
    assert {question.category for question in questions} == {"Default for New Features"}
    greeting = next(question for question in questions if question.name == "Greeting")
    assert greeting.stem.startswith(
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">'
    )
    assert "Listen to this greeting:</a>" in greeting.stem


def test_moodle_examples_read_escapes_ranges_and_multi_line_feedback():
    questions = _moodle_file("examples.gift.txt")
    assert len(questions) == 43
    by_name = {question.name: question for question in questions}
    control = by_name["GIFT Control Characters"]
    assert [answer.text for answer in control.answers] == ["~", "=", "#", "{", "}", "\\"]
    assert control.answers[-1].feedback.startswith("Correct! \\ (backslash)")
    assert "\nit is used to escape" in control.answers[-1].feedback
    pi_range = questions[17]
    assert pi_range.answers == (a("3.1415", 1, tolerance=D("0.0005")),)
    assert pi_range.stem == "What is the value of pi (to 3 decimal places)? _____."
    numerical = by_name["Numerical example"]
    assert numerical.answers[1] == a(
        "1822",
        "0.5",
        "He was born in 1822.\nYou get 50% credit for being close.",
        tolerance=D(2),
    )
