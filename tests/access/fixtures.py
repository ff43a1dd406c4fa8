"""Fixtures shared by the tests that walk every URL: one world for a whole module, and a
logged-in client per role. ``tests/conftest.py`` makes ``access_world`` available; a module
that uses it also keeps its uploads for the module (see ``AccessWorld.media_root``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from .world import World, build_world


@dataclass
class AccessWorld:
    world: World
    sessions: dict[str, str]  # role → session key of a logged-in session
    media_root: Path  # where the world's upload is stored: set MEDIA_ROOT to it in each test


@pytest.fixture(scope="module")
def access_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, in a transaction rolled back at its end; each test runs in
    a savepoint inside it, so what a test changes is gone before the next one."""
    media_root = tmp_path_factory.mktemp("uploads")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        built = build_world()
        sessions = {}
        for role, user in built.users.items():
            client = Client()
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield AccessWorld(world=built, sessions=sessions, media_root=media_root)
        transaction.set_rollback(True)


def client_for(role: str, sessions: dict[str, str], *, enforce_csrf_checks: bool = False) -> Client:
    """A fresh client, logged in as ``role`` by the session made for it in ``world``."""
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client
