"""Grading: one pure function per question type, over the dataclasses in ``questions.py``.

Each ``grade_<type>(question, response)`` returns a :class:`Grade`. Scores are Decimal shares
of the question's points (``fraction``), never float; :meth:`Grade.points` turns one into
points. The rules follow Moodle's question engine (``question/type/*/question.php`` and the
``qtype_ordering`` plugin); where Docent differs on purpose, the function says so.

Responses, per type (what ``quizzes.forms`` produces and ``quizzes.attempts`` stores):

=================  ======================================================================
single choice      ``int | None``: index into ``question.answers``
multiple response  ``frozenset[int]`` (any set, list or tuple of indices is read the same)
true/false         ``bool | None``
short answer       ``str``: what the learner typed
numerical          ``str``: what the learner typed (parsed with Decimal, see parse_number)
matching           ``dict[int, str]``: prompt index among the non-distractor pairs → the
                   chosen answer's text
ordering           ``list[int]``: indices into ``question.items`` in the learner's order
cloze              ``list[object]``: one per gap, an index for choice gaps, a str for text
                   and numerical gaps (None or "" for a blank gap)
essay              ``str``
description        nothing (anything is ignored)
=================  ======================================================================

None, "" and empty collections mean "not answered". Anything else that cannot be read (a
wrong type, an index that is not there, text that is not a number) is never an exception: it
scores 0 with the state ``INVALID``.

States follow Moodle's ``question_state::graded_state_for_fraction``: a fraction above
0.999999 is right, below 0.000001 wrong, partial between. The fraction itself is not snapped
to 1 (three answers of 0.3333333 earn 0.9999999, as in Moodle, and that is "right"); it keeps
28 significant digits, and only Grade.points rounds, to 7 decimal places.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum
from fractions import Fraction
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from .questions import Answer, ClozeGap, GapKind, QuestionData, QuestionType

logger = logging.getLogger(__name__)

ZERO = Decimal(0)
ONE = Decimal(1)
SEVEN_PLACES = Decimal("0.0000001")  # Moodle stores marks with 7 decimals
# Moodle's question_state::graded_state_for_fraction thresholds.
_RIGHT_ABOVE = Decimal("0.999999")
_WRONG_BELOW = Decimal("0.000001")
# Grading arithmetic runs in this context, whatever the caller's: more digits than the default
# 28 so that sums and weighted averages of 28-digit fractions stay exact, and a trap on any
# operation that would silently give NaN or Infinity.
_CONTEXT = Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
# A grade's fraction is given to the default context's 28 significant digits (1/3 of the
# prompts is Decimal(1) / 3, as anyone would write it); points are then rounded to 7 places.
_RESULT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class GradeState(StrEnum):
    RIGHT = "right"
    PARTIAL = "partial"
    WRONG = "wrong"
    NOT_ANSWERED = "not_answered"  # Moodle's "gave up": nothing given, scores 0
    INVALID = "invalid"  # something given that cannot be read (e.g. not a number), scores 0
    NEEDS_GRADING = "needs_grading"  # a person gives the grade (essay); fraction is None
    INFORMATION = "information"  # a description: nothing to answer, nothing to score


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    ``fraction`` is the share of the question's points earned (None: a person must grade it);
    ``feedback`` is the per-answer feedback of what was chosen or matched, in question order
    (empty feedback left out); ``parts`` holds one Grade per gap for cloze questions.
    """

    fraction: Decimal | None
    state: GradeState
    feedback: tuple[str, ...] = ()
    parts: tuple[Grade, ...] = ()

    @property
    def answered(self) -> bool:
        """False when nothing was given (a blank response); True otherwise."""
        return self.state not in (GradeState.NOT_ANSWERED, GradeState.INFORMATION)

    @property
    def needs_grading(self) -> bool:
        return self.fraction is None

    def points(self, question: QuestionData | Decimal) -> Decimal | None:
        """``fraction × points`` rounded half-up to 7 decimals, as Moodle stores marks.

        ``question`` may be the question or its points directly (a quiz slot's override).
        None while the grade is pending (essay).
        """
        if self.fraction is None:
            return None
        maximum = question.points if isinstance(question, QuestionData) else question
        with localcontext(_CONTEXT):
            return (self.fraction * maximum).quantize(SEVEN_PLACES, rounding=ROUND_HALF_UP)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _exact(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` in the grading Decimal context, not the caller's."""

    @wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with localcontext(_CONTEXT):
            return function(*args, **kwargs)

    return wrapper


def state_for_fraction(fraction: Decimal) -> GradeState:
    """Moodle's ``graded_state_for_fraction``: right above 0.999999, wrong below 0.000001."""
    if fraction < _WRONG_BELOW:
        return GradeState.WRONG
    if fraction > _RIGHT_ABOVE:
        return GradeState.RIGHT
    return GradeState.PARTIAL


def _graded(fraction: Decimal, feedback: Iterable[str] = ()) -> Grade:
    fraction = _RESULT.plus(fraction)
    return Grade(fraction, state_for_fraction(fraction), tuple(text for text in feedback if text))


_NOT_ANSWERED = Grade(ZERO, GradeState.NOT_ANSWERED)
_INVALID = Grade(ZERO, GradeState.INVALID)


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, ZERO), ONE)


def _is_index(value: object) -> bool:
    # bool is an int in Python, but True is not "the second answer".
    return isinstance(value, int) and not isinstance(value, bool)


# Single choice, multiple response, true/false -------------------------------------------------


@_exact
def grade_single_choice(question: QuestionData, response: object) -> Grade:
    """The chosen answer's fraction, which may be negative (Moodle's multichoice single).

    Blank scores 0 (a learner may skip a question with a penalty for wrong choices). An index
    that is not there scores 0 as INVALID; Moodle likewise grades a deleted choice 0.
    """
    if response is None:
        return _NOT_ANSWERED
    if not _is_index(response):
        return _INVALID
    assert isinstance(response, int)
    if not 0 <= response < len(question.answers):
        return _INVALID
    answer = question.answers[response]
    return _graded(answer.fraction, [answer.feedback])


def _indices(response: object) -> frozenset[int] | None:
    if isinstance(response, set | frozenset | list | tuple) and all(
        _is_index(item) for item in response
    ):
        return frozenset(response)
    return None


@_exact
def grade_multiple_response(question: QuestionData, response: object) -> Grade:
    """Sum of the chosen answers' fractions, clamped to [0, 1] (Moodle's multichoice multi).

    So choosing everything earns nothing when the wrong choices carry negative fractions, and
    over-generous keys cannot give more than full marks. Indices that are not there (a choice
    deleted after the attempt) count as a choice worth 0, as in Moodle; if nothing chosen is
    there, the response is INVALID. Duplicate indices count once.
    """
    if response is None:
        return _NOT_ANSWERED
    chosen = _indices(response)
    if chosen is None:
        return _INVALID
    if not chosen:
        return _NOT_ANSWERED
    present = sorted(index for index in chosen if 0 <= index < len(question.answers))
    if not present:
        return _INVALID
    answers = [question.answers[index] for index in present]
    total = sum((answer.fraction for answer in answers), ZERO)
    return _graded(_clamp(total), (answer.feedback for answer in answers))


def _true_false_answer(question: QuestionData, value: bool) -> Answer | None:
    wanted = "true" if value else "false"
    for answer in question.answers:
        if answer.text.strip().lower() == wanted:
            return answer
    return None


@_exact
def grade_true_false(question: QuestionData, response: object) -> Grade:
    """All or nothing: 1 when the chosen answer ("true"/"false") is the right one, else 0.

    "Right" is an answer whose fraction counts as right (Moodle keeps a single ``rightanswer``;
    a key edited to accept both is honoured). Only a bool is read; anything else is INVALID.
    """
    if response is None:
        return _NOT_ANSWERED
    if not isinstance(response, bool):
        return _INVALID
    answer = _true_false_answer(question, response)
    if answer is None:
        return Grade(ZERO, GradeState.WRONG)
    right = state_for_fraction(answer.fraction) is GradeState.RIGHT
    return _graded(ONE if right else ZERO, [answer.feedback])


# Short answer ------------------------------------------------------------------------------

_UNESCAPED_STARS = re.compile(r"(?<!\\)\*+")
_UNESCAPED_STAR = re.compile(r"(?<!\\)\*")


def _normalise_text(text: str) -> str:
    """NFC (as Moodle), case-folded, with runs of whitespace made one space and trimmed.

    Deliberate difference: Moodle only trims; Docent also collapses inner runs of spaces, so
    "New  York" (a double space, or a no-break space from a copy) matches "New York". Case is
    compared by Unicode case folding, a little more lenient than Moodle's PCRE /i ("STRASSE"
    matches "straße"); Docent always ignores case (see ``formats/moodlexml.py``).
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return " ".join(folded.split())


def _wildcard_match(pattern: str, text: str) -> bool:
    """Whether normalised ``text`` matches ``pattern`` as a whole, ``*`` matching any run.

    Moodle builds a regular expression (``.*`` per wildcard); this scans instead, so that a
    pattern with many wildcards cannot make a long response backtrack for ages.
    """
    bits = [bit.replace("\\*", "*") for bit in _UNESCAPED_STARS.split(_normalise_text(pattern))]
    if len(bits) == 1:
        return text == bits[0]
    first, *middle, last = bits
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    position = len(first)
    for bit in middle:
        found = text.find(bit, position, end)
        if found < 0:
            return False
        position = found + len(bit)
    return True


def _match_short_answer(answers: Sequence[Answer], response: object) -> Grade:
    if response is None:
        return _NOT_ANSWERED
    if not isinstance(response, str):
        return _INVALID
    text = _normalise_text(response)
    if not text:
        return _NOT_ANSWERED
    # Moodle's question_first_matching_answer_grading_strategy: answers in order, the first
    # that matches decides, even a 0 % one (it is there for its feedback).
    for answer in answers:
        if _wildcard_match(answer.text, text):
            return _graded(answer.fraction, [answer.feedback])
    return Grade(ZERO, GradeState.WRONG)


@_exact
def grade_short_answer(question: QuestionData, response: object) -> Grade:
    """The fraction of the first answer, in order, that the response matches; else 0.

    Matching ignores case, surrounding space and repeated inner spaces; ``*`` in an answer
    matches any run of characters (``\\*`` is a literal asterisk), as in Moodle.
    """
    return _match_short_answer(question.answers, response)


def _clean_short_answer(pattern: str) -> str:
    """Moodle's ``clean_response``: an answer with its wildcards made spaces, for display."""
    bits = [bit.replace("\\*", "*") for bit in _UNESCAPED_STAR.split(pattern)]
    return " ".join(" ".join(bits).split()) or "*"


# Numerical --------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"""
    (?P<sign>[-+\u2212])?
    (?P<mantissa>[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)
    (?:
        (?:[eE]|\s*[x×*]\s*10\s*(?:\^|\*\*)\s*)
        (?P<exponent>[-+\u2212]?[0-9]{1,6})
    )?
    """,
    re.VERBOSE,
)
_LARGEST_EXPONENT = 1000


def parse_number(text: object) -> Decimal | None:
    """What a learner typed as an exact Decimal, or None when it is not a number.

    Accepted: surrounding space, a leading ``+``, ``-`` or ``−`` (U+2212, as typeset text and
    some keyboards give it), digits with one decimal point, which may be ``.`` or ``,`` (Moodle
    reads a lone comma as a decimal comma too: "1,5" is 1.5), and an exponent written ``e``,
    ``E``, ``x10^``, ``×10^`` or ``*10**`` as Moodle accepts. Full-width digits are read as
    digits (NFKC).

    Deliberate differences from Moodle's ``apply_units``: thousands separators are refused
    rather than guessed ("1,234.5" and "1 000" are not numbers; Moodle strips them, and reads
    "1,2,3" as 123), trailing text is refused (Docent has no units), and so are numbers beyond
    ±1e1000 (a PHP float is infinite past 1e308 anyway).
    """
    if not isinstance(text, str):
        return None
    match = _NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    exponent = (match["exponent"] or "0").replace("\u2212", "-")
    try:
        value = Decimal(f"{sign}{match['mantissa'].replace(',', '.')}e{exponent}")
    except (InvalidOperation, ValueError):
        return None
    if value and abs(value.adjusted()) > _LARGEST_EXPONENT:
        return None
    return value


def _within(value: Decimal, answer: Answer) -> bool:
    """Whether ``value`` lies within ``answer``'s tolerance, both ends included, exactly.

    Moodle compares PHP floats and widens the interval by a tiny epsilon to make up for their
    errors (MDL-3225); Decimal (compared here as exact fractions) needs no epsilon, so a
    response exactly at value ± tolerance counts and anything beyond it does not.
    """
    if answer.text.strip() == "*":
        return True
    key = parse_number(answer.text)
    if key is None:
        return False  # a key that is not a number matches nothing (the importers refuse it)
    tolerance = abs(Fraction(answer.tolerance)) if answer.tolerance is not None else Fraction(0)
    return abs(Fraction(value) - Fraction(key)) <= tolerance


def _match_numerical(answers: Sequence[Answer], response: object) -> Grade:
    if response is None:
        return _NOT_ANSWERED
    if not isinstance(response, str):
        return _INVALID
    if not response.strip():
        return _NOT_ANSWERED
    value = parse_number(response)
    if value is None:
        # Deliberate difference: Moodle grades such a response against "*" (its value is
        # null); Docent says "not a number" and gives 0, so "*" means "any other number".
        return _INVALID
    # Moodle's get_matching_answer: the first answer, in order, whose interval holds the value.
    for answer in answers:
        if _within(value, answer):
            return _graded(answer.fraction, [answer.feedback])
    return Grade(ZERO, GradeState.WRONG)


@_exact
def grade_numerical(question: QuestionData, response: object) -> Grade:
    """The fraction of the first answer, in order, with |response − value| ≤ tolerance.

    An answer "*" matches any number. A response that is not a number (see parse_number) scores
    0 as INVALID; blank is NOT_ANSWERED.
    """
    return _match_numerical(question.answers, response)


# Matching ---------------------------------------------------------------------------------


def match_prompts(question: QuestionData) -> list[tuple[str, str]]:
    """(prompt, right answer) of each non-distractor pair, in order: what the indices mean."""
    return [(pair.prompt, pair.answer) for pair in question.pairs if pair.prompt.strip()]


def _prompt_index(key: object) -> int | None:
    if _is_index(key):
        assert isinstance(key, int)
        return key
    if isinstance(key, str) and key.isdecimal() and key.isascii():
        return int(key)  # a JSON object's keys are strings
    return None


@_exact
def grade_matching(question: QuestionData, response: object) -> Grade:
    """Prompts matched to their right answer ÷ number of prompts (Moodle's match question).

    Answers are compared by their text, so two prompts sharing an answer text ("Mammal") are
    both right with that text, whichever pair it came from. Distractors (pairs without a
    prompt) are only extra choices. Unknown prompt indices and non-text choices are ignored;
    a response with nothing readable in it is INVALID.
    """
    if response is None:
        return _NOT_ANSWERED
    if not isinstance(response, Mapping):
        return _INVALID
    prompts = match_prompts(question)
    chosen: dict[int, str] = {}
    unreadable = False
    for key, value in response.items():
        index = _prompt_index(key)
        if value is None or value == "":
            continue
        if index is None or not 0 <= index < len(prompts) or not isinstance(value, str):
            unreadable = True
            continue
        chosen[index] = value
    if not chosen:
        return _INVALID if unreadable else _NOT_ANSWERED
    right = sum(1 for index, text in chosen.items() if prompts[index][1] == text)
    return _graded(Decimal(right) / Decimal(len(prompts)))


# Ordering ---------------------------------------------------------------------------------

# qtype_ordering's gradingtype as Moodle XML writes it (a name, or the number in old files).
_ALL_OR_NOTHING = frozenset({"ALL_OR_NOTHING", "-1"})


@_exact
def grade_ordering(
    question: QuestionData, response: object, *, all_or_nothing: bool | None = None
) -> Grade:
    """Items in their correct absolute position ÷ number of items (qtype_ordering's
    ABSOLUTE_POSITION grading); with ``all_or_nothing``, 1 only for the whole order right.

    ``all_or_nothing`` None reads the question's imported setting (``extra["gradingtype"]``
    ALL_OR_NOTHING). Moodle's relative gradings (next item, longest subset…) are not
    implemented: such questions are graded by absolute position.

    Items with the same text are interchangeable (a position is right when it holds the right
    text). The response must be every item exactly once; anything else is INVALID (otherwise
    [0, 0, 0] would earn a third). Deliberate difference: Moodle grades the shuffled order a
    learner never touched; Docent's form sends nothing until every item has a place, so blank
    is NOT_ANSWERED.
    """
    if all_or_nothing is None:
        all_or_nothing = question.extra.get("gradingtype", "").strip().upper() in _ALL_OR_NOTHING
    if response is None:
        return _NOT_ANSWERED
    if not isinstance(response, list | tuple) or not all(_is_index(item) for item in response):
        return _INVALID
    if not response:
        return _NOT_ANSWERED
    items = question.items
    if sorted(response) != list(range(len(items))):
        return _INVALID
    right = sum(1 for position, index in enumerate(response) if items[index] == items[position])
    if all_or_nothing:
        return _graded(ONE if right == len(items) else ZERO)
    return _graded(Decimal(right) / Decimal(len(items)))


# Cloze ------------------------------------------------------------------------------------


def _grade_gap(gap: ClozeGap, value: object) -> Grade:
    if gap.kind == GapKind.CHOICE:
        if value is None or value == "":
            return _NOT_ANSWERED
        if not _is_index(value):
            return _INVALID
        assert isinstance(value, int)
        if not 0 <= value < len(gap.answers):
            return _INVALID
        answer = gap.answers[value]
        return _graded(answer.fraction, [answer.feedback])
    if gap.kind == GapKind.NUMERICAL:
        return _match_numerical(gap.answers, value)
    return _match_short_answer(gap.answers, value)


def _combine_states(states: Sequence[GradeState]) -> GradeState:
    """Moodle's multianswer ``combine_states``: right if every gap is right, wrong if none
    earned anything (blank or wrong), not answered if every gap is blank, else partial."""
    if all(state is GradeState.NOT_ANSWERED for state in states):
        return GradeState.NOT_ANSWERED
    if all(state is GradeState.RIGHT for state in states):
        return GradeState.RIGHT
    unearned = (GradeState.NOT_ANSWERED, GradeState.WRONG, GradeState.INVALID)
    if all(state in unearned for state in states):
        return GradeState.WRONG
    return GradeState.PARTIAL


@_exact
def grade_cloze(question: QuestionData, response: object) -> Grade:
    """Each gap graded by its kind, then the average weighted by ``gap.weight``, in [0, 1].

    Choice gaps: the chosen answer's fraction (may be negative); text gaps: as a short answer;
    numerical gaps: as a numerical question. Blank gaps earn 0. Missing trailing values are
    blank, extra ones are ignored. The state combines the gaps' states as Moodle does.

    Deliberate difference: Moodle does not clamp, so a negative choice gap can make the whole
    question negative; Docent clamps to [0, 1], like multiple response.
    """
    if response is None:
        values: Sequence[object] = ()
    elif isinstance(response, list | tuple):
        values = response
    else:
        return _INVALID
    parts = tuple(
        _grade_gap(gap, values[index] if index < len(values) else None)
        for index, gap in enumerate(question.gaps)
    )
    state = _combine_states([part.state for part in parts])
    total_weight = sum((gap.weight for gap in question.gaps), ZERO)
    if total_weight <= 0:
        fraction = ZERO
    else:
        earned = sum(
            (
                (part.fraction or ZERO) * gap.weight
                for part, gap in zip(parts, question.gaps, strict=True)
            ),
            ZERO,
        )
        fraction = _RESULT.plus(_clamp(earned / total_weight))
    feedback = tuple(text for part in parts for text in part.feedback)
    return Grade(fraction, state, feedback, parts)


# Essay, description -----------------------------------------------------------------------


@_exact
def grade_essay(question: QuestionData, response: object) -> Grade:
    """Needs a person: fraction None. A blank (or only space) essay scores 0, NOT_ANSWERED,
    as Moodle's "gave up" (nothing for a grader to read)."""
    if response is None:
        return _NOT_ANSWERED
    if not isinstance(response, str):
        return _INVALID
    if not response.strip():
        return _NOT_ANSWERED
    return Grade(None, GradeState.NEEDS_GRADING)


def grade_description(question: QuestionData, response: object = None) -> Grade:
    """Nothing to answer: 0, INFORMATION (a description's points are 0 anyway)."""
    return Grade(ZERO, GradeState.INFORMATION)


# Dispatch ---------------------------------------------------------------------------------

_GRADERS: dict[QuestionType, Callable[[QuestionData, Any], Grade]] = {
    QuestionType.SINGLE_CHOICE: grade_single_choice,
    QuestionType.MULTIPLE_RESPONSE: grade_multiple_response,
    QuestionType.TRUE_FALSE: grade_true_false,
    QuestionType.SHORT_ANSWER: grade_short_answer,
    QuestionType.NUMERICAL: grade_numerical,
    QuestionType.MATCHING: grade_matching,
    QuestionType.ORDERING: grade_ordering,
    QuestionType.CLOZE: grade_cloze,
    QuestionType.ESSAY: grade_essay,
    QuestionType.DESCRIPTION: grade_description,
}


def grade(question: QuestionData, response: object) -> Grade:
    """Grade ``response`` by the question's type. Never raises.

    Every grader reads malformed responses as INVALID by itself; should one still fail (a
    broken question, a bug), the failure is logged and the response scores 0 as INVALID, so
    a learner's submission never fails over one question (a regrade can put it right).
    """
    grader = _GRADERS.get(question.type)
    if grader is None:
        return _INVALID
    try:
        return grader(question, response)
    except Exception:
        logger.exception("Grading question %r (%s) failed", question.name, question.type)
        return _INVALID


# The right answer -------------------------------------------------------------------------


def _best(candidates: Iterable[object], grader: Callable[[object], Grade]) -> object:
    """The first candidate that earns the most; None when there is no candidate.

    Candidates are graded rather than trusted, so a right answer hidden behind an earlier
    matching one (short answer "*" before "Paris") is not offered as the right response.
    """
    best: object = None
    best_fraction: Decimal | None = None
    for candidate in candidates:
        fraction = grader(candidate).fraction
        if fraction is not None and (best_fraction is None or fraction > best_fraction):
            best, best_fraction = candidate, fraction
    return best


def _numerical_candidates(answers: Sequence[Answer]) -> list[str]:
    return ["0" if answer.text.strip() == "*" else answer.text.strip() for answer in answers]


def _gap_correct_response(gap: ClozeGap) -> object:
    if gap.kind == GapKind.CHOICE:
        return _best(range(len(gap.answers)), lambda value: _grade_gap(gap, value))
    if gap.kind == GapKind.NUMERICAL:
        return _best(_numerical_candidates(gap.answers), lambda value: _grade_gap(gap, value))
    candidates = [_clean_short_answer(answer.text) for answer in gap.answers]
    return _best(candidates, lambda value: _grade_gap(gap, value))


@_exact
def correct_response(question: QuestionData) -> object:
    """A response that earns the most this question can give (full marks for a sound key),
    in the response form of its type; None for essays, descriptions and answerless questions.

    Short answers come back as Moodle shows them: wildcards as spaces ("Isaac*Newton" →
    "Isaac Newton"), ``\\*`` as ``*``; a numerical "*" answer as "0".
    """
    kind = question.type
    if kind == QuestionType.SINGLE_CHOICE:
        return _best(range(len(question.answers)), lambda r: grade_single_choice(question, r))
    if kind == QuestionType.MULTIPLE_RESPONSE:
        # Moodle's get_correct_response: every choice that is not wrong (fraction > 0).
        return frozenset(
            index
            for index, answer in enumerate(question.answers)
            if state_for_fraction(answer.fraction) is not GradeState.WRONG
        )
    if kind == QuestionType.TRUE_FALSE:
        return _best((True, False), lambda r: grade_true_false(question, r))
    if kind == QuestionType.SHORT_ANSWER:
        candidates = [_clean_short_answer(answer.text) for answer in question.answers]
        return _best(candidates, lambda r: grade_short_answer(question, r))
    if kind == QuestionType.NUMERICAL:
        candidates = _numerical_candidates(question.answers)
        return _best(candidates, lambda r: grade_numerical(question, r))
    if kind == QuestionType.MATCHING:
        return {index: answer for index, (_, answer) in enumerate(match_prompts(question))}
    if kind == QuestionType.ORDERING:
        return list(range(len(question.items)))
    if kind == QuestionType.CLOZE:
        return [_gap_correct_response(gap) for gap in question.gaps]
    return None


@_exact
def max_fraction(question: QuestionData) -> Decimal:
    """The most a response can earn: 1 for a sound key; 1 for an essay (a grader may give
    full marks); 0 for a description."""
    if question.type == QuestionType.ESSAY:
        return ONE
    if question.type == QuestionType.DESCRIPTION:
        return ZERO
    return grade(question, correct_response(question)).fraction or ZERO


@_exact
def min_fraction(question: QuestionData) -> Decimal:
    """The least a response can earn: the most negative answer (or 0) where an answer's own
    fraction is the grade (single choice, as Moodle's ``get_min_fraction``; short answer and
    numerical); 0 for the types that clamp (multiple response, cloze) or cannot go below 0."""
    if question.type == QuestionType.SINGLE_CHOICE:
        return min((answer.fraction for answer in question.answers), default=ZERO).min(ZERO)
    if question.type in (QuestionType.SHORT_ANSWER, QuestionType.NUMERICAL):
        return min((answer.fraction for answer in question.answers), default=ZERO).min(ZERO)
    return ZERO
