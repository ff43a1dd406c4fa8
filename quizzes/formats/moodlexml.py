"""Moodle XML, as Moodle's ``question/format/xml/format.php`` reads and writes it.

Types: multichoice (``<single>`` true → single choice, false → multiple response), truefalse,
shortanswer, numerical, matching (``match``), essay, description, cloze (``multianswer``; the
question text holds the embedded-answers syntax, see ``cloze.py``) and ordering
(``qtype_ordering``: the ``<answer>`` items in their correct order). ``<question
type="category">`` sets the category of the questions after it; Moodle's context prefix
(``$course$/top/``, ``$course$/``, ``$module$/``…) is dropped and "Default" is the default
category (""). Fractions are percentages in the file (``33.33333``, ``-50``) and Decimal shares
in Docent; ``<defaultgrade>`` is the question's points.

Text formats map html ⇄ HTML, moodle_auto_format ⇄ MOODLE, plain_text ⇄ PLAIN, markdown ⇄
MARKDOWN (wiki_like reads as MOODLE, anything else as HTML, as in Moodle). A question text
without a format is HTML, as in Moodle; a feedback, answer or subquestion without a format
reads as None ("as the question text"), which is also what Moodle assumes, and the exporter
leaves the attribute out for None so that both round-trip.

Settings Docent does not use are kept in ``QuestionData.extra`` and written back: shortanswer
``usecase`` (Docent always ignores case), multichoice ``answernumbering``, essay
``responseformat``/``responsefieldlines``/``attachments``/``graderinfo``, ordering
``layouttype``/``gradingtype``/``showgrading``. Docent always shows every ordering item, so
``selecttype``/``selectcount`` are not kept and export writes ALL.

Deliberate differences from Moodle: a file with any problem is refused as a whole (Moodle skips
broken questions); unknown types (calculated, ddwtos…) are errors; a DOCTYPE is refused outright
since Moodle never writes one and it is how entity bombs and external entities get in;
numerical units, hints, penalties and combined feedback are ignored on import and not written;
for cloze questions ``<defaultgrade>`` is written and read (Moodle ignores it and uses the sum of
the gap weights, which is also what Docent uses when it is missing); ``<shuffleanswers>`` is
read for every type and written for types other than multichoice and matching only when false.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from quizzes.questions import (
    Answer,
    FormatProblem,
    MatchPair,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

from .cloze import decimal_text, format_cloze, normal, parse_cloze_text, parse_decimal

_FORMAT_BY_NAME = {
    "html": TextFormat.HTML,
    "moodle_auto_format": TextFormat.MOODLE,
    "plain_text": TextFormat.PLAIN,
    "markdown": TextFormat.MARKDOWN,
    "wiki_like": TextFormat.MOODLE,
}
_FORMAT_NAME = {
    TextFormat.HTML: "html",
    TextFormat.MOODLE: "moodle_auto_format",
    TextFormat.PLAIN: "plain_text",
    TextFormat.MARKDOWN: "markdown",
}
_MOODLE_TYPE = {
    QuestionType.SINGLE_CHOICE: "multichoice",
    QuestionType.MULTIPLE_RESPONSE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT_ANSWER: "shortanswer",
    QuestionType.NUMERICAL: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ORDERING: "ordering",
    QuestionType.CLOZE: "cloze",
    QuestionType.ESSAY: "essay",
    QuestionType.DESCRIPTION: "description",
}
_DEFAULT_CATEGORY = "Default"  # the bank's name for the "" category
_CONTEXT_PREFIX = re.compile(r"^\$[A-Za-z0-9_]*\$(?:/|$)")
_ESSAY_SETTINGS = (("responseformat", "editor"), ("responsefieldlines", "10"), ("attachments", "0"))
_ORDERING_SETTINGS = ("layouttype", "gradingtype", "showgrading")
_INVALID_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PARSE_POSITION = re.compile(r": line \d+, column \d+$")


# Reading -------------------------------------------------------------------------------------


@dataclass
class _Node:
    tag: str
    attrib: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def child(self, tag: str) -> _Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def all(self, tag: str) -> list[_Node]:
        return [child for child in self.children if child.tag == tag]


class _TreeBuilder:
    """The parser's target: a tree of _Node that knows the line each element starts on."""

    def __init__(self) -> None:
        self.expat: Any = None
        self.stack: list[_Node] = []
        self.root: _Node | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        node = _Node(tag, dict(attrib), int(self.expat.CurrentLineNumber))
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(data)

    def close(self) -> _Node | None:
        return self.root


