"""Moodle's embedded-answers (cloze) syntax: every gap type, escapes, errors and writing back."""

from __future__ import annotations

import contextlib
import random
from decimal import Decimal

import pytest

from quizzes.formats.cloze import format_cloze, parse_cloze, parse_cloze_text
from quizzes.questions import Answer, ClozeGap, GapKind, QuestionFormatError

D = Decimal


def _messages(error: pytest.ExceptionInfo[QuestionFormatError]) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in error.value.problems]


# Reading ------------------------------------------------------------------------------------

PARSED = [
    pytest.param(
        "Capital: {1:SHORTANSWER:=Paris#Right~%50%paris#Half}.",
        "Capital: {{1}}.",
        (
            ClozeGap(
                GapKind.TEXT, (Answer("Paris", D(1), "Right"), Answer("paris", D("0.5"), "Half"))
            ),
        ),
        id="shortanswer-with-feedback-and-partial-credit",
    ),
    pytest.param(
        "{2:MULTICHOICE:=yes~no}",
        "{{1}}",
        (ClozeGap(GapKind.CHOICE, (Answer("yes", D(1)), Answer("no", D(0))), D(2)),),
        id="leading-number-is-the-weight",
    ),
    pytest.param(
        "Pi is {:NUMERICAL:=3.14:0.01}",
        "Pi is {{1}}",
        (ClozeGap(GapKind.NUMERICAL, (Answer("3.14", D(1), tolerance=D("0.01")),)),),
        id="no-weight-means-1-and-numerical-tolerance",
    ),
    pytest.param(
        "{1:NM:=3,5:0,25~%50%3~*#Not even close}",
        "{{1}}",
        (
            ClozeGap(
                GapKind.NUMERICAL,
                (
                    Answer("3.5", D(1), tolerance=D("0.25")),
                    Answer("3", D("0.5")),
                    Answer("*", D(0), "Not even close"),
                ),
            ),
        ),
        id="numerical-decimal-comma-no-tolerance-and-wildcard",
    ),
    pytest.param(
        "{1:MC:%33,5%a~%-50%b~%0%c~=d}",
        "{{1}}",
        (
            ClozeGap(
                GapKind.CHOICE,
                (
                    Answer("a", D("0.335")),
                    Answer("b", D("-0.5")),
                    Answer("c", D(0)),
                    Answer("d", D(1)),
                ),
            ),
        ),
        id="percentages-with-comma-negative-and-zero",
    ),
    pytest.param(
        r"{1:SA:=a\}b\#c\~d\/e\"f\\g#fb\}\~x}",
        "{{1}}",
        (ClozeGap(GapKind.TEXT, (Answer('a}b#c~d/e"f\\g', D(1), "fb}~x"),)),),
        id="backslash-escapes",
    ),
    pytest.param(
        "{1:SA:=Tom &amp; Jerry#&lt;b&gt; is bold~AT&T}",
        "{{1}}",
        (
            ClozeGap(
                GapKind.TEXT, (Answer("Tom & Jerry", D(1), "<b> is bold"), Answer("AT&T", D(0)))
            ),
        ),
        id="html-entities-decoded-as-moodle",
    ),
    pytest.param(
        "{1:SA:=C&#35; or F&#35;#Both}",
        "{{1}}",
        (ClozeGap(GapKind.TEXT, (Answer("C# or F#", D(1), "Both"),)),),
        id="hash-after-ampersand-is-an-entity-not-feedback",
    ),
    pytest.param(
        "{1:MULTICHOICE: = yes # good ~ no }",
        "{{1}}",
        (ClozeGap(GapKind.CHOICE, (Answer("yes", D(1), "good"), Answer("no", D(0)))),),
        id="spaces-around-answers-dropped",
    ),
    pytest.param(
        "<p>First line {1:SHORTANSWER:%100%Paris#Congratulations!<br />\n"
        "~%50%Marseille#No, the second city<br />\n~*#Wrong.}.</p>",
        "<p>First line {{1}}.</p>",
        (
            ClozeGap(
                GapKind.TEXT,
                (
                    Answer("Paris", D(1), "Congratulations!<br />"),
                    Answer("Marseille", D("0.5"), "No, the second city<br />"),
                    Answer("*", D(0), "Wrong."),
                ),
            ),
        ),
        id="gap-spanning-lines-with-html-feedback",
    ),
    pytest.param(
        "Not gaps: {a}, {1:note: x}, {{ x }}, {:}. A gap: {1:SA:=x}",
        "Not gaps: {a}, {1:note: x}, {{ x }}, {:}. A gap: {{1}}",
        (ClozeGap(GapKind.TEXT, (Answer("x", D(1)),)),),
        id="braces-that-are-not-gaps-stay-text",
    ),
]


