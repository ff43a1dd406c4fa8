"""The site's header (``templates/_site_header.html``), and what it asks about the user."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from courses.permissions import imports_documents
from docent.cache import versioned_cache

register = template.Library()

# How long a rendered header is kept. Its key names no version: a deploy that changes the
# header changes HEADER_KEY's number.
HEADER_SECONDS = 600
HEADER_KEY = "site-header:2"
# Where a request's own values go in the kept header: markers no rendered text contains.
_HOLES = ("name", "csrf_token", "login_next")
_HOLE = re.compile("\x00hole:(" + "|".join(_HOLES) + ")\x00")


@register.simple_tag(takes_context=True)
def site_header(context: dict[str, Any]) -> SafeString:
    """``{% site_header %}``: the header of every page, its menu marking the current one.

    It is the same for every page with the same language, view, kind of user (signed in or
    not, importer, staff), but for the user's name, the logout form's CSRF token and the
    login link's way back. So it is rendered once per such key, with markers in those three
    places, and kept cut at the markers (as the outline's rows, progress_tags): a page joins
    the pieces with its own values. Rendering its links and translations on every page cost
    a learner's page a tenth of its time (bench/pages.py)."""
    request = context.get("request")
    if request is None:  # a page rendered without a request (none of Docent's views)
        return SafeString("")
    user = request.user
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    keys = {
        "view_name": view_name,
        "is_authenticated": user.is_authenticated,
        "offers_import": imports_documents(user),
        "is_staff": user.is_staff,
    }
    key = ":".join(
        [HEADER_KEY, get_language(), get_script_prefix(), *(str(value) for value in keys.values())]
    )
    pieces: tuple[str, ...] | None = versioned_cache.get(key)
    if pieces is None:
        markers = {hole: f"\x00hole:{hole}\x00" for hole in _HOLES}
        pieces = tuple(_HOLE.split(render_to_string("_site_header.html", keys | markers)))
        versioned_cache.set(key, pieces, HEADER_SECONDS)
    values = _hole_values(request, user, context.get("csrf_token"))
    # Text and hole names alternate: text, hole, text, hole, ..., text.
    return mark_safe(  # nosec B308 B703: kept pieces of a rendered template, escaped values
        "".join(piece if i % 2 == 0 else values[piece] for i, piece in enumerate(pieces))
    )


def _hole_values(request: Any, user: Any, csrf_token: Any) -> dict[str, str]:
    """Each hole's value for this request, escaped as the template would escape it.

    The CSRF token is the page's own (the ``csrf_token`` its context holds, made once per
    page): each new one costs a fresh random mask."""
    values = dict.fromkeys(_HOLES, "")
    if user.is_authenticated:
        values["name"] = conditional_escape(user.get_short_name() or user.get_username())
        token = str(csrf_token) if csrf_token is not None else get_token(request)
        values["csrf_token"] = conditional_escape(token)
    else:
        values["login_next"] = conditional_escape(urlencode(request.get_full_path()))
    return values