def _parse_tree(data: str | bytes) -> _Node:
    builder = _TreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DTDForbidden:
        raise _refuse(
            parser,
            "The file has a DOCTYPE declaration, which Moodle XML never has and which can "
            "define entities that expand enormously or read other files: refused.",
        ) from None
    except DefusedXmlException:
        raise _refuse(
            parser, "The file declares or references XML entities, which are refused."
        ) from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 0
        reason = _PARSE_POSITION.sub("", str(error))
        raise QuestionFormatError(
            [FormatProblem(line, f"The file is not well-formed XML: {reason}.")]
        ) from None
    except (ValueError, LookupError, TypeError) as error:  # e.g. an unknown encoding
        raise QuestionFormatError(
            [FormatProblem(0, f"The file cannot be read as XML: {error}.")]
        ) from None
    if root is None:
        raise QuestionFormatError([FormatProblem(0, "The file has no XML element.")])
    return root


def _refuse(parser: Any, message: str) -> QuestionFormatError:
    try:
        line = int(parser.parser.CurrentLineNumber)
    except (AttributeError, TypeError, ValueError):
        line = 0
    return QuestionFormatError([FormatProblem(line, message)])


class _Reader:
    """Reads one <question>, collecting problems instead of stopping at the first."""

    def __init__(self, node: _Node, problems: list[FormatProblem]) -> None:
        self.node = node
        self.problems = problems
        self.extra: dict[str, str] = {}

    def problem(self, node: _Node, message: str) -> None:
        self.problems.append(FormatProblem(node.line, message))

    def text(self, node: _Node | None) -> str:
        """The trimmed <text> of ``node`` ("" if absent), as Moodle's getpath(…, true)."""
        if node is None:
            return ""
        text_node = node.child("text")
        if text_node is None:
            return ""
        if text_node.children:
            self.problem(
                text_node,
                f"<{node.tag}><text> contains XML elements: HTML must be escaped or in CDATA.",
            )
            return ""
        return text_node.text.strip()

    def element_text(self, tag: str) -> str | None:
        node = self.node.child(tag)
        if node is None:
            return None
        if node.children:
            self.problem(node, f"<{tag}> should hold a plain value.")
            return None
        return node.text.strip()

    def format_of(self, node: _Node | None) -> TextFormat | None:
        if node is None or "format" not in node.attrib:
            return None
        return _FORMAT_BY_NAME.get(node.attrib["format"].strip(), TextFormat.HTML)

    def fraction(self, node: _Node) -> Decimal:
        raw = node.attrib.get("fraction", "0")
        value = parse_decimal(raw) if raw.strip() else Decimal(0)
        if value is None or not -100 <= value <= 100:
            self.problem(node, f"The answer's fraction {raw!r} is not a percentage (-100 to 100).")
            return Decimal(0)
        return normal(value / 100)

    def flag(self, tag: str, default: bool) -> bool:
        """Moodle's trans_single: "false", "0" or empty is false, anything else true."""
        value = self.element_text(tag)
        if value is None:
            return default
        return value not in ("false", "0", "")

    def points(self, default: Decimal) -> Decimal:
        node = self.node.child("defaultgrade")
        raw = self.element_text("defaultgrade")
        if node is None or raw is None:
            return default
        value = parse_decimal(raw)
        if value is None or value < 0:
            self.problem(node, f"<defaultgrade> {raw!r} is not a number of points.")
            return default
        return value

    def answer(self, node: _Node, *, rich: bool) -> Answer:
        feedback = node.child("feedback")
        return Answer(
            text=self.text(node),
            fraction=self.fraction(node),
            feedback=self.text(feedback),
            text_format=self.format_of(node) if rich else None,
            feedback_format=self.format_of(feedback),
        )

    def keep(self, *tags: str) -> None:
        for tag in tags:
            value = self.element_text(tag)
            if value is not None:
                self.extra[tag] = value


