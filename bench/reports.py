"""Instructor reports on a big class: 100 lessons, 5 quizzes, 2,000 learners and their attempts.

Times, through the Django test client (a whole request, templates included): the course
progress report (first page, and sorted by progress), the gradebook page, its CSV download
(every learner) and the question statistics of the quiz with the most attempts.
Target: each answers in under 1 s on SQLite. The data is bulk-created, as progress would have
summarised it (progress rows, quiz standings, course summaries).
Run: .venv/bin/python bench/reports.py   (DATABASE_URL=postgres://… for PostgreSQL)
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

# This script shares its name with the reports app; _common puts the project folder first
# on sys.path, so "reports" below always means the app, never this file.
from _common import bench_database, record

LESSONS = 100
QUIZZES = 5
QUESTIONS = 10
LEARNERS = 2_000
REPEATS = 3
TARGET_S = 1.0
BATCH = 2_000


def build(rng: random.Random) -> dict[str, Any]:
    """The course and its class, bulk-created. Returns what the timings need."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from courses.models import Course, Lesson, Module
    from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding
    from quizzes.bank import questions_create
    from quizzes.models import Attempt, AttemptQuestion, Quiz, QuizSlot
    from quizzes.questions import Answer, QuestionData, QuestionType
    from quizzes.results import combine_attempt_scores

    now = timezone.now()
    owner = User.objects.create(username="owner", password=make_password("bench"))
    course = Course.objects.create(title="Big class", slug="big-class", owner=owner)
    module = Module.objects.create(course=course, title="All lessons", position=1)
    lessons = Lesson.objects.bulk_create(
        Lesson(course=course, module=module, title=f"Lesson {n}", position=n, content_hash=f"{n}")
        for n in range(1, LESSONS + 1)
    )
    quizzes = []
    for q in range(QUIZZES):
        lesson = lessons[(q + 1) * LESSONS // QUIZZES - 1]
        quiz = Quiz.objects.create(course=course, lesson=lesson, title=f"Quiz {q + 1}")
        rows = questions_create(
            course=course,
            questions=[
                QuestionData(
                    type=QuestionType.SINGLE_CHOICE,
                    stem=f"Quiz {q + 1}, question {n}?",
                    answers=(Answer("Right", Decimal(1)), Answer("Wrong", Decimal(0))),
                )
                for n in range(1, QUESTIONS + 1)
            ],
        )
        QuizSlot.objects.bulk_create(
            QuizSlot(quiz=quiz, position=i, question=row) for i, row in enumerate(rows, start=1)
        )
        quizzes.append((quiz, [row.pk for row in rows]))

    password = make_password("bench")
    users = User.objects.bulk_create(
        (
            User(username=f"learner{n:05}", last_name=f"L{n:05}", password=password)
            for n in range(LEARNERS)
        ),
        batch_size=BATCH,
    )
    Enrolment.objects.bulk_create(
        (Enrolment(course=course, user=user, enrolled_at=now) for user in users), batch_size=BATCH
    )

    progress, attempts, standings, summaries = [], [], [], []
    answers: dict[tuple[int, int, int], list[int]] = {}
    for user in users:
        ability = rng.random()
        reached = min(LESSONS, int(rng.triangular(1, LESSONS + 1, LESSONS * 0.3)))
        started = now - timedelta(days=rng.randint(5, 60))
        for lesson in lessons[:reached]:
            done = lesson.position < reached
            opened = started + timedelta(hours=lesson.position)
            progress.append(
                LessonProgress(
                    user=user,
                    lesson=lesson,
                    course=course,
                    opened_at=opened,
                    last_seen_at=opened,
                    completed_at=opened if done else None,
                    last_position=100 if done else 40,
                )
            )
        earned, possible, passed = Decimal(0), Decimal(0), 0
        for quiz, _ in quizzes:
            if quiz.lesson is None or quiz.lesson.position > reached:
                continue
            scores = []
            for number in range(1, rng.choice((1, 1, 2, 3)) + 1):
                marks = [int(rng.random() < 0.3 + 0.6 * ability) for _ in range(QUESTIONS)]
                answers[(user.pk, quiz.pk, number)] = marks
                scores.append(Decimal(sum(marks)))
                attempts.append(
                    Attempt(
                        quiz=quiz,
                        user=user,
                        number=number,
                        state=Attempt.State.SUBMITTED,
                        started_at=started,
                        submitted_at=started,
                        score=Decimal(sum(marks)),
                        max_score=Decimal(QUESTIONS),
                    )
                )
            grade = combine_attempt_scores(scores, quiz.grading_method) or Decimal(0)
            ok = grade * 100 >= quiz.pass_mark * QUESTIONS
            passed += ok
            earned, possible = earned + grade, possible + QUESTIONS
            standings.append(
                QuizStanding(
                    user=user,
                    quiz=quiz,
                    course=course,
                    grade=grade,
                    max_grade=Decimal(QUESTIONS),
                    percentage=grade * 100 / QUESTIONS,
                    passed=ok,
                    passed_at=started if ok else None,
                    attempts_used=len(scores),
                    updated_at=now,
                )
            )
        completed = reached - 1
        summaries.append(
            CourseProgress(
                user=user,
                course=course,
                lessons_required=LESSONS,
                lessons_completed=completed,
                percent_complete=completed * 100 // LESSONS,
                quizzes_required=QUIZZES,
                quizzes_passed=passed,
                grade=(earned * 100 / possible).quantize(Decimal("0.01")) if possible else None,
                last_lesson=lessons[reached - 1],
                last_activity_at=started + timedelta(hours=reached),
                updated_at=now,
            )
        )
    LessonProgress.objects.bulk_create(progress, batch_size=BATCH)
    QuizStanding.objects.bulk_create(standings, batch_size=BATCH)
    CourseProgress.objects.bulk_create(summaries, batch_size=BATCH)
    # Written directly, so marked as computed against the course as it now is: otherwise the
    # first report would recompute every learner (progress.recompute.progress_refresh).
    course.refresh_from_db(fields=["updated_at"])
    CourseProgress.objects.filter(course=course).update(course_version=course.updated_at)
    saved = Attempt.objects.bulk_create(attempts, batch_size=BATCH)
    question_ids = dict(quizzes)
    AttemptQuestion.objects.bulk_create(
        (
            AttemptQuestion(
                attempt_id=attempt.pk,
                position=i,
                question_id=question_ids[attempt.quiz][i - 1],
                response=0 if mark else 1,
                max_points=Decimal(1),
                fraction=Decimal(mark),
                points=Decimal(mark),
            )
            for attempt in saved
            for i, mark in enumerate(answers[(attempt.user.pk, attempt.quiz.pk, attempt.number)], 1)
        ),
        batch_size=BATCH,
    )
    busiest = max(quizzes, key=lambda pair: Attempt.objects.filter(quiz=pair[0]).count())[0]
    return {
        "owner": owner,
        "course": course,
        "quiz": busiest,
        "rows": {
            "lesson progress": len(progress),
            "attempts": len(attempts),
            "attempt questions": len(attempts) * QUESTIONS,
        },
    }


def timed(fetch: Any) -> float:
    """Median seconds of REPEATS whole requests (body read to the end)."""
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = fetch()
        body = b"".join(response.streaming_content) if response.streaming else response.content
        runs.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        assert body
    return statistics.median(runs)


def main() -> None:
    with bench_database() as where:
        from django.db import transaction
        from django.test import Client, override_settings
        from django.urls import reverse

        print(f"reports — {where}")
        started = time.perf_counter()
        with transaction.atomic():  # one commit: SQLite syncs to disk once, not per batch
            data = build(random.Random(4))
        built = ", ".join(f"{count:,} {name}" for name, count in data["rows"].items())
        print(
            f"built {LESSONS} lessons, {QUIZZES} quizzes, {LEARNERS:,} learners, {built} "
            f"in {time.perf_counter() - started:.1f} s"
        )
        client = Client()  # requests made with secure=True: production settings require HTTPS
        client.force_login(data["owner"])
        slug = data["course"].slug
        pages = {
            "report_progress_s": (reverse("reports:progress", args=[slug]), {}),
            "report_progress_sorted_s": (
                reverse("reports:progress", args=[slug]),
                {"sort": "-progress", "page": 20},
            ),
            "gradebook_s": (reverse("reports:gradebook", args=[slug]), {}),
            "gradebook_csv_s": (reverse("reports:gradebook-csv", args=[slug]), {}),
            "statistics_s": (reverse("reports:quiz-statistics", args=[data["quiz"].pk]), {}),
            "statistics_all_attempts_s": (
                reverse("reports:quiz-statistics", args=[data["quiz"].pk]),
                {"attempts": "all"},
            ),
        }
        figures: dict[str, float] = {}
        # Templates name static files; without collectstatic the manifest storage cannot.
        plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": plain,
            }
        ):
            for name, (url, query) in pages.items():
                seconds = timed(lambda url=url, query=query: client.get(url, query, secure=True))
                figures[name] = round(seconds, 3)
                verdict = "ok" if seconds < TARGET_S else "SLOW"
                print(f"{name:<28} {seconds:6.3f} s  (target < {TARGET_S:.0f} s: {verdict})")
        record(figures)


if __name__ == "__main__":
    main()
