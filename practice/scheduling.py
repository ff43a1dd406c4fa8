"""Spaced repetition, pure: which graded answers join the review queue, how a grade becomes an
FSRS rating, and the next review's schedule. No ORM here; tests need no database.

A card's memory state is :class:`CardState`, the fields of ``fsrs.Card`` that the database
keeps as columns (``practice.models.ReviewCard``). The scheduler runs without fuzzing, so the
same card, rating and time always give the same next review.

Ratings. Docent grades the answer instead of asking the learner how hard it felt, so only
three of FSRS's four ratings are used:

- wrong (fraction below 0.000001, blank or unreadable answers included) → **Again**: a lapse,
  the memory failed; the card goes back to (re)learning and comes back within minutes;
- partially right (between 0.000001 and 0.999999, Moodle's thresholds) → **Hard**: FSRS's
  "recalled, with serious difficulty": a success that grows stability a little, not a lapse;
- right → **Good**: a plain successful recall, FSRS's default answer.

**Easy** is never given: a right answer says nothing about how effortless it was, and Easy
would push the next review much further out on no evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from fsrs import Card, Rating, Scheduler, State

from quizzes.grading import GradeState

# One scheduler for the whole process: FSRS's default parameters and 90 % desired retention,
# fuzzing off for reproducible schedules (a learner's whole queue shifts by a day at most
# without it, which matters little with a handful of cards per question).
SCHEDULER = Scheduler(enable_fuzzing=False)

_RATINGS = {
    GradeState.RIGHT: Rating.Good,
    GradeState.PARTIAL: Rating.Hard,
    GradeState.WRONG: Rating.Again,
    GradeState.NOT_ANSWERED: Rating.Again,
    GradeState.INVALID: Rating.Again,
}


def rating_for(state: GradeState) -> Rating | None:
    """The FSRS rating of an answer graded ``state``; None when there is nothing to rate
    (an essay awaiting its grader, a description)."""
    return _RATINGS.get(state)


def joins_queue(state: GradeState) -> bool:
    """Whether a quiz answer graded ``state`` puts its question in the review queue: wrong
    (including blank and unreadable answers) or right with difficulty (partial credit)."""
    return rating_for(state) in (Rating.Again, Rating.Hard)


class HasCardState(Protocol):
    """FSRS's card fields, read-only (``fsrs.Card`` and ``ReviewCard`` both have them)."""

    @property
    def due(self) -> datetime: ...
    @property
    def state(self) -> int: ...
    @property
    def step(self) -> int | None: ...
    @property
    def stability(self) -> float | None: ...
    @property
    def difficulty(self) -> float | None: ...
    @property
    def last_review(self) -> datetime | None: ...


@dataclass(frozen=True)
class CardState:
    """What FSRS knows of one learner's memory of one question."""

    due: datetime  # when the next review is due
    state: State  # learning, review or relearning
    step: int | None  # the (re)learning step, None in the review state
    stability: float | None  # days for recall probability to fall to 90 %; None before a review
    difficulty: float | None  # 1 (easy) to 10 (hard); None before the first review
    last_review: datetime | None

    @classmethod
    def of(cls, card: HasCardState) -> CardState:
        """The state of anything that carries FSRS's fields: an ``fsrs.Card`` or a
        ``practice.models.ReviewCard``."""
        return cls(
            due=card.due,
            state=State(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            last_review=card.last_review,
        )

    @classmethod
    def new(cls, *, now: datetime) -> CardState:
        """A card never reviewed, due at ``now``."""
        return cls(
            due=now, state=State.Learning, step=0, stability=None, difficulty=None, last_review=None
        )


def _utc(moment: datetime) -> datetime:
    """FSRS requires ``datetime.timezone.utc`` itself; databases may return another UTC tzinfo."""
    if moment.tzinfo is None:
        raise ValueError("FSRS needs an aware datetime")
    return moment.astimezone(UTC)


def schedule(card: CardState, rating: Rating, *, now: datetime) -> CardState:
    """The card after a review rated ``rating`` at ``now``.

    A review dated before the card's last one (a regrade of an old attempt, clocks apart) is
    taken as happening at the last review, so that elapsed time never goes negative.
    """
    reviewed_at = _utc(now)
    if card.last_review is not None:
        reviewed_at = max(reviewed_at, _utc(card.last_review))
    fsrs_card = Card(
        card_id=0,  # unused: given so that FSRS does not sleep a millisecond to make one up
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=None if card.last_review is None else _utc(card.last_review),
    )
    after, _log = SCHEDULER.review_card(fsrs_card, rating, review_datetime=reviewed_at)
    return CardState.of(after)
