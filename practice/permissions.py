"""Who may practise what: a learner practises only their own cards, of questions still
published and not of an archived lesson (its page and quiz are gone for learners; the cards
come back if a re-import brings the lesson back), in courses they may still study
(``progress.permissions``: enrolled, or managing it). Anything else answers 404. A learner
who leaves a course keeps its cards; they come back on re-enrolling.

A card also stays out of sight, and out of every count, while the review policy of a quiz whose
answer reviewed it hides those answers (``practice.policy``), as when an instructor changes
the policy after the card joined: its existence and schedule would tell the learner what the
policy hides. It comes back when the policy reveals them again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from progress.permissions import can_study_course, studyable_courses_filter
from quizzes.models import Question

from .policy import hidden_reviews

if TYPE_CHECKING:
    from courses.permissions import AnyUser

    from .models import ReviewCard


def practisable_cards_filter(user: AnyUser, prefix: str = "", now: datetime | None = None) -> Q:
    """``can_practise_card`` at ``now`` (default: the present) as a query filter on cards (or
    on rows reaching a card through ``prefix``, such as ``"card__"``)."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}pk__in": []})
    now = now or timezone.now()
    hidden = Exists(hidden_reviews(now=now).filter(card_id=OuterRef(f"{prefix}pk")))
    return (
        Q(**{f"{prefix}user_id": user.pk, f"{prefix}question__status": Question.Status.PUBLISHED})
        & (
            Q(**{f"{prefix}question__lesson__isnull": True})
            | Q(**{f"{prefix}question__lesson__is_archived": False})
        )
        & studyable_courses_filter(user, f"{prefix}course__")
        & ~Q(hidden)
    )


def can_practise_card(user: AnyUser, card: ReviewCard, now: datetime | None = None) -> bool:
    """The card's owner, while its question is published and not of an archived lesson, they
    may study its course and no quiz's review policy hides an answer that reviewed it."""
    lesson = card.question.lesson
    return bool(
        user.is_authenticated
        and card.user_id == user.pk
        and card.question.status == Question.Status.PUBLISHED
        and (lesson is None or not lesson.is_archived)
        and can_study_course(user, card.course)
        and not hidden_reviews(now=now or timezone.now()).filter(card_id=card.pk).exists()
    )
