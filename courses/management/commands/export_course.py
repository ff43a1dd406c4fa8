from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from courses.export import course_export
from courses.models import Course
from quizzes.export_schema import EXPORT_FORMAT, EXPORT_VERSION
from quizzes.transfer import lesson_quizzes_export


class Command(BaseCommand):
    help = "Print a course (modules, lessons, their text, quizzes and questions) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(_("No course with slug “%(slug)s”.") % {"slug": slug})
        data = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            **course_export(course=course, lesson_extra=lesson_quizzes_export(course=course)),
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
