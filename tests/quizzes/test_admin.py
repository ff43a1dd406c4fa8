"""The quiz models in the Django admin: lists load with a fixed number of queries, and
deleting attempts there recomputes their learners' progress."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import INSTRUCTOR, user_role_set
from pipeline import attempt_after_grading
from progress.models import CourseProgress, QuizStanding
from quizzes.attempts import attempt_start, attempt_submit
from quizzes.models import Attempt
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import (
    CourseFactory,
    UserFactory,
    course_with_quizzes,
    enrolled,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db

HOSTILE = QuestionData(
    type=QuestionType.SINGLE_CHOICE,
    stem='<img src=x onerror="alert(1)">Which?',
    answers=(Answer("<script>alert(2)</script>yes", Decimal(1)), Answer("no", Decimal(0))),
)


def make_attempts(count: int) -> None:
    quiz = quiz_with_questions([HOSTILE])
    for _ in range(count):
        learner = UserFactory()
        attempt = attempt_start(quiz=quiz, user=learner)
        attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: 0}, revision=0)


@pytest.mark.parametrize("model", ["question", "quiz", "attempt", "questioncategory"])
def test_changelists_cost_the_same_queries_at_two_sizes(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:quizzes_{model}_changelist")
    counts = []
    for size in (1, 8):
        make_attempts(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_question_text_is_inert_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    make_attempts(1)
    from quizzes.models import Attempt, Question

    for url in (
        reverse("admin:quizzes_question_changelist"),
        reverse("admin:quizzes_question_change", args=[Question.objects.get().pk]),
        reverse("admin:quizzes_attempt_change", args=[Attempt.objects.get().pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(2)" not in html
        assert '<img src=x onerror="alert(1)">' not in html


def _short(stem: str) -> QuestionData:
    return QuestionData(
        type=QuestionType.SHORT_ANSWER, stem=stem, answers=(Answer("x", Decimal(1)),)
    )


def test_an_instructor_sees_only_the_questions_and_attempts_of_their_courses(client):
    teacher = UserFactory(is_staff=True)
    user_role_set(user=teacher, role=INSTRUCTOR)
    mine = quiz_with_questions([_short("Mine?")], course=CourseFactory(owner=teacher))
    theirs = quiz_with_questions([_short("Theirs?")], title="Their quiz")
    attempt_start(quiz=mine, user=UserFactory(username="my-learner"))
    attempt_start(quiz=theirs, user=UserFactory(username="their-learner"))
    client.force_login(teacher)

    questions = client.get(reverse("admin:quizzes_question_changelist")).content.decode()
    attempts = client.get(reverse("admin:quizzes_attempt_changelist")).content.decode()

    assert "Mine?" in questions
    assert "Theirs?" not in questions
    assert "my-learner" in attempts
    assert "their-learner" not in attempts


def _passed(course, lessons):
    """A learner who passed the first lesson's quiz; their attempt."""
    learner = enrolled(course)
    attempt = attempt_start(quiz=lessons[0].quiz, user=learner)
    attempt_after_grading(
        attempt=attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: 0})
    )
    return learner, attempt


def test_deleting_an_attempt_in_the_admin_takes_its_pass_out_of_the_learners_progress(client):
    course, lessons = course_with_quizzes(2, completion="quiz")
    learner, attempt = _passed(course, lessons)
    summary = CourseProgress.objects.get(user=learner, course=course)
    assert (summary.quizzes_passed, summary.lessons_completed) == (1, 1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    url = reverse("admin:quizzes_attempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    summary.refresh_from_db()
    assert (summary.quizzes_passed, summary.lessons_completed) == (0, 0)
    assert not QuizStanding.objects.filter(user=learner).exists()


def test_the_bulk_delete_action_recomputes_every_learner_it_touches(client):
    course, lessons = course_with_quizzes(2)
    (first, one), (second, two) = _passed(course, lessons), _passed(course, lessons)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    changelist = reverse("admin:quizzes_attempt_changelist")
    data = {"action": "delete_selected", "_selected_action": [one.pk, two.pk], "post": "yes"}
    assert client.post(changelist, data).status_code == 302

    assert not Attempt.objects.filter(pk__in=[one.pk, two.pk]).exists()
    for learner in (first, second):
        assert CourseProgress.objects.get(user=learner, course=course).quizzes_passed == 0
