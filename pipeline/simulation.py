"""Demo learners who study a course through the real services (``simulate_learners``).

Each learner gets a profile — strong, average, weak or stuck — that decides how far they read
and how well they answer; everything else (attempts, grading, progress) is the real thing:
``enrolment_create``, ``lesson_open``/``lesson_complete``, ``attempt_start``/``attempt_save``/
``attempt_submit`` and the pipeline's ``attempt_after_grading``. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import Course, Lesson
from progress.models import QuizStanding
from progress.rules import lesson_locks
from progress.selectors import course_plan_read, standings_for
from progress.services import enrolment_create, lesson_complete, lesson_open
from quizzes.attempts import (
    AttemptError,
    attempt_question_grade,
    attempt_save,
    attempt_start,
    attempt_submit,
)
from quizzes.bank import questions_data
from quizzes.grading import correct_response
from quizzes.models import Attempt, Quiz
from quizzes.questions import QuestionData, QuestionType

from . import attempt_after_grading

FIRST_NAMES = ["Amara", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ilse", "Jonas"]
LAST_NAMES = ["Okafor", "Silva", "Wang", "Novak", "Haddad", "Jensen", "Moreau", "Kowalski", "Ito"]


@dataclass(frozen=True)
class Profile:
    name: str
    skill: float  # chance of answering a question right
    reach: float  # share of the course's lessons they get to
    tries: int  # attempts at a quiz before they give up


PROFILES = [
    Profile("strong", 0.95, 1.0, 2),
    Profile("average", 0.75, 0.7, 2),
    Profile("weak", 0.45, 0.5, 3),
    Profile("stuck", 0.2, 0.25, 3),
]
WEIGHTS = [3, 4, 2, 1]


def _json_response(data: QuestionData, value: Any) -> Any:
    """A grading-form response as the attempt stores it (JSON)."""
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, dict):
        return {str(key): answer for key, answer in value.items()}
    return value


def simulated_response(data: QuestionData, skill: float, rng: random.Random) -> Any:
    """Right with probability ``skill``; otherwise a wrong choice or no answer."""
    if data.type == QuestionType.ESSAY:
        return "An answer in my own words, about cooperation and trust."
    if rng.random() < skill:
        return _json_response(data, correct_response(data))
    if data.type == QuestionType.SINGLE_CHOICE:
        right = correct_response(data)
        wrong = [i for i in range(len(data.answers)) if i != right]
        return rng.choice(wrong) if wrong else None
    if data.type == QuestionType.TRUE_FALSE:
        return not correct_response(data)
    return None


def attempt_responses(*, attempt: Attempt, skill: float, rng: random.Random) -> dict[int, Any]:
    rows = list(attempt.questions.select_related("question").order_by("position"))
    data = questions_data(row.question for row in rows)
    return {
        row.position: simulated_response(data[row.question_id], skill, rng)
        for row in rows
        if data[row.question_id].type != QuestionType.DESCRIPTION
    }


def demo_learner(index: int) -> User:
    """The demo learner number ``index`` (created once, then found again)."""
    username = f"demo-learner-{index:03d}"
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.com",
            "first_name": FIRST_NAMES[index % len(FIRST_NAMES)],
            "last_name": LAST_NAMES[index % len(LAST_NAMES)],
        },
    )
    return user


def _take_quiz(
    quiz: Quiz, user: User, profile: Profile, rng: random.Random, when: datetime
) -> datetime:
    for _try in range(profile.tries):
        try:
            attempt = attempt_start(quiz=quiz, user=user, now=when)
        except AttemptError:
            return when
        when += timedelta(minutes=rng.randint(3, 15))
        responses = attempt_responses(attempt=attempt, skill=profile.skill, rng=rng)
        attempt_save(
            attempt_id=attempt.pk,
            user=user,
            responses=responses,
            revision=attempt.revision,
            now=when,
        )
        graded = attempt_submit(attempt_id=attempt.pk, user=user, now=when)
        if graded.needs_grading and profile.name in ("strong", "average"):
            # The instructor grades the essay: full marks for the strong, half for others.
            fraction = Decimal(1) if profile.name == "strong" else Decimal("0.5")
            for row in graded.questions.filter(fraction__isnull=True, question__type="essay"):
                graded = attempt_question_grade(row_id=row.pk, fraction=fraction)
        attempt_after_grading(attempt=graded)
        if QuizStanding.objects.filter(user=user, quiz=quiz, passed=True).exists():
            break
        when += timedelta(hours=rng.randint(1, 30))
    return when


@transaction.atomic
def learner_simulate(
    *, course: Course, user: User, profile: Profile, rng: random.Random, start: datetime
) -> None:
    """Enrol ``user`` and have them study ``course`` as ``profile`` would."""
    enrolment_create(course=course, user=user, now=start)
    plan = course_plan_read(course=course)
    lessons = {
        lesson.pk: lesson
        for lesson in Lesson.objects.filter(course=course).select_related("course")
    }
    quizzes = {quiz.pk: quiz for quiz in Quiz.objects.filter(course=course)}
    reach = max(1, round(len(plan.lessons) * profile.reach))
    when = start
    for planned in plan.lessons[:reach]:
        standing = standings_for(user_id=user.pk, course_ids=[course.pk])[course.pk]
        if planned.id in lesson_locks(plan, standing.passed_quiz_ids):
            break  # stuck behind a quiz they could not pass
        lesson = lessons[planned.id]
        when += timedelta(hours=rng.randint(2, 48))
        lesson_open(lesson=lesson, user=user, position=rng.randint(40, 100), now=when)
        if (
            course.completion == Course.Completion.MANUAL
            and rng.random() < 0.3 + profile.skill * 0.7
        ):
            lesson_complete(lesson=lesson, user=user, now=when)
        if planned.quiz_id is not None:
            when = _take_quiz(quizzes[planned.quiz_id], user, profile, rng, when)


def class_simulate(*, course: Course, learners: int, seed: int) -> tuple[int, int]:
    """Give ``course`` up to ``learners`` demo learners; learners already enrolled once are
    left as they are. Returns (new, existing)."""
    # Demo learners, repeatable from the seed: nothing here is a secret.
    rng = random.Random(seed)  # nosec B311
    now = timezone.now()
    enrolled = set(course.enrolments.values_list("user_id", flat=True))
    new = existing = 0
    for index in range(1, learners + 1):
        profile = rng.choices(PROFILES, weights=WEIGHTS)[0]
        own_rng = random.Random(f"{seed}-{index}")  # nosec B311
        user = demo_learner(index)
        if user.pk in enrolled:
            existing += 1
            continue
        start = now - timedelta(days=30 + own_rng.randint(0, 20))
        learner_simulate(course=course, user=user, profile=profile, rng=own_rng, start=start)
        new += 1
    return new, existing
