"""Document → course → quizzes with drafts, end to end, as an import runs it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from pipeline import document_to_course
from quizzes.models import Question, Quiz
from quizzes.review import lesson_drafts_approve_all
from quizzes.services import question_publish

pytestmark = pytest.mark.django_db


def test_every_lesson_of_the_seed_gets_a_quiz_and_drafts(seed_bytes):
    course = document_to_course(data=seed_bytes, filename="seed.txt", slug="seed").course

    lessons = list(course.lessons.all())
    assert Quiz.objects.filter(lesson__in=lessons).count() == 15
    for lesson in lessons:
        drafts = Question.objects.filter(lesson=lesson, status=Question.Status.DRAFT)
        if len(lesson.text.split()) >= 80:
            assert drafts.count() >= 3, lesson.title
            assert len(set(drafts.values_list("type", flat=True))) >= 2, lesson.title
        assert drafts.count() <= 8
        assert all(question.source_sentence in lesson.text for question in drafts)


def test_the_draft_report_finds_no_broken_rule_on_the_seed(seed_bytes):
    document_to_course(data=seed_bytes, filename="seed.txt", slug="seed")
    out = StringIO()

    call_command("draft_report", "seed", stdout=out)

    assert "No rule is broken." in out.getvalue()
    assert "15. The Path Forward" in out.getvalue()


def test_the_draft_report_counts_approved_drafts_as_the_lessons_drafts(seed_bytes):
    course = document_to_course(data=seed_bytes, filename="seed.txt", slug="seed").course
    lesson = course.lessons.get(position=3)
    approved = lesson_drafts_approve_all(lesson=lesson)
    out = StringIO()

    call_command("draft_report", "seed", stdout=out)

    assert approved >= 3
    assert f"({approved} approved)" in out.getvalue()
    assert "No rule is broken." in out.getvalue()


def test_reimport_keeps_approved_questions_and_redrafts_only_changed_lessons(seed_bytes):
    course = document_to_course(data=seed_bytes, filename="seed.txt", slug="seed").course
    first, second = course.lessons.order_by("position")[1:3]
    approved = Question.objects.filter(lesson=first).first()
    question_publish(question=approved)
    untouched = set(Question.objects.filter(lesson=first).values_list("pk", flat=True))
    old_drafts = set(Question.objects.filter(lesson=second).values_list("pk", flat=True))
    revised = seed_bytes.replace(
        b"Military diplomacy serves as a critical platform",
        b"Military diplomacy has long served as an essential platform",
    )

    result = document_to_course(data=revised, filename="seed.txt", slug="seed")

    assert result.changed == ["The Importance of Military Diplomacy"]
    assert set(Question.objects.filter(lesson=first).values_list("pk", flat=True)) == untouched
    new_drafts = set(Question.objects.filter(lesson=second).values_list("pk", flat=True))
    assert new_drafts
    assert not new_drafts & old_drafts
    assert approved.slots.filter(quiz__lesson=first).exists()


def test_reimporting_the_same_file_drafts_nothing_new(seed_bytes):
    document_to_course(data=seed_bytes, filename="seed.txt", slug="seed")
    before = set(Question.objects.values_list("pk", flat=True))

    document_to_course(data=seed_bytes, filename="seed.txt", slug="seed")

    assert set(Question.objects.values_list("pk", flat=True)) == before


def test_draft_questions_redrafts_one_lesson_and_keeps_approved_questions(seed_bytes):
    course = document_to_course(data=seed_bytes, filename="seed.txt", slug="seed").course
    lesson = course.lessons.get(position=3)
    approved = Question.objects.filter(lesson=lesson).first()
    question_publish(question=approved)
    other_drafts = set(
        Question.objects.filter(course=course).exclude(lesson=lesson).values_list("pk", flat=True)
    )
    out = StringIO()

    call_command("draft_questions", "seed", "--lesson", "3", stdout=out)

    assert "Drafted" in out.getvalue()
    assert Question.objects.filter(pk=approved.pk, status=Question.Status.PUBLISHED).exists()
    assert Question.objects.filter(lesson=lesson, status=Question.Status.DRAFT).exists()
    others_now = set(
        Question.objects.filter(course=course).exclude(lesson=lesson).values_list("pk", flat=True)
    )
    assert others_now == other_drafts


def test_a_reimport_recomputes_every_learners_progress(seed_bytes):
    from progress.models import CourseProgress
    from progress.services import lesson_complete
    from tests.factories import enrolled

    course = document_to_course(data=seed_bytes, filename="seed.txt", slug="seed").course
    learner = enrolled(course)
    for lesson in course.lessons.all():
        lesson_complete(lesson=lesson, user=learner)
    assert CourseProgress.objects.get(user=learner).lessons_completed == 15
    # The revised document drops the last section: its lesson is archived.
    revised = seed_bytes[: seed_bytes.index(b"The Path Forward")]

    document_to_course(data=revised, filename="seed.txt", slug="seed")

    summary = CourseProgress.objects.get(user=learner)
    assert (summary.lessons_required, summary.lessons_completed) == (14, 14)
    assert summary.percent_complete == 100
