from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.services import course_import, plan_from_export


class Command(BaseCommand):
    help = "Create or update a course from the JSON that export_course prints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON file, or - for standard input.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        import sys

        try:
            raw = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
            data = json.loads(raw)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from error
        try:
            plan = plan_from_export(data)
        except (KeyError, TypeError, AttributeError) as error:
            raise CommandError(
                f"{file} is not a course export: missing or wrong {error}"
            ) from error
        result = course_import(plan=plan, slug=str(data.get("slug", "")))
        verb = "Created" if result.created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} “{result.course.title}” ({result.course.slug}): "
                f"{len(result.added)} added, {len(result.changed)} changed, "
                f"{len(result.archived)} archived, {len(result.unchanged)} unchanged"
            )
        )
