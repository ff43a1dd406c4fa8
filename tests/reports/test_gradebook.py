"""The gradebook page and its CSV download: the same rows, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from jobs.models import Job
from tests.factories import (
    CourseProgressFactory,
    EnrolmentFactory,
    LessonFactory,
    QuizStandingFactory,
    UserFactory,
    quiz_with_questions,
    summaries_current,
)

from .conftest import CAPITAL

pytestmark = pytest.mark.django_db
D = Decimal


def graded_quiz(course: Course, title: str, position: int):
    lesson = LessonFactory(module__course=course, position=position, title=f"Lesson {position}")
    return quiz_with_questions([CAPITAL], title=title, lesson=lesson, course=course)


@pytest.fixture
def course():
    return Course.objects.create(title="Algebra", slug="algebra", owner=UserFactory())


@pytest.fixture
def owner(client, course):
    client.force_login(course.owner)
    return client


def test_it_shows_each_learners_grade_and_course_grade(owner, course):
    first = graded_quiz(course, "Fractions", 1)
    second = graded_quiz(course, "Equations", 2)
    ada = EnrolmentFactory(course=course, user__first_name="Ada", user__last_name="Byron").user
    QuizStandingFactory(
        user=ada,
        quiz=first,
        grade=D(8),
        max_grade=D(10),
        percentage=D(80),
        passed=True,
        passed_at=timezone.now(),
    )
    CourseProgressFactory(user=ada, course=course, grade=D(80))
    EnrolmentFactory(course=course, user__first_name="Bob", user__last_name="Zed")

    response = owner.get(reverse("reports:gradebook", args=[course.slug]))

    book = response.context["book"]
    assert [quiz.title for quiz in book.quizzes] == ["Fractions", "Equations"]
    assert [row.name for row in book.rows] == ["Ada Byron", "Bob Zed"]
    assert book.rows[0].cells[0].percentage == D(80)
    assert book.rows[0].cells[1] is None
    assert book.rows[0].quizzes_passed == 1
    page = response.content.decode()
    assert "80.00 %" in page
    assert "passed" in page
    assert second.title in page


def test_learners_who_left_are_not_listed(owner, course):
    EnrolmentFactory(
        course=course, user__first_name="Gone", status="ended", ended_at="2026-01-01T00:00Z"
    )

    response = owner.get(reverse("reports:gradebook", args=[course.slug]))

    assert response.context["book"].rows == []


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_has_the_pages_rows(owner, course):
    quiz = graded_quiz(course, "Fractions", 1)
    ada = EnrolmentFactory(
        course=course, user__username="ada", user__first_name="Ada", user__last_name="Byron"
    ).user
    QuizStandingFactory(user=ada, quiz=quiz, grade=D(5), max_grade=D(10), percentage=D(50))
    CourseProgressFactory(user=ada, course=course, grade=D(50))

    response = owner.get(reverse("reports:gradebook-csv", args=[course.slug]))

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="gradebook-algebra.csv"' in response["Content-Disposition"]
    assert csv_rows(response) == [
        ["Username", "Name", "Email", "Fractions (%)", "Quizzes passed", "Course grade (%)"],
        ["ada", "Ada Byron", "ada@example.com", "50.00", "0", "50.00"],
    ]


def test_the_csv_neutralises_formulas_in_names_and_titles(owner, course):
    graded_quiz(course, '=HYPERLINK("http://evil")', 1)
    EnrolmentFactory(course=course, user__first_name="+cmd", user__last_name="|calc")
    EnrolmentFactory(course=course, user__first_name="@SUM(A1)", user__last_name="")

    rows = csv_rows(owner.get(reverse("reports:gradebook-csv", args=[course.slug])))

    assert rows[0][3] == '\'=HYPERLINK("http://evil") (%)'
    names = sorted(row[1] for row in rows[1:])
    assert names == ["'+cmd |calc", "'@SUM(A1)"]


def test_the_background_export_offers_the_same_csv_on_its_job_page(owner, course):
    quiz = graded_quiz(course, "Fractions", 1)
    ada = EnrolmentFactory(course=course, user__username="ada").user
    QuizStandingFactory(user=ada, quiz=quiz, grade=D(5), max_grade=D(10), percentage=D(50))
    direct = csv_rows(owner.get(reverse("reports:gradebook-csv", args=[course.slug])))

    started = owner.post(reverse("reports:gradebook-export", args=[course.slug]))
    job_page = owner.get(started["Location"])
    job = Job.objects.get()
    download = owner.get(reverse("jobs:download", args=[job.pk]))

    assert job.state == Job.State.DONE
    assert reverse("jobs:download", args=[job.pk]) in job_page.content.decode()
    assert 'filename="gradebook-algebra.csv"' in download["Content-Disposition"]
    exported = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert exported == direct


def test_no_one_else_can_start_a_gradebook_export(client, course):
    client.force_login(UserFactory())

    response = client.post(reverse("reports:gradebook-export", args=[course.slug]))

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_only_those_who_manage_the_course_see_grades(client, course):
    client.force_login(UserFactory())

    assert client.get(reverse("reports:gradebook", args=[course.slug])).status_code == 404
    assert client.get(reverse("reports:gradebook-csv", args=[course.slug])).status_code == 404


@pytest.mark.parametrize("size", [2, 5])
def test_the_gradebook_reads_a_fixed_number_of_queries(
    owner, course, size, django_assert_num_queries
):
    for position in range(1, size + 1):
        quiz = graded_quiz(course, f"Quiz {position}", position)
        for _ in range(size):
            learner = EnrolmentFactory(course=course).user
            QuizStandingFactory(
                user=learner, quiz=quiz, grade=D(1), max_grade=D(1), percentage=D(100)
            )
            CourseProgressFactory(user=learner, course=course, grade=D(100))
    summaries_current(course)

    # Session, user, course, summaries' versions, quizzes, count, page of learners,
    # standings, grades, perms.
    with django_assert_num_queries(11):
        owner.get(reverse("reports:gradebook", args=[course.slug]))
    # Session, user, course, summaries' versions, quizzes, learners, standings, grades.
    with django_assert_num_queries(8):
        b"".join(owner.get(reverse("reports:gradebook-csv", args=[course.slug])).streaming_content)


def test_the_course_page_links_its_managers_to_the_reports(client, course):
    url = reverse("courses:outline", args=[course.slug])
    client.force_login(UserFactory())
    learner_page = client.get(url).content.decode()

    client.force_login(course.owner)
    owner_page = client.get(url).content.decode()

    for name in ("progress", "gradebook", "statistics"):
        link = reverse(f"reports:{name}", args=[course.slug])
        assert link in owner_page
        assert link not in learner_page
