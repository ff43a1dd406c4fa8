from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Course
from pipeline import attempt_after_grading, quiz_after_regrade
from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from progress.recompute import progress_recompute
from progress.services import (
    VISIT_REFRESH,
    EnrolmentError,
    enrolment_create,
    enrolment_end,
    lesson_complete,
    lesson_open,
)
from quizzes.attempts import attempt_start, attempt_submit, quiz_regrade
from quizzes.bank import question_update
from quizzes.models import Quiz
from quizzes.questions import Answer as QAnswer
from tests.factories import PICK_FIRST, CourseFactory, UserFactory, course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db


def take(quiz: Quiz, user, right: bool):
    attempt = attempt_start(quiz=quiz, user=user)
    graded = attempt_submit(attempt_id=attempt.pk, user=user, responses={1: 0 if right else 1})
    attempt_after_grading(attempt=graded)
    return graded


def summary(course, user) -> CourseProgress:
    return CourseProgress.objects.get(course=course, user=user)


def test_it_enrols_a_learner_who_enrols_themselves_where_the_course_allows_it():
    course, user = CourseFactory(), UserFactory()
    enrolment = enrolment_create(course=course, user=user, by=user)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.enrolled_by == user
    assert summary(course, user).percent_complete == 0


def test_it_refuses_self_enrolment_where_the_course_does_not_take_it():
    course, user = CourseFactory(self_enrolment=False), UserFactory()
    with pytest.raises(EnrolmentError):
        enrolment_create(course=course, user=user, by=user)
    assert not Enrolment.objects.exists()


def test_it_lets_only_a_manager_enrol_someone_else():
    course = CourseFactory(self_enrolment=False)
    learner = UserFactory()
    with pytest.raises(EnrolmentError):
        enrolment_create(course=course, user=learner, by=UserFactory())
    enrolment_create(course=course, user=learner, by=course.owner)
    assert Enrolment.objects.get(user=learner).enrolled_by == course.owner


def test_it_keeps_history_when_a_learner_leaves_and_comes_back():
    course, lessons = course_with_quizzes(2)
    user = UserFactory()
    enrolment = enrolment_create(course=course, user=user, by=user)
    lesson_complete(lesson=lessons[0], user=user)
    enrolment_end(enrolment=enrolment)
    assert Enrolment.objects.get().status == Enrolment.Status.ENDED
    assert LessonProgress.objects.filter(user=user, completed_at__isnull=False).count() == 1

    again = enrolment_create(course=course, user=user, by=user)
    assert again.pk == enrolment.pk
    assert again.status == Enrolment.Status.ACTIVE
    assert again.ended_at is None
    assert summary(course, user).lessons_completed == 1


def test_it_records_a_lesson_opened_seen_and_the_furthest_position():
    course, lessons = course_with_quizzes(1)
    user = enrolled(course)
    lesson_open(lesson=lessons[0], user=user, position=60)
    lesson_open(lesson=lessons[0], user=user, position=20)
    row = LessonProgress.objects.get()
    assert row.opened_at is not None
    assert row.last_seen_at >= row.opened_at
    assert row.last_position == 60
    assert row.completed_at is None
    assert summary(course, user).last_lesson == lessons[0]


def test_a_reload_just_after_a_view_records_nothing_new_and_a_later_view_does():
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)
    first = timezone.now()
    lesson_open(lesson=lessons[0], user=user, now=first)
    opened = LessonProgress.objects.get(lesson=lessons[0])
    stamp = summary(course, user).stamp

    with CaptureQueriesContext(connection) as reload:
        lesson_open(lesson=lessons[0], user=user, now=first + timedelta(minutes=1))

    assert not [q for q in reload.captured_queries if "UPDATE" in q["sql"]]
    assert LessonProgress.objects.get(lesson=lessons[0]).last_seen_at == opened.last_seen_at
    later = first + VISIT_REFRESH + timedelta(seconds=1)
    lesson_open(lesson=lessons[0], user=user, now=later)
    row = LessonProgress.objects.get(lesson=lessons[0])
    assert row.last_seen_at == later
    assert row.opened_at == opened.opened_at
    # Seeing an opened lesson again changes nothing the learner's cached facts hold.
    assert summary(course, user).stamp == stamp


def test_going_back_to_a_lesson_just_read_makes_it_the_last_again():
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)
    now = timezone.now()
    lesson_open(lesson=lessons[0], user=user, now=now)
    stamp = summary(course, user).stamp
    lesson_open(lesson=lessons[1], user=user, now=now + timedelta(seconds=10))
    assert summary(course, user).stamp != stamp  # lesson 2 opened for the first time

    lesson_open(lesson=lessons[0], user=user, now=now + timedelta(seconds=20))

    assert summary(course, user).last_lesson == lessons[0]
    assert LessonProgress.objects.get(lesson=lessons[0]).last_seen_at == now + timedelta(seconds=20)


