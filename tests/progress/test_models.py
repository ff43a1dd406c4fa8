from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.utils import timezone

from progress.models import Enrolment
from tests.factories import (
    CourseProgressFactory,
    EnrolmentFactory,
    LessonProgressFactory,
    QuizStandingFactory,
)

pytestmark = pytest.mark.django_db


def test_it_allows_one_enrolment_per_learner_and_course():
    enrolment = EnrolmentFactory()
    with pytest.raises(IntegrityError):
        EnrolmentFactory(course=enrolment.course, user=enrolment.user)


def test_it_refuses_an_ended_enrolment_without_its_end_date():
    with pytest.raises(IntegrityError):
        EnrolmentFactory(status=Enrolment.Status.ENDED)


def test_it_keeps_an_ended_enrolment_with_its_date():
    enrolment = EnrolmentFactory(status=Enrolment.Status.ENDED, ended_at=timezone.now())
    assert Enrolment.objects.get(pk=enrolment.pk).status == "ended"


def test_it_allows_one_progress_row_per_learner_and_lesson():
    row = LessonProgressFactory()
    with pytest.raises(IntegrityError):
        LessonProgressFactory(lesson=row.lesson, user=row.user)


def test_it_allows_one_standing_per_learner_and_quiz():
    row = QuizStandingFactory()
    with pytest.raises(IntegrityError):
        QuizStandingFactory(quiz=row.quiz, user=row.user)


def test_it_refuses_a_pass_without_its_date():
    with pytest.raises(IntegrityError):
        QuizStandingFactory(passed=True)


def test_it_allows_one_summary_per_learner_and_course():
    row = CourseProgressFactory()
    with pytest.raises(IntegrityError):
        CourseProgressFactory(course=row.course, user=row.user)
