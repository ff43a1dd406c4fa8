"""Project-level views that belong to no app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def bench_ping(request: HttpRequest) -> HttpResponse:
    """The cheapest page Django can serve: the baseline bench/pages.py compares pages with.

    Routed only when ``DOCENT_BENCH_PING`` is on (see docent/urls.py).
    """
    return HttpResponse("pong", content_type="text/plain")
