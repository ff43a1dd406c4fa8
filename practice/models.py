"""The review queue: one card per learner and question, and a log of every review.

A card's FSRS state is kept as plain columns (not a JSON blob) so that the queue is a query on
``due``. The log records each review apart from the card it moved, as an attempt's record is
kept apart from the grade it feeds; nothing here ever points back into a grade.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from fsrs import Rating, State

from courses.models import Course
from quizzes.models import Attempt, AttemptQuestion, Question, points_field


class ReviewCard(models.Model):
    """One question in one learner's review queue, with FSRS's memory state for it."""

    class CardState(models.IntegerChoices):  # fsrs.State's values
        LEARNING = State.Learning.value, _("Learning")
        REVIEW = State.Review.value, _("Review")
        RELEARNING = State.Relearning.value, _("Relearning")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    # A deleted question leaves every queue with its cards.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="review_cards")
    # The question's course, kept here so that per-course queues need no join.
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="review_cards")
    due = models.DateTimeField(_("due"))  # when the next review is due
    # Days until recall probability falls to 90 %; empty before the first review.
    stability = models.FloatField(_("stability"), null=True, blank=True)
    # How hard this question is for this learner, 1 to 10; empty before the first review.
    difficulty = models.FloatField(_("difficulty"), null=True, blank=True)
    state = models.PositiveSmallIntegerField(
        _("state"), choices=CardState.choices, default=CardState.LEARNING
    )
    # The (re)learning step the card is at; empty in the review state.
    step = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    # Bumped by every review: a practice page carries it, and an answer from an older page
    # (a double click, a second tab) is refused instead of scheduling the card twice.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], name="one_review_card_per_question"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="review_card_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "due"], name="review_card_user_due")]

    def __str__(self) -> str:
        return f"{self.user} — {self.question}"


class ReviewLog(models.Model):
    """One review of a card: a practice answer, or a quiz answer that counted as one."""

    class Grade(models.IntegerChoices):  # fsrs.Rating's values
        AGAIN = Rating.Again.value, _("Again")
        HARD = Rating.Hard.value, _("Hard")
        GOOD = Rating.Good.value, _("Good")
        EASY = Rating.Easy.value, _("Easy")

    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Grade.choices)
    reviewed_at = models.DateTimeField(_("reviewed at"))
    # The learner's response in quizzes.grading's (JSON) form for the question's type.
    response = models.JSONField(null=True, blank=True)
    # Share of the question's points the response earned (never written to any grade).
    fraction = points_field(_("fraction"))
    # When the review came from a graded quiz answer: that answer (empty for practice). Read,
    # never written: it makes a second pass over the same attempt review nothing twice.
    attempt_question = models.ForeignKey(
        AttemptQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the card was due next after this review.
    due_after = models.DateTimeField(_("next due"))

    class Meta:
        ordering = ["card", "reviewed_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["card", "attempt_question"],
                condition=Q(attempt_question__isnull=False),
                name="one_review_per_quiz_answer",
            ),
            models.CheckConstraint(
                condition=Q(rating__in=[r.value for r in Rating]), name="review_log_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.card} @ {self.reviewed_at:%Y-%m-%d %H:%M}"


class FedAttempt(models.Model):
    """A graded attempt whose answers have fed its learner's review queue.

    An attempt feeds the queue only once its quiz's review policy reveals its answers
    (``practice.services.review_cards_after_attempt``); until then it has no row here, and
    the learner's practice pages and dashboard feed it when they find it revealed. The row
    keeps a later pass from reading an old right answer against a card that joined the queue
    since (which would count it as a review it never was).
    """

    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    fed_at = models.DateTimeField(_("fed at"))

    class Meta:
        verbose_name = _("attempt fed to the review queue")
        verbose_name_plural = _("attempts fed to the review queue")

    def __str__(self) -> str:
        return str(self.attempt_id)
