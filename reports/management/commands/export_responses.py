from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.csv_export import csv_lines
from reports.responses import responses_table

from ._course import course_for


class Command(BaseCommand):
    help = (
        "Print a course's graded attempts as CSV on stdout: one row per attempt, one column "
        "per question position with the points it earned (Moodle's responses report)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Slug of the course.")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        for line in csv_lines(responses_table(course=course_for(slug))):
            self.stdout.write(line, ending="")
