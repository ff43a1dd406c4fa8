"""The authentication backend that counts failed logins (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


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
