from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.csv_export import csv_lines
from reports.gradebook import course_gradebook, gradebook_table

from ._course import course_for


class Command(BaseCommand):
    help = "Print a course's gradebook as CSV on stdout: the web download, every learner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Slug of the course.")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        book = course_gradebook(course=course_for(slug))
        for line in csv_lines(gradebook_table(book)):
            self.stdout.write(line, ending="")
