"""Sessions: a signed-in user stays signed in until made inactive or deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_learner_stays_signed_in_until_made_inactive(client):
    user = UserFactory()
    client.force_login(user)
    dashboard = reverse("progress:dashboard")

    assert client.get(dashboard, secure=True).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(dashboard, secure=True)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_deleted_user_is_signed_out(client):
    user = UserFactory()
    client.force_login(user)
    user.delete()

    response = client.get(reverse("progress:dashboard"), secure=True)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
