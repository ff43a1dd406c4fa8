"""Writes of the review queue: quiz answers feed it, practice answers move through it.

Nothing here writes an attempt, an attempt's question or a grade: practice is for the learner's
memory only. Races handled here:
- a practice answer sent twice (double click, a second tab, a resent form): the card row is
  locked and the answer must carry the card's revision, so the second is refused
  (StaleReview) instead of scheduling the card twice;
- the same attempt passed twice (a double submit, a regrade): a quiz answer that was already
  counted has its log (unique per card and answer) and is skipped;
- two attempts holding the same question graded at once: both may try to create the card;
  the unique constraint stops the second, which retries and then finds the card;
- two pages feeding the same revealed attempt at once (``review_cards_catch_up``): as a double
  submit, its answers are counted once, and its FedAttempt row is written once.

The quiz's review policy decides when an attempt feeds the queue: only once it lets the
learner see whether each answer was right and what the right answer is
(``quizzes.attempts.ReviewOptions.answers_revealed``). A card, its due date, a review of it
and every count of the queue would otherwise tell them what the policy hides.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from infrastructure.db.updates import rows_update
from quizzes.attempts import answers_revealed_from, response_from_json, review_options
from quizzes.bank import questions_data
from quizzes.grading import grade, state_for_fraction
from quizzes.models import Attempt, AttemptQuestion
from quizzes.questions import QuestionType

from .models import FedAttempt, ReviewCard, ReviewLog
from .policy import unfed_attempts
from .scheduling import CardState, joins_queue, rating_for, schedule

# Types a quiz answer of which never reaches the queue: graded by a person, or nothing to answer.
NOT_PRACTISED = (QuestionType.ESSAY, QuestionType.DESCRIPTION)


class PracticeError(Exception):
    """A practice answer that cannot be taken; the message is for the learner."""


class StaleReview(PracticeError):
    pass


def _apply(card: ReviewCard, state: CardState) -> None:
    card.due = state.due
    card.state = int(state.state)
    card.step = state.step
    card.stability = state.stability
    card.difficulty = state.difficulty
    card.last_review = state.last_review
    card.revision += 1


_CARD_FIELDS = ["due", "state", "step", "stability", "difficulty", "last_review", "revision"]


def review_cards_after_attempt(
    *, attempt: Attempt, now: datetime | None = None
) -> list[ReviewCard]:
    """Feed the review queue from a graded attempt; returns the cards it created or moved.

    For each graded question (essays and descriptions aside): a wrong answer (blank included)
    or a partially right one puts the question in the queue, due at once, or, when it is there
    already, reviews its card (Again or Hard); a right answer to a question already in the
    queue reviews its card as Good; a right answer to any other question changes nothing.
    The quiz answer is FSRS's first review of a new card, so the schedule starts from it.

    Only once the quiz's review policy reveals the attempt's answers at ``now`` (default: the
    present): before, nothing changes, and ``review_cards_catch_up`` feeds it later. Answers
    count as reviewed when they were revealed (at the quiz's close for "after the quiz
    closes"), never earlier.
    """
    now = now or timezone.now()
    if not review_options(attempt=attempt, now=now).answers_revealed:
        return []
    for tries_left in (1, 0):
        try:
            with transaction.atomic():
                return _review_cards(attempt, now)
        except IntegrityError:
            # Another attempt holding one of these questions created its card first.
            if not tries_left:
                raise
    raise AssertionError("unreachable")


def review_cards_catch_up(*, user_id: int, now: datetime) -> int:
    """Feed the queue from the learner's graded attempts that their quizzes' review policies
    revealed after they were graded (at a quiz's close, or as an instructor changed a policy);
    returns how many attempts fed it.

    Why here and lazily, rather than a scheduled job at each quiz's close: nothing to remember
    to run, and the queue is read only by its learner's pages (practice, dashboard), which
    call this first, so an answer joins the queue the first time the learner may see it.
    One query when nothing is waiting (the dashboard asks with its own read instead).
    """
    attempts = unfed_attempts(user_id=user_id, now=now).select_related("quiz")
    fed = 0
    for attempt in attempts.order_by("submitted_at", "pk"):  # reviews in the order answered
        fed += 1
        review_cards_after_attempt(attempt=attempt, now=now)
    return fed


def _review_cards(attempt: Attempt, now: datetime) -> list[ReviewCard]:
    # Marked fed first: a page feeding the same attempt at this moment waits on this row.
    FedAttempt.objects.bulk_create([FedAttempt(attempt=attempt, fed_at=now)], ignore_conflicts=True)
    rows = list(
        AttemptQuestion.objects.filter(attempt=attempt, fraction__isnull=False)
        .exclude(question__type__in=NOT_PRACTISED)
        .select_related("question")
        .order_by("position")
    )
    if not rows:
        return []
    revealed_from = answers_revealed_from(quiz=attempt.quiz) or now
    reviewed_at = max(attempt.submitted_at or now, revealed_from)
    # Lock the learner's cards for these questions: a practice answer to one of them at this
    # moment waits, rather than both scheduling from the same old state.
    cards = {
        card.question_id: card
        for card in ReviewCard.objects.select_for_update().filter(
            user_id=attempt.user_id, question_id__in={row.question_id for row in rows}
        )
    }
    counted = set(
        ReviewLog.objects.filter(attempt_question__in=rows).values_list(
            "attempt_question_id", flat=True
        )
    )
    created: list[ReviewCard] = []
    moved: dict[int, ReviewCard] = {}
    logs: list[ReviewLog] = []
    for row in rows:
        assert row.fraction is not None
        state = state_for_fraction(row.fraction)
        rating = rating_for(state)
        card = cards.get(row.question_id)
        if rating is None or row.pk in counted or (card is None and not joins_queue(state)):
            continue
        if card is None:
            card = ReviewCard(
                user_id=attempt.user_id,
                question=row.question,
                course_id=row.question.course_id,
                due=reviewed_at,
            )
            cards[row.question_id] = card
            created.append(card)
        elif card not in created:
            moved[card.pk] = card
        after = schedule(CardState.of(card), rating, now=reviewed_at)
        _apply(card, after)
        if joins_queue(state):
            card.due = min(card.due, reviewed_at)  # practise what was missed right away
        logs.append(
            ReviewLog(
                card=card,
                rating=rating,
                reviewed_at=after.last_review or reviewed_at,
                response=row.response,
                fraction=row.fraction,
                attempt_question=row,
                due_after=card.due,
            )
        )
    ReviewCard.objects.bulk_create(created)
    rows_update(ReviewCard, moved.values(), _CARD_FIELDS)
    ReviewLog.objects.bulk_create(logs)
    return [*created, *moved.values()]


def practice_answer(
    *, card: ReviewCard, response: object, now: datetime, revision: int | None = None
) -> ReviewLog:
    """Grade a practice answer to ``card``, schedule its next review and log it.

    ``response`` is in the stored (JSON) form of the question's type; ``revision``, the card's
    revision the page was made from: an older one raises StaleReview. Deterministic given
    ``now``. Never touches attempts or grades.
    """
    with transaction.atomic():
        # Lock the card: a second answer to it (double click, second tab) waits here, then
        # finds the revision moved on and is refused.
        locked = ReviewCard.objects.select_for_update().select_related("question").get(pk=card.pk)
        if revision is not None and revision != locked.revision:
            raise StaleReview(_("This question was already answered, perhaps in another tab."))
        data = questions_data([locked.question])[locked.question_id]
        graded = grade(data, response_from_json(data, response))
        rating = rating_for(graded.state)
        if rating is None or graded.fraction is None:
            raise PracticeError(_("This question cannot be practised here."))
        after = schedule(CardState.of(locked), rating, now=now)
        _apply(locked, after)
        locked.save(update_fields=_CARD_FIELDS)
        log = ReviewLog.objects.create(
            card=locked,
            rating=rating,
            reviewed_at=after.last_review or now,
            response=response,
            fraction=graded.fraction,
            due_after=locked.due,
        )
    for name in _CARD_FIELDS:  # the caller's copy shows the new schedule too
        setattr(card, name, getattr(locked, name))
    return log
