from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from courses.models import Course
from pipeline.simulation import class_simulate


class Command(BaseCommand):
    help = (
        "Enrol N demo learners in a course, with varied progress and graded attempts made "
        "through the real services (DEBUG only unless --force). Running it again adds no one "
        "already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--learners", type=int, default=30)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(
        self, *args: Any, slug: str, learners: int, seed: int, force: bool, **options: Any
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(_("Demo learners are for development: refusing with DEBUG off."))
        if learners < 1:
            raise CommandError(_("--learners must be 1 or more."))
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(_("No course has the slug “%(slug)s”.") % {"slug": slug})
        new, existing = class_simulate(course=course, learners=learners, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(new)d demo learners enrolled in “%(course)s”, %(existing)d already there.")
                % {"new": new, "existing": existing, "course": course.title}
            )
        )
