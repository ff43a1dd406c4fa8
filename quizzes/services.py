"""Writes that connect lessons to quizzes."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from courses.models import Course, Lesson

from .bank import questions_create
from .models import Question, Quiz, QuizSlot

if TYPE_CHECKING:
    from .drafting import Draft

# Most drafts a lesson gets: enough to choose from, few enough to review.
DRAFT_LIMIT = 8


def lesson_quizzes_ensure(*, course: Course) -> int:
    """Give every active lesson of ``course`` its quiz (idempotent); return how many were made."""
    lessons = course.lessons.filter(is_archived=False, quiz__isnull=True)
    quizzes = [
        Quiz(course=course, lesson=lesson, title=_("Quiz: %(lesson)s") % {"lesson": lesson.title})
        for lesson in lessons
    ]
    Quiz.objects.bulk_create(quizzes)
    return len(quizzes)


@transaction.atomic
def question_publish(*, question: Question) -> Question:
    """Publish a question; one that tests a lesson joins the end of that lesson's quiz."""
    question.status = Question.Status.PUBLISHED
    question.save(update_fields=["status", "updated_at"])
    # Locking the quiz keeps two publications from taking the same slot position.
    quiz = (
        Quiz.objects.select_for_update().filter(lesson_id=question.lesson_id).first()
        if question.lesson_id
        else None
    )
    if quiz is not None and not quiz.slots.filter(question=question).exists():
        last = quiz.slots.aggregate(last=Max("position"))["last"] or 0
        QuizSlot.objects.create(quiz=quiz, position=last + 1, question=question)
    return question


@transaction.atomic
def lesson_drafts_create(
    *, course: Course, lesson_ids: Collection[int] | None = None, limit: int = DRAFT_LIMIT
) -> int:
    """Draft questions for the course's active lessons (or only ``lesson_ids``).

    A lesson being drafted again loses its previous drafts; questions an instructor approved
    (published) stay. Returns how many drafts were made.
    """
    from .drafting import draft_questions

    lessons = list(course.lessons.filter(is_archived=False).order_by("position"))
    targets = [lesson for lesson in lessons if lesson_ids is None or lesson.pk in lesson_ids]
    if not targets:
        return 0
    Question.objects.filter(lesson__in=targets, status=Question.Status.DRAFT).delete()
    drafted: list[tuple[Lesson, list[Draft]]] = []
    for lesson in targets:
        others = [(other.title, other.text) for other in lessons if other.pk != lesson.pk]
        drafts = draft_questions(
            lesson_title=lesson.title, lesson_text=lesson.text, other_lessons=others, limit=limit
        )
        drafted.append((lesson, drafts))
    count = 0
    for lesson, drafts in drafted:
        if drafts:
            questions_create(
                course=course,
                questions=[draft.question for draft in drafts],
                status=Question.Status.DRAFT,
                lesson=lesson,
                source_sentences=[draft.source_sentence for draft in drafts],
                draft_terms=[(draft.term, _swapped_in(draft)) for draft in drafts],
            )
            count += len(drafts)
    return count


def _swapped_in(draft: Draft) -> str:
    # Only a false statement keeps its swapped-in term here; a multiple-choice draft's
    # distractors are its wrong answers already.
    return draft.distractors[0] if draft.question.type == "true_false" and draft.distractors else ""
