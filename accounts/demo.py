"""The demo accounts ``manage.py setup_demo`` makes for development, and keeping their
well-known password from opening anything in production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db.models import Q

# Printed by setup_demo and written in the README: known to everyone, so it logs in only
# where DOCENT_DEMO_LOGINS is on (DEBUG, a developer's machine).
DEMO_PASSWORD = "docent-demo"  # nosec B105
DEMO_USERNAMES = ("admin", "instructor", "student")


def demo_password_refused(password: object) -> bool:
    """Whether a login with ``password`` is refused, whoever's account it names."""
    return not settings.DOCENT_DEMO_LOGINS and password == DEMO_PASSWORD


def demo_password_usernames() -> list[str]:
    """Active accounts that still log in with the demo password: the demo accounts and every
    superuser. Each costs a password hash (a good part of a second), so not every account is
    tried; a login with the demo password is refused anyway (``demo_password_refused``)."""
    from .models import User  # backends.py imports this module before the models may be

    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(username__in=DEMO_USERNAMES) | Q(is_superuser=True))
        .order_by("username")
        .values_list("username", "password")
    )
    # hashers.check_password, not User.check_password: that one may re-hash and save.
    return [name for name, encoded in candidates if check_password(DEMO_PASSWORD, encoded)]
