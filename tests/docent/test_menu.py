"""The main menu (templates/base.html) is kept in the cache per language, page, sign-in and
import right: each visitor must still get the menu that is theirs."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import INSTRUCTOR, STUDENT, user_role_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("courses:catalogue")
DASHBOARD = reverse("progress:dashboard")
IMPORT = reverse("courses:import")


def menu(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return page[page.index("<header>") : page.index("</header>")]


def current(html: str) -> list[str]:
    """The links the menu marks as the current page."""
    return re.findall(r'href="([^"]*)" aria-current="page"', html)


def signed_in(role: str) -> Client:
    user = UserFactory()
    user_role_set(user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


def test_the_current_page_is_marked_on_each_page_while_the_menu_is_kept():
    client = signed_in(STUDENT)

    assert current(menu(client, CATALOGUE)) == [CATALOGUE]
    assert current(menu(client, DASHBOARD)) == [DASHBOARD]
    assert current(menu(client, CATALOGUE)) == [CATALOGUE]


def test_each_visitor_gets_their_own_menu_from_the_same_page():
    instructor, student, visitor = signed_in(INSTRUCTOR), signed_in(STUDENT), Client()

    for _ in range(2):  # the second round reads the kept menus
        assert IMPORT in menu(instructor, CATALOGUE)
        assert DASHBOARD in menu(instructor, CATALOGUE)
        student_menu = menu(student, CATALOGUE)
        assert IMPORT not in student_menu
        assert DASHBOARD in student_menu
        visitor_menu = menu(visitor, CATALOGUE)
        assert DASHBOARD not in visitor_menu
        assert reverse("login") in visitor_menu


def test_the_right_hand_side_is_never_shared():
    first, second = UserFactory(first_name="Ada"), UserFactory(first_name="Grace")
    clients = []
    for user in (first, second):
        client = Client()
        client.force_login(user)
        clients.append(client)

    assert "Profile (Ada)" in menu(clients[0], CATALOGUE)
    second_menu = menu(clients[1], CATALOGUE)
    assert "Profile (Grace)" in second_menu
    assert "Ada" not in second_menu
