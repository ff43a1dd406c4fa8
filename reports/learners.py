"""Who a course's reports list: its learners with an active enrolment, in name order."""

from __future__ import annotations

from django.db.models import QuerySet

from courses.models import Course
from progress.models import Enrolment
from progress.selectors import required_quizzes
from quizzes.models import Quiz


def enrolled(*, course: Course) -> QuerySet[Enrolment]:
    """Active enrolments with their users, by last name, first name, username."""
    return (
        Enrolment.objects.filter(course=course, status=Enrolment.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "pk")
    )


def graded_quizzes(*, course: Course) -> list[Quiz]:
    """The quizzes a course grades: the ones progress counts as required (published, with
    questions, not in an archived lesson), in lesson order, the course's own ones last."""
    quizzes = required_quizzes(Quiz.objects.filter(course=course)).select_related("lesson")
    return sorted(
        quizzes,
        key=lambda quiz: (quiz.lesson is None, quiz.lesson.position if quiz.lesson else 0, quiz.pk),
    )
