"""Moodle's embedded-answers ("Cloze") syntax ⇄ a stem with ``{{n}}`` markers and ClozeGaps.

A gap is written ``{weight:TYPE:alternative~alternative~…}``, each alternative being
``[=|%percent%]answer[#feedback]``, as Moodle's ``qtype_multianswer_extract_question`` reads it:

- ``weight`` (digits, default 1) is the gap's share of the question's points;
- ``TYPE`` is NUMERICAL/NM (→ GapKind.NUMERICAL, answers ``number[:tolerance]`` or ``*``),
  SHORTANSWER/SA/MW and the case-sensitive SHORTANSWER_C/SAC/MWC (→ TEXT; Docent always ignores
  case), or MULTICHOICE/MC with the layout and shuffle variants _V/MCV, _H/MCH, _S/MCS,
  _VS/MCVS, _HS/MCHS (→ CHOICE, shown by Docent as one list whatever the layout);
- ``=`` marks a fully right answer, ``%50%`` a partly right one (``,`` or ``.`` as decimal
  point), no prefix a wrong one;
- inside answers and feedback ``\\}``, ``\\#``, ``\\~``, ``\\/``, ``\\"`` and ``\\\\`` stand for the
  character itself, and HTML entities are decoded (an HTML editor writes ``&amp;`` for ``&``).
  As in Moodle, ``~``, ``#`` or ``}`` right after ``&`` or ``&amp;`` do not end an answer.

Deliberate differences from Moodle, which silently leaves anything it cannot read as text:
a gap that starts like one (``{1:SHORTANSWER:``) but is malformed, an unknown upper-case gap
type, and a gap without a 100 % answer are errors with their line; spaces around answers and
feedback are dropped; MULTIRESPONSE gaps (MR, MRH, MRS, MRHS…) are refused because a Docent
gap takes exactly one answer, and grading several ticked choices as one would be wrong.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from quizzes.questions import Answer, ClozeGap, FormatProblem, GapKind, QuestionFormatError

_CHOICE_TYPES = {
    "MULTICHOICE": False,
    "MC": False,
    "MULTICHOICE_V": False,
    "MCV": False,
    "MULTICHOICE_H": False,
    "MCH": False,
    "MULTICHOICE_S": True,
    "MCS": True,
    "MULTICHOICE_VS": True,
    "MCVS": True,
    "MULTICHOICE_HS": True,
    "MCHS": True,
}
_TEXT_TYPES = frozenset({"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"})
_NUMERICAL_TYPES = frozenset({"NUMERICAL", "NM"})
_MULTIRESPONSE_TYPES = frozenset(
    {
        "MULTIRESPONSE",
        "MR",
        "MULTIRESPONSE_H",
        "MRH",
        "MULTIRESPONSE_S",
        "MRS",
        "MULTIRESPONSE_HS",
        "MRHS",
    }
)
_KNOWN_TYPES = frozenset(_CHOICE_TYPES) | _TEXT_TYPES | _NUMERICAL_TYPES

_GAP_START = re.compile(r"\{(\d*):([A-Za-z_]+):")
_MARKER = re.compile(r"\{\{(\d+)\}\}")
_PERCENT = re.compile(r"%(-?[0-9]+(?:[.,][0-9]*)?)%")
_NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
_NUMERICAL_ANSWER = re.compile(rf"({_NUMBER})(?::({_NUMBER}))?")
_ENTITY = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
_ENTITY_AT = re.compile(_ENTITY)
_UNESCAPE = re.compile(r"\\([}#~/\"\\])|" + _ENTITY)
_MAX_WEIGHT_DIGITS = 6
_LARGEST_EXPONENT = 40
_PRECISION = 28  # the default decimal context's


def parse_decimal(text: str) -> Decimal | None:
    """``text`` as a finite Decimal of sensible size, normalised ("1.50" → 1.5), else None."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or (value and abs(value.adjusted()) > _LARGEST_EXPONENT):
        return None
    return normal(value)


