from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from courses.importers import DocumentError
from courses.services import ImportResult, plan_from_document
from pipeline import plan_to_course


class Command(BaseCommand):
    help = "Import a document (text, Markdown, HTML, DOCX or PDF) as a course, or update one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The document to import.")
        parser.add_argument(
            "--title", default="", help="Course title (default: from the document)."
        )
        parser.add_argument(
            "--course",
            default="",
            help=(
                "Slug of the course to create or update (default: a new course, its slug "
                "from the title, made unique)."
            ),
        )

    def handle(self, *args: Any, path: str, title: str, course: str, **options: Any) -> None:
        source = Path(path)
        try:
            data = source.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": source, "reason": error.strerror}
            ) from error
        try:
            plan = plan_from_document(data=data, filename=source.name, title=title)
        except DocumentError as error:
            raise CommandError(f"{source.name}: {error}") from error  # the message is translated

        show_bar = len(plan.lessons) >= 200 and options.get("verbosity", 1) >= 1
        with tqdm(
            total=len(plan.lessons), unit="lesson", disable=not show_bar, file=self.stderr
        ) as bar:
            result = plan_to_course(
                plan=plan,
                slug=course,
                source_name=source.name,
                source_sha256=hashlib.sha256(data).hexdigest(),
                progress=bar.update,
            )
        self._report(result)

    def _report(self, result: ImportResult) -> None:
        course = result.course
        headline = (
            _("Created course “%(title)s” (%(slug)s)")
            if result.created
            else _("Updated course “%(title)s” (%(slug)s)")
        )
        self.stdout.write(
            self.style.SUCCESS(headline % {"title": course.title, "slug": course.slug})
        )
        marks = dict.fromkeys(result.added, "+") | dict.fromkeys(result.changed, "~")
        for module in course.modules.filter(is_archived=False).prefetch_related("lessons"):
            self.stdout.write(f"  {module.title}")
            for lesson in module.lessons.all():
                if not lesson.is_archived:
                    self.stdout.write(
                        f"    {marks.get(lesson.title, ' ')} {lesson.position:>3}. {lesson.title}"
                    )
        for title in result.archived:
            self.stdout.write("    - " + _("archived: %(title)s") % {"title": title})
        self.stdout.write(result.counts_text())
