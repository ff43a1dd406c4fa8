"""Question text as safe HTML: every stem, answer and feedback is hostile until cleaned."""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from courses.sanitize import sanitize_html

from .questions import TextFormat

_markdown = MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=4096)
def _render(text: str, text_format: str) -> str:
    if text_format == TextFormat.HTML:
        return sanitize_html(text)
    if text_format == TextFormat.MARKDOWN:
        return sanitize_html(_markdown.render(text))
    # Plain text and Moodle's auto-format: paragraphs and line breaks, nothing else.
    return linebreaks(escape(text)) if "\n" in text else str(escape(text))


def render_text(text: str, text_format: str | None) -> SafeString:
    """``text`` written in ``text_format`` as HTML that is safe to put in any page."""
    return mark_safe(_render(text, text_format or TextFormat.MOODLE))  # nosec B308 B703: sanitized above


def render_inline(text: str, text_format: str | None) -> SafeString:
    """Like render_text, for short texts shown inside a line (choices, matching items)."""
    html = _render(text, text_format or TextFormat.MOODLE)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # nosec B308 B703: sanitized above
