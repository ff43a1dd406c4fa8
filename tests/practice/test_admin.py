"""Review cards and logs in the Django admin: lists, filters and search, at a fixed cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice.models import ReviewCard, ReviewLog
from practice.services import practice_answer
from tests.factories import UserFactory
from tests.practice.factories import ReviewCardFactory

pytestmark = pytest.mark.django_db


def make_cards(count: int) -> list[ReviewCard]:
    cards = [ReviewCardFactory() for _ in range(count)]
    for card in cards:
        practice_answer(card=card, response=1, now=card.due)
    return cards


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["reviewcard", "reviewlog"])
def test_changelists_cost_the_same_queries_at_two_sizes(admin_client, model):
    url = reverse(f"admin:practice_{model}_changelist")
    counts = []
    for size in (1, 8):
        make_cards(size)
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_cards_can_be_searched_by_learner_and_filtered_by_course(admin_client):
    first, second = make_cards(2)
    url = reverse("admin:practice_reviewcard_changelist")

    found = admin_client.get(url, {"q": first.user.username}).context["cl"].result_list
    filtered = admin_client.get(url, {"course__id__exact": second.course_id}).context["cl"]

    assert list(found) == [first]
    assert list(filtered.result_list) == [second]


def test_a_card_page_shows_its_reviews_and_cannot_be_edited(admin_client):
    [card] = make_cards(1)

    page = admin_client.get(reverse("admin:practice_reviewcard_change", args=[card.pk]))

    assert page.status_code == 200
    assert "Again" in page.content.decode()
    assert admin_client.get(reverse("admin:practice_reviewcard_add")).status_code == 403
    assert ReviewLog.objects.count() == 1
