from __future__ import annotations

import pytest
from django.urls import reverse

from progress.services import lesson_open
from tests.factories import UserFactory, course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["enrolment", "lessonprogress", "quizstanding", "courseprogress"])
def test_it_lists_filters_and_searches_progress_rows_read_only(client, model):
    course, lessons = course_with_quizzes(1)
    learner = enrolled(course, UserFactory(username="findme"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    lesson_open(lesson=lessons[0], user=learner)
    url = reverse(f"admin:progress_{model}_changelist")

    page = client.get(url, {"q": "findme"})

    assert page.status_code == 200
    if model != "quizstanding":
        assert "findme" in page.content.decode()
    assert client.get(reverse(f"admin:progress_{model}_add")).status_code == 403
