"""Hostile text on the pages that came with enrolment, practice and reports: a course, lesson,
quiz and questions of payloads, a learner whose names, username and e-mail address are
payloads and formulas, answers of payloads. The learner enrols, reads, answers, practises and
finishes; the instructor enrols, reports and exports. Every page is inert, every CSV cell that
starts with = + - @ is neutralised, the admin's pages of the new rows included.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from practice.models import ReviewCard, ReviewLog
from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from quizzes.models import Attempt
from quizzes.questions import Answer, QuestionData, QuestionType, TextFormat
from tests.factories import (
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    UserFactory,
    quiz_with_questions,
)

from .inert import ALL, IMG, MARK, SCRIPT, SVG, assert_inert, check_pages

pytestmark = pytest.mark.django_db

D = Decimal
# What a spreadsheet would run: each starts a text that reaches a CSV.
FORMULA_COURSE = "@SUM(1+1) "
FORMULA_QUIZ = '=HYPERLINK("http://evil.example", "x") '
FORMULA_NAME = "=cmd|' /C calc'!A0 "
FORMULA_EMAIL = "=2+5@example.com"
FORMULA_USERNAME = "@learner"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

QUESTIONS = [
    QuestionData(
        type=QuestionType.SHORT_ANSWER,
        name=ALL,
        stem=ALL,
        stem_format=TextFormat.HTML,
        general_feedback=ALL,
        answers=(Answer("right", D(1), ALL),),
    ),
    QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        name=ALL,
        stem=ALL,
        stem_format=TextFormat.HTML,
        answers=(Answer(ALL, D(1), SCRIPT), Answer(IMG, D(0), SVG)),
        shuffle_answers=False,
    ),
]


def csv_rows(text: str, where: str) -> list[list[str]]:
    """The CSV's rows, once no cell of it would start a formula."""
    rows = list(csv.reader(io.StringIO(text)))
    live = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert not live, f"formulas left in {where}: {live}"
    return rows


def hostile_course(owner):
    course = CourseFactory(owner=owner, title=FORMULA_COURSE + ALL, summary=ALL)
    lesson = LessonFactory(
        course=course, module=ModuleFactory(course=course, title=ALL), title="-" + ALL
    )
    quiz = quiz_with_questions(
        QUESTIONS, course=course, lesson=lesson, title=FORMULA_QUIZ + ALL, shuffle_answers=False
    )
    return course, lesson, quiz


