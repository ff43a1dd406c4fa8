from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import INSTRUCTORS, STUDENTS, role_groups_ensure
from courses.models import Course
from pipeline import document_to_course
from progress.services import enrolment_create
from quizzes.bank import questions_create
from quizzes.jsonform import question_from_json
from quizzes.models import Question
from quizzes.services import question_publish

DEMO_DOCUMENT = Path(settings.BASE_DIR) / "fixtures" / "seed-document.txt"
DEMO_QUESTIONS = Path(settings.BASE_DIR) / "fixtures" / "demo-questions.json"
# Lessons whose drafted questions the demo approves, so their quizzes can be taken at once;
# the other lessons keep their drafts for an instructor to review.
DEMO_APPROVED_LESSONS = (1, 3)
DEMO_TITLE = "Military Cooperation in Counter-Terrorism"
DEMO_SLUG = "military-cooperation-in-counter-terrorism"


class Command(BaseCommand):
    help = "Create the role groups, the demo course and the demo accounts (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    @transaction.atomic
    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(_("Demo accounts are for development: refusing with DEBUG off."))
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
        course = result.course
        _demo_quizzes(course)
        enrolment_create(course=course, user=users["student"])
        lessons = course.lessons.filter(is_archived=False).count()
        published = Question.objects.filter(course=course, status=Question.Status.PUBLISHED)
        drafts = Question.objects.filter(course=course, status=Question.Status.DRAFT)
        summary = _(
            "Demo course “%(title)s”: %(lessons)d lessons, %(published)d questions in quizzes, "
            "%(drafts)d drafts to review"
        ) % {
            "title": course.title,
            "lessons": lessons,
            "published": published.count(),
            "drafts": drafts.count(),
        }
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(
            _(
                "Demo accounts (development only): admin, instructor, student (enrolled in "
                "the demo course) — password: %(pw)s"
            )
            % {"pw": DEMO_PASSWORD}
        )


def _demo_quizzes(course: Course) -> None:
    """Lesson 2's quiz gets one question of every type; a few lessons' drafts are approved."""
    spec = json.loads(DEMO_QUESTIONS.read_text(encoding="utf-8"))
    lesson = course.lessons.get(is_archived=False, position=spec["lesson_position"])
    if not Question.objects.filter(lesson=lesson, status=Question.Status.PUBLISHED).exists():
        questions = [question_from_json(item)[0] for item in spec["questions"]]
        for question in questions_create(
            course=course, questions=questions, lesson=lesson, status=Question.Status.PUBLISHED
        ):
            question_publish(question=question)
    for question in Question.objects.filter(
        lesson__course=course,
        lesson__position__in=DEMO_APPROVED_LESSONS,
        lesson__is_archived=False,
        status=Question.Status.DRAFT,
    ).order_by("pk"):
        question_publish(question=question)
