"""What django-axes counts failed logins against (``AXES_LOCKOUT_PARAMETERS``), and the
client address it reads (``AXES_CLIENT_IP_CALLABLE``)."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from axes.models import AccessBase
from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``DOCENT_PROXY_COUNT`` reverse proxies
    the address the outermost one saw.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``, so
    the client is the entry that many places from the right; whatever stands further left
    was written by the client and could be anything. A request that came past fewer proxies
    than that (straight to the server) is counted by ``REMOTE_ADDR``.
    """
    proxies = settings.DOCENT_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def lockout_parameters(
    request_or_attempt: HttpRequest | AccessBase, credentials: dict[str, Any] | None = None
) -> list[str | list[str]]:
    """One username from one address, as a rule; the username alone when there is no address.

    A server on a Unix socket (gunicorn gives an empty ``REMOTE_ADDR``) sees no client
    address. Counted per (username, empty address), the failures never added up — axes
    stores the empty address as NULL, then looks for '' — so a password could be guessed
    without end. Counting the username alone locks it out for every client without an
    address, which is all such a server has; clients with an address keep their own count.
    """
    if isinstance(request_or_attempt, AccessBase):
        address = request_or_attempt.ip_address
    else:
        # Set by axes on the request before it asks; read here too for a request it has not seen.
        address = getattr(request_or_attempt, "axes_ip_address", None)
        if address is None:
            address = get_client_ip_address(request_or_attempt)
    if not address:
        return ["username"]
    return [["username", "ip_address"]]
