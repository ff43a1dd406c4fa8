"""PDF → Outline from the text layer: lines set in a clearly larger font are headings.

pypdf extracts each page's text; its ``visitor_text`` callback reports the font, size and
position of every piece, from which lines are rebuilt with their rendered size. The most common
size (by characters) is the body's; lines clearly larger are headings, the largest size being
level 1. Running headers/footers (lines repeated at the top or bottom of several pages) and bare
page numbers are dropped. Hard-wrapped lines are joined into paragraphs (a larger vertical gap,
a short line ending a sentence or a bullet starts a new one; words hyphenated at a line end are
rejoined). Without usable size differences the paragraphs go to the plain-text parser instead.
Positions are page numbers. No text layer, encryption and damage raise DocumentError.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

from courses.outline import Outline, Section
from courses.sanitize import text_to_html

from .errors import DocumentError
from .limits import ImportLimits, check_pages

# A heading's font is at least this much larger than the body's (both ratio and points).
HEADING_RATIO = 1.15
HEADING_MIN_POINTS = 1.0
HEADING_MAX_CHARS = 200
# Lines this close to the top or bottom of the page may be running headers or footers.
EDGE_FRACTION = 0.12
EDGE_LINES = 2

_BULLET = re.compile(r"^\s*([•◦▪▫‣∙·○●■□►▶–—*-])\s+")
_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"  # i … ccclxxxix
_PAGE_NUMBER = re.compile(
    rf"^[\s\-–—]*(?:page\s+|p\.\s*)?(?:\d{{1,4}}|{_ROMAN})(?:\s*(?:/|of)\s*\d{{1,4}})?[\s\-–—]*$",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’)\]]$")

logger = logging.getLogger(__name__)


@dataclass
class _Line:
    page: int
    text: str
    size: float  # rendered font size in points; 0 when unknown
    y: float | None  # baseline height on the page (PDF units, upwards), when known


@dataclass
class _Block:
    """A paragraph or list item being assembled from lines."""

    page: int
    lines: list[str] = field(default_factory=list)
    bullet: bool = False

    def text(self) -> str:
        # Pieces joined once at the end: adding to one growing string is quadratic in the
        # length of the paragraph (a PDF can hold a paragraph of thousands of lines).
        pieces: list[str] = []
        for line in self.lines:
            last = pieces[-1] if pieces else ""
            before = last[-2:-1] or (pieces[-2][-1:] if len(pieces) > 1 else "")
            if not pieces:
                pieces.append(line)
            elif last.endswith("\xad"):
                pieces[-1] = last[:-1]
                pieces.append(line)
            elif last.endswith("-") and before.isalpha() and line[:1].islower():
                pieces[-1] = last[:-1]  # "exam-" + "ple" → "example"
                pieces.append(line)
            elif not any(pieces[-2:]):
                pieces[-1] = line  # nothing yet but empty lines: no space before the first word
            else:
                pieces.extend((" ", line))
        return "".join(pieces).replace("\xad", "")


def _multiply(a: Sequence[float], b: Sequence[float]) -> tuple[float, ...]:
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _page_lines(page: Any, number: int) -> list[_Line]:
    """The page's text lines, with the dominant rendered font size and position of each."""
    lines: list[_Line] = []
    parts: list[str] = []
    sizes: Counter[float] = Counter()  # characters per rendered size
    y: float | None = None

    def finish() -> None:
        nonlocal parts, sizes, y
        text = " ".join("".join(parts).split())
        if text:
            size = sizes.most_common(1)[0][0] if sizes else 0.0
            lines.append(_Line(number, text, size, y))
        parts, sizes, y = [], Counter(), None

    def visit(text: str, cm: Any, tm: Any, font: Any, font_size: Any) -> None:
        nonlocal y
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                finish()
            if not piece:
                continue
            parts.append(piece)
            chars = len(piece.strip())
            if not chars:
                continue
            size = 0.0
            try:
                matrix = _multiply([float(v) for v in tm], [float(v) for v in cm])
                scale = math.hypot(matrix[2], matrix[3]) or math.hypot(matrix[0], matrix[1])
                size = round(float(font_size or 0) * scale * 2) / 2
                if y is None:
                    y = matrix[5]
            except (TypeError, ValueError, IndexError):
                size = 0.0
            sizes[size] += chars

    page.extract_text(visitor_text=visit)
    finish()
    return lines


def _edge_zone(page: Any) -> tuple[float, float] | None:
    """Heights below/above which a line sits in the page's footer/header band."""
    try:
        box = page.mediabox
        bottom, top = float(box.bottom), float(box.top)
    except (AttributeError, TypeError, ValueError, KeyError):
        return None
    height = top - bottom
    if height <= 0:
        return None
    return bottom + height * EDGE_FRACTION, top - height * EDGE_FRACTION


