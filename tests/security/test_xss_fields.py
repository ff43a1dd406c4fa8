"""Every text field an instructor or a learner fills, filled with payloads through its own
form, and every page that shows it rendered: nothing runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from courses.models import Course
from quizzes.models import Attempt, Question, Quiz
from tests.factories import UserFactory

from .inert import ALL, check_pages

pytestmark = pytest.mark.django_db


def post_back(form: Any, **changes: Any) -> dict[str, Any]:
    """What a browser posts for ``form`` as shown (no formsets), with ``changes``."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return {**data, **changes}


def answer_rows(*rows: dict[str, str]) -> dict[str, str]:
    data = {
        "answers-TOTAL_FORMS": str(len(rows)),
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"answers-{index}-{name}": value for name, value in row.items()})
    return data


def ok(response: Any) -> None:
    """A form was saved (it redirects); on errors, say which."""
    context = response.context or {}
    errors = [
        getattr(context.get(name), "errors", None)
        for name in ("adminform", "form")
        if name in context
    ]
    assert response.status_code == 302, errors


def test_payloads_typed_into_every_form_stay_inert_everywhere(client):
    instructor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(instructor)

    # Course title: the upload form's title field.
    upload = client.post(
        reverse("courses:import"),
        {"file": SimpleUploadedFile("notes.txt", b"Lesson One\n\nThe body of it.\n"), "title": ALL},
    )
    assert upload.status_code == 302
    ok(client.post(upload.url))
    course = Course.objects.get()
    lesson = course.lessons.get()
    quiz = Quiz.objects.get(lesson=lesson)

    # Course summary and lesson body: the admin's change forms.
    ok(
        client.post(
            reverse("admin:courses_course_change", args=[course.pk]),
            {
                "title": course.title,
                "slug": course.slug,
                "summary": ALL,
                "is_published": "on",
                "self_enrolment": "on",
                "completion": "manual",
                "modules-TOTAL_FORMS": "0",
                "modules-INITIAL_FORMS": "0",
                "modules-MIN_NUM_FORMS": "0",
                "modules-MAX_NUM_FORMS": "1000",
            },
        )
    )
    ok(
        client.post(
            reverse("admin:courses_lesson_change", args=[lesson.pk]),
            {
                "course": course.pk,
                "module": lesson.module_id,
                "title": ALL,
                "position": lesson.position,
                "html": f"<p>{ALL}</p>",
            },
        )
    )
    course.refresh_from_db()
    assert course.summary == ALL

    # Quiz title: the settings form, posted back as shown.
    settings_url = reverse("quizzes:quiz-settings", args=[quiz.pk])
    form = client.get(settings_url).context["form"]
    ok(client.post(settings_url, post_back(form, title=ALL)))

    # Question stem, answers and feedback: the question form, published into the quiz.
    created = client.post(
        reverse("quizzes:question-create", args=[course.slug, "short_answer"]),
        {
            "name": ALL,
            "stem": ALL,
            "stem_format": "html",
            "points": "1",
            "general_feedback": ALL,
            "lesson": lesson.pk,
            "category": "",
            "tags": "",
            **answer_rows({"text": "x-probe", "fraction": "1", "feedback": ALL}),
        },
    )
    assert created.status_code == 302, created.context and created.context["form"].errors
    question = Question.objects.get(stem=ALL)

    # A learner: profile names, then an answer of payloads, and a review with the feedback.
    learner = Client()
    student = UserFactory()
    learner.force_login(student)
    ok(
        learner.post(
            reverse("profile"),
            {"first_name": ALL[:150], "last_name": ALL[:150], "email": "learner@example.com"},
        )
    )
    assert learner.post(reverse("progress:enrol", args=[course.slug])).status_code == 302
    learner.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=student)
    fields = {"revision": attempt.revision}
    for row in attempt.questions.all():
        fields[f"q{row.position}"] = "x-probe" if row.question_id == question.pk else ALL
    ok(learner.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), fields))

    shown: list[bool] = []
    for who, urls in (
        (
            learner,
            [
                reverse("courses:catalogue"),
                course.get_absolute_url(),
                lesson.get_absolute_url(),
                reverse("quizzes:quiz", args=[quiz.pk]),
                reverse("quizzes:attempt-review", args=[attempt.pk]),
                reverse("profile"),
            ],
        ),
        (
            client,
            [
                reverse("quizzes:bank", args=[course.slug]),
                reverse("quizzes:question-preview", args=[question.pk]),
                reverse("quizzes:question-edit", args=[question.pk]),
                reverse("quizzes:quiz-preview", args=[quiz.pk]),
                reverse("quizzes:quiz-questions", args=[quiz.pk]),
                settings_url,
                reverse("quizzes:grading-queue", args=[course.slug]),
                reverse("quizzes:lesson-drafts", args=[lesson.pk]),
                reverse("admin:courses_course_changelist"),
                reverse("admin:courses_course_change", args=[course.pk]),
                reverse("admin:courses_lesson_changelist"),
                reverse("admin:courses_lesson_change", args=[lesson.pk]),
                reverse("admin:quizzes_question_changelist"),
                reverse("admin:quizzes_question_change", args=[question.pk]),
                reverse("admin:quizzes_quiz_changelist"),
                reverse("admin:quizzes_quiz_change", args=[quiz.pk]),
                reverse("admin:quizzes_attempt_changelist"),
                reverse("admin:quizzes_attempt_change", args=[attempt.pk]),
                reverse("admin:accounts_user_changelist"),
                reverse("admin:accounts_user_change", args=[student.pk]),
            ],
        ),
    ):
        shown += check_pages(who, urls)
    assert all(shown[:3]), "the course title did not reach the learner's pages"
    assert sum(shown) > len(shown) // 2
