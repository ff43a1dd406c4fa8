from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.models import Course
from quizzes.bank import questions_create
from quizzes.formats import FORMAT_NAMES, guess_format, parse_questions
from quizzes.questions import QuestionFormatError


class Command(BaseCommand):
    help = "Import questions (GIFT, Aiken or Moodle XML) into a course's question bank."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--course", required=True, help="Slug of the course.")
        parser.add_argument("--format", choices=FORMAT_NAMES, help="Default: from the file.")

    def handle(
        self, *args: Any, file: str, course: str, format: str | None, **options: Any
    ) -> None:
        target = Course.objects.filter(slug=course).first()
        if target is None:
            raise CommandError(f"No course with slug “{course}”.")
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        text = raw.decode("utf-8-sig", errors="replace")
        format_name = format or guess_format(path.name, text)
        try:
            questions = parse_questions(text, format_name)
        except QuestionFormatError as error:
            for problem in error.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                f"{len(error.problems)} problem(s) in {path.name}; nothing was imported."
            ) from error
        questions_create(course=target, questions=questions)
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(questions)} questions into “{target.title}”.")
        )
