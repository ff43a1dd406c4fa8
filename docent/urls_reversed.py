"""``reverse``, worked out once per process for each view and arguments.

A learner's page links to its course, its lessons and its forms: each ``{% url %}`` and
``get_absolute_url`` asks Django's resolver again, 15–25 µs apiece, for URLs that cannot
change while the process runs. Three to five of them were a tenth of what a lesson page costs
beyond the minimal view (bench/pages.py). The answer depends only on what Django's own
reverse reads: the view, its arguments, the current app, and the request's URLconf, script
prefix and language, so all of those are the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language

# Links of a few thousand lessons and courses; each kept URL is a short string.
KEPT_URLS = 8192


def reverse(
    viewname: str,
    *,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """Django's ``reverse(viewname, args=…, kwargs=…, current_app=…)``, kept when every
    argument is a string or an integer (what URLs are built from here); anything else (a
    model instance, a lazy string) is reversed afresh, as Django would."""
    kwargs = kwargs or {}
    if not all(_keepable(value) for value in (*args, *kwargs.values())):
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _kept_reverse(
        viewname,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf(),
        get_script_prefix(),
        get_language(),
    )


def _keepable(value: Any) -> bool:
    # bool is an int, but reversed as "True": rare enough not to keep.
    return type(value) in (str, int)


@lru_cache(maxsize=KEPT_URLS)
def _kept_reverse(
    viewname: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
    urlconf: str | None,
    script_prefix: str,
    language: str | None,
) -> str:
    # script_prefix and language are read again by Django's reverse; they are in the key.
    return django_reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )
