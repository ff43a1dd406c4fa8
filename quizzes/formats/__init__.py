"""Question file formats Moodle users already have: GIFT, Aiken and Moodle XML.

Each format module is pure: ``parse_*(text) -> list[QuestionData]`` (raising
QuestionFormatError with every problem and its line) and ``export_*(questions) -> str``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from quizzes.questions import FormatProblem, QuestionData, QuestionFormatError, QuestionType


@dataclass(frozen=True)
class QuestionFormat:
    name: str
    label: str
    extension: str
    content_type: str
    parse: Callable[[str], list[QuestionData]]
    export: Callable[[Iterable[QuestionData]], str]
    types: frozenset[QuestionType]


def _formats() -> dict[str, QuestionFormat]:
    from .aiken import AIKEN_TYPES, export_aiken, parse_aiken
    from .gift import GIFT_TYPES, export_gift, parse_gift
    from .moodlexml import export_moodle_xml, parse_moodle_xml

    return {
        "gift": QuestionFormat(
            "gift", "GIFT", ".gift.txt", "text/plain", parse_gift, export_gift, GIFT_TYPES
        ),
        "aiken": QuestionFormat(
            "aiken", "Aiken", ".aiken.txt", "text/plain", parse_aiken, export_aiken, AIKEN_TYPES
        ),
        "moodlexml": QuestionFormat(
            "moodlexml",
            "Moodle XML",
            ".xml",
            "application/xml",
            parse_moodle_xml,
            export_moodle_xml,
            frozenset(QuestionType),
        ),
    }


FORMAT_NAMES = ("gift", "aiken", "moodlexml")


def question_format(name: str) -> QuestionFormat:
    return _formats()[name]


def guess_format(filename: str, text: str) -> str:
    """The likely format of a question file, from its name and then its content."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xml" or text.lstrip().startswith("<"):
        return "moodlexml"
    if suffix == ".gift" or ".gift" in filename.lower():
        return "gift"
    if suffix == ".aiken" or ".aiken" in filename.lower():
        return "aiken"
    lines = [line.strip() for line in text.splitlines()]
    if any(line.upper().startswith("ANSWER:") for line in lines) and "{" not in text:
        return "aiken"
    return "gift"


def parse_questions(text: str, format_name: str) -> list[QuestionData]:
    """Parse a question file; a file with any problem raises QuestionFormatError."""
    questions = question_format(format_name).parse(text)
    if not questions:
        raise QuestionFormatError([FormatProblem(0, _("The file contains no questions."))])
    return questions


def export_questions(questions: Sequence[QuestionData], format_name: str) -> tuple[str, int]:
    """The file text for the questions the format can express, and how many it left out."""
    fmt = question_format(format_name)
    kept = [question for question in questions if question.type in fmt.types]
    return fmt.export(kept), len(questions) - len(kept)