def test_a_reading_position_just_after_a_view_is_recorded():
    course, lessons = course_with_quizzes(1)
    user = enrolled(course)
    now = timezone.now()
    lesson_open(lesson=lessons[0], user=user, now=now)

    lesson_open(lesson=lessons[0], user=user, position=70, now=now + timedelta(seconds=5))

    assert LessonProgress.objects.get().last_position == 70


def test_it_marks_a_lesson_complete_and_not_complete_in_manual_mode():
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)
    lesson_complete(lesson=lessons[0], user=user)
    assert summary(course, user).percent_complete == 50
    lesson_complete(lesson=lessons[0], user=user, complete=False)
    assert summary(course, user).percent_complete == 0


def test_it_refuses_mark_complete_in_quiz_mode():
    course, lessons = course_with_quizzes(1, completion=Course.Completion.QUIZ)
    with pytest.raises(EnrolmentError):
        lesson_complete(lesson=lessons[0], user=enrolled(course))


def test_it_records_the_quiz_standing_after_an_attempt():
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)
    take(lessons[0].quiz, user, right=False)
    standing = QuizStanding.objects.get(user=user)
    assert (standing.passed, standing.percentage, standing.attempts_used) == (False, 0, 1)
    take(lessons[0].quiz, user, right=True)
    standing.refresh_from_db()
    assert standing.passed
    assert standing.passed_at is not None
    assert standing.percentage == 100
    progress = summary(course, user)
    assert (progress.quizzes_passed, progress.quizzes_required) == (1, 2)
    assert progress.grade == Decimal("100.00")


def test_it_completes_lessons_by_their_quiz_in_quiz_mode_and_then_the_course():
    course, lessons = course_with_quizzes(2, completion=Course.Completion.QUIZ)
    user = enrolled(course)
    take(lessons[0].quiz, user, right=True)
    assert summary(course, user).percent_complete == 50
    take(lessons[1].quiz, user, right=True)
    progress = summary(course, user)
    assert progress.percent_complete == 100
    assert progress.completed_at is not None
    assert progress.certificate_code


def test_it_does_not_complete_a_lesson_with_a_quiz_on_reading_in_quiz_mode():
    course, lessons = course_with_quizzes(1, completion=Course.Completion.QUIZ)
    user = enrolled(course)
    lesson_open(lesson=lessons[0], user=user)
    assert LessonProgress.objects.get().completed_at is None
    assert summary(course, user).percent_complete == 0


def test_it_completes_a_lesson_without_questions_once_read_in_quiz_mode():
    course, lessons = course_with_quizzes(1, completion=Course.Completion.QUIZ)
    lessons[0].quiz.slots.all().delete()
    user = enrolled(course)
    lesson_open(lesson=lessons[0], user=user)
    progress = summary(course, user)
    assert progress.percent_complete == 100
    assert progress.completed_at is not None


def test_it_needs_every_quiz_passed_as_well_as_every_lesson_marked_in_manual_mode():
    course, lessons = course_with_quizzes(1)
    user = enrolled(course)
    lesson_complete(lesson=lessons[0], user=user)
    assert summary(course, user).completed_at is None
    take(lessons[0].quiz, user, right=True)
    assert summary(course, user).completed_at is not None


def test_it_takes_a_pass_away_when_a_regrade_changes_the_key():
    course, lessons = course_with_quizzes(2, completion=Course.Completion.QUIZ, gating=True)
    user = enrolled(course)
    quiz = lessons[0].quiz
    take(quiz, user, right=True)
    assert summary(course, user).percent_complete == 50

    corrected = replace(
        PICK_FIRST, answers=(QAnswer("first", Decimal(0)), QAnswer("second", Decimal(1)))
    )
    question_update(question=quiz.slots.get().question, data=corrected)
    quiz_regrade(quiz=quiz)
    quiz_after_regrade(quiz=quiz)

    assert not QuizStanding.objects.get(user=user, quiz=quiz).passed
    assert summary(course, user).percent_complete == 0
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_it_recomputes_when_a_reimport_archives_a_lesson():
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)
    lesson_complete(lesson=lessons[0], user=user)
    take(lessons[0].quiz, user, right=True)
    assert summary(course, user).completed_at is None
    type(lessons[1]).objects.filter(pk=lessons[1].pk).update(is_archived=True)
    assert progress_recompute(course=course) == 1
    assert summary(course, user).percent_complete == 100
    assert summary(course, user).completed_at is not None


def test_it_keeps_the_certificate_code_and_date_when_recomputed_again():
    course, lessons = course_with_quizzes(1, completion=Course.Completion.QUIZ)
    user = enrolled(course)
    take(lessons[0].quiz, user, right=True)
    before = summary(course, user)
    progress_recompute(course=course)
    after = summary(course, user)
    assert (after.certificate_code, after.completed_at) == (
        before.certificate_code,
        before.completed_at,
    )


def test_it_has_no_progress_for_someone_never_enrolled():
    course, lessons = course_with_quizzes(1)
    take(lessons[0].quiz, course.owner, right=True)
    assert not CourseProgress.objects.exists()
