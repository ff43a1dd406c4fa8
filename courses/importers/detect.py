"""Format detection by content (and by name), text decoding, and dispatch to a parser."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.outline import Outline

from . import docx, html, markdown, pdf, plaintext
from .docx import is_word_package
from .errors import DocumentError
from .limits import ImportLimits, check_outline, check_text

FORMAT_NAMES = {
    "text": "plain text",
    "markdown": "Markdown",
    "html": "HTML",
    "docx": "Word (DOCX)",
    "pdf": "PDF",
}

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

_HTML_DOCUMENT = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_BLOCK_TAG = re.compile(r"<(?:h[1-6]|p|div|body|section|article|ul|ol|table)\b[^>]*>", re.I)
_MARKDOWN_HEADING = re.compile(r"^(?:#{1,6}[ \t]+\S|(?:=+|-+)[ \t]*$)", re.M)


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return control > max(1, len(sample) // 100)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files (.doc, .xls, …)


def decode_text(data: bytes) -> str:
    """Decode text as UTF-8 (with or without BOM) or BOM-marked UTF-16, else cp1252."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DocumentError(
                _("The file's text could not be decoded: it is marked UTF-16 but is not.")
            ) from error
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise DocumentError(
            _("The file's text could not be decoded (tried UTF-8 and Windows-1252).")
        ) from error


def _sniff(data: bytes) -> str:
    """The format the content itself says it is; "zip", "damaged-zip", "ole2" (legacy Office)
    or "binary" for content no parser reads."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        if is_word_package(data):
            return "docx"
        try:
            with zipfile.ZipFile(io.BytesIO(data)):
                pass
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            return "damaged-zip"
        return "zip"
    if data[:8] == _OLE2_MAGIC:
        return "ole2"
    if data.startswith(_UTF16_BOMS):  # UTF-16 text is full of NUL bytes: not binary
        head = data[:65536].decode("utf-16", errors="replace")
    elif _is_binary(data):
        return "binary"
    else:
        head = data[:65536].decode("utf-8", errors="replace")
    head = head.lstrip("\ufeff")  # a byte-order mark is not content (and not whitespace)
    if _HTML_DOCUMENT.match(head) or len(_HTML_BLOCK_TAG.findall(head)) >= 2:
        return "html"
    if _MARKDOWN_HEADING.search(head):
        return "markdown"
    return "text"


_NOT_TEXT = {
    "pdf": gettext_lazy("a PDF"),
    "docx": gettext_lazy("a Word document"),
    "zip": gettext_lazy("a ZIP archive"),
    "damaged-zip": gettext_lazy("a ZIP archive"),
    "ole2": gettext_lazy("an older Microsoft Office file"),
    "binary": gettext_lazy("binary data"),
}


def not_text(data: bytes) -> str | None:
    """What ``data`` is when its content is not text (a PDF, a ZIP…), for a message; None
    for text. For uploads that must be text whatever their name (question files)."""
    kind = _NOT_TEXT.get(_sniff(data))
    return None if kind is None else str(kind)


def detect_format(data: bytes, filename: str = "") -> str:
    """Return one of "text", "markdown", "html", "docx", "pdf", or raise DocumentError.

    The content decides; the file name's extension, when it has a known one, must agree with
    it. Text that merely looks like Markdown is still accepted as a ``.txt`` file, but a file
    named ``.txt`` that holds a PDF, a Word file or an HTML page is refused.
    """
    sniffed = _sniff(data)
    claimed = EXTENSIONS.get(PurePath(filename).suffix.lower()) if filename else None

    if sniffed == "damaged-zip":
        if claimed == "docx":
            raise DocumentError(_("This .docx file is damaged or incomplete (a broken ZIP)."))
        sniffed = "binary"
    if sniffed == "ole2":
        raise DocumentError(
            _(
                "This is an older Microsoft Office file (such as .doc), which Docent cannot "
                "read. Save it as .docx (Word) or PDF and import that file."
            )
        )
    if sniffed == "binary":
        raise DocumentError(
            _("This file is not a document Docent can read: it looks like binary data.")
        )
    if sniffed == "zip":
        if claimed == "docx":
            raise DocumentError(_("This .docx file is damaged or is not a Word document."))
        raise DocumentError(_("This file is a ZIP archive, not a document Docent can read."))
    if claimed is None:
        return sniffed
    if claimed == sniffed:
        return sniffed
    if claimed in {"text", "markdown"} and sniffed in {"text", "markdown"}:
        return claimed
    if claimed == "markdown" and sniffed == "html":
        return "markdown"  # Markdown may embed HTML; the Markdown parser handles both.
    if claimed == "html" and sniffed in {"text", "markdown"}:
        raise DocumentError(
            _("The file is named .html but holds no HTML markup. Rename it to .txt or .md.")
        )
    raise DocumentError(
        _("The file is named %(name)s but its content is %(actual)s, not %(claimed)s.")
        % {
            "name": PurePath(filename).suffix.lower(),
            "actual": FORMAT_NAMES.get(sniffed, sniffed),
            "claimed": FORMAT_NAMES[claimed],
        }
    )


def read_document(*, data: bytes, filename: str = "", max_bytes: int | None = None) -> Outline:
    """Parse a document's bytes into an Outline, or raise DocumentError (also when the
    document is past one of the limits in ``limits``)."""
    from django.conf import settings

    limits = ImportLimits.from_settings()
    limit = settings.DOCENT_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise DocumentError(
            _("The file is %(size).1f MB; the largest document Docent imports is %(limit).1f MB.")
            % {"size": len(data) / 1_048_576, "limit": limit / 1_048_576}
        )
    if not data.strip():
        raise DocumentError(_("The file is empty."))

    kind = detect_format(data, filename)
    if kind == "pdf":
        outline = pdf.parse_pdf(data, limits=limits)
    elif kind == "docx":
        outline = docx.parse_docx(data, limits=limits)
    else:
        text = decode_text(data)
        if not text.strip():
            raise DocumentError(_("The file is empty."))
        check_text(text, kind, limits)
        parser = {
            "text": plaintext.parse_text,
            "markdown": markdown.parse_markdown,
            "html": html.parse_html,
        }
        outline = parser[kind](text)
    check_outline(outline, limits)
    if not any(section.html.strip() or section.title.strip() for section in outline.sections):
        raise DocumentError(_("The document has no text to import."))
    return outline
