"""accounts.backends.AccountBackend: a role change shows on the next page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import INSTRUCTOR, STUDENT, user_role_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_role_change_shows_on_the_very_next_page(client):
    user = UserFactory()
    user_role_set(user=user, role=STUDENT)
    client.force_login(user)
    import_link = reverse("courses:import")

    assert import_link not in client.get(reverse("courses:catalogue"), secure=True).text
    user_role_set(user=user, role=INSTRUCTOR)
    assert import_link in client.get(reverse("courses:catalogue"), secure=True).text
    user_role_set(user=user, role=STUDENT)
    assert import_link not in client.get(reverse("courses:catalogue"), secure=True).text
