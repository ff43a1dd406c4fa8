"""``export_gradebook``, ``export_responses`` and ``quiz_statistics``."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.factories import (
    CourseProgressFactory,
    EnrolmentFactory,
    QuizStandingFactory,
    UserFactory,
)

from .conftest import take

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_gradebook_prints_what_the_web_download_gives(quiz):
    course = quiz.course
    ada = EnrolmentFactory(course=course, user__username="ada").user
    QuizStandingFactory(
        user=ada, quiz=quiz, grade=Decimal(1), max_grade=Decimal(3), percentage=Decimal("33.33")
    )
    CourseProgressFactory(user=ada, course=course, grade=Decimal("33.33"))
    client = Client()
    client.force_login(course.owner)
    download = client.get(reverse("reports:gradebook-csv", args=[course.slug]))

    printed = run("export_gradebook", course.slug)

    assert printed == b"".join(download.streaming_content).decode()
    assert list(csv.reader(io.StringIO(printed)))[1][3] == "33.33"


def test_export_responses_has_a_row_per_graded_attempt_and_a_column_per_question(quiz):
    learner = UserFactory(username="ada", first_name="Ada", last_name="Byron")
    take(quiz, learner, {1: 0, 2: "five", 3: False})
    take(quiz, learner, {1: 0, 2: "four", 3: False})
    from quizzes.attempts import attempt_start

    attempt_start(quiz=quiz, user=UserFactory())  # open: not graded, not listed

    rows = list(csv.reader(io.StringIO(run("export_responses", quiz.course.slug))))

    assert rows[0] == [
        "Quiz",
        "Username",
        "Name",
        "Attempt",
        "Submitted",
        "Score",
        "Maximum",
        "Q1",
        "Q2",
        "Q3",
    ]
    assert [row[1:4] + row[5:] for row in rows[1:]] == [
        ["ada", "Ada Byron", "1", "2.00", "3.00", "1.00", "0.00", "1.00"],
        ["ada", "Ada Byron", "2", "3.00", "3.00", "1.00", "1.00", "1.00"],
    ]
    assert rows[1][0] == quiz.title


def test_quiz_statistics_prints_each_quizs_figures_as_json(quiz):
    take(quiz, UserFactory(), {1: 0, 2: "four", 3: False})
    take(quiz, UserFactory(), {1: 1, 2: "four", 3: True})
    take(quiz, UserFactory(), {1: 2, 2: "five", 3: True})

    data = json.loads(run("quiz_statistics", quiz.course.slug))

    (figures,) = data["quizzes"]
    assert figures["count"] == 3
    assert figures["attempts"] == "first"
    # Totals 3, 1 and 0 of 3: mean 4/9 = 44.44 %.
    assert figures["mean_percent"] == pytest.approx(44.44)
    capital = figures["questions"][0]
    assert capital["facility"] == pytest.approx(33.33)
    assert [r["count"] for r in capital["responses"]] == [1, 1, 1, 0]
    assert {"discrimination_index", "discriminative_efficiency", "probably_broken"} <= set(capital)


def test_quiz_statistics_can_use_every_attempt(quiz):
    learner = UserFactory()
    take(quiz, learner, {1: 0})
    take(quiz, learner, {1: 1})

    data = json.loads(run("quiz_statistics", quiz.course.slug, "--all-attempts"))

    assert data["quizzes"][0]["count"] == 2


@pytest.mark.parametrize("command", ["export_gradebook", "export_responses", "quiz_statistics"])
def test_an_unknown_course_is_an_error(command):
    with pytest.raises(CommandError, match="No course"):
        run(command, "nope")
