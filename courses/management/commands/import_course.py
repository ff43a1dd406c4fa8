from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from courses.services import plan_from_export
from pipeline import plan_to_course
from quizzes.export_schema import ExportProblem, course_export_read
from quizzes.transfer import lesson_quizzes_import


class Command(BaseCommand):
    help = "Create or update a course (and its lessons' quizzes) from export_course JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON file, or - for standard input.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            raw = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
            data = json.loads(raw)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": file, "reason": error.strerror}
            ) from error
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(path)s is not valid JSON: %(error)s") % {"path": file, "error": error}
            ) from error
        try:
            data = course_export_read(data)
        except ExportProblem as problems:
            raise CommandError(
                _("%(path)s is not a course export Docent can read:\n%(problems)s")
                % {"path": file, "problems": problems}
            ) from None
        try:
            with transaction.atomic():
                result = plan_to_course(plan=plan_from_export(data), slug=str(data.get("slug", "")))
                lessons = result.course.lessons.filter(is_archived=False).order_by("position")
                exported = [lesson for module in data["modules"] for lesson in module["lessons"]]
                questions = lesson_quizzes_import(
                    course=result.course,
                    entries=[
                        (lesson, entry)
                        for lesson, entry in zip(lessons, exported, strict=True)
                        if "quiz" in entry or "questions" in entry
                    ],
                )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CommandError(
                _("%(path)s is not a course export: missing or wrong %(what)s")
                % {"path": file, "what": error}
            ) from error
        headline = (
            _("Created “%(title)s” (%(slug)s)")
            if result.created
            else _("Updated “%(title)s” (%(slug)s)")
        ) % {"title": result.course.title, "slug": result.course.slug}
        added = _("%(count)d questions added") % {"count": questions}
        self.stdout.write(self.style.SUCCESS(f"{headline}: {result.counts_text()}; {added}"))
