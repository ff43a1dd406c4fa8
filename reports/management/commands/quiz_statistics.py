from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.learners import graded_quizzes
from reports.statistics import quiz_statistics_report, report_as_dict

from ._course import course_for


class Command(BaseCommand):
    help = (
        "Print the statistics of each of a course's quizzes as JSON on stdout: the quiz's "
        "figures and each question's, from each learner's first graded attempt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Slug of the course.")
        parser.add_argument(
            "--all-attempts", action="store_true", help="Use every graded attempt, not the first."
        )

    def handle(self, *args: Any, slug: str, all_attempts: bool, **options: Any) -> None:
        reports = [
            report_as_dict(quiz_statistics_report(quiz=quiz, all_attempts=all_attempts))
            for quiz in graded_quizzes(course=course_for(slug))
        ]
        self.stdout.write(json.dumps({"course": slug, "quizzes": reports}, indent=2))
