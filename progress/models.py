"""Where each learner stands: enrolments, lesson progress, quiz standings, course summaries.

These rows are summaries *fed by* the attempt records (quizzes.Attempt), never the records
themselves: every one of them can be rebuilt from lessons opened and attempts graded
(``progress.services.progress_recompute``).

What counts as "required" (progress.rules says it in code):
- a required lesson is every non-archived lesson of the course;
- a required quiz is every published quiz of the course that has at least one question slot
  and does not belong to an archived lesson. A quiz without questions blocks nothing.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Lesson
from quizzes.models import Quiz, points_field


class Enrolment(models.Model):
    """A learner's membership of a course. Ending it keeps the row (and the history)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # When the learner was (last) enrolled: re-enrolling after leaving sets it again.
    enrolled_at = models.DateTimeField()
    # Who enrolled them: an instructor, or the learner themselves; empty if that user is gone.
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(null=True, blank=True)  # set while the status is "ended"

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="one_enrolment_per_learner"),
            models.CheckConstraint(
                condition=Q(status="active", ended_at__isnull=True)
                | Q(status="ended", ended_at__isnull=False),
                name="enrolment_ended_at_iff_ended",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["course", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class LessonProgress(models.Model):
    """One learner's progress through one lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    # The lesson's course, copied so a course's progress is one indexed filter, no join.
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)  # first time the page was read
    last_seen_at = models.DateTimeField(null=True, blank=True)  # latest view or position report
    # Manual mode: when the learner marked it complete. Quiz mode: when its quiz was passed
    # (or it was read, for a lesson whose quiz has no questions). Empty: not complete.
    completed_at = models.DateTimeField(null=True, blank=True)
    # How far down the lesson the learner has read, in percent (the furthest point reached).
    last_position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson"),
            models.CheckConstraint(
                condition=Q(last_position__lte=100), name="lesson_position_is_a_percentage"
            ),
        ]
        indexes = [models.Index(fields=["course", "user"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.lesson}"


class QuizStanding(models.Model):
    """One learner's result at one quiz, from their graded attempts (quizzes.results)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_standings"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="standings")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")  # the quiz's
    # Points per the quiz's grading method; empty until an attempt is graded.
    grade = points_field(null=True, blank=True)
    max_grade = points_field(default=0)  # the most points an attempt could earn
    # grade as a percentage of max_grade (two places); empty without a grade.
    percentage = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(default=False)  # grade reaches the quiz's pass mark
    passed_at = models.DateTimeField(null=True, blank=True)  # when it first (re)reached it
    attempts_used = models.PositiveIntegerField(default=0)  # attempts started, any state
    # Not passed, with a submitted attempt still waiting for a grader (an essay): nothing is
    # left for the learner to do at this quiz until it is graded.
    awaiting_grader = models.BooleanField(default=False)
    updated_at = models.DateTimeField()  # last recomputed

    class Meta:
        verbose_name = _("quiz standing")
        verbose_name_plural = _("quiz standings")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz"], name="one_standing_per_quiz"),
            models.CheckConstraint(
                condition=Q(passed=False) | Q(passed_at__isnull=False),
                name="standing_passed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["course", "user"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.quiz}"


def new_stamp() -> str:
    """A fresh ``CourseProgress.stamp``: random, so that no later value repeats an earlier
    one, not even in a database restored from a backup while the cache kept running."""
    return secrets.token_hex(8)


class CourseProgress(models.Model):
    """One learner's summary of one course: what the dashboard and the reports show."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_progress"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="progress")
    lessons_required = models.PositiveIntegerField(default=0)  # non-archived lessons
    lessons_completed = models.PositiveIntegerField(default=0)  # of those, complete
    # lessons_completed out of lessons_required, 0–100, rounded down (100 only when all are).
    percent_complete = models.PositiveSmallIntegerField(default=0)
    quizzes_required = models.PositiveIntegerField(default=0)  # quizzes with questions
    quizzes_passed = models.PositiveIntegerField(default=0)  # of those, passed
    # Current course grade in percent: points earned over points possible, counting only the
    # required quizzes that have a grade (as Moodle's "exclude empty grades"). Empty: none.
    grade = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # Set once every required lesson is complete and every required quiz passed; cleared if a
    # regrade or re-import takes that away.
    completed_at = models.DateTimeField(null=True, blank=True)
    # The lesson the learner last opened ("continue where you left off").
    last_lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)  # lesson view or attempt
    # Issued at first completion and kept: the certificate's verification URL carries it.
    certificate_code = models.CharField(max_length=32, unique=True, null=True, blank=True)
    updated_at = models.DateTimeField()  # last recomputed
    # Changed by every write to the learner's rows in this course (a lesson opened or
    # completed, a recompute): the outline and the dashboard keep what they read from those
    # rows under it (progress.selectors.learner_facts).
    stamp = models.CharField(max_length=16, default=new_stamp, editable=False)
    # The course's updated_at when this summary was computed. Publishing a quiz, archiving a
    # lesson or changing a quiz's questions changes what completing the course asks; the
    # course's triggers move updated_at on, and a page that finds it later than this
    # recomputes the learner (progress.recompute.progress_refresh). Empty: never computed.
    course_version = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("course progress")
        verbose_name_plural = _("course progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_progress_per_course"),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="course_percent_is_a_percentage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"
