"""The pure core of the review queue: which answers join it, ratings, schedules (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Rating, State

from practice.scheduling import CardState, joins_queue, rating_for, schedule
from quizzes.grading import GradeState

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("state", "rating"),
    [
        (GradeState.WRONG, Rating.Again),
        (GradeState.NOT_ANSWERED, Rating.Again),
        (GradeState.INVALID, Rating.Again),
        (GradeState.PARTIAL, Rating.Hard),
        (GradeState.RIGHT, Rating.Good),
        (GradeState.NEEDS_GRADING, None),
        (GradeState.INFORMATION, None),
    ],
)
def test_it_rates_a_graded_answer(state, rating):
    assert rating_for(state) == rating


def test_it_never_rates_easy():
    assert Rating.Easy not in {rating_for(state) for state in GradeState}


def test_it_queues_wrong_and_partial_answers_only():
    queued = {state for state in GradeState if joins_queue(state)}

    assert queued == {
        GradeState.WRONG,
        GradeState.NOT_ANSWERED,
        GradeState.INVALID,
        GradeState.PARTIAL,
    }


def test_it_brings_a_missed_question_back_within_minutes():
    after = schedule(CardState.new(now=NOW), Rating.Again, now=NOW)

    assert after.state == State.Learning
    assert NOW < after.due <= NOW + timedelta(minutes=10)
    assert after.last_review == NOW
    assert after.stability is not None
    assert after.difficulty is not None


def test_it_spaces_reviews_out_as_they_succeed():
    card = CardState.new(now=NOW)
    now = NOW
    intervals = []
    for _ in range(5):
        card = schedule(card, Rating.Good, now=now)
        intervals.append(card.due - now)
        now = card.due

    assert card.state == State.Review
    assert intervals == sorted(intervals)
    assert intervals[-1] > timedelta(days=3)


def test_a_partial_answer_comes_back_sooner_than_a_right_one():
    reviewed = schedule(
        schedule(CardState.new(now=NOW), Rating.Good, now=NOW), Rating.Good, now=NOW
    )
    later = reviewed.due

    hard = schedule(reviewed, Rating.Hard, now=later)
    good = schedule(reviewed, Rating.Good, now=later)
    again = schedule(reviewed, Rating.Again, now=later)

    assert again.due < hard.due < good.due
    assert again.state == State.Relearning


def test_it_is_deterministic_given_the_time():
    card = schedule(CardState.new(now=NOW), Rating.Good, now=NOW)
    card = schedule(card, Rating.Good, now=card.due)

    first = schedule(card, Rating.Good, now=card.due + timedelta(days=1))
    second = schedule(card, Rating.Good, now=card.due + timedelta(days=1))

    assert first == second


def test_it_accepts_any_utc_timezone_and_refuses_naive_times():
    paris = NOW.astimezone(ZoneInfo("Europe/Paris"))

    assert schedule(CardState.new(now=NOW), Rating.Good, now=paris) == schedule(
        CardState.new(now=NOW), Rating.Good, now=NOW
    )
    with pytest.raises(ValueError, match="aware"):
        schedule(CardState.new(now=NOW), Rating.Good, now=NOW.replace(tzinfo=None))


def test_a_review_dated_before_the_last_one_counts_at_the_last_one():
    card = schedule(CardState.new(now=NOW), Rating.Good, now=NOW)

    earlier = schedule(card, Rating.Again, now=NOW - timedelta(days=3))

    assert earlier.last_review == NOW
    assert earlier == schedule(card, Rating.Again, now=NOW)
