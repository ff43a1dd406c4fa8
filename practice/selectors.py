"""Reads of the review queue, each a fixed number of queries however many cards there are."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q, QuerySet
from django.utils.crypto import salted_hmac

from quizzes.attempts import display_order
from quizzes.bank import questions_data
from quizzes.forms import AskedQuestion
from quizzes.models import AttemptQuestion

from .models import ReviewCard, ReviewLog
from .permissions import practisable_cards_filter

if TYPE_CHECKING:
    from accounts.models import User


def _cards(user: User, now: datetime | None = None) -> QuerySet[ReviewCard]:
    return ReviewCard.objects.filter(practisable_cards_filter(user, now=now))


def due_cards(*, user: User, course: int | None = None, now: datetime) -> QuerySet[ReviewCard]:
    """The learner's cards due at ``now`` (of one course, by id, if given), oldest due first."""
    cards = _cards(user, now).filter(due__lte=now)
    if course is not None:
        cards = cards.filter(course_id=course)
    return cards.select_related("question", "course").order_by("due", "pk")


def due_count(*, user: User, now: datetime, card_due: bool | None = None) -> int:
    """How many of the learner's cards are due at ``now``, for the dashboard: one query when
    none of their cards is due, two when some are; one fewer when the caller already read
    whether any card of theirs is due (``card_due``, as the dashboard reads it with the
    learner's courses).

    The first asks only the learner's own cards; the count that follows, only when one is
    due, applies every rule of ``practisable_cards_filter``."""
    if card_due is None:
        card_due = ReviewCard.objects.filter(user_id=user.pk, due__lte=now).exists()
    if not card_due:
        return 0
    return _cards(user, now).filter(due__lte=now).count()


@dataclass(frozen=True)
class CourseQueue:
    course_id: int
    title: str
    due: int  # cards due now
    total: int  # cards in the queue
    next_due: datetime  # the earliest due date (in the past when some are due)


def course_queues(*, user: User, now: datetime) -> list[CourseQueue]:
    """The learner's queue per course, by course title (one query)."""
    rows = (
        _cards(user, now)
        .values("course_id", "course__title")
        .annotate(due_now=Count("pk", filter=Q(due__lte=now)), total=Count("pk"), first=Min("due"))
        .order_by("course__title", "course_id")
    )
    return [
        CourseQueue(
            course_id=row["course_id"],
            title=row["course__title"],
            due=row["due_now"],
            total=row["total"],
            next_due=row["first"],
        )
        for row in rows
    ]


def card_for_user(*, pk: int, user: User) -> ReviewCard:
    """One of the learner's practisable cards (ReviewCard.DoesNotExist otherwise: a 404)."""
    return _cards(user).select_related("question", "course").get(pk=pk)


def review_for_user(*, pk: int, user: User) -> ReviewLog:
    """A review of one of the learner's practisable cards (ReviewLog.DoesNotExist otherwise)."""
    return (
        ReviewLog.objects.filter(practisable_cards_filter(user, "card__"))
        .select_related("card__question", "card__course")
        .get(pk=pk)
    )


def latest_review(*, card: ReviewCard) -> ReviewLog | None:
    return card.logs.order_by("-reviewed_at", "-pk").first()


def card_question(*, card: ReviewCard) -> AskedQuestion:
    """The card's question as an attempt would ask it, from an unsaved AttemptQuestion (practice
    writes no attempt). Its answers are shuffled by the card and its revision: the page and the
    answer it sends agree, and the next review shows another order. The seed is keyed with
    the site's secret: the card's id and revision are on the page, and an order a learner
    could compute would tell them where the answer stored first is shown."""
    question = card.question
    data = questions_data([question])[question.pk]
    seed = salted_hmac("practice.card_question", f"{card.pk}:{card.revision}").hexdigest()
    rng = random.Random(seed)  # nosec B311: the secret is in the seed, not the generator
    row = AttemptQuestion(
        position=1,
        question=question,
        choice_order=display_order(data, question.shuffle_answers, rng),
        max_points=question.points,
    )
    return AskedQuestion(row=row, data=data, number=1)
