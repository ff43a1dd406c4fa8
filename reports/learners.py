"""Who a course's reports list: its learners with an active enrolment, in name order."""

from __future__ import annotations

from django.db.models import QuerySet

from courses.models import Course
from progress.models import Enrolment
from quizzes.models import Quiz


def enrolled(*, course: Course) -> QuerySet[Enrolment]:
    """Active enrolments with their users, by last name, first name, username."""
    return (
        Enrolment.objects.filter(course=course, status=Enrolment.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "pk")
    )


def graded_quizzes(*, course: Course) -> list[Quiz]:
    """The quizzes a course grades (as progress counts them required): published, with at
    least one question slot, not belonging to an archived lesson; in lesson order."""
    quizzes = (
        Quiz.objects.filter(course=course, is_published=True, slots__isnull=False)
        .exclude(lesson__is_archived=True)
        .select_related("lesson")
        .distinct()
    )
    return sorted(
        quizzes,
        key=lambda quiz: (quiz.lesson is None, quiz.lesson.position if quiz.lesson else 0, quiz.pk),
    )
