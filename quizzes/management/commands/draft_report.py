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
        # Approved drafts still count as the lesson's drafts (they keep their source sentence):
        # an instructor approving them must not make the lesson look as if it got too few.
        drafts = questions_with_structure(
            Question.objects.filter(course=course).exclude(source_sentence="")
        ).order_by("pk")
        by_lesson: dict[int | None, list[Question]] = {}
        for question in drafts:
            by_lesson.setdefault(question.lesson_id, []).append(question)
        problems = 0
        for lesson in lessons:
            questions = by_lesson.get(lesson.pk, [])
            kinds = Counter(question.type for question in questions)
            summary = ", ".join(f"{kinds[k]} {k}" for k in sorted(kinds)) or "no drafts"
            approved = sum(q.status == Question.Status.PUBLISHED for q in questions)
            if approved:
                summary += f" ({approved} approved)"
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
            # An approved draft may have been edited by its instructor on purpose: only the
            # drafts still waiting for review are held to the drafting rules one by one.
            waiting = [
                draft
                for draft, q in zip(pure, questions, strict=True)
                if q.status == Question.Status.DRAFT
            ]
            for draft in waiting:
                for code in check_draft(draft, lesson_text=lesson.text):
                    problems += 1
                    self.stdout.write(f"       breaks {code}: {draft.question.stem[:70]}")
            for code in check_lesson_drafts(pure, lesson_text=lesson.text):
                problems += 1
                self.stdout.write(f"       lesson breaks {code}")
        self.stdout.write(f"{problems} rule(s) broken." if problems else "No rule is broken.")
