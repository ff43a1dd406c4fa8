"""progress.permissions.enrolment_and_summary: whether a user is enrolled, and their summary,
read together: one query for a learner, who has a summary."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress.models import CourseProgress, Enrolment
from progress.permissions import enrolment_and_summary
from progress.services import enrolment_end
from tests.factories import CourseFactory, UserFactory, enrolled

pytestmark = pytest.mark.django_db


def test_an_enrolled_learner_gets_their_summary_in_one_query():
    course = CourseFactory()
    learner = enrolled(course)

    with CaptureQueriesContext(connection) as queries:
        is_enrolled, row = enrolment_and_summary(learner, course)

    assert is_enrolled is True
    assert row == CourseProgress.objects.get(user=learner, course=course)
    assert len(queries) == 1


def test_a_learner_who_left_is_not_enrolled_and_gets_no_summary():
    course = CourseFactory()
    learner = enrolled(course)
    enrolment_end(enrolment=Enrolment.objects.get(user=learner, course=course))

    assert enrolment_and_summary(learner, course) == (False, None)
    assert CourseProgress.objects.filter(user=learner, course=course).exists()  # kept


def test_without_a_summary_the_enrolment_itself_is_asked():
    course = CourseFactory()
    learner = enrolled(course)
    CourseProgress.objects.filter(user=learner, course=course).delete()  # e.g. not yet computed
    stranger = UserFactory()

    assert enrolment_and_summary(learner, course) == (True, None)
    assert enrolment_and_summary(stranger, course) == (False, None)


def test_a_learner_enrolled_elsewhere_is_not_enrolled_here():
    course, other = CourseFactory(), CourseFactory()
    learner = enrolled(other)

    assert enrolment_and_summary(learner, course) == (False, None)
    assert enrolment_and_summary(learner, other)[0] is True