def _edge_lines(lines: list[_Line], zone: tuple[float, float] | None) -> list[_Line]:
    """Lines at the page's top or bottom (the first/last few, inside the edge band if known)."""
    candidates = lines[:EDGE_LINES] + lines[-EDGE_LINES:] if len(lines) > EDGE_LINES else lines
    unique = list({id(line): line for line in candidates}.values())
    if zone is None:
        return unique
    low, high = zone
    return [line for line in unique if line.y is None or line.y <= low or line.y >= high]


def _repeat_key(text: str) -> str:
    """Text compared across pages: a page number inside a running header ("Guide — 12") is
    ignored, but lines with many numbers must match exactly."""
    text = " ".join(text.lower().split())
    if len(re.findall(r"\d+", text)) <= 2:
        text = re.sub(r"\d+", "#", text)
    return text


def _drop_running_lines(
    pages: list[list[_Line]], zones: list[tuple[float, float] | None]
) -> list[list[_Line]]:
    """Remove bare page numbers and running headers/footers repeated across pages."""
    edges = [_edge_lines(lines, zone) for lines, zone in zip(pages, zones, strict=True)]
    seen: Counter[str] = Counter()
    for page_edges in edges:
        seen.update({_repeat_key(line.text) for line in page_edges})
    min_repeats = 2 if len(pages) <= 3 else 3
    body = _body_size([line for lines in pages for line in lines])

    def running(line: _Line) -> bool:
        if _PAGE_NUMBER.match(line.text):
            return True
        if len(pages) < 2 or seen[_repeat_key(line.text)] < min_repeats:
            return False
        # A repeated line set larger than the body is a heading, not a running header.
        return not (body and line.size > body * 1.05)

    result = []
    for lines, page_edges in zip(pages, edges, strict=True):
        drop = {id(line) for line in page_edges if running(line)}
        result.append([line for line in lines if id(line) not in drop])
    return result


