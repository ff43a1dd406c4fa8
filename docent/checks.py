"""Deploy checks of Docent's own (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.caches, deploy=True)
def cache_shared_check(**kwargs: Any) -> list[CheckMessage]:
    """Several gunicorn workers must share one cache (and the sessions it holds): Redis."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The cache lives inside each worker process.",
                hint="Set REDIS_URL so that every worker shares the cache and sessions.",
                id="docent.W001",
            )
        ]
    return []
