from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.models import Course
from quizzes.services import lesson_drafts_create


class Command(BaseCommand):
    help = "Draft questions (again) from lesson text; approved questions are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The course.")
        parser.add_argument(
            "--lesson", type=int, help="Only the lesson at this position (1-based)."
        )

    def handle(self, *args: Any, slug: str, lesson: int | None, **options: Any) -> None:
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"No course with slug “{slug}”.")
        ids = None
        if lesson is not None:
            found = course.lessons.filter(is_archived=False, position=lesson).first()
            if found is None:
                raise CommandError(f"The course has no lesson at position {lesson}.")
            ids = [found.pk]
        count = lesson_drafts_create(course=course, lesson_ids=ids)
        self.stdout.write(self.style.SUCCESS(f"Drafted {count} questions for “{course.title}”."))
