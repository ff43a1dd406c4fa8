"""``{% cache_forms %}``: Django's ``{% cache %}`` for a fragment with forms in it.

A fragment kept by ``{% cache %}`` is the same for everyone who is shown it, so a
``{% csrf_token %}`` inside would hand one visitor's token to the next, whose form would then
be refused. This tag keeps the fragment rendered with a mark where each token goes, and writes
the page's own token there on every use: the learner's part of a lesson page, the outline's
"Leave course" form. Rendering those forms, their URLs and their translations on every page
cost a learner's page a tenth of its time (bench/pages.py).

``{% cache_forms 600 name var1 var2 … using="versioned" %}…{% endcache_forms %}`` takes what
``{% cache %}`` takes; the kept copy has a key of its own, never one ``{% cache %}`` writes.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import TemplateSyntaxError
from django.template.base import Node, NodeList, Parser, Token
from django.templatetags.cache import CacheNode
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Where the CSRF token goes in a kept fragment: no rendered text holds a NUL character.
TOKEN_MARK = "\x00csrf-token\x00"  # nosec B105: a marker, not a secret


class _MarkedTokens(Node):
    """The fragment's nodes, rendered with the mark in place of the page's CSRF token."""

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Any) -> str:
        with context.push(csrf_token=TOKEN_MARK):
            return str(self.nodelist.render(context))


class CacheFormsNode(Node):
    def __init__(self, kept: CacheNode, nodelist: NodeList) -> None:
        self.kept = kept  # a CacheNode rendering _MarkedTokens(nodelist)
        self.nodelist = nodelist

    def render(self, context: Any) -> SafeString | str:
        token = context.get("csrf_token")
        # Django's csrf context processor's word for "no token": {% csrf_token %} writes nothing.
        if not token or token == "NOTPROVIDED":  # nosec B105
            return self.nodelist.render(context)
        kept = str(self.kept.render(context))
        # The token is escaped as {% csrf_token %} and {{ csrf_token }} escape it.
        page = kept.replace(TOKEN_MARK, conditional_escape(str(token)))
        return mark_safe(page)  # nosec B308 B703: a rendered template, an escaped token


@register.tag("cache_forms")
def do_cache_forms(parser: Parser, token: Token) -> CacheFormsNode:
    """Read as Django's ``{% cache %}`` reads its arguments, up to ``{% endcache_forms %}``."""
    nodelist = parser.parse(("endcache_forms",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise TemplateSyntaxError(f"'{bits[0]}' tag requires at least 2 arguments.")
    cache_name = None
    if len(bits) > 3 and bits[-1].startswith("using="):
        cache_name = parser.compile_filter(bits[-1].removeprefix("using="))
        bits = bits[:-1]
    kept = CacheNode(
        NodeList([_MarkedTokens(nodelist)]),
        parser.compile_filter(bits[1]),
        f"cache_forms:{bits[2]}",  # the fragment's name, as {% cache %}: not a variable
        [parser.compile_filter(bit) for bit in bits[3:]],
        cache_name,
    )
    return CacheFormsNode(kept, nodelist)
