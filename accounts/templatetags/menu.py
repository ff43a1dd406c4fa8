"""What the site's menu (``templates/base.html``) asks about the user."""

from __future__ import annotations

from typing import Any

from django import template

from courses.permissions import imports_documents

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_offers_import(context: dict[str, Any]) -> bool:
    """``{% menu_offers_import as offers_import %}``: whether the menu shows "Import a
    document" (``courses.permissions.imports_documents``)."""
    request = context.get("request")
    return request is not None and imports_documents(request.user)
