"""``{% asset "css/docent.css" %}``: ``{% static %}``, worked out once per path per process.

Every page names the same four files in its head. Their URLs cannot change while the
process runs (ManifestStaticFilesStorage reads its manifest once), yet ``{% static %}``
looks each one up again on every page.
"""

from __future__ import annotations

from functools import cache

from django import template
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
@cache
def asset(path: str) -> str:
    return static(path)