@pytest.mark.parametrize(("text", "stem", "gaps"), PARSED)
def test_parse_cloze_reads_moodle_syntax(text, stem, gaps):
    assert parse_cloze(text) == (stem, gaps)


@pytest.mark.parametrize(
    ("type_name", "kind"),
    [
        ("SHORTANSWER", GapKind.TEXT),
        ("SA", GapKind.TEXT),
        ("MW", GapKind.TEXT),
        ("SHORTANSWER_C", GapKind.TEXT),
        ("SAC", GapKind.TEXT),
        ("MWC", GapKind.TEXT),
        ("MULTICHOICE", GapKind.CHOICE),
        ("MC", GapKind.CHOICE),
        ("MULTICHOICE_V", GapKind.CHOICE),
        ("MCV", GapKind.CHOICE),
        ("MULTICHOICE_H", GapKind.CHOICE),
        ("MCH", GapKind.CHOICE),
        ("MULTICHOICE_S", GapKind.CHOICE),
        ("MCS", GapKind.CHOICE),
        ("MULTICHOICE_VS", GapKind.CHOICE),
        ("MCVS", GapKind.CHOICE),
        ("MULTICHOICE_HS", GapKind.CHOICE),
        ("MCHS", GapKind.CHOICE),
        ("NUMERICAL", GapKind.NUMERICAL),
        ("NM", GapKind.NUMERICAL),
    ],
)
def test_every_moodle_gap_type_name_maps_to_its_kind(type_name, kind):
    _, (gap,) = parse_cloze(f"{{1:{type_name}:=1~2}}")
    assert gap.kind == kind


@pytest.mark.parametrize(
    ("text", "shuffled"),
    [
        ("{1:MULTICHOICE:=a~b}", False),
        ("{1:MCV:=a~b} {1:MCH:=a~b}", False),
        ("{1:MULTICHOICE_S:=a~b}", True),
        ("{1:MC:=a~b} {1:MCHS:=a~b}", True),
        ("{1:SA:=a} {1:NM:=1}", None),
    ],
)
def test_parse_cloze_text_tells_whether_choice_gaps_shuffle(text, shuffled):
    assert parse_cloze_text(text).shuffled is shuffled


ERRORS = [
    pytest.param("Just text.", 1, "at least one gap", id="no-gaps"),
    pytest.param("", 1, "at least one gap", id="empty-text"),
    pytest.param("a\nb {1:SA:=Paris", 2, "not closed", id="unclosed-gap"),
    pytest.param("{1:MULTIRESPONSE:=a~=b}", 1, "MULTIRESPONSE", id="multiresponse-refused"),
    pytest.param("\n\n{1:MRH:=a~=b}", 3, "MRH", id="multiresponse-short-name-refused"),
    pytest.param("{1:REGEXP:=a.*}", 1, "Unknown gap type REGEXP", id="unknown-type"),
    pytest.param("{1:shortanswer:=a}", 1, "capitals: SHORTANSWER", id="lower-case-type"),
    pytest.param("{1:SA:}", 1, "answer 1 is empty", id="empty-answer"),
    pytest.param("{1:SA:=a~}", 1, "answer 2 is empty", id="empty-alternative"),
    pytest.param("{1:MC:=only}", 1, "at least two answers", id="choice-with-one-answer"),
    pytest.param("{1:SA:a~b}", 1, "no fully right answer", id="no-100-percent-answer"),
    pytest.param("{1:NM:=pi}", 1, "pi is not a number", id="numerical-not-a-number"),
    pytest.param("{1:NM:=3:-1}", 1, "tolerance", id="numerical-negative-tolerance"),
    pytest.param("{1:SA:%150%a~=b}", 1, "between -100 and 100", id="percentage-over-100"),
    pytest.param("{1234567:SA:=a}", 1, "too large", id="absurd-weight"),
    pytest.param("{{2}} then {1:SA:=a}", 1, "{{2}}", id="literal-marker-in-text"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), ERRORS)
