"""How large a document may be, in the measures that drive a parser's time and memory.

The upload size alone bounds neither: a 1 MB .docx can unpack to hundreds of megabytes, and a
text file's cost depends on its lines and markup, not its bytes. Each limit is a setting
(README, "Configuration"); every import path (the upload form, the preview, the background
task, ``manage.py import_document``) reads a document through ``read_document``, which applies
them all, so a document past any limit is refused before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from courses.outline import Outline

from .errors import DocumentError


@dataclass(frozen=True)
class ImportLimits:
    unpacked_bytes: int  # a .docx's parts, unpacked, all together
    part_bytes: int  # any one part of a .docx (its main XML is parsed as one tree)
    pdf_pages: int
    lines: int  # plain text and Markdown
    line_chars: int  # plain text and Markdown: one line
    markup_chars: int  # Markdown and HTML, whose tokenizers cost per character
    sections: int  # headings, i.e. lessons before planning
    lesson_chars: int  # the HTML of one section

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(
            unpacked_bytes=settings.DOCENT_IMPORT_MAX_UNPACKED_BYTES,
            part_bytes=settings.DOCENT_IMPORT_MAX_PART_BYTES,
            pdf_pages=settings.DOCENT_IMPORT_MAX_PDF_PAGES,
            lines=settings.DOCENT_IMPORT_MAX_LINES,
            line_chars=settings.DOCENT_IMPORT_MAX_LINE_CHARS,
            markup_chars=settings.DOCENT_IMPORT_MAX_MARKUP_CHARS,
            sections=settings.DOCENT_IMPORT_MAX_SECTIONS,
            lesson_chars=settings.DOCENT_IMPORT_MAX_LESSON_CHARS,
        )


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def check_unpacked(total: int, limits: ImportLimits) -> None:
    if total > limits.unpacked_bytes:
        raise DocumentError(
            _("This Word document unpacks to more than %(limit)s; the limit is %(limit)s.")
            % {"limit": filesizeformat(limits.unpacked_bytes)}
        )


def check_part(name: str, size: int, limits: ImportLimits) -> None:
    if size > limits.part_bytes:
        raise DocumentError(
            _(
                "This Word document holds a part (%(name)s) larger than %(limit)s unpacked; "
                "the limit for one part is %(limit)s."
            )
            % {"name": name, "limit": filesizeformat(limits.part_bytes)}
        )


def check_pages(pages: int, limits: ImportLimits) -> None:
    if pages > limits.pdf_pages:
        raise DocumentError(
            _("This PDF has %(pages)s pages; the limit is %(limit)s pages.")
            % {"pages": _count(pages), "limit": _count(limits.pdf_pages)}
        )


def check_text(text: str, kind: str, limits: ImportLimits) -> None:
    """Refuse text whose size would make its parser slow or large, before parsing it.

    Every check is one linear pass (``str.count``, ``str.find``): a 15 MB single line is
    refused in milliseconds.
    """
    if kind in {"markdown", "html"} and len(text) > limits.markup_chars:
        raise DocumentError(
            _(
                "This document has %(size)s characters; the limit for Markdown and HTML is "
                "%(limit)s characters. Split it into several documents."
            )
            % {"size": _count(len(text)), "limit": _count(limits.markup_chars)}
        )
    if kind not in {"text", "markdown"}:
        return  # HTML is often written on very long lines (minified): its size is checked
    lines = text.count("\n") + 1
    if lines > limits.lines:
        raise DocumentError(
            _("This document has %(lines)s lines; the limit is %(limit)s lines.")
            % {"lines": _count(lines), "limit": _count(limits.lines)}
        )
    start, number = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > limits.line_chars:
            raise DocumentError(
                _(
                    "Line %(line)s of this document is longer than %(limit)s characters, "
                    "the limit for one line."
                )
                % {"line": _count(number), "limit": _count(limits.line_chars)}
            )
        start, number = end + 1, number + 1


def check_outline(outline: Outline, limits: ImportLimits) -> None:
    """What any format can produce in excess: too many sections, or one huge section."""
    if len(outline.sections) > limits.sections:
        raise DocumentError(
            _("This document has %(count)s sections (headings); the limit is %(limit)s.")
            % {"count": _count(len(outline.sections)), "limit": _count(limits.sections)}
        )
    for section in outline.sections:
        if len(section.html) > limits.lesson_chars:
            name = section.title or _("the text before the first heading")
            raise DocumentError(
                _(
                    "The section “%(title)s” has more than %(limit)s characters, the limit "
                    "for one lesson. Add headings to divide it."
                )
                % {"title": name[:80], "limit": _count(limits.lesson_chars)}
            )