def _body_size(lines: list[_Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_heading_line(line: _Line, body: float) -> bool:
    return (
        line.size >= body * HEADING_RATIO
        and line.size - body >= HEADING_MIN_POINTS
        and len(line.text) <= HEADING_MAX_CHARS
        and sum(ch.isalnum() for ch in line.text) >= 2
    )


def _typical_gap(lines: list[_Line], body: float) -> float:
    gaps = []
    for previous, line in itertools.pairwise(lines):
        if (
            previous.page == line.page
            and previous.y is not None
            and line.y is not None
            and abs(previous.size - body) < 0.6
            and abs(line.size - body) < 0.6
        ):
            gap = previous.y - line.y
            if gap > 0:
                gaps.append(round(gap, 1))
    if not gaps:
        return 0.0
    gaps.sort()
    # The lower quartile: wrapped lines are usually the most frequent, paragraph gaps larger.
    gap = gaps[len(gaps) // 4]
    if body and gap > body * 1.7:
        # Every gap is wide: one-line paragraphs apart, not lines of one paragraph.
        gap = body * 1.25
    return gap


def _paragraphs(lines: list[_Line], body: float) -> list[_Block]:
    """Join hard-wrapped body lines into paragraphs and list items."""
    gap = _typical_gap(lines, body)
    lengths = sorted(len(line.text) for line in lines)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    blocks: list[_Block] = []
    previous: _Line | None = None
    for line in lines:
        text = line.text
        bullet = _BULLET.match(text)
        new = previous is None or bullet is not None
        if not new and previous is not None:
            last = blocks[-1].lines[-1]
            if line.page != previous.page:
                # A paragraph runs on to the next page only mid-sentence.
                new = bool(_SENTENCE_END.search(last)) or not text[:1].islower()
            elif previous.y is not None and line.y is not None and gap:
                step = previous.y - line.y
                new = step <= 0 or step > gap * 1.3 + 0.5
            if not new and _SENTENCE_END.search(last) and len(previous.text) < full * 0.7:
                new = True  # a short line ending a sentence ends its paragraph
            if not new and abs(line.size - previous.size) >= 1.0 and line.size and previous.size:
                new = True
        if new:
            blocks.append(_Block(line.page, bullet=bullet is not None))
            if bullet:
                text = text[bullet.end() :]
        blocks[-1].lines.append(text)
        previous = line
    return blocks


def _blocks_html(blocks: list[_Block]) -> str:
    out: list[str] = []
    in_list = False
    for block in blocks:
        text = text_to_html(block.text())
        if block.bullet:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{text}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        out.append(f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    return "".join(out)


def _outline_by_size(lines: list[_Line], body: float) -> Outline | None:
    """Sections cut at lines set clearly larger than the body; None if there are none."""
    heading_sizes = sorted({line.size for line in lines if _is_heading_line(line, body)})
    if not heading_sizes:
        return None
    level_of = {size: index + 1 for index, size in enumerate(reversed(heading_sizes))}

    sections: list[Section] = []
    title, level, position = "", 0, lines[0].page if lines else 1
    body_lines: list[_Line] = []

    def end_section() -> None:
        html = _blocks_html(_paragraphs(body_lines, body))
        if title or html:
            sections.append(Section(title, level, html, position))
        body_lines.clear()

    previous: _Line | None = None
    for line in lines:
        if _is_heading_line(line, body):
            if (
                previous is not None
                and previous is not line
                and not body_lines
                and title
                and _is_heading_line(previous, body)
                and previous.size == line.size
                and previous.page == line.page
                and (
                    previous.y is None
                    or line.y is None
                    or 0 < previous.y - line.y <= line.size * 1.8
                )
            ):
                title = f"{title} {line.text}"  # a heading wrapped onto a second line
            else:
                end_section()
                title, level, position = line.text, level_of[line.size], line.page
        else:
            body_lines.append(line)
        previous = line
    end_section()
    return Outline(format="pdf", sections=tuple(sections))


def _outline_from_text(lines: list[_Line], body: float) -> Outline:
    """No usable font sizes: paragraphs, one per line, go to the plain-text parser."""
    from . import plaintext

    text_lines: list[str] = []
    pages: list[int] = []
    for block in _paragraphs(lines, body):
        text = block.text()
        text_lines.extend([f"• {text}" if block.bullet else text, ""])
        pages.extend([block.page, block.page])
    outline = plaintext.parse_text("\n".join(text_lines))

    def page_of(line_number: int) -> int:
        if not pages:
            return 1
        return pages[min(max(line_number, 1), len(pages)) - 1]

    sections = tuple(
        replace(section, position=page_of(section.position)) for section in outline.sections
    )
    return replace(outline, format="pdf", sections=sections)


def _open(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise DocumentError(
            _("This PDF is damaged or incomplete and cannot be read. Try saving it again.")
        ) from error
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # many PDFs only restrict editing, with no password
        except (DependencyError, NotImplementedError) as error:
            raise DocumentError(
                _(
                    "This PDF is encrypted with a method Docent cannot open. Save an "
                    "unencrypted copy (e.g. “Print to PDF”) and import that."
                )
            ) from error
        except Exception as error:
            raise DocumentError(_("This PDF is encrypted and could not be opened.")) from error
        if not opened:
            raise DocumentError(
                _(
                    "This PDF is protected by a password. Save a copy without the password "
                    "and import that."
                )
            )
    return reader


def parse_pdf(data: bytes, *, limits: ImportLimits | None = None) -> Outline:
    """Read a PDF's text layer into sections, cut at lines set in a larger font."""
    reader = _open(data)
    try:
        count = len(reader.pages)
    except Exception as error:
        raise DocumentError(_("This PDF is damaged: its pages cannot be read.")) from error
    # Before any page's text is extracted: extraction is what costs time.
    check_pages(count, limits or ImportLimits.from_settings())
    try:
        pages = list(reader.pages)
    except Exception as error:
        raise DocumentError(_("This PDF is damaged: its pages cannot be read.")) from error
    if not pages:
        raise DocumentError(_("This PDF has no pages."))

    page_lines: list[list[_Line]] = []
    zones: list[tuple[float, float] | None] = []
    for number, page in enumerate(pages, start=1):
        try:
            page_lines.append(_page_lines(page, number))
        except Exception as error:
            logger.warning("PDF page %s: text extraction failed: %s", number, error)
            raise DocumentError(
                _("Page %(page)d of this PDF is damaged and its text cannot be read.")
                % {"page": number}
            ) from error
        zones.append(_edge_zone(page))

    if not any(line.text.strip() for lines in page_lines for line in lines):
        raise DocumentError(
            _(
                "This PDF has no text layer: its pages are images (a scan, perhaps). Run it "
                "through OCR (text recognition) software, or export the original document as "
                "PDF with text, and import the result."
            )
        )
    lines = [line for page in _drop_running_lines(page_lines, zones) for line in page]
    if not lines:
        raise DocumentError(
            _(
                "This PDF has no text layer besides page headers and numbers: its pages are "
                "images (a scan, perhaps). Run it through OCR (text recognition) software and "
                "import the result."
            )
        )
    body = _body_size(lines)
    outline = _outline_by_size(lines, body) if body else None
    return outline if outline is not None else _outline_from_text(lines, body)
