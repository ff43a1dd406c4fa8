"""Each lesson's quiz and questions in ``export_course`` JSON, and back again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from courses.models import Course, Lesson

from .bank import question_data, questions_create, questions_with_structure
from .jsonform import question_from_json, question_json, quiz_json, quiz_settings_from_json
from .models import Question, QuestionCategory, Quiz, QuizSlot


def lesson_quizzes_export(*, course: Course) -> dict[int, dict[str, Any]]:
    """For each lesson id: ``{"quiz": settings, "questions": [...]}``, a fixed number of queries.

    A lesson's questions are listed in quiz order, then those not in the quiz (drafts).
    """
    categories = {c.pk: c for c in QuestionCategory.objects.filter(course=course)}
    quizzes = {
        quiz.lesson_id: quiz
        for quiz in Quiz.objects.filter(course=course, lesson__isnull=False)
        if quiz.lesson_id is not None
    }
    slot_order = {
        slot.question_id: (slot.quiz_id, slot.position)
        for slot in QuizSlot.objects.filter(quiz__course=course, question__isnull=False)
    }
    by_lesson: dict[int, list[Question]] = defaultdict(list)
    questions = questions_with_structure(
        Question.objects.filter(course=course, lesson__isnull=False)
    )
    for question in questions.order_by("pk"):
        if question.lesson_id is not None:
            by_lesson[question.lesson_id].append(question)

    result: dict[int, dict[str, Any]] = {}
    for lesson_id in set(quizzes) | set(by_lesson):
        ordered = sorted(
            by_lesson.get(lesson_id, []),
            key=lambda q: (q.pk not in slot_order, slot_order.get(q.pk, (0, 0))[1], q.pk),
        )
        entry: dict[str, Any] = {}
        if lesson_id in quizzes:
            entry["quiz"] = quiz_json(quizzes[lesson_id])
        entry["questions"] = [
            question_json(
                question_data(q, categories), status=q.status, source_sentence=q.source_sentence
            )
            for q in ordered
        ]
        result[lesson_id] = entry
    return result


@transaction.atomic
def lesson_quizzes_import(
    *, course: Course, entries: Sequence[tuple[Lesson, dict[str, Any]]]
) -> int:
    """Apply exported quiz settings and add exported questions to lessons that have none.

    Returns how many questions were added. Raises KeyError/ValueError/TypeError on bad data.
    """
    added = 0
    lessons_with_questions = set(
        Question.objects.filter(course=course, lesson__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    quizzes = {
        quiz.lesson_id: quiz for quiz in Quiz.objects.filter(course=course, lesson__isnull=False)
    }
    for lesson, entry in entries:
        quiz = quizzes.get(lesson.pk)
        if quiz is None:
            quiz = Quiz.objects.create(course=course, lesson=lesson, title=lesson.title)
        if "quiz" in entry:
            for name, value in quiz_settings_from_json(entry["quiz"]).items():
                setattr(quiz, name, value)
            quiz.full_clean(exclude=["course", "lesson"])
            quiz.save()
        if lesson.pk in lessons_with_questions or not entry.get("questions"):
            continue
        parsed = [question_from_json(item) for item in entry["questions"]]
        rows: list[Question] = []
        for status in (Question.Status.PUBLISHED, Question.Status.DRAFT):
            group = [p for p in parsed if p[1] == status]
            if group:
                rows += questions_create(
                    course=course,
                    questions=[p[0] for p in group],
                    status=status,
                    lesson=lesson,
                    source_sentences=[p[2] for p in group],
                )
        published = [row for row in rows if row.status == Question.Status.PUBLISHED]
        start = quiz.slots.count()
        QuizSlot.objects.bulk_create(
            QuizSlot(quiz=quiz, position=start + i, question=row)
            for i, row in enumerate(published, start=1)
        )
        added += len(rows)
    return added
