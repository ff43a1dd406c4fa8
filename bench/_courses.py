"""Courses of a given size for the page benchmarks, written straight to the database.

A course of ``lessons`` lessons (ten to a module, each about 500 words of HTML with its own
published quiz) and ``learners`` students, all enrolled, the first of them half-way through.
Bulk inserts: building the course is not what the benchmarks measure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

LESSONS_PER_MODULE = 10
WORDS = (  # noqa: SIM905 (a sentence reads better than a column of words)
    "cooperation alliance intelligence training exercise strategy threat network border "
    "operation coalition diplomacy resource capability partner region security response "
    "framework mission command logistics analysis surveillance community resilience"
).split()


@dataclass(frozen=True)
class BenchCourse:
    course: Any  # courses.models.Course
    lessons: list[Any]  # in order
    learners: list[Any]  # accounts.models.User

    @property
    def middle_lesson(self) -> Any:
        return self.lessons[len(self.lessons) // 2]


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _lesson_body(rng: random.Random) -> tuple[str, str]:
    paragraphs = [_paragraph(rng, 80) for _ in range(5)]
    items = [_paragraph(rng, 8) for _ in range(4)]
    html = (
        "".join(f"<p>{p}</p>" for p in paragraphs[:3])
        + "<h3>Key points</h3><ul>"
        + "".join(f"<li>{item}</li>" for item in items)
        + "</ul>"
        + "".join(f"<p>{p}</p>" for p in paragraphs[3:])
    )
    return html, "\n\n".join(paragraphs + items)


def build_course(*, slug: str, lessons: int, learners: int, seed: int = 1) -> BenchCourse:
    from accounts.models import User
    from accounts.roles import STUDENTS, role_groups_ensure
    from courses.models import Course, Lesson, Module
    from courses.services import content_hash
    from quizzes.models import Quiz

    rng = random.Random(seed)
    owner = User.objects.create(username=f"{slug}-owner", password="!")
    course = Course.objects.create(title=f"Course {slug}", slug=slug, owner=owner)
    modules = Module.objects.bulk_create(
        Module(course=course, title=f"Module {n}", position=n)
        for n in range(1, (lessons - 1) // LESSONS_PER_MODULE + 2)
    )
    rows = []
    for n in range(1, lessons + 1):
        html, text = _lesson_body(rng)
        rows.append(
            Lesson(
                course=course,
                module=modules[(n - 1) // LESSONS_PER_MODULE],
                title=f"Lesson {n}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                position=n,
                html=html,
                text=text,
                content_hash=content_hash(text),
            )
        )
    created = Lesson.objects.bulk_create(rows)
    Quiz.objects.bulk_create(
        Quiz(course=course, lesson=lesson, title=f"Quiz: {lesson.title}") for lesson in created
    )
    users = User.objects.bulk_create(
        User(username=f"{slug}-learner-{n}", password="!") for n in range(learners)
    )
    students = role_groups_ensure()[STUDENTS]
    students.user_set.add(*users)
    _enrol_half_way(course=course, lessons=created, learners=users)
    return BenchCourse(course=course, lessons=created, learners=users)


def _enrol_half_way(*, course: Any, lessons: list[Any], learners: list[Any]) -> None:
    """Enrol every learner; ``learners[0]`` has read and completed the first half of the
    lessons and was last on the middle one, so the pages show a learner half-way through."""
    from django.utils import timezone

    from progress.models import CourseProgress, Enrolment, LessonProgress
    from progress.recompute import progress_recompute

    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(course=course, user=user, enrolled_at=now) for user in learners
    )
    if learners:
        LessonProgress.objects.bulk_create(
            LessonProgress(
                user=learners[0],
                lesson=lesson,
                course=course,
                opened_at=now,
                last_seen_at=now,
                completed_at=now,
                last_position=100,
            )
            for lesson in lessons[: len(lessons) // 2]
        )
    # The summaries (percent complete, what to continue with) as the services keep them.
    progress_recompute(course=course, now=now)
    if learners and lessons:
        CourseProgress.objects.filter(user=learners[0], course=course).update(
            last_lesson=lessons[len(lessons) // 2], last_activity_at=now
        )


def session_for(user: Any) -> str:
    """A logged-in session for ``user``, written directly (logging in is not measured)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.AccountBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key or ""


def exam_quiz(*, course: Any, questions: int = 16) -> Any:
    """A published quiz of ``questions`` single-choice questions of four choices each, the
    first right, shuffled for each attempt, and no limit on attempts."""
    from decimal import Decimal

    from quizzes.bank import questions_create
    from quizzes.models import Quiz, QuizSlot
    from quizzes.questions import Answer, QuestionData, QuestionType

    quiz = Quiz.objects.create(course=course, title="Exam", shuffle_answers=True)
    rows = questions_create(
        course=course,
        questions=[
            QuestionData(
                type=QuestionType.SINGLE_CHOICE,
                stem=f"Question {n}: which is right?",
                answers=tuple(
                    Answer(f"choice {c}", Decimal(1) if c == 0 else Decimal(0)) for c in range(4)
                ),
            )
            for n in range(1, questions + 1)
        ],
    )
    QuizSlot.objects.bulk_create(
        QuizSlot(quiz=quiz, position=i, question=row) for i, row in enumerate(rows, start=1)
    )
    return quiz
