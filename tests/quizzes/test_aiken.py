"""Aiken files as Moodle reads and writes them: single choice, one right option, line errors."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from quizzes.formats.aiken import AIKEN_TYPES, export_aiken, parse_aiken
from quizzes.questions import (
    Answer,
    MatchPair,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

D = Decimal

MOODLE_DOCS_EXAMPLE = """\
What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
"""


def _single(stem: str, options: list[str], right: int, line: int) -> QuestionData:
    return QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem=stem,
        name=" ".join(stem.split()),
        stem_format=TextFormat.PLAIN,
        answers=tuple(
            Answer(text, D(1) if index == right else D(0)) for index, text in enumerate(options)
        ),
        source_line=line,
    )


def test_moodle_docs_example_with_both_option_styles():
    assert parse_aiken(MOODLE_DOCS_EXAMPLE) == [
        _single(
            "What is the correct answer to this question?",
            ["Is it this one?", "Maybe this answer?", "Possibly this one?", "Must be this one!"],
            3,
            1,
        ),
        _single(
            "Which LMS has the most quiz import formats?",
            ["Moodle", "ATutor", "Claroline", "Blackboard", "WebCT", "Ilias"],
            0,
            8,
        ),
    ]


PARSED = [
    pytest.param(
        "Capital of France?\r\nA) Paris\r\nB) Lyon\r\nANSWER: A\r\n",
        [_single("Capital of France?", ["Paris", "Lyon"], 0, 1)],
        id="crlf-line-ends",
    ),
    pytest.param(
        "Capital of France?\rA) Paris\rB) Lyon\rANSWER: B",
        [_single("Capital of France?", ["Paris", "Lyon"], 1, 1)],
        id="old-mac-cr-line-ends",
    ),
    pytest.param(
        "\ufeffCapital of France?\nA) Paris\nB) Lyon\nANSWER: A",
        [_single("Capital of France?", ["Paris", "Lyon"], 0, 1)],
        id="byte-order-mark",
    ),
    pytest.param(
        "Read the code:\n  x = 1 + 1\nWhat is x?\n\nA.2\nB)\t3\nANSWER:A\n",
        [_single("Read the code:\nx = 1 + 1\nWhat is x?", ["2", "3"], 0, 1)],
        id="question-on-several-lines-options-without-space",
    ),
    pytest.param(
        "\n\n   Indented question?   \n\tA)  yes  \n\tB) no\n  ANSWER:   B   \n.\n",
        [_single("Indented question?", ["yes", "no"], 1, 3)],
        id="lines-trimmed-and-one-character-lines-skipped",
    ),
    pytest.param(
        "Q1?\nA) a\nB) b\nANSWER: B\nQ2?\nA) c\nB) d\nC) e\nANSWER: C",
        [_single("Q1?", ["a", "b"], 1, 1), _single("Q2?", ["c", "d", "e"], 2, 5)],
        id="questions-without-blank-lines-between",
    ),
    pytest.param("", [], id="empty-file"),
]


@pytest.mark.parametrize(("text", "questions"), PARSED)
def test_parse_aiken_reads_moodle_layouts(text, questions):
    assert parse_aiken(text) == questions


def test_long_question_gets_a_shortened_name_like_moodle():
    stem = "Which " + "very " * 30 + "long question is this?"
    (question,) = parse_aiken(f"{stem}\nA) this\nB) that\nANSWER: A")

    assert question.stem == stem
    assert len(question.name) <= 80
    assert question.name.endswith("...")
    assert stem.startswith(question.name.removesuffix("..."))


ERRORS = [
    pytest.param("Q?\nA) a\nB) b\n", [(1, "no ANSWER line before the end")], id="missing-answer"),
    pytest.param(
        "Q1?\nA) a\nB) b\nQ2?\nA) c\nB) d\nANSWER: A",
        [(1, "line 4 starts another question")],
        id="missing-answer-before-next-question",
    ),
    pytest.param(
        "Q?\nA) a\nB) b\nANSWER: C",
        [(4, "ANSWER C is not one of the options A–B")],
        id="answer-letter-not-an-option",
    ),
    pytest.param(
        "Q?\nA) a\nB) b\nANSWER: b",
        [(4, "ANSWER b is not one of the options")],
        id="answer-letter-lower-case",
    ),
    pytest.param("Q?\nA) a\nB) b\nANSWER:", [(4, "names no option")], id="answer-without-letter"),
    pytest.param("Q?\nA) only\nANSWER: A", [(3, "at least two options")], id="one-option"),
    pytest.param("Q?\nANSWER: A", [(2, "at least two options")], id="no-options"),
    pytest.param(
        "A) a\nB) b\nANSWER: A",
        [(1, "option comes before any question"), (2, "option"), (3, "ANSWER line comes")],
        id="options-before-question",
    ),
    pytest.param("ANSWER: A", [(1, "ANSWER line comes before any question")], id="lone-answer"),
    pytest.param(
        "Q?\nA) a\nC) b\nANSWER: A",
        [(3, "Option C is out of sequence: expected B")],
        id="option-letters-out-of-sequence",
    ),
    pytest.param("Q?\nA) a\nB)\nANSWER: A", [(3, "Option B has no text")], id="empty-option"),
    pytest.param(
        "Q1?\nA) a\nANSWER: A\n\nQ2?\nA) a\nB) b\nANSWER: Z\nQ3?\nA) x\nB) y\n",
        [
            (3, "at least two options"),
            (8, "ANSWER Z is not one of the options"),
            (9, "no ANSWER line"),
        ],
        id="every-problem-reported",
    ),
]


@pytest.mark.parametrize(("text", "problems"), ERRORS)
def test_parse_aiken_refuses_the_whole_file_with_lines(text, problems):
    with pytest.raises(QuestionFormatError) as error:
        parse_aiken(text)
    found = [(problem.line, problem.message) for problem in error.value.problems]
    assert len(found) == len(problems), found
    for (line, fragment), (found_line, message) in zip(problems, found, strict=True):
        assert (found_line, fragment in message) == (line, True), found


def test_a_good_question_is_not_returned_when_another_is_broken():
    with pytest.raises(QuestionFormatError):
        parse_aiken("Good?\nA) yes\nB) no\nANSWER: A\n\nBad?\nA) yes\nANSWER: A\n")


# Export -------------------------------------------------------------------------------------


def test_export_writes_what_moodle_writes():
    questions = [
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            stem="<p>What is the capital of <b>France</b>?</p>\n<p>Pick one.</p>",
            stem_format=TextFormat.HTML,
            answers=(
                Answer("<p>Lyon</p>", D(0), "No"),
                Answer("<p>Paris &amp; nowhere else</p>", D(1), "Yes"),
                Answer("Marseille", D("0.5"), text_format=TextFormat.PLAIN),
            ),
        ),
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            stem="Two\nlines",
            answers=(Answer("a", D(1)), Answer("b", D(0))),
        ),
    ]

    assert export_aiken(questions) == (
        "What is the capital of France? Pick one.\n"
        "A) Lyon\n"
        "B) Paris & nowhere else\n"
        "C) Marseille\n"
        "ANSWER: B\n"
        "\n"
        "Two lines\n"
        "A) a\n"
        "B) b\n"
        "ANSWER: A\n"
    )


def test_export_import_export_is_identical():
    questions = [
        *parse_aiken(MOODLE_DOCS_EXAMPLE),
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            stem="<p>Which is <i>prime</i>?</p>",
            stem_format=TextFormat.HTML,
            answers=(Answer("4", D(0)), Answer("7", D(1)), Answer("9", D(0))),
        ),
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            stem="Multi\nline\n\nquestion",
            answers=(Answer("one\ntwo", D(1)), Answer("three", D(0))),
        ),
    ]
    text = export_aiken(questions)

    assert export_aiken(parse_aiken(text)) == text


def test_import_export_import_keeps_questions():
    questions = parse_aiken(MOODLE_DOCS_EXAMPLE)
    assert parse_aiken(export_aiken(questions)) == questions


@pytest.mark.parametrize("question_type", sorted(set(QuestionType) - AIKEN_TYPES))
def test_export_refuses_other_types_naming_the_question(question_type):
    questions = [
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            stem="Fine",
            answers=(Answer("a", D(1)), Answer("b", D(0))),
        ),
        QuestionData(
            type=question_type,
            name="The odd one",
            stem="Other",
            answers=(Answer("true", D(1)), Answer("false", D(0))),
            pairs=(MatchPair("a", "b"),),
        ),
    ]
    with pytest.raises(QuestionFormatError, match=r"question 2 \('The odd one'\).*single-choice"):
        export_aiken(questions)


def _choice(stem: str, *answers: Answer) -> QuestionData:
    return QuestionData(type=QuestionType.SINGLE_CHOICE, stem=stem, name="Q", answers=answers)


EXPORT_ERRORS = [
    pytest.param(_choice("A) trick", Answer("a", D(1)), Answer("b", D(0))), "like an option"),
    pytest.param(_choice("ANSWER: this", Answer("a", D(1)), Answer("b", D(0))), "ANSWER:"),
    pytest.param(_choice("?", Answer("a", D(1)), Answer("b", D(0))), "shorter than two"),
    pytest.param(_choice("Q?", Answer("a", D(1))), "at least two options"),
    pytest.param(_choice("Q?", Answer("a", D("0.5")), Answer("b", D(0))), "exactly one option"),
    pytest.param(_choice("Q?", Answer("a", D(1)), Answer("b", D(1))), "exactly one option"),
    pytest.param(_choice("Q?", Answer("a", D(1)), Answer(" ", D(0))), "option B is empty"),
    pytest.param(
        _choice("Q?", Answer("a", D(1)), *[Answer(str(n), D(0)) for n in range(26)]),
        "at most 26",
    ),
]


@pytest.mark.parametrize(("question", "fragment"), EXPORT_ERRORS)
def test_export_refuses_questions_aiken_cannot_hold(question, fragment):
    with pytest.raises(QuestionFormatError, match=f"question 1 \\('Q'\\).*{fragment}"):
        export_aiken([question])


def test_garbage_never_raises_anything_but_question_format_error():
    rng = random.Random(7)
    pieces = ["A)", "B.", "C)", "ANSWER:", "ANSWER: A", "ANSWER: Z", "Q?", "x", "\n", "\r\n", " "]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        try:
            questions = parse_aiken(text)
        except QuestionFormatError:
            continue
        assert all(question.type == QuestionType.SINGLE_CHOICE for question in questions)
