from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.models import Course
from quizzes.bank import course_questions
from quizzes.formats import FORMAT_NAMES, export_questions


class Command(BaseCommand):
    help = "Print a course's question bank as GIFT, Aiken or Moodle XML on stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--course", required=True, help="Slug of the course.")
        parser.add_argument("--format", choices=FORMAT_NAMES, required=True)

    def handle(self, *args: Any, course: str, format: str, **options: Any) -> None:
        target = Course.objects.filter(slug=course).first()
        if target is None:
            raise CommandError(f"No course with slug “{course}”.")
        text, left_out = export_questions(course_questions(course=target), format)
        self.stdout.write(text, ending="")
        if left_out:
            self.stderr.write(f"{left_out} question(s) left out: the format cannot express them.")
