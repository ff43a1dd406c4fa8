"""Aiken: single-choice questions as Moodle's ``question/format/aiken/format.php`` reads them.

    What is the capital of France?
    A) Paris
    B. Lyon
    ANSWER: A

Each line is trimmed and lines shorter than two characters are skipped, as in Moodle. An
option is a capital letter, ``)`` or ``.`` and the option's text; ``ANSWER:`` and a letter ends
the question. Questions are single choice, worth 1 point: the right option has fraction 1, the
others 0. The stem is plain text.

Deliberate differences from Moodle, which reports a problem and skips the question:

- the question may span several lines before its first option (Moodle takes one line); they
  are kept as lines of the stem;
- any problem refuses the whole file: an option or ANSWER line outside a question, fewer than
  two options, option letters out of sequence (A, B, C… – Moodle counts options by position,
  so a gap would silently mark the wrong one), an ANSWER letter that is not an option, a
  question that never gets its ANSWER line.

Export writes what Moodle's exporter writes: the stem on one line (HTML reduced to text),
``A) option`` lines and ``ANSWER: X``. Feedback and partial credit cannot be expressed and are
left out; a question Aiken cannot hold raises QuestionFormatError naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from quizzes.questions import (
    Answer,
    FormatProblem,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

AIKEN_TYPES = frozenset({QuestionType.SINGLE_CHOICE})

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OPTION = re.compile(r"([A-Z])[).][ \t]?")
_ANSWER = "ANSWER:"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NAME_LENGTH = 80


@dataclass
class _Open:
    line: int
    stem_lines: list[str]
    options: list[str] = field(default_factory=list)


def _question_name(stem: str) -> str:
    """Moodle's default name: the text, shortened to 80 characters at a word boundary."""
    text = " ".join(stem.split())
    if len(text) <= _NAME_LENGTH:
        return text
    cut = text[: _NAME_LENGTH - 3]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "..."


def parse_aiken(text: str) -> list[QuestionData]:
    """The questions of an Aiken file; QuestionFormatError lists every problem with its line."""
    questions: list[QuestionData] = []
    problems: list[FormatProblem] = []
    current: _Open | None = None

    def close_unfinished(line_number: int) -> None:
        if current is not None:
            problems.append(
                FormatProblem(
                    current.line,
                    "The question starting on this line has no ANSWER line "
                    + (
                        f"(line {line_number} starts another question)."
                        if line_number
                        else "before the end of the file."
                    ),
                )
            )

    for number, raw in enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
        line = raw.strip()
        if len(line) < 2:
            continue
        option = _OPTION.match(line)
        if option:
            if current is None:
                problems.append(FormatProblem(number, "An option comes before any question."))
                continue
            expected = _LETTERS[len(current.options)] if len(current.options) < 26 else "?"
            if option.group(1) != expected:
                problems.append(
                    FormatProblem(
                        number, f"Option {option.group(1)} is out of sequence: expected {expected}."
                    )
                )
            option_text = line[2:].strip()
            if not option_text:
                problems.append(FormatProblem(number, f"Option {option.group(1)} has no text."))
            current.options.append(option_text)
        elif line.startswith(_ANSWER):
            if current is None:
                problems.append(FormatProblem(number, "An ANSWER line comes before any question."))
                continue
            letter = line[len(_ANSWER) :].strip()[:1]
            if len(current.options) < 2:
                problems.append(
                    FormatProblem(number, "A question needs at least two options (A, B, …).")
                )
            elif not letter:
                problems.append(FormatProblem(number, "The ANSWER line names no option."))
            elif letter not in _LETTERS[: len(current.options)]:
                last = _LETTERS[len(current.options) - 1]
                problems.append(
                    FormatProblem(number, f"ANSWER {letter} is not one of the options A–{last}.")
                )
            else:
                right = _LETTERS.index(letter)
                stem = "\n".join(current.stem_lines)
                questions.append(
                    QuestionData(
                        type=QuestionType.SINGLE_CHOICE,
                        stem=stem,
                        name=_question_name(stem),
                        stem_format=TextFormat.PLAIN,
                        answers=tuple(
                            Answer(option_text, Decimal(1) if index == right else Decimal(0))
                            for index, option_text in enumerate(current.options)
                        ),
                        source_line=current.line,
                    )
                )
            current = None
        elif current is None:
            current = _Open(number, [line])
        elif not current.options:
            current.stem_lines.append(line)
        else:
            close_unfinished(number)
            current = _Open(number, [line])
    close_unfinished(0)
    if problems:
        raise QuestionFormatError(sorted(problems, key=lambda problem: problem.line))
    return questions


class _TextExtractor(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain_line(text: str, text_format: TextFormat) -> str:
    """The text on one line, HTML reduced to its text (Moodle's to_plain_text, newlines out)."""
    if text_format == TextFormat.HTML:
        extractor = _TextExtractor()
        extractor.feed(text)
        extractor.close()
        text = "".join(extractor.parts)
    return " ".join(text.split())


def _letter_problem(line: str) -> str | None:
    if len(line) < 2:
        return "it is shorter than two characters, which Aiken skips"
    if _OPTION.match(line):
        return f"it starts like an option ({line[:2]})"
    if line.startswith(_ANSWER):
        return "it starts with ANSWER:"
    return None


def _question_block(question: QuestionData, number: int) -> tuple[str | None, list[str]]:
    label = f"question {number} ({question.name or _question_name(question.stem)[:40]!r})"
    if question.type not in AIKEN_TYPES:
        return None, [f"{label}: Aiken holds only single-choice questions, not {question.type}"]
    problems = []
    stem = _plain_line(question.stem, question.stem_format)
    stem_problem = _letter_problem(stem)
    if stem_problem:
        problems.append(f"{label}: the question text cannot be written in Aiken: {stem_problem}")
    if len(question.answers) < 2:
        problems.append(f"{label}: Aiken needs at least two options")
    if len(question.answers) > len(_LETTERS):
        problems.append(f"{label}: Aiken holds at most 26 options")
    right = [index for index, answer in enumerate(question.answers) if answer.fraction == 1]
    if len(right) != 1:
        problems.append(f"{label}: Aiken needs exactly one option worth full marks")
    lines = [stem]
    for index, answer in enumerate(question.answers[: len(_LETTERS)]):
        option = _plain_line(answer.text, answer.text_format or question.stem_format)
        if not option:
            problems.append(f"{label}: option {_LETTERS[index]} is empty")
        lines.append(f"{_LETTERS[index]}) {option}")
    if problems:
        return None, problems
    lines.append(f"ANSWER: {_LETTERS[right[0]]}")
    return "\n".join(lines), []


def export_aiken(questions: Iterable[QuestionData]) -> str:
    """Aiken text for single-choice questions; anything Aiken cannot hold raises
    QuestionFormatError naming the question."""
    blocks = []
    problems = []
    for number, question in enumerate(questions, start=1):
        block, block_problems = _question_block(question, number)
        problems += block_problems
        if block is not None:
            blocks.append(block)
    if problems:
        raise QuestionFormatError([FormatProblem(0, problem) for problem in problems])
    return "".join(block + "\n\n" for block in blocks).removesuffix("\n")
