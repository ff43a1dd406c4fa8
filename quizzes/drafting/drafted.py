"""What a drafted question is, and how many a lesson gets: shared by the drafting (draft.py)
and the quality rules it applies to each draft (rules.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizzes.questions import QuestionData

LONG_LESSON_WORDS = 80  # a lesson this long gets at least MIN_DRAFTS drafts
MIN_DRAFTS = 3
MIN_MATCHING_PAIRS = 3
CLOZE_MARKER = "{{1}}"


@dataclass(frozen=True)
class Draft:
    """A drafted question and the sentence of the lesson it was made from.

    ``term`` is the tested term as the sentence writes it ("" for a statement kept as written
    and for matching); ``distractors`` are the wrong choices of a multiple-choice draft, or
    the term swapped in to make a true/false statement false.
    """

    question: QuestionData
    source_sentence: str
    term: str = ""
    distractors: tuple[str, ...] = field(default=())
