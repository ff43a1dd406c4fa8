"""Deploy checks of the accounts (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError

from .demo import DEMO_PASSWORD, demo_password_usernames


@register(Tags.security, deploy=True)
def demo_password_check(**kwargs: Any) -> list[CheckMessage]:
    """No active account may keep the demo password (``manage.py setup_demo``) in production."""
    try:
        usernames = demo_password_usernames()
    except DatabaseError:
        # No tables yet (a fresh database, as in CI before migrate): no account to keep it.
        return []
    if not usernames:
        return []
    return [
        Error(
            f"These active accounts log in with the demo password {DEMO_PASSWORD!r}: "
            f"{', '.join(usernames)}.",
            hint="Deactivate or delete them, or change their passwords "
            "(manage.py changepassword USERNAME).",
            id="accounts.E001",
        )
    ]
