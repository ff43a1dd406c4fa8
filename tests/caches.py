"""Emptying every cache, for a test that counts a page's queries from a cold start."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches


def caches_clear() -> None:
    """Empty the default cache and the versioned copies (``infrastructure.cache``): two stores,
    so ``cache.clear()`` alone leaves the outlines, plans and fragments in place."""
    for alias in settings.CACHES:
        caches[alias].clear()