def test_parse_cloze_refuses_malformed_text_with_line_and_reason(text, line, fragment):
    with pytest.raises(QuestionFormatError) as error:
        parse_cloze(text)
    assert any(
        problem_line == line and fragment in message for problem_line, message in _messages(error)
    ), _messages(error)


def test_parse_cloze_reports_every_problem_with_lines_counted_from_first_line():
    text = "Intro {1:SA:=ok}\n{1:MC:=lonely}\nthen\n{1:FOO:=x} and {1:NM:=abc}"

    with pytest.raises(QuestionFormatError) as error:
        parse_cloze(text, first_line=10)

    assert [line for line, _ in _messages(error)] == [11, 13, 13]


# Writing ------------------------------------------------------------------------------------


def test_format_cloze_writes_moodle_syntax():
    gaps = (
        ClozeGap(GapKind.TEXT, (Answer("Paris", D(1), "Right"), Answer("paris", D("0.5")))),
        ClozeGap(GapKind.CHOICE, (Answer("yes", D(1)), Answer("no", D(0), "No!")), D(2)),
        ClozeGap(
            GapKind.NUMERICAL,
            (Answer("3.14", D(1), tolerance=D("0.010")), Answer("*", D("-0.3333333"))),
        ),
    )

    text = format_cloze("A {{1}}, B {{2}}, C {{3}}.", gaps)

    assert text == (
        "A {1:SHORTANSWER:=Paris#Right~%50%paris}, B {2:MULTICHOICE:=yes~no#No!}, "
        "C {1:NUMERICAL:=3.14:0.01~%-33.33333%*}."
    )


def test_format_cloze_marks_choice_gaps_shuffled_when_asked():
    gap = ClozeGap(GapKind.CHOICE, (Answer("a", D(1)), Answer("b", D(0))))
    assert format_cloze("{{1}}", (gap,), shuffle=True) == "{1:MULTICHOICE_S:=a~b}"


TRICKY_ANSWERS = [
    pytest.param("a}b#c~d\\e", id="special-characters"),
    pytest.param("Tom & Jerry", id="ampersand"),
    pytest.param("R&D", id="ampersand-before-letters"),
    pytest.param("x &amp; y", id="literal-entity-text"),
    pytest.param("C&#35;", id="literal-numeric-entity-text"),
    pytest.param("rock &", id="ampersand-at-the-end"),
    pytest.param("=2+2", id="starts-with-equals"),
    pytest.param("%50% off", id="starts-with-percentage"),
    pytest.param('<b>bold</b> / "quoted"', id="markup-slash-and-quotes"),
    pytest.param("line one\nline two", id="newline"),
]


@pytest.mark.parametrize("text", TRICKY_ANSWERS)
def test_format_cloze_then_parse_gives_back_any_answer_and_feedback(text):
    gaps = (
        ClozeGap(GapKind.CHOICE, (Answer("right", D(1), text), Answer(text, D(0), text))),
        ClozeGap(GapKind.TEXT, (Answer(text, D(1), text), Answer(text, D("0.5")))),
    )
    stem = "Pick {{1}} then type {{2}}."

    assert parse_cloze(format_cloze(stem, gaps)) == (stem, gaps)


