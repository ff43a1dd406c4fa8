from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import User
from accounts.roles import INSTRUCTORS, STUDENTS, role_groups_ensure
from docent.pipeline import document_to_course

DEMO_PASSWORD = "docent-demo"
DEMO_DOCUMENT = Path(settings.BASE_DIR) / "fixtures" / "seed-document.txt"
DEMO_TITLE = "Military Cooperation in Counter-Terrorism"
DEMO_SLUG = "military-cooperation-in-counter-terrorism"


class Command(BaseCommand):
    help = "Create the role groups, the demo course and the demo accounts (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    @transaction.atomic
    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts are for development: refusing with DEBUG off.")
        groups = role_groups_ensure()
        accounts: dict[str, dict[str, Any]] = {
            "admin": {"is_staff": True, "is_superuser": True, "first_name": "Ada"},
            "instructor": {"group": INSTRUCTORS, "is_staff": True, "first_name": "Ivan"},
            "student": {"group": STUDENTS, "first_name": "Stella"},
        }
        users: dict[str, User] = {}
        for username, spec in accounts.items():
            group = spec.pop("group", None)
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.com", **spec}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if group:
                user.groups.add(groups[str(group)])
            users[username] = user

        result = document_to_course(
            data=DEMO_DOCUMENT.read_bytes(),
            filename=DEMO_DOCUMENT.name,
            title=DEMO_TITLE,
            slug=DEMO_SLUG,
            owner=users["instructor"],
        )
        lessons = result.course.lessons.filter(is_archived=False).count()
        self.stdout.write(
            self.style.SUCCESS(f"Demo course “{result.course.title}”: {lessons} lessons")
        )
        self.stdout.write(
            "Demo accounts (development only): admin, instructor, student — "
            f"password: {DEMO_PASSWORD}"
        )
