"""The question bank, quizzes and attempts.

Question structure lives in rows (answers, matching pairs, ordering items, cloze gaps), not in
a JSON schema; ``quizzes.bank.question_data`` turns a question into the pure QuestionData that
grading and the file formats read. An attempt's record (what was asked, answered and scored)
is kept apart from the progress summary it later feeds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Lesson

from .questions import GapKind, QuestionType, TextFormat


def points_field(verbose_name: Any = None, **kwargs: Any) -> models.DecimalField:
    """A grade or fraction, kept to 7 decimal places as Moodle keeps them."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=7, **kwargs)


class QuestionCategory(models.Model):
    """A folder of a course's question bank; random quiz slots draw from one."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="question_categories")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "parent", "name"], name="unique_category_name_per_parent"
            ),
            models.UniqueConstraint(
                fields=["course", "name"],
                condition=Q(parent__isnull=True),
                name="unique_top_category_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.RESTRICT, related_name="questions"
    )
    # The lesson this question tests, if any: its quiz offers it, and drafts come from it.
    lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    type = models.CharField(
        _("type"), max_length=32, choices=[(t.value, t.value) for t in QuestionType]
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    stem = models.TextField(_("question text"))
    stem_format = models.CharField(
        max_length=16, choices=[(f.value, f.value) for f in TextFormat], default=TextFormat.HTML
    )
    points = points_field(_("points"), default=Decimal(1))
    general_feedback = models.TextField(_("general feedback"), blank=True)
    general_feedback_format = models.CharField(max_length=16, blank=True)  # "": as the stem
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    # For drafted questions: the lesson sentence the draft was made from (shown to reviewers),
    # the term it tests, and for a false statement the term swapped in: what the draft
    # quality rules re-check.
    source_sentence = models.TextField(blank=True)
    draft_term = models.CharField(max_length=300, blank=True)
    draft_swapped_in = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "category", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=0), name="question_points_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name or self.stem[:60]


class ClozeGap(models.Model):
    """One blank of a cloze question; the stem marks it ``{{position}}``."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="gaps")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=[(k.value, k.value) for k in GapKind])
    weight = points_field(default=Decimal(1))

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="unique_gap_position"),
        ]

    def __str__(self) -> str:
        return f"gap {self.position} ({self.kind})"