@pytest.mark.parametrize(
    "text",
    [pytest.param(param.values[0], id=param.id) for param in PARSED]
    + [
        "{:MCHS:%100%a~%0%b} {01:SAC:  =x#y  } {3:NM:=1e3:0.5~%20%.5}",
        r"{1:SA:=\\\}~&amp;amp;#\#~%0%=x}",
    ],
)
def test_format_of_parse_is_stable_after_one_normalisation(text):
    once = format_cloze(*parse_cloze(text))
    assert format_cloze(*parse_cloze(once)) == once
    assert parse_cloze(once) == parse_cloze(text)


ONE_GAP = (ClozeGap(GapKind.TEXT, (Answer("x", D(1)),)),)

FORMAT_ERRORS = [
    pytest.param("{{1}}", (ClozeGap(GapKind.TEXT, ONE_GAP[0].answers, D("1.5")),), "whole number"),
    pytest.param("{{1}}", (ClozeGap(GapKind.TEXT, ONE_GAP[0].answers, D(-1)),), "whole number"),
    pytest.param("no marker", ONE_GAP, "marks 0 gaps"),
    pytest.param("{{2}}", ONE_GAP, "out of place"),
    pytest.param("{{1}} {{1}}", ONE_GAP, "out of place"),
    pytest.param("{{1}}", (), "out of place"),
    pytest.param("nothing", (), "at least one gap"),
    pytest.param("{{1}}", (ClozeGap(GapKind.TEXT, (Answer("", D(1)),)),), "empty"),
    pytest.param("{{1}}", (ClozeGap(GapKind.NUMERICAL, (Answer("pi", D(1)),)),), "not a number"),
    pytest.param(
        "{{1}}",
        (ClozeGap(GapKind.NUMERICAL, (Answer("*", D(1), tolerance=D(1)),)),),
        "cannot have a tolerance",
    ),
    pytest.param("{{1}}", (ClozeGap(GapKind.TEXT, (Answer("x", D(0)),)),), "fully right"),
    pytest.param("{1:SA:=y} {{1}}", ONE_GAP, "unchanged"),
]


@pytest.mark.parametrize(("stem", "gaps", "fragment"), FORMAT_ERRORS)
def test_format_cloze_refuses_what_would_not_read_back(stem, gaps, fragment):
    with pytest.raises(QuestionFormatError, match=fragment):
        format_cloze(stem, gaps)


# Garbage ------------------------------------------------------------------------------------


def test_garbage_never_raises_anything_but_question_format_error():
    rng = random.Random(1234)
    alphabet = "{}{}::~~##==%%\\\\&;amp#1230.,-SAMCNUMERICALHORT_V \n\té"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        if rng.random() < 0.5:
            text = rng.choice(["{1:SA:", "{:MC:", "{2:NM:", "{1:MCS:"]) + text
        with contextlib.suppress(QuestionFormatError):
            parse_cloze(text)


def test_random_gaps_that_parse_write_back_the_same():
    rng = random.Random(99)
    alphabet = 'ab }{~#=%\\&;amp#/"<>1.'
    parsed = 0
    for _ in range(2000):
        alternatives = [
            rng.choice(["=", "", "%50%", "%-25%", "%0%"])
            + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
            for _ in range(rng.randint(1, 4))
        ]
        weight = rng.choice(["", "1", "3"])
        type_name = rng.choice(["SA", "MC", "MCS", "SHORTANSWER_C"])
        text = "x {" + f"{weight}:{type_name}:=ok~" + "~".join(alternatives) + "} y"
        try:
            stem, gaps = parse_cloze(text)
        except QuestionFormatError:
            continue
        parsed += 1
        assert parse_cloze(format_cloze(stem, gaps)) == (stem, gaps), text
    assert parsed > 500  # the generator mostly makes readable gaps
