"""Authentication backends: django-axes' lock-out check, then username and password."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .demo import demo_password_refused

if TYPE_CHECKING:
    from .models import User


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, first in ``AUTHENTICATION_BACKENDS``.

    Every login form (the site's and the admin's) passes the request, so every one is
    counted. A call without a request (``Client.login`` in tests, scripts) has no client
    address to count against: it is left to the next backend instead of failing.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


class AccountBackend(ModelBackend):
    """Django's ``ModelBackend``, which refuses the demo password with DEBUG off."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        """As ``ModelBackend``, except that the demo password logs no one in with DEBUG off:
        a demo account left on a production server opens nothing."""
        if demo_password_refused(password):
            return None
        user: User | None = super().authenticate(request, username, password, **kwargs)
        return user