def _check_full_marks(reader: _Reader, answers: tuple[Answer, ...], what: str) -> None:
    if answers and not any(answer.fraction == 1 for answer in answers):
        reader.problem(reader.node, f"{what}: no answer is worth 100%.")


def _read_multichoice(reader: _Reader, data: dict[str, Any]) -> None:
    single = reader.flag("single", True)
    data["type"] = QuestionType.SINGLE_CHOICE if single else QuestionType.MULTIPLE_RESPONSE
    data["shuffle_answers"] = reader.flag("shuffleanswers", False)
    reader.keep("answernumbering")
    answers = tuple(reader.answer(node, rich=True) for node in reader.node.all("answer"))
    for index, answer in enumerate(answers, start=1):
        if not answer.text:
            reader.problem(reader.node.all("answer")[index - 1], f"Answer {index} has no text.")
    if len(answers) < 2:
        reader.problem(reader.node, "A multiple-choice question needs at least two answers.")
    elif single:
        _check_full_marks(reader, answers, "A single-choice question")
    elif not any(answer.fraction > 0 for answer in answers):
        reader.problem(reader.node, "A multiple-response question needs a right answer.")
    data["answers"] = answers


def _read_truefalse(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.TRUE_FALSE
    nodes = reader.node.all("answer")
    answers = []
    for index, node in enumerate(nodes):
        answer = reader.answer(node, rich=False)
        if answer.text not in ("true", "false"):  # old localised files: true, then false
            answer = Answer(
                "true" if index == 0 else "false",
                answer.fraction,
                answer.feedback,
                feedback_format=answer.feedback_format,
            )
        answers.append(answer)
    texts = sorted(answer.text for answer in answers)
    fractions = sorted(answer.fraction for answer in answers)
    if texts != ["false", "true"] or fractions != [0, 1]:
        reader.problem(
            reader.node,
            "A true/false question needs a 'true' and a 'false' answer, one at 100% and "
            "the other at 0%.",
        )
    data["answers"] = tuple(answers)


def _read_shortanswer(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.SHORT_ANSWER
    reader.keep("usecase")
    answers = tuple(reader.answer(node, rich=False) for node in reader.node.all("answer"))
    for index, answer in enumerate(answers, start=1):
        if not answer.text:
            reader.problem(reader.node.all("answer")[index - 1], f"Answer {index} has no text.")
    if not answers:
        reader.problem(reader.node, "A short-answer question needs an answer.")
    _check_full_marks(reader, answers, "A short-answer question")
    data["answers"] = answers


def _read_numerical(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.NUMERICAL
    answers = []
    for node in reader.node.all("answer"):
        answer = reader.answer(node, rich=False)
        text = answer.text or "*"  # as Moodle
        if text != "*" and parse_decimal(text) is None:
            reader.problem(node, f"The answer {text!r} is not a number (or *).")
        tolerance = None
        raw = node.child("tolerance")
        if raw is not None:
            value = raw.text.strip()
            tolerance = parse_decimal(value) if value else Decimal(0)
            if tolerance is None or tolerance < 0:
                reader.problem(raw, f"The tolerance {value!r} is not a positive number.")
                tolerance = None
        answers.append(
            Answer(text, answer.fraction, answer.feedback, tolerance, None, answer.feedback_format)
        )
    if not answers:
        reader.problem(reader.node, "A numerical question needs an answer.")
    _check_full_marks(reader, tuple(answers), "A numerical question")
    data["answers"] = tuple(answers)


def _read_matching(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.MATCHING
    data["shuffle_answers"] = reader.flag("shuffleanswers", True)
    pairs = []
    for node in reader.node.all("subquestion"):
        prompt = reader.text(node)
        answer = reader.text(node.child("answer"))
        if not prompt and not answer:
            continue  # a blank row of Moodle's form
        if not answer:
            reader.problem(node, "A matching subquestion has no answer.")
        pairs.append(MatchPair(prompt, answer, reader.format_of(node)))
    if sum(1 for pair in pairs if pair.prompt) < 2:
        reader.problem(reader.node, "A matching question needs at least two subquestions.")
    data["pairs"] = tuple(pairs)


def _read_ordering(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.ORDERING
    reader.keep(*_ORDERING_SETTINGS)
    items = []
    for node in reader.node.all("answer"):
        item = reader.text(node)
        if not item:
            reader.problem(node, "An ordering item has no text.")
        items.append(item)
    if len(items) < 2:
        reader.problem(reader.node, "An ordering question needs at least two items.")
    data["items"] = tuple(items)


def _read_essay(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.ESSAY
    reader.keep(*(tag for tag, _ in _ESSAY_SETTINGS))
    graderinfo = reader.node.child("graderinfo")
    if graderinfo is not None:
        reader.extra["graderinfo"] = reader.text(graderinfo)
        graderinfo_format = reader.format_of(graderinfo)
        if graderinfo_format is not None:
            reader.extra["graderinfo_format"] = graderinfo_format.value


def _read_description(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.DESCRIPTION
    data["points"] = reader.points(Decimal(0))


def _read_cloze(reader: _Reader, data: dict[str, Any]) -> None:
    data["type"] = QuestionType.CLOZE
    node = reader.node.child("questiontext")
    text_node = node.child("text") if node is not None else None
    if text_node is None or not data["stem"]:
        return  # reported with the other headers
    raw = text_node.text
    first_line = text_node.line + raw[: len(raw) - len(raw.lstrip())].count("\n")
    try:
        parsed = parse_cloze_text(data["stem"], first_line=first_line)
    except QuestionFormatError as error:
        reader.problems.extend(error.problems)
        return
    data["stem"] = parsed.stem
    data["gaps"] = parsed.gaps
    data["points"] = reader.points(sum((gap.weight for gap in parsed.gaps), Decimal(0)))
    if reader.node.child("shuffleanswers") is not None:
        data["shuffle_answers"] = reader.flag("shuffleanswers", True)
    elif parsed.shuffled is not None:
        data["shuffle_answers"] = parsed.shuffled


_READERS: dict[str, Callable[[_Reader, dict[str, Any]], None]] = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
    "matching": _read_matching,
    "match": _read_matching,
    "ordering": _read_ordering,
    "essay": _read_essay,
    "description": _read_description,
    "cloze": _read_cloze,
    "multianswer": _read_cloze,
}


def _read_question(node: _Node, category: str, problems: list[FormatProblem]) -> QuestionData:
    reader = _Reader(node, problems)
    questiontext = node.child("questiontext")
    stem_format = reader.format_of(questiontext) or TextFormat.HTML
    reported = len(problems)
    data: dict[str, Any] = {"stem": reader.text(questiontext)}
    if not data["stem"] and len(problems) == reported:
        reader.problem(node, "The question has no <questiontext>.")
    generalfeedback = node.child("generalfeedback")
    tags_node = node.child("tags")
    tags = tuple(
        text for tag in (tags_node.all("tag") if tags_node else []) if (text := reader.text(tag))
    )
    _READERS[node.attrib["type"].strip()](reader, data)
    if "points" not in data:
        data["points"] = reader.points(Decimal(1))
    if "shuffle_answers" not in data:
        data["shuffle_answers"] = reader.flag("shuffleanswers", True)
    return QuestionData(
        name=reader.text(node.child("name")),
        stem_format=stem_format,
        general_feedback=reader.text(generalfeedback),
        general_feedback_format=reader.format_of(generalfeedback),
        category=category,
        tags=tags,
        source_line=node.line,
        extra=reader.extra,
        **data,
    )


def _category_path(raw: str) -> str:
    path = _CONTEXT_PREFIX.sub("", raw.strip(), count=1)
    if path == "top" or path.startswith("top/"):
        path = path[len("top") :]
    path = "/".join(part.strip() for part in path.split("/") if part.strip())
    return "" if path == _DEFAULT_CATEGORY else path


def parse_moodle_xml(data: str | bytes) -> list[QuestionData]:
    """The questions of a Moodle XML file; QuestionFormatError lists every problem with its
    line. Hostile XML (DOCTYPE, entities) is refused, never expanded."""
    root = _parse_tree(data)
    if root.tag != "quiz":
        raise QuestionFormatError(
            [
                FormatProblem(
                    root.line,
                    f"The root element is <{root.tag}>, not <quiz>: "
                    "this is not a Moodle XML question file.",
                )
            ]
        )
    problems: list[FormatProblem] = []
    questions = []
    category = ""
    for node in root.all("question"):
        kind = node.attrib.get("type", "").strip()
        if kind == "category":
            category_node = node.child("category")
            if category_node is None:
                problems.append(FormatProblem(node.line, "A category has no <category> path."))
                continue
            text_node = category_node.child("text")
            category = _category_path((text_node or category_node).text)
        elif kind in _READERS:
            questions.append(_read_question(node, category, problems))
        elif not kind:
            problems.append(FormatProblem(node.line, "A <question> has no type attribute."))
        else:
            problems.append(
                FormatProblem(node.line, f"Question type {kind!r} is not supported by Docent.")
            )
    if problems:
        raise QuestionFormatError(sorted(problems, key=lambda problem: problem.line))
    return questions


# Writing -------------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    """Character data for an element: as is, in CDATA when it has markup (as Moodle), or
    escaped when it has a carriage return (which XML parsers would turn into a newline)."""
    text = _INVALID_XML_CHARS.sub("", text)
    if "\r" in text:
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\r", "&#13;")
        )
    if any(char in text for char in "&<>"):
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return text


def _format_attribute(text_format: TextFormat | None) -> str:
    return f' format="{_FORMAT_NAME[text_format]}"' if text_format is not None else ""


def _text_block(tag: str, text: str, indent: int, text_format: TextFormat | None = None) -> str:
    pad = "  " * indent
    return (
        f"{pad}<{tag}{_format_attribute(text_format)}>\n"
        f"{pad}  <text>{_xml_text(text)}</text>\n"
        f"{pad}</{tag}>\n"
    )


def _value(tag: str, value: str) -> str:
    return f"    <{tag}>{_xml_text(value)}</{tag}>\n"


def _percent(fraction: Decimal) -> str:
    return decimal_text(fraction * 100)


def _answer_block(answer: Answer, *, rich: bool, tolerance: bool = False) -> str:
    text_format = _format_attribute(answer.text_format) if rich else ""
    out = f'    <answer fraction="{_percent(answer.fraction)}"{text_format}>\n'
    out += f"      <text>{_xml_text(answer.text)}</text>\n"
    out += _text_block("feedback", answer.feedback, 3, answer.feedback_format)
    if tolerance and answer.tolerance is not None:
        out += f"      <tolerance>{decimal_text(answer.tolerance)}</tolerance>\n"
    return out + "    </answer>\n"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _question_body(question: QuestionData) -> str:
    kind = question.type
    extra = question.extra
    out = ""
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
        out += _value("single", _bool(kind == QuestionType.SINGLE_CHOICE))
        out += _value("shuffleanswers", _bool(question.shuffle_answers))
        out += _value("answernumbering", extra.get("answernumbering", "abc"))
        out += "".join(_answer_block(answer, rich=True) for answer in question.answers)
    elif kind == QuestionType.TRUE_FALSE:
        out += "".join(_answer_block(answer, rich=False) for answer in question.answers)
    elif kind == QuestionType.SHORT_ANSWER:
        out += _value("usecase", extra.get("usecase", "0"))
        out += "".join(_answer_block(answer, rich=False) for answer in question.answers)
    elif kind == QuestionType.NUMERICAL:
        out += "".join(
            _answer_block(answer, rich=False, tolerance=True) for answer in question.answers
        )
    elif kind == QuestionType.MATCHING:
        out += _value("shuffleanswers", _bool(question.shuffle_answers))
        for pair in question.pairs:
            out += f"    <subquestion{_format_attribute(pair.prompt_format)}>\n"
            out += f"      <text>{_xml_text(pair.prompt)}</text>\n"
            out += _text_block("answer", pair.answer, 3)
            out += "    </subquestion>\n"
    elif kind == QuestionType.ORDERING:
        out += _value("layouttype", extra.get("layouttype", "VERTICAL"))
        out += _value("selecttype", "ALL")
        out += _value("selectcount", str(len(question.items)))
        for tag in _ORDERING_SETTINGS[1:]:
            if tag in extra:
                out += _value(tag, extra[tag])
        for position, item in enumerate(question.items, start=1):
            out += f'    <answer fraction="{position}">\n'
            out += f"      <text>{_xml_text(item)}</text>\n"
            out += "    </answer>\n"
    elif kind == QuestionType.ESSAY:
        for tag, default in _ESSAY_SETTINGS:
            out += _value(tag, extra.get(tag, default))
        graderinfo_format = extra.get("graderinfo_format", "")
        out += _text_block(
            "graderinfo",
            extra.get("graderinfo", ""),
            2,
            TextFormat(graderinfo_format)
            if graderinfo_format in {member.value for member in TextFormat}
            else question.stem_format,
        )
    if kind not in _SHUFFLE_WRITTEN and not question.shuffle_answers:
        out += _value("shuffleanswers", "false")
    return out


_SHUFFLE_WRITTEN = frozenset(
    {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE, QuestionType.MATCHING}
)


def _question_xml(question: QuestionData) -> str:
    stem = question.stem
    if question.type == QuestionType.CLOZE:
        stem = format_cloze(question.stem, question.gaps, shuffle=question.shuffle_answers)
    out = f'  <question type="{_MOODLE_TYPE[question.type]}">\n'
    out += _text_block("name", question.name, 2)
    out += _text_block("questiontext", stem, 2, question.stem_format)
    out += _text_block(
        "generalfeedback", question.general_feedback, 2, question.general_feedback_format
    )
    out += f"    <defaultgrade>{decimal_text(question.points)}</defaultgrade>\n"
    out += _question_body(question)
    if question.tags:
        out += "    <tags>\n"
        out += "".join(f"      <tag><text>{_xml_text(tag)}</text></tag>\n" for tag in question.tags)
        out += "    </tags>\n"
    return out + "  </question>\n"


def _category_xml(category: str) -> str:
    path = "$course$/top/" + (category or _DEFAULT_CATEGORY)
    return (
        '  <question type="category">\n'
        "    <category>\n"
        f"      <text>{_xml_text(path)}</text>\n"
        "    </category>\n"
        "  </question>\n"
    )


def _label(question: QuestionData, number: int) -> str:
    return f"question {number}" + (f" ({question.name!r})" if question.name else "")


def export_moodle_xml(questions: Iterable[QuestionData]) -> str:
    """A Moodle XML file (UTF-8) for the questions, with a category question wherever the
    category changes. A question that cannot be written raises QuestionFormatError naming it."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    problems: list[FormatProblem] = []
    category = ""
    for number, question in enumerate(questions, start=1):
        if question.category != category:
            parts.append(_category_xml(question.category))
            category = question.category
        try:
            parts.append(_question_xml(question))
        except QuestionFormatError as error:
            problems += [
                FormatProblem(0, f"{_label(question, number)}: {problem.message}")
                for problem in error.problems
            ]
        parts.append("\n")
    if problems:
        raise QuestionFormatError(problems)
    parts.append("</quiz>\n")
    return "".join(parts)
