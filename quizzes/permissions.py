"""Who may do what with quizzes, questions and attempts: the one place quiz views ask.

Course management is decided by ``courses.permissions`` (owner, co-instructors, superusers);
these rules apply it to the rows that belong to a course. Everything a user may not see
answers 404 in the views, as if it did not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from courses.permissions import can_manage_course, can_view_course

if TYPE_CHECKING:
    from courses.permissions import AnyUser

    from .models import Attempt, Question, Quiz


def can_manage_quiz(user: AnyUser, quiz: Quiz) -> bool:
    """Settings, slots, previews and regrading: those who manage the quiz's course."""
    return can_manage_course(user, quiz.course)


def can_manage_question(user: AnyUser, question: Question) -> bool:
    """Edit, approve, reject and preview a question (drafts included): its course's managers."""
    return can_manage_course(user, question.course)


def quiz_is_withdrawn(quiz: Quiz) -> bool:
    """Unpublished, or the quiz of an archived lesson (gone from the course's document, its
    page gone for learners): a quiz no learner may see, start or go on with. Reads
    ``quiz.lesson``, which the selectors load with the quiz."""
    return not quiz.is_published or (quiz.lesson is not None and quiz.lesson.is_archived)


def can_view_quiz(user: AnyUser, quiz: Quiz) -> bool:
    """A quiz of a course the user may view, unless it is withdrawn (``quiz_is_withdrawn``):
    that one only its managers see (learners are told nothing of it)."""
    # The learner's case first: it costs no query, where asking about managers costs one.
    if not quiz_is_withdrawn(quiz) and can_view_course(user, quiz.course):
        return True
    return can_manage_quiz(user, quiz)


def can_review_attempt(user: AnyUser, attempt: Attempt) -> bool:
    """An attempt is its learner's own: anyone else (other learners) gets 404. Its review
    goes with its quiz: once the quiz is withdrawn (unpublished, its lesson archived) or its
    course, the learner
    sees its result no more than the quiz itself, as Moodle hides a hidden activity's grades.

    Instructors read attempts through the grading queue and the admin, not this page.
    """
    return bool(
        user.is_authenticated and attempt.user_id == user.pk and can_view_quiz(user, attempt.quiz)
    )
