from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.models import Course
from quizzes.bank import question_data, questions_with_structure
from quizzes.drafting import Draft, check_draft, check_lesson_drafts
from quizzes.models import Question


class Command(BaseCommand):
    help = "Per lesson: drafts by type, and every quality rule a draft breaks (expect none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"No course with slug “{slug}”.")
        lessons = list(course.lessons.filter(is_archived=False).order_by("position"))
        drafts = questions_with_structure(
            Question.objects.filter(course=course, status=Question.Status.DRAFT)
        ).order_by("pk")
        by_lesson: dict[int | None, list[Question]] = {}
        for question in drafts:
            by_lesson.setdefault(question.lesson_id, []).append(question)
        problems = 0
        for lesson in lessons:
            questions = by_lesson.get(lesson.pk, [])
            kinds = Counter(question.type for question in questions)
            summary = ", ".join(f"{kinds[k]} {k}" for k in sorted(kinds)) or "no drafts"
            words = len(lesson.text.split())
            self.stdout.write(f"{lesson.position:>3}. {lesson.title} ({words} words): {summary}")
            pure = [
                Draft(
                    question_data(q),
                    q.source_sentence,
                    term=q.draft_term,
                    distractors=(q.draft_swapped_in,) if q.draft_swapped_in else (),
                )
                for q in questions
            ]
            for draft in pure:
                for code in check_draft(draft, lesson_text=lesson.text):
                    problems += 1
                    self.stdout.write(f"       breaks {code}: {draft.question.stem[:70]}")
            for code in check_lesson_drafts(pure, lesson_text=lesson.text):
                problems += 1
                self.stdout.write(f"       lesson breaks {code}")
        self.stdout.write(f"{problems} rule(s) broken." if problems else "No rule is broken.")
