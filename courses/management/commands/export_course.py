from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.export import course_export
from courses.models import Course


class Command(BaseCommand):
    help = "Print a course (modules, lessons and their text) as JSON on stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"No course with slug “{slug}”.")
        self.stdout.write(json.dumps(course_export(course=course), ensure_ascii=False, indent=2))
