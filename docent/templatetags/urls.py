"""``{% url %}`` as Django's, through the kept ``reverse`` of docent/urls_reversed.py.

Installed as a template builtin (settings.TEMPLATES), so every template's ``{% url %}`` is
this one: Django's tag parses it, and only the reversing differs.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from docent.urls_reversed import reverse

register = template.Library()
_UNSET = object()


class KeptURLNode(URLNode):
    def render(self, context: Any) -> str:
        # Django's URLNode.render, calling the kept reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        # As Django's: the request's current_app if it has one, else its view's namespace.
        current_app: str | None = getattr(request, "current_app", _UNSET)  # type: ignore[arg-type]
        if current_app is _UNSET:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> KeptURLNode:
    """``{% url 'view' arg … %}``, parsed by Django's own tag."""
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
