"""The quiz's review policy's say over the review queue.

A question joins a learner's queue from a quiz answer only once that quiz's review policy lets
the learner see whether the answer was right and what the right answer is
(``quizzes.attempts.ReviewOptions.answers_revealed``): a card, its due date, a review of it
and every count of the queue would otherwise tell them. Two reads follow from it, each a
query however many attempts or cards there are:

- graded attempts waiting to feed the queue (their answers revealed since they were graded:
  at the quiz's close, or after an instructor changed the policy), which the learner's pages
  feed before reading the queue (``practice.services.review_cards_catch_up``);
- reviews from answers that the policy hides now (it was changed after they fed the queue),
  whose cards stay out of sight until it reveals them again (``practice.permissions``).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from quizzes.attempts import answers_revealed_filter
from quizzes.models import Attempt, Quiz

from .models import FedAttempt, ReviewLog


def unfed_attempts(*, user_id: int, now: datetime) -> QuerySet[Attempt]:
    """The learner's graded attempts whose answers their quiz's review policy reveals at
    ``now`` but which have not fed their review queue yet."""
    return Attempt.objects.filter(
        answers_revealed_filter(now=now, prefix="quiz__"),
        ~Exists(FedAttempt.objects.filter(attempt_id=OuterRef("pk"))),
        user_id=user_id,
        state=Attempt.State.SUBMITTED,
    )


def hidden_reviews(*, now: datetime) -> QuerySet[ReviewLog]:
    """Reviews from quiz answers whose quiz's review policy hides them at ``now``."""
    hiding = Quiz.objects.exclude(answers_revealed_filter(now=now)).values("pk")
    return ReviewLog.objects.filter(attempt_question__attempt__quiz__in=hiding)
