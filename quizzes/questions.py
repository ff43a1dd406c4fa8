"""Questions as plain data: what parsers produce, exporters print, and grading reads.

No ORM here. A QuestionData is one question of any type; the fields a type does not use stay
empty. Fractions are Decimal shares of the question's points (1 = full marks, 0.5 = half,
-0.5 = minus half), never float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    NUMERICAL = "numerical"
    MATCHING = "matching"
    ORDERING = "ordering"
    CLOZE = "cloze"
    ESSAY = "essay"
    DESCRIPTION = "description"


class TextFormat(StrEnum):
    """How a piece of question text is written (GIFT's [html], [markdown], [plain], [moodle])."""

    HTML = "html"
    MARKDOWN = "markdown"
    PLAIN = "plain"
    MOODLE = "moodle"


class GapKind(StrEnum):
    CHOICE = "choice"
    TEXT = "text"
    NUMERICAL = "numerical"


@dataclass(frozen=True)
class Answer:
    """One answer of a choice, true/false, short-answer or numerical question (or cloze gap).

    ``text`` is the choice's text, an accepted short answer ("*" is a wildcard, as in Moodle),
    "true"/"false" for true/false, or a number for numerical questions (``tolerance`` is the
    accepted error either side; a range a..b is stored as its midpoint with half its width).
    """

    text: str
    fraction: Decimal
    feedback: str = ""
    tolerance: Decimal | None = None
    text_format: TextFormat | None = None  # None: same as the question's stem
    feedback_format: TextFormat | None = None


@dataclass(frozen=True)
class MatchPair:
    """A prompt and the answer it matches; an empty prompt makes the answer a distractor."""

    prompt: str
    answer: str
    prompt_format: TextFormat | None = None


@dataclass(frozen=True)
class ClozeGap:
    """One blank of a cloze question. The stem marks it as ``{{n}}`` (1-based, in order)."""

    kind: GapKind
    answers: tuple[Answer, ...]
    weight: Decimal = Decimal(1)  # share of the question's points, relative to other gaps


@dataclass(frozen=True)
class QuestionData:
    type: QuestionType
    stem: str
    name: str = ""
    stem_format: TextFormat = TextFormat.MOODLE
    points: Decimal = Decimal(1)
    general_feedback: str = ""
    general_feedback_format: TextFormat | None = None
    answers: tuple[Answer, ...] = ()  # choice, true/false, short answer, numerical
    pairs: tuple[MatchPair, ...] = ()  # matching
    items: tuple[str, ...] = ()  # ordering: the items in their correct order
    gaps: tuple[ClozeGap, ...] = ()  # cloze
    category: str = ""  # "/"-separated path in the course's question bank ("" = default)
    tags: tuple[str, ...] = ()
    shuffle_answers: bool = True
    # Where the question came from in an imported file (1-based line), for error messages.
    source_line: int = field(default=0, compare=False)
    extra: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class FormatProblem:
    line: int  # 1-based line in the file; 0 when the problem is not tied to a line
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class QuestionFormatError(ValueError):
    """A question file has problems; nothing from it may be imported."""

    def __init__(self, problems: list[FormatProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))