class Answer(models.Model):
    """An answer of a choice, true/false, short-answer or numerical question, or of a gap."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    gap = models.ForeignKey(
        ClozeGap, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    position = models.PositiveIntegerField()
    text = models.TextField()
    text_format = models.CharField(max_length=16, blank=True)  # "": the question's format
    # Share of the question's (or gap's) points this answer earns: 1, 0.5, 0, -0.5 …
    fraction = points_field(
        validators=[MinValueValidator(Decimal(-1)), MaxValueValidator(Decimal(1))]
    )
    feedback = models.TextField(blank=True)
    feedback_format = models.CharField(max_length=16, blank=True)
    # Numerical answers: accepted error either side of the value.
    tolerance = models.DecimalField(null=True, blank=True, max_digits=30, decimal_places=10)

    class Meta:
        ordering = ["question", "gap", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fraction__gte=-1) & Q(fraction__lte=1), name="answer_fraction_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class MatchPair(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="pairs")
    position = models.PositiveIntegerField()
    prompt = models.TextField(blank=True)  # empty: the answer is a distractor
    answer = models.TextField()

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return f"{self.prompt[:30]} → {self.answer[:30]}"


class OrderingItem(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()  # the item's place in the correct order
    text = models.TextField()

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately after the attempt")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    NEVER = "never", _("Never")


class Quiz(models.Model):
    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest grade")
        LATEST = "latest", _("Last attempt")
        FIRST = "first", _("First attempt")
        AVERAGE = "average", _("Average grade")

    class Overdue(models.TextChoices):
        AUTOSUBMIT = "autosubmit", _("Open attempts are submitted automatically")
        GRACE = "grace", _("A grace period to submit, but not to change answers")
        ABANDON = "abandon", _("Attempts must be submitted before time expires, or not counted")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quizzes")
    # The lesson whose quiz this is; a course may also have quizzes of its own (lesson empty).
    # Deleting the lesson deletes its quiz: left behind it would become a course quiz that
    # every learner must pass and no page links to. Archiving a lesson (a re-import) keeps
    # both, with their attempts.
    lesson = models.OneToOneField(
        Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="quiz"
    )
    title = models.CharField(_("title"), max_length=300)
    is_published = models.BooleanField(_("published"), default=True)
    time_limit = models.DurationField(_("time limit"), null=True, blank=True)
    open_at = models.DateTimeField(_("opens"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    grading_method = models.CharField(
        max_length=16, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    # Percentage of the maximum grade needed to pass.
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=True)
    review_score = models.CharField(
        max_length=16, choices=ReviewWhen.choices, default=ReviewWhen.IMMEDIATELY
    )
    review_responses = models.CharField(
        max_length=16, choices=ReviewWhen.choices, default=ReviewWhen.IMMEDIATELY
    )
    # Right answers show as soon as an attempt is submitted, as Moodle's defaults do: "after
    # the quiz closes" would hide them for ever from a quiz that has no close date.
    review_correct_answers = models.CharField(
        max_length=16, choices=ReviewWhen.choices, default=ReviewWhen.IMMEDIATELY
    )
    review_feedback = models.CharField(
        max_length=16, choices=ReviewWhen.choices, default=ReviewWhen.IMMEDIATELY
    )
    overdue_handling = models.CharField(
        max_length=16, choices=Overdue.choices, default=Overdue.AUTOSUBMIT
    )
    grace_period = models.DurationField(null=True, blank=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(open_at__isnull=True)
                | Q(close_at__isnull=True)
                | Q(close_at__gt=models.F("open_at")),
                name="quiz_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100), name="quiz_pass_mark_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuizSlot(models.Model):
    """One place in a quiz: a fixed question, or N questions drawn from a category."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField()
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="slots"
    )
    random_category = models.ForeignKey(
        QuestionCategory, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    random_count = models.PositiveSmallIntegerField(default=1)
    # Overrides the question's own points in this quiz when set.
    points = points_field(null=True, blank=True)

    class Meta:
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "position"], name="unique_slot_position"),
            models.CheckConstraint(
                condition=(Q(question__isnull=False) & Q(random_category__isnull=True))
                | (Q(question__isnull=True) & Q(random_category__isnull=False)),
                name="slot_is_fixed_or_random",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.position}"


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        OVERDUE = "overdue", _("Overdue")
        SUBMITTED = "submitted", _("Submitted")
        ABANDONED = "abandoned", _("Never submitted")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveIntegerField()  # 1 for the learner's first attempt at this quiz
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField()
    # Computed once at start from the time limit and the close date; the server enforces it.
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every save; a form that carries an older revision is stale and refused.
    revision = models.PositiveIntegerField(default=0)
    score = points_field(null=True, blank=True)  # None until graded
    max_score = points_field(default=Decimal(0))
    needs_grading = models.BooleanField(default=False)  # an essay awaits its grader

    class Meta:
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="unique_attempt_number"
            ),
            # At most one open attempt per learner and quiz: a second "start" finds this one.
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state__in=["in_progress", "overdue"]),
                name="one_open_attempt_per_learner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} — {self.user} #{self.number}"


class AttemptQuestion(models.Model):
    """A question as one attempt asked it: its order, the learner's response, its mark."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="+")
    # Display order of the question's answers (or items/pairs), fixed at start so a reload
    # shows the same order: a list of indices into the question's own order.
    choice_order = models.JSONField(default=list, blank=True)
    # The learner's response in quizzes.grading's form for the question's type.
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    max_points = points_field(default=Decimal(1))
    fraction = points_field(null=True, blank=True)  # None: not graded (yet)
    points = points_field(null=True, blank=True)
    grader_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="unique_attempt_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} #{self.position}"
