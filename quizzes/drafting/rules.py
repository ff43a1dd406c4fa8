"""The quality rules every draft is checked against, by code (``check_draft``).

``check_draft`` looks at one draft; ``check_lesson_drafts`` at all the drafts of a lesson
(counts, variety, no sentence asked twice the same way). Both return the codes of the rules
broken, in the order of ``DRAFT_RULES``; an empty list means the draft (or set) is fine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from quizzes.questions import GapKind, QuestionType, TextFormat

from .drafted import CLOZE_MARKER, LONG_LESSON_WORDS, MIN_DRAFTS, MIN_MATCHING_PAIRS, Draft
from .lexicon import CONNECTIVES, STOPWORDS
from .text import BLANK, contains_phrase, normal, split_sentences, word_count


@dataclass(frozen=True)
class DraftRule:
    code: str
    description: str
    scope: str = "draft"  # "draft": checked on one draft; "lesson": on a lesson's drafts


DRAFT_RULES: tuple[DraftRule, ...] = (
    DraftRule("source-in-lesson", "The source sentence is a sentence of the lesson, verbatim."),
    DraftRule(
        "well-formed",
        'The question has the shape of its type: plain-text stem; one blank ("_____" for '
        "short answer and multiple choice, {{1}} and one text gap for cloze); one right and "
        "three wrong choices; true/false answers 'true' and 'false' scored 1/0; matching with "
        "at least three pairs.",
    ),
    DraftRule("answer-in-lesson", "The correct answer is written in the lesson text."),
    DraftRule(
        "whole-words",
        "The blanked or swapped term is whole words of the source sentence, not part of a word.",
    ),
    DraftRule("answer-not-trivial", "No answer is a stop word, a bare number or without letters."),
    DraftRule(
        "stem-hides-answer",
        "The stem does not give the answer away: the answer, or its singular/plural, does not "
        "appear elsewhere in it.",
    ),
    DraftRule(
        "distractors-distinct",
        "Wrong choices differ from the answer and from each other once case, plurals and "
        "articles are set aside.",
    ),
    DraftRule(
        "distractors-not-in-source",
        "No wrong choice (or swapped-in term) is in the source sentence, so none is true of it.",
    ),
    DraftRule(
        "distractors-from-other-lessons",
        "Wrong choices and swapped-in terms come from other lessons of the document and are not "
        "in this lesson.",
    ),
    DraftRule(
        "feedback-quotes-source",
        "True/false feedback (general, or every answer's) quotes the source sentence, so the "
        "learner sees what the text says.",
    ),
    DraftRule(
        "good-sentence",
        "(Preferred) The source is declarative, 8–40 words, not a question or a list intro "
        "ending in ':', and does not open with a pronoun that means nothing out of context.",
        scope="preference",
    ),
    DraftRule(
        "one-way-per-sentence",
        "No two drafts of a lesson test the same sentence the same way (same sentence and type).",
        scope="lesson",
    ),
    DraftRule(
        "draft-count",
        f"A lesson of {LONG_LESSON_WORDS} words or more gets at least {MIN_DRAFTS} drafts; no "
        "lesson gets more than the limit (default 8).",
        scope="lesson",
    ),
    DraftRule(
        "type-variety",
        f"A lesson of {LONG_LESSON_WORDS} words or more gets drafts of at least two types.",
        scope="lesson",
    ),
)
RULE_CODES = tuple(rule.code for rule in DRAFT_RULES)

_TRUE_FALSE = {"true", "false"}


def _correct_answers(draft: Draft) -> list[str]:
    question = draft.question
    if question.type is QuestionType.CLOZE:
        return [a.text for gap in question.gaps for a in gap.answers if a.fraction == 1]
    if question.type is QuestionType.MATCHING:
        return [pair.answer for pair in question.pairs if pair.prompt]
    if question.type is QuestionType.TRUE_FALSE:
        return [draft.term] if draft.term else []
    return [a.text for a in question.answers if a.fraction == 1]


def _well_formed(draft: Draft) -> bool:
    question = draft.question
    if question.stem_format is not TextFormat.PLAIN or not question.stem.strip():
        return False
    kind = question.type
    answers = question.answers
    if kind is QuestionType.SHORT_ANSWER:
        return (
            question.stem.count(BLANK) == 1
            and bool(answers)
            and all(a.fraction == 1 and a.text.strip() and "*" not in a.text for a in answers)
        )
    if kind is QuestionType.CLOZE:
        return (
            question.stem.count(CLOZE_MARKER) == 1
            and "{{2}}" not in question.stem
            and len(question.gaps) == 1
            and question.gaps[0].kind is GapKind.TEXT
            and any(a.fraction == 1 for a in question.gaps[0].answers)
        )
    if kind is QuestionType.SINGLE_CHOICE:
        right = [a for a in answers if a.fraction == 1]
        wrong = [a for a in answers if a.fraction == 0]
        return (
            question.stem.count(BLANK) == 1
            and len(right) == 1
            and len(wrong) == 3
            and len(answers) == 4
        )
    if kind is QuestionType.TRUE_FALSE:
        texts = sorted(a.text for a in answers)
        fractions = sorted(a.fraction for a in answers)
        return texts == ["false", "true"] and fractions == [Decimal(0), Decimal(1)]
    if kind is QuestionType.MATCHING:
        pairs = [p for p in question.pairs if p.prompt]
        return (
            len(pairs) >= MIN_MATCHING_PAIRS
            and len({normal(p.answer) for p in pairs}) == len(pairs)
            and len({p.prompt for p in pairs}) == len(pairs)
        )
    return False


def _trivial(answer: str) -> bool:
    stripped = answer.strip().lower()
    words = re.findall(r"[^\W_]+", stripped)
    if not words or not any(c.isalpha() for c in stripped):
        return True
    if all(w in STOPWORDS for w in words):
        return True
    return bool(re.fullmatch(r"[\d\s.,:/%-]+", stripped))


def _is_false_statement(draft: Draft) -> bool:
    question = draft.question
    return question.type is QuestionType.TRUE_FALSE and any(
        a.text == "false" and a.fraction == 1 for a in question.answers
    )


def _wrong_terms(draft: Draft) -> list[str]:
    question = draft.question
    if question.type is QuestionType.SINGLE_CHOICE:
        return [a.text for a in question.answers if a.fraction != 1]
    if _is_false_statement(draft):
        return list(draft.distractors)
    return []


def _in_lesson(lesson_text: str, phrase: str) -> bool:
    return contains_phrase(lesson_text, phrase) or contains_phrase(
        lesson_text, phrase[4:] if phrase.lower().startswith("the ") else phrase
    )


def sentence_problems(sentence: str) -> list[str]:
    """Why a sentence makes a weak source (empty if it is a good one)."""
    problems = []
    words = word_count(sentence)
    stripped = sentence.rstrip("\"'”’)]")
    if not 8 <= words <= 40:
        problems.append("length")
    if stripped.endswith("?"):
        problems.append("question")
    if stripped.endswith(":"):
        problems.append("list intro")
    elif not stripped.endswith((".", "!")):
        problems.append("not declarative")
    lowered = sentence.lower()
    lead = next((c for c in CONNECTIVES if lowered.startswith(c + ",")), "")
    first = lowered[len(lead) :].lstrip(" ,").split(" ", 1)[0]
    if first in {"it", "they", "he", "she", "we", "its", "their", "there"}:
        problems.append("pronoun opener")
    return problems


def check_draft(
    draft: Draft,
    *,
    lesson_text: str,
    other_lessons: Sequence[tuple[str, str]] | None = None,
    strict: bool = False,
) -> list[str]:
    """The codes of the DRAFT_RULES (scope "draft") that ``draft`` breaks.

    With ``other_lessons`` it also checks that wrong choices come from them; with ``strict``
    it also reports a source sentence that is not a good one ("good-sentence").
    """
    broken: set[str] = set()
    question = draft.question
    source = draft.source_sentence
    kind = question.type

    if (
        not source
        or source not in lesson_text
        or source not in {s.text for s in split_sentences(lesson_text)}
    ):
        broken.add("source-in-lesson")
    if not _well_formed(draft):
        broken.add("well-formed")

    answers = _correct_answers(draft)
    if kind is QuestionType.MATCHING:
        for pair in question.pairs:
            if pair.prompt and contains_phrase(pair.prompt, pair.answer, loose=True):
                broken.add("stem-hides-answer")
            if not _in_lesson(lesson_text, pair.answer):
                broken.add("answer-in-lesson")
            if _trivial(pair.answer):
                broken.add("answer-not-trivial")
    elif answers:
        main = answers[0]
        if not _in_lesson(lesson_text, main):
            broken.add("answer-in-lesson")
        if _trivial(main) or any(_trivial(a) for a in answers):
            broken.add("answer-not-trivial")
        written = draft.term or main
        if not _in_lesson(source, written):
            broken.add("whole-words")
        stem = question.stem
        if kind is not QuestionType.TRUE_FALSE or _is_false_statement(draft):
            for answer in {*answers, written}:
                if contains_phrase(stem, answer, loose=True):
                    broken.add("stem-hides-answer")
    elif kind is not QuestionType.TRUE_FALSE:
        broken.add("answer-in-lesson")

    wrong = _wrong_terms(draft)
    if kind is QuestionType.SINGLE_CHOICE or _is_false_statement(draft):
        keys = [normal(a) for a in [*answers[:1], *wrong]]
        if len(set(keys)) != len(keys) or not all(keys):
            broken.add("distractors-distinct")
        if _is_false_statement(draft) and not wrong:
            broken.add("well-formed")
        for term in wrong:
            if contains_phrase(source, term, loose=True) or _in_lesson(source, term):
                broken.add("distractors-not-in-source")
            if _in_lesson(lesson_text, term):
                broken.add("distractors-from-other-lessons")
            if other_lessons is not None and not any(
                _in_lesson(text, term) for _, text in other_lessons
            ):
                broken.add("distractors-from-other-lessons")

    if kind is QuestionType.TRUE_FALSE and not (
        source in question.general_feedback or all(source in a.feedback for a in question.answers)
    ):
        broken.add("feedback-quotes-source")
    if strict and sentence_problems(source):
        broken.add("good-sentence")
    return [code for code in RULE_CODES if code in broken]


def check_lesson_drafts(drafts: Sequence[Draft], *, lesson_text: str, limit: int = 8) -> list[str]:
    """The codes of the lesson-wide DRAFT_RULES that a lesson's drafts break."""
    broken: set[str] = set()
    ways = [(d.source_sentence, d.question.type) for d in drafts]
    if len(set(ways)) != len(ways):
        broken.add("one-way-per-sentence")
    long_lesson = word_count(lesson_text) >= LONG_LESSON_WORDS
    if len(drafts) > limit or (long_lesson and len(drafts) < min(MIN_DRAFTS, limit)):
        broken.add("draft-count")
    if long_lesson and limit >= 2 and len({d.question.type for d in drafts}) < 2:
        broken.add("type-variety")
    return [code for code in RULE_CODES if code in broken]