def test_payloads_stay_inert_on_progress_practice_and_report_pages_and_csv(client):
    owner = UserFactory(is_staff=True, is_superuser=True)  # an admin: the admin's pages too
    client.force_login(owner)
    course, lesson, quiz = hostile_course(owner)

    # The learner: names, address and username of formulas and payloads, through the profile.
    student = UserFactory(username=FORMULA_USERNAME)
    learner = Client()
    learner.force_login(student)
    profile = {"first_name": FORMULA_NAME + SCRIPT, "last_name": IMG, "email": FORMULA_EMAIL}
    assert learner.post(reverse("profile"), profile).status_code == 302
    student.refresh_from_db()
    assert student.email == FORMULA_EMAIL
    assert learner.post(reverse("progress:enrol", args=[course.slug])).status_code == 302
    assert learner.get(lesson.get_absolute_url()).status_code == 200
    complete = reverse("progress:lesson-complete", args=[course.slug, lesson.pk])
    assert learner.post(complete).status_code == 302

    def take(answers: dict[str, str]) -> Attempt:
        learner.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
        attempt = Attempt.objects.filter(user=student).latest("pk")
        submit = reverse("quizzes:attempt-submit", args=[attempt.pk])
        assert learner.post(submit, {"revision": attempt.revision, **answers}).status_code == 302
        return attempt

    # Wrong first (an answer of payloads joins the review queue), practised, then passed.
    wrong = take({"q1": ALL, "q2": "1"})
    card = ReviewCard.objects.get(user=student, question__type=QuestionType.SHORT_ANSWER)
    card_url = reverse("practice:card", args=[card.pk])
    assert learner.get(reverse("practice:next"))["Location"] == card_url
    practised = learner.post(card_url, {"revision": card.revision, "q1": ALL})
    assert practised.status_code == 302
    take({"q1": "right", "q2": "0"})
    certificate = CourseProgress.objects.get(user=student, course=course)
    assert certificate.completed_at is not None

    shown = check_pages(
        learner,
        [
            reverse("progress:dashboard"),
            course.get_absolute_url(),
            lesson.get_absolute_url(),
            reverse("quizzes:quiz", args=[quiz.pk]),
            reverse("quizzes:attempt-review", args=[wrong.pk]),
            reverse("progress:certificate", args=[course.slug]),
            reverse("practice:queue"),
            card_url,
            practised["Location"],
        ],
    )
    shown += check_pages(
        Client(), [reverse("progress:certificate-verify", args=[certificate.certificate_code])]
    )

    # The instructor: enrolment forms given payloads, then the reports and the admin.
    enrolments = reverse("progress:enrolments", args=[course.slug])
    upload = reverse("progress:enrolments-upload", args=[course.slug])
    refused = [
        client.post(enrolments, {"learner": ALL}),
        client.post(
            upload, {"file": SimpleUploadedFile("r.csv", f"{IMG}@x.org\n{SVG}@y\n".encode())}
        ),
    ]
    for response in refused:
        assert response.status_code == 400
        assert_inert(response.content.decode(), "a refused enrolment form")
    roster = f"email\n{FORMULA_EMAIL}\nnobody-{MARK}@example.com\n".encode()
    roster_result = client.post(upload, {"file": SimpleUploadedFile("r.csv", roster)})
    assert roster_result.status_code == 200
    assert_inert(roster_result.content.decode(), "the roster result")

    exported = client.post(reverse("reports:gradebook-export", args=[course.slug]))
    job_page = exported["Location"]
    admin_rows = {
        "progress_enrolment": Enrolment.objects.get(user=student).pk,
        "progress_lessonprogress": LessonProgress.objects.get(user=student).pk,
        "progress_quizstanding": QuizStanding.objects.get(user=student).pk,
        "progress_courseprogress": certificate.pk,
        "practice_reviewcard": card.pk,
        "practice_reviewlog": ReviewLog.objects.filter(card=card).latest("pk").pk,
        "jobs_job": job_page.rstrip("/").rsplit("/", 1)[-1],
    }
    admin_urls = [
        reverse(f"admin:{model}_{page}", args=args)
        for model, pk in admin_rows.items()
        for page, args in (("changelist", []), ("change", [pk]))
    ]
    shown += check_pages(
        client,
        [
            reverse("progress:dashboard"),
            enrolments,
            reverse("reports:progress", args=[course.slug]),
            reverse("reports:gradebook", args=[course.slug]),
            reverse("reports:statistics", args=[course.slug]),
            reverse("reports:quiz-statistics", args=[quiz.pk]),
            job_page,
            *admin_urls,
        ],
    )
    assert all(shown[:9]), "the payloads did not reach every learner's page"
    assert sum(shown) > len(shown) * 3 // 4

    # The CSVs: the web download, the background export's file and the commands' output.
    download = client.get(reverse("reports:gradebook-csv", args=[course.slug]))
    assert download["Content-Type"].startswith("text/csv")
    web = csv_rows(b"".join(download.streaming_content).decode(), "the gradebook download")
    job_file = client.get(reverse("jobs:download", args=[admin_rows["jobs_job"]]))
    assert job_file["Content-Disposition"].startswith("attachment")
    assert "html" not in job_file["Content-Type"]
    assert csv_rows(b"".join(job_file.streaming_content).decode(), "the export's file") == web
    commands = {}
    for command in ("export_gradebook", "export_responses"):
        out = io.StringIO()
        call_command(command, course.slug, stdout=out)
        commands[command] = csv_rows(out.getvalue(), command)
    assert commands["export_gradebook"] == web
    quiz_title, username, name = commands["export_responses"][1][:3]
    assert [quiz_title, username, name] == [
        f"'{FORMULA_QUIZ}{ALL}",
        "'" + FORMULA_USERNAME,
        "'" + student.get_full_name(),
    ]
    header, row = web
    assert header[3] == f"'{FORMULA_QUIZ}{ALL} (%)"
    assert row[:3] == ["'" + FORMULA_USERNAME, "'" + student.get_full_name(), "'" + FORMULA_EMAIL]