def normal(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and without an exponent for whole numbers."""
    if value.is_zero():
        return Decimal(0)
    if value == value.to_integral_value() and value.adjusted() < _PRECISION:
        return value.quantize(Decimal(1))
    return value.normalize()


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain digits ("0.5", "10", "-33.33333"), never in E notation."""
    if not value.is_finite() or (value and abs(value.adjusted()) > _LARGEST_EXPONENT):
        return str(value)
    return format(normal(value), "f")


@dataclass(frozen=True)
class ClozeText:
    """A parsed cloze text; ``shuffled`` tells whether any choice gap asked for shuffling
    (the _S variants), None when there is no choice gap."""

    stem: str
    gaps: tuple[ClozeGap, ...]
    shuffled: bool | None


def parse_cloze(text: str, *, first_line: int = 1) -> tuple[str, tuple[ClozeGap, ...]]:
    """The stem (each gap replaced by ``{{n}}``) and the gaps of a text in cloze syntax.

    Raises QuestionFormatError listing every problem; ``first_line`` is the line ``text``
    starts on in its file, for the line numbers in those problems.
    """
    parsed = parse_cloze_text(text, first_line=first_line)
    return parsed.stem, parsed.gaps


def parse_cloze_text(text: str, *, first_line: int = 1) -> ClozeText:
    """As parse_cloze, also telling whether the choice gaps asked to be shuffled."""
    parser = _Parser(text, first_line)
    parser.run()
    if parser.problems:
        raise QuestionFormatError(parser.problems)
    shuffled = None
    if parser.choice_shuffles:
        shuffled = any(parser.choice_shuffles)
    return ClozeText("".join(parser.stem_parts), tuple(parser.gaps), shuffled)


@dataclass
class _RawAlternative:
    fraction: Decimal | None  # None: the percentage was unreadable (already reported)
    answer: str  # raw, escapes and entities not yet undone
    feedback: str


class _Parser:
    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.problems: list[FormatProblem] = []
        self.stem_parts: list[str] = []
        self.gaps: list[ClozeGap] = []
        self.choice_shuffles: list[bool] = []
        self._newlines = [match.start() for match in re.finditer("\n", text)]

    def line(self, position: int) -> int:
        return self.first_line + bisect_left(self._newlines, position)

    def problem(self, position: int, message: str) -> None:
        self.problems.append(FormatProblem(self.line(position), message))

    def run(self) -> None:
        text = self.text
        position = 0
        while True:
            start = self._next_gap(position)
            if start is None:
                self._literal(position, len(text))
                break
            match, kind_name = start
            self._literal(position, match.start())
            end = self._gap(match, kind_name)
            if end is None:  # unterminated: nothing after it can be trusted
                break
            position = end
        if not self.gaps and not self.problems:
            self.problem(
                0,
                "A cloze question needs at least one gap such as {1:SHORTANSWER:=answer} "
                "or {1:MULTICHOICE:=right~wrong}.",
            )

    def _next_gap(self, position: int) -> tuple[re.Match[str], str] | None:
        for match in _GAP_START.finditer(self.text, position):
            name = match.group(2)
            if name in _KNOWN_TYPES:
                return match, name
            if name in _MULTIRESPONSE_TYPES:
                self.problem(
                    match.start(),
                    f"Gap type {name} (several answers ticked at once) is not supported: "
                    "a Docent gap takes one answer. Use MULTICHOICE instead.",
                )
            elif name.upper() in _KNOWN_TYPES | _MULTIRESPONSE_TYPES:
                self.problem(
                    match.start(), f"Gap types are written in capitals: {name.upper()}, not {name}."
                )
            elif name.isupper():
                self.problem(
                    match.start(),
                    f"Unknown gap type {name}: use SHORTANSWER (SA), MULTICHOICE (MC) or "
                    "NUMERICAL (NM), or one of their variants.",
                )
        return None

    def _literal(self, start: int, end: int) -> None:
        chunk = self.text[start:end]
        for marker in _MARKER.finditer(chunk):
            self.problem(
                start + marker.start(),
                f"The text contains {marker.group(0)}, which Docent uses to mark gaps; "
                "write it differently.",
            )
        self.stem_parts.append(chunk)

    def _gap(self, match: re.Match[str], type_name: str) -> int | None:
        """Read the gap opened by ``match``; the position after it, None if unterminated."""
        number = len(self.gaps) + 1
        start = match.start()
        scanned = self._alternatives(match.end())
        if scanned is None:
            self.problem(start, f"Gap {number} ({type_name}) is not closed with }}.")
            return None
        alternatives, end = scanned
        problems_before = len(self.problems)
        weight_text = match.group(1)
        weight = Decimal(1)
        if len(weight_text) > _MAX_WEIGHT_DIGITS:
            self.problem(start, f"Gap {number}: the weight {weight_text} is too large.")
        elif weight_text:
            weight = Decimal(weight_text)
        if type_name in _NUMERICAL_TYPES:
            kind = GapKind.NUMERICAL
        elif type_name in _TEXT_TYPES:
            kind = GapKind.TEXT
        else:
            kind = GapKind.CHOICE
            self.choice_shuffles.append(_CHOICE_TYPES[type_name])
        answers = []
        for index, alternative in enumerate(alternatives, start=1):
            answer = self._answer(start, number, index, kind, alternative)
            if answer is not None:
                answers.append(answer)
        if len(self.problems) == problems_before:
            self._check_gap(start, number, kind, answers)
        self.gaps.append(ClozeGap(kind, tuple(answers), normal(weight)))
        self.stem_parts.append(f"{{{{{number}}}}}")
        return end

    def _alternatives(self, position: int) -> tuple[list[_RawAlternative], int] | None:
        text = self.text
        size = len(text)
        alternatives = []
        while True:
            while position < size and text[position].isspace():
                position += 1
            fraction: Decimal | None = Decimal(0)
            if text.startswith("=", position):
                fraction = Decimal(1)
                position += 1
            else:
                percent = _PERCENT.match(text, position)
                if percent:
                    fraction = parse_decimal(percent.group(1).replace(",", "."))
                    if fraction is not None:
                        fraction = normal(fraction / 100)
                    position = percent.end()
            answer_start = position
            while position < size:
                char = text[position]
                if char == "\\" and position + 1 < size:
                    position += 2
                    continue
                if char in "~#}" and not _after_ampersand(text, answer_start, position):
                    break
                position += 1
            if position >= size:
                return None
            answer = text[answer_start:position]
            feedback = ""
            if text[position] == "#":
                feedback_start = position + 1
                position = feedback_start
                while position < size:
                    char = text[position]
                    if char == "\\" and position + 1 < size:
                        position += 2
                        continue
                    if char in "~}":
                        break
                    position += 1
                if position >= size:
                    return None
                feedback = text[feedback_start:position]
            alternatives.append(_RawAlternative(fraction, answer, feedback))
            if text[position] == "}":
                return alternatives, position + 1
            position += 1  # past "~"

    def _answer(
        self, start: int, number: int, index: int, kind: GapKind, raw: _RawAlternative
    ) -> Answer | None:
        where = f"Gap {number}, answer {index}"
        if raw.fraction is None:
            self.problem(start, f"{where}: the percentage is not a number.")
            return None
        if not Decimal(-1) <= raw.fraction <= Decimal(1):
            self.problem(start, f"{where}: the percentage must be between -100 and 100.")
            return None
        feedback = _unescape(raw.feedback).strip()
        if kind == GapKind.NUMERICAL:
            value = raw.answer.strip()
            numeric = _NUMERICAL_ANSWER.fullmatch(value)
            if numeric:
                tolerance = None
                if numeric.group(2) is not None:
                    tolerance = parse_decimal(numeric.group(2).replace(",", "."))
                    if tolerance is None or tolerance < 0:
                        self.problem(start, f"{where}: the tolerance must be a positive number.")
                        return None
                number_text = numeric.group(1).replace(",", ".")
                if parse_decimal(number_text) is None:
                    self.problem(start, f"{where}: {value} is out of range.")
                    return None
                return Answer(number_text, raw.fraction, feedback, tolerance)
            if _unescape(value).strip() == "*":
                return Answer("*", raw.fraction, feedback)
            self.problem(
                start,
                f"{where}: {_unescape(value).strip() or 'an empty answer'} is not a number "
                "(write 3.14 or 3.14:0.01 for a tolerance, or * for any other answer).",
            )
            return None
        text = _unescape(raw.answer).strip()
        if not text:
            self.problem(start, f"{where} is empty.")
            return None
        return Answer(text, raw.fraction, feedback)

    def _check_gap(self, start: int, number: int, kind: GapKind, answers: list[Answer]) -> None:
        if kind == GapKind.CHOICE and len(answers) < 2:
            self.problem(start, f"Gap {number}: a choice gap needs at least two answers.")
        elif not answers:
            self.problem(start, f"Gap {number} has no answer.")
        elif not any(answer.fraction == 1 for answer in answers):
            self.problem(
                start, f"Gap {number} has no fully right answer (mark one with = or %100%)."
            )


def _after_ampersand(text: str, start: int, position: int) -> bool:
    """Moodle does not end an answer at ~, # or } right after "&" or "&amp;" (entities)."""
    return text.endswith("&", start, position) or text.endswith("&amp;", start, position)


def _unescape(raw: str) -> str:
    def replace_one(match: re.Match[str]) -> str:
        return match.group(1) if match.group(1) is not None else html.unescape(match.group(0))

    return _UNESCAPE.sub(replace_one, raw)


def _escape(text: str, *, special: str) -> str:
    out = []
    for index, char in enumerate(text):
        if char == "\\" or char in special:
            out.append("\\" + char)
        elif char == "&" and index == len(text) - 1:
            out.append("&#38;")  # "&" or "&amp;" right before ~ # } would hide them
        elif char == "&" and _ENTITY_AT.match(text, index):
            out.append("&amp;")  # would otherwise be read as an entity
        else:
            out.append(char)
    return "".join(out)


def _fraction_prefix(fraction: Decimal, text: str) -> str:
    if fraction == 1:
        return "="
    if fraction == 0:
        return "%0%" if text.startswith(("=", "%")) else ""
    return f"%{decimal_text(fraction * 100)}%"


def _normalised(gap: ClozeGap) -> ClozeGap:
    answers = tuple(
        Answer(answer.text.strip(), answer.fraction, answer.feedback.strip(), answer.tolerance)
        for answer in gap.answers
    )
    return replace(gap, answers=answers)


def _gap_syntax(gap: ClozeGap, number: int, shuffle: bool, problems: list[str]) -> str:
    weight = gap.weight
    if weight < 0 or weight != weight.to_integral_value() or weight >= 10**_MAX_WEIGHT_DIGITS:
        problems.append(f"gap {number}: the weight must be a whole number, not {weight}")
        weight = Decimal(1)
    if gap.kind == GapKind.NUMERICAL:
        type_name = "NUMERICAL"
    elif gap.kind == GapKind.TEXT:
        type_name = "SHORTANSWER"
    else:
        type_name = "MULTICHOICE_S" if shuffle else "MULTICHOICE"
    alternatives = []
    for index, answer in enumerate(gap.answers, start=1):
        if not answer.text:
            problems.append(f"gap {number}, answer {index} is empty")
        if gap.kind == GapKind.NUMERICAL:
            if answer.text == "*":
                if answer.tolerance is not None:
                    problems.append(f"gap {number}: the answer * cannot have a tolerance")
                body = "*"
            elif not _NUMERICAL_ANSWER.fullmatch(answer.text) or ":" in answer.text:
                problems.append(f"gap {number}: {answer.text!r} is not a number")
                body = answer.text
            else:
                body = answer.text
                if answer.tolerance is not None:
                    body += ":" + decimal_text(answer.tolerance)
        else:
            body = _escape(answer.text, special="}#~")
        alternative = _fraction_prefix(answer.fraction, body) + body
        if answer.feedback:
            alternative += "#" + _escape(answer.feedback, special="}~")
        alternatives.append(alternative)
    return "{" + f"{decimal_text(weight)}:{type_name}:" + "~".join(alternatives) + "}"


def format_cloze(stem: str, gaps: Sequence[ClozeGap], *, shuffle: bool = False) -> str:
    """The text in cloze syntax for a stem with ``{{n}}`` markers and its gaps.

    Choice gaps are written MULTICHOICE, or MULTICHOICE_S when ``shuffle``. Spaces around
    answers and feedback are dropped; anything else that would not read back the same
    (a fractional weight, a marker out of order, text that looks like a gap…) raises
    QuestionFormatError.
    """
    gaps = tuple(_normalised(gap) for gap in gaps)
    problems: list[str] = []
    out = []
    position = 0
    expected = 1
    for marker in _MARKER.finditer(stem):
        out.append(stem[position : marker.start()])
        number = int(marker.group(1)) if len(marker.group(1)) < 6 else 0
        if number != expected or number > len(gaps):
            problems.append(
                f"the marker {marker.group(0)} is out of place: "
                f"expected {{{{{expected}}}}} for gap {expected} of {len(gaps)}"
            )
        else:
            out.append(_gap_syntax(gaps[number - 1], number, shuffle, problems))
        expected += 1
        position = marker.end()
    out.append(stem[position:])
    if expected - 1 < len(gaps):
        problems.append(f"the stem marks {expected - 1} gaps but there are {len(gaps)}")
    if not gaps:
        problems.append("a cloze question needs at least one gap")
    if problems:
        raise QuestionFormatError([FormatProblem(0, problem) for problem in problems])
    text = "".join(out)
    try:
        back = parse_cloze(text)
    except QuestionFormatError as error:
        raise QuestionFormatError(
            [
                FormatProblem(0, f"the question would not read back: {problem.message}")
                for problem in error.problems
            ]
        ) from None
    if back != (stem, gaps):
        raise QuestionFormatError(
            [FormatProblem(0, "the question cannot be written in cloze syntax unchanged")]
        )
    return text
