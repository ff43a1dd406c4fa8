"""Hostile question files (GIFT, Aiken, Moodle XML) and hostile answers: payloads in stems,
answers, feedback, essays and grader comments reach no page alive.

Each file is imported through the import page into a lesson's quiz; a learner takes the
quiz (an essay answer of payloads), the instructor grades it (a comment of payloads), and
every page that shows any of it is rendered, the admin's and the export downloads included.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from quizzes.models import Attempt, AttemptQuestion, Question
from tests.factories import LessonFactory, QuizFactory, UserFactory, enrolled

from .inert import ALL, IMG, LINK, MARK, SCRIPT, SVG, assert_inert, check_pages

pytestmark = pytest.mark.django_db


def gift_escape(text: str) -> str:
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text


ESSAY_STEM = f"Write about {IMG} [here](javascript:alert('{MARK}'))"
GIFT = f"""
::probe-choice::[html]{gift_escape(SCRIPT + " Which one? " + SVG)}{{
={gift_escape(IMG)}#{gift_escape(LINK)}
~{gift_escape(LINK)}#{gift_escape(SCRIPT)}
####{gift_escape(SVG + " general")}
}}

::probe-essay::[markdown]{gift_escape(ESSAY_STEM)}{{}}
"""

AIKEN = f"""{SCRIPT} Which one? {SVG}
A. {IMG}
B. {LINK}
ANSWER: A
"""

MOODLE_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="multichoice">
<name><text>probe {MARK} {SCRIPT.replace("<", "&lt;")}</text></name>
<questiontext format="html"><text><![CDATA[{SCRIPT} Which one? {SVG}]]></text></questiontext>
<generalfeedback format="html"><text><![CDATA[{LINK}]]></text></generalfeedback>
<single>true</single>
<answer fraction="100" format="html"><text><![CDATA[{IMG}]]></text>
<feedback format="html"><text><![CDATA[{SCRIPT}]]></text></feedback></answer>
<answer fraction="0" format="html"><text><![CDATA[{LINK}]]></text>
<feedback format="html"><text><![CDATA[{SVG}]]></text></feedback></answer>
</question>
<question type="essay">
<name><text>probe essay</text></name>
<questiontext format="html"><text><![CDATA[Write about {IMG} {LINK}]]></text></questiontext>
</question>
</quiz>
"""

FILES = {"probe.gift": GIFT, "probe.aiken": AIKEN, "probe.xml": MOODLE_XML}
FORMATS = {"probe.gift": "gift", "probe.aiken": "aiken", "probe.xml": "moodlexml"}


@pytest.mark.parametrize("name", sorted(FILES))
def test_payloads_in_an_imported_question_file_stay_inert_everywhere(client, name):
    owner = UserFactory(is_staff=True, is_superuser=True)
    lesson = LessonFactory(module__course__owner=owner)
    course = lesson.course
    quiz = QuizFactory(course=course, lesson=lesson)
    client.force_login(owner)

    imported = client.post(
        reverse("quizzes:questions-import", args=[course.slug]),
        {
            "file": SimpleUploadedFile(name, FILES[name].encode()),
            "format": FORMATS[name],
            "lesson": lesson.pk,
            "add_to_quiz": "on",
        },
    )
    assert imported.status_code == 302, imported.context["form"].errors
    questions = list(Question.objects.filter(course=course).order_by("pk"))
    assert questions

    # A learner takes the quiz: the right answer, and an essay of payloads.
    learner = Client()
    learner.force_login(enrolled(course, UserFactory(first_name=SCRIPT, last_name=IMG)))
    started = learner.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    answers = {"revision": attempt.revision}
    for row in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        is_essay = row.question.type == "essay"
        answers[f"q{row.position}"] = ALL if is_essay else "0"
    assert_inert(learner.get(started.url).content.decode(), "the attempt page")
    submitted = learner.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), answers)
    assert submitted.status_code == 302

    # The instructor grades the essay with a comment of payloads.
    essay = AttemptQuestion.objects.filter(attempt=attempt, question__type="essay").first()
    urls = [reverse("quizzes:grading-queue", args=[course.slug])]
    if essay is not None:
        check_pages(client, urls)
        prefix = f"row-{essay.pk}"
        graded = client.post(
            reverse("quizzes:grading-grade", args=[course.slug, essay.pk]),
            {f"{prefix}-points": "1", f"{prefix}-comment": ALL},
        )
        assert graded.status_code == 302

    urls += [
        reverse("quizzes:bank", args=[course.slug]),
        reverse("quizzes:quiz-questions", args=[quiz.pk]),
        reverse("quizzes:quiz-preview", args=[quiz.pk]),
        reverse("quizzes:lesson-drafts", args=[lesson.pk]),
        reverse("admin:quizzes_question_changelist"),
        reverse("admin:quizzes_attempt_changelist"),
        reverse("admin:quizzes_attempt_change", args=[attempt.pk]),
        reverse("admin:accounts_user_changelist"),
    ]
    for question in questions:
        urls += [
            reverse("quizzes:question-preview", args=[question.pk]),
            reverse("quizzes:question-edit", args=[question.pk]),
            reverse("admin:quizzes_question_change", args=[question.pk]),
        ]
    shown = check_pages(client, urls)
    shown += check_pages(
        learner,
        [
            reverse("quizzes:quiz", args=[quiz.pk]),
            reverse("quizzes:attempt-review", args=[attempt.pk]),
            reverse("profile"),
        ],
    )
    assert any(shown), "the payloads reached no page: the test proves nothing"

    # "Check" on the previews grades and shows every feedback.
    for url in (
        reverse("quizzes:quiz-preview", args=[quiz.pk]),
        reverse("quizzes:question-preview", args=[questions[0].pk]),
    ):
        assert_inert(client.post(url, {"seed": "1", **answers}).content.decode(), url)

    # The export files are downloads of text, never pages a browser would run.
    for fmt in ("gift", "aiken", "moodlexml"):
        url = reverse("quizzes:questions-export", args=[course.slug])
        download = client.get(url, {"format": fmt})
        if download.status_code == 400:  # a question the format cannot write: said on the page
            assert_inert(download.content.decode(), url)
            continue
        assert download.status_code == 200
        assert "html" not in download["Content-Type"]
        assert download["Content-Disposition"].startswith("attachment")
