"""The site's header (``templates/_site_header.html``), and what it asks about the user."""

from __future__ import annotations

from typing import Any

from django import template

from courses.permissions import imports_documents

register = template.Library()


@register.inclusion_tag("_site_header.html", takes_context=True)
def site_header(context: template.Context) -> dict[str, Any]:
    """``{% site_header %}``: the header of every page, its menu marking the current one.

    The menu's links depend only on the language, the page and the kind of user, so the
    template keeps them with ``{% cache %}`` under those; the user's name, the logout form
    and the login link's way back are rendered for each request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None:  # a page rendered without a request
        return {"request": None}
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "view_name": request.resolver_match.view_name if request.resolver_match else "",
        "is_authenticated": user.is_authenticated,
        "offers_import": imports_documents(user),
        "is_staff": user.is_staff,
        "name": (user.get_short_name() or user.get_username()) if user.is_authenticated else "",
        "login_next": request.get_full_path(),
    }
