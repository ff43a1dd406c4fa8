"""Word (.docx) → Outline: heading paragraphs cut the document into sections.

python-docx opens the package; the body's XML is then walked directly, in document order
(paragraphs, tables, and content controls that wrap them). A paragraph is a heading when its
style is "Heading 1" … "Heading 9" (Word stores built-in names in English whatever the UI
language), or when it or its style (following ``basedOn``) sets an outline level — which also
covers localized and custom heading styles. The first "Title" paragraph (or else the core
"title" property) becomes ``Outline.title``. Runs keep bold/italic/underline/super-/subscript
and links; numbered and bulleted paragraphs become (nested) ``<ul>``/``<ol>`` lists; tables
become ``<table>`` with ``colspan`` for merged cells. Positions are 1-based indexes of the
body's paragraphs. Anything unreadable raises DocumentError.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from courses.outline import Outline, Section

from .errors import DocumentError
from .limits import ImportLimits, check_part, check_unpacked

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Unpacked bytes read at a time while the parts' real sizes are counted.
_CHUNK = 1024 * 1024

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
_LIST_NAME_LEVEL = re.compile(r"\s([2-9])$")
_FALSE = {"0", "false", "off", "none"}
_TOC_NAME = re.compile(r"^toc(?:\s*\d|\s+heading)", re.I)  # "toc 1", "TOC Heading"


_WORD_MAIN_CONTENT_TYPE = b"wordprocessingml.document.main+xml"


def is_word_package(data: bytes) -> bool:
    """Whether ``data`` is a ZIP package holding a Word document (False for a damaged ZIP)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return True
            # Some producers name the main part differently; its content type says it all.
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= 1_048_576:
                    return _WORD_MAIN_CONTENT_TYPE in archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, KeyError):
        return False
    return False


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: Any, attribute: str = "val") -> str | None:
    if element is None:
        return None
    value = element.get(_w(attribute))
    return None if value is None else str(value)


def _on(element: Any) -> bool:
    """A toggle property (``<w:b/>``, ``<w:i w:val="0"/>``) that is present and not off."""
    return element is not None and (_val(element) or "true").lower() not in _FALSE


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith(f"{{{W}}}"):
        return ""
    return tag[len(W) + 2 :]


@dataclass(frozen=True)
class _StyleInfo:
    name: str
    heading: int  # 0 = not a heading
    title: bool
    list_kind: str  # "", "ul" or "ol"
    list_level: int
    num_id: str | None
    bold: bool
    italic: bool


class _Styles:
    """Resolves paragraph and character styles (following ``basedOn``) once per style id."""

    def __init__(self, styles_element: Any) -> None:
        self._by_id: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self._cache: dict[str | None, _StyleInfo] = {}
        if styles_element is None:
            return
        for style in styles_element.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id is None:
                continue
            self._by_id.setdefault(style_id, style)
            if (
                style.get(_w("type")) == "paragraph"
                and (style.get(_w("default")) or "").lower() in {"1", "true", "on"}
                and self.default_paragraph is None
            ):
                self.default_paragraph = style_id

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style.find(_w("basedOn")))

    def info(self, style_id: str | None) -> _StyleInfo:
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id)
        return self._cache[style_id]

    def _resolve(self, style_id: str | None) -> _StyleInfo:
        chain = list(self._chain(style_id))
        name = (_val(chain[0].find(_w("name"))) or "") if chain else (style_id or "")
        heading = 0
        num_id: str | None = None
        num_level: int | None = None
        bold = italic = False
        bold_set = italic_set = False
        for style in chain:
            style_name = _val(style.find(_w("name"))) or ""
            ppr = style.find(_w("pPr"))
            outline_level = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else None
            if not heading:
                match = _HEADING_NAME.match(style_name.strip())
                if match:
                    heading = int(match.group(1))
                elif outline_level is not None and outline_level.isdigit():
                    # 0–8 are heading levels 1–9; 9 means "body text".
                    heading = int(outline_level) + 1 if int(outline_level) < 9 else -1
            if num_id is None and ppr is not None:
                num_pr = ppr.find(_w("numPr"))
                if num_pr is not None:
                    num_id = _val(num_pr.find(_w("numId")))
                    level = _val(num_pr.find(_w("ilvl")))
                    num_level = int(level) if level and level.isdigit() else None
            rpr = style.find(_w("rPr"))
            if rpr is not None:
                if not bold_set and rpr.find(_w("b")) is not None:
                    bold, bold_set = _on(rpr.find(_w("b"))), True
                if not italic_set and rpr.find(_w("i")) is not None:
                    italic, italic_set = _on(rpr.find(_w("i"))), True

        lowered = name.lower()
        list_kind = ""
        list_level = num_level or 0
        if lowered.startswith(("list bullet", "list number", "list paragraph")) or (
            num_id not in (None, "0")
        ):
            list_kind = "ol" if "number" in lowered else "ul"
            match = _LIST_NAME_LEVEL.search(name)
            if match and num_level is None:
                list_level = int(match.group(1)) - 1  # "List Bullet 2" is nested once
        return _StyleInfo(
            name=name,
            heading=max(heading, 0),
            title=lowered == "title",
            list_kind=list_kind,
            list_level=list_level,
            num_id=num_id if num_id != "0" else None,
            bold=bold or lowered == "strong",
            italic=italic or lowered == "emphasis",
        )


class _Numbering:
    """numId + level → "ul" for bullets, "ol" for anything numbered."""

    def __init__(self, numbering_element: Any) -> None:
        self._formats: dict[tuple[str, int], str] = {}
        if numbering_element is None:
            return
        abstract: dict[str, dict[int, str]] = {}
        for node in numbering_element.iterchildren(_w("abstractNum")):
            levels: dict[int, str] = {}
            for lvl in node.iterchildren(_w("lvl")):
                ilvl = _val(lvl, "ilvl") or "0"
                if ilvl.isdigit():
                    levels[int(ilvl)] = _val(lvl.find(_w("numFmt"))) or "decimal"
            abstract[_val(node, "abstractNumId") or ""] = levels
        for num in numbering_element.iterchildren(_w("num")):
            num_id = _val(num, "numId") or ""
            levels = dict(abstract.get(_val(num.find(_w("abstractNumId"))) or "", {}))
            for override in num.iterchildren(_w("lvlOverride")):
                lvl = override.find(_w("lvl"))
                ilvl = _val(override, "ilvl") or "0"
                if lvl is not None and ilvl.isdigit():
                    levels[int(ilvl)] = _val(lvl.find(_w("numFmt"))) or "decimal"
            for level, fmt in levels.items():
                self._formats[(num_id, level)] = fmt

    def kind(self, num_id: str | None, level: int, fallback: str) -> str:
        fmt = self._formats.get((num_id or "", level)) or self._formats.get((num_id or "", 0))
        if fmt is None:
            return fallback or "ul"
        return "ul" if fmt in {"bullet", "none"} else "ol"


class _Lists:
    """Turns consecutive list paragraphs into (nested) HTML lists."""

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.stack: list[str] = []  # open list tags; each has an open <li>

    def item(self, kind: str, level: int, content: str) -> None:
        level = max(0, min(level, len(self.stack)))  # never skip a nesting level
        while len(self.stack) > level + 1:
            self.out.append(f"</li></{self.stack.pop()}>")
        if len(self.stack) == level + 1:
            if self.stack[-1] == kind:
                self.out.append("</li>")
            else:
                self.out.append(f"</li></{self.stack.pop()}>")
        if len(self.stack) < level + 1:
            self.out.append(f"<{kind}>")
            self.stack.append(kind)
        self.out.append(f"<li>{content}")

    def close(self) -> None:
        while self.stack:
            self.out.append(f"</li></{self.stack.pop()}>")


_RUN_FLAGS = ("strong", "em", "u", "s", "sup", "sub")


class _Reader:
    def __init__(self, document: Any) -> None:
        part = document.part
        self.rels = part.rels
        try:
            styles_element = document.styles.element
        except (KeyError, AttributeError, ValueError, NotImplementedError):
            styles_element = None
        self.styles = _Styles(styles_element)
        numbering_element = None
        try:
            numbering_element = part.numbering_part.element
        except (KeyError, AttributeError, ValueError, NotImplementedError):
            numbering_element = None
        self.numbering = _Numbering(numbering_element)

    # -- inline content --------------------------------------------------------------------

    def _link(self, hyperlink: Any) -> str:
        rel_id = hyperlink.get(f"{{{R}}}id")
        if rel_id and rel_id in self.rels:
            rel = self.rels[rel_id]
            if rel.is_external:
                return str(rel.target_ref)
        return ""

    def _segments(
        self, element: Any, href: str, out: list[tuple[str, frozenset[str], str]]
    ) -> None:
        for child in element.iterchildren():
            name = _local(child)
            if name == "r":
                self._run(child, href, out)
            elif name == "hyperlink":
                self._segments(child, self._link(child) or href, out)
            elif name in {"ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo"}:
                self._segments(child, href, out)
            elif name == "sdt":
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self._segments(content, href, out)
            # w:del / w:moveFrom (deleted text), bookmarks, proofing marks: nothing to show.

    def _run(self, run: Any, href: str, out: list[tuple[str, frozenset[str], str]]) -> None:
        rpr = run.find(_w("rPr"))
        style = self.styles.info(_val(rpr.find(_w("rStyle"))) if rpr is not None else None)
        bold, italic = style.bold, style.italic
        flags: set[str] = set()
        if rpr is not None:
            if rpr.find(_w("b")) is not None:
                bold = _on(rpr.find(_w("b")))
            if rpr.find(_w("i")) is not None:
                italic = _on(rpr.find(_w("i")))
            underline = _val(rpr.find(_w("u")))
            if underline is not None and underline.lower() not in _FALSE:
                flags.add("u")
            if _on(rpr.find(_w("strike"))) or _on(rpr.find(_w("dstrike"))):
                flags.add("s")
            vertical = _val(rpr.find(_w("vertAlign")))
            if vertical == "superscript":
                flags.add("sup")
            elif vertical == "subscript":
                flags.add("sub")
        if bold:
            flags.add("strong")
        if italic:
            flags.add("em")
        frozen = frozenset(flags)
        for child in run.iterchildren():
            name = _local(child)
            if name == "t":
                out.append((html_lib.escape(child.text or "", quote=False), frozen, href))
            elif name in {"tab", "ptab"}:
                out.append((" ", frozen, href))
            elif name == "cr" or (name == "br" and _val(child, "type") in (None, "textWrapping")):
                out.append(("<br>", frozenset(), href))
            elif name == "noBreakHyphen":
                out.append(("-", frozen, href))
            # field codes (instrText), deleted text, drawings, page breaks: not lesson text.

    def inline(self, paragraph: Any) -> tuple[str, str]:
        """HTML of a paragraph's runs, and its plain text (for titles)."""
        segments: list[tuple[str, frozenset[str], str]] = []
        self._segments(paragraph, "", segments)
        parts: list[str] = []
        index = 0
        while index < len(segments):
            _text, flags, href = segments[index]
            end = index
            while end < len(segments) and segments[end][1:] == (flags, href):
                end += 1
            text = "".join(segment[0] for segment in segments[index:end])
            for flag in reversed(_RUN_FLAGS):  # the first flag ends up outermost
                if flag in flags and text.strip():
                    text = f"<{flag}>{text}</{flag}>"
            if href:
                text = f'<a href="{html_lib.escape(href, quote=True)}">{text}</a>'
            parts.append(text)
            index = end
        html = "".join(parts).strip()
        plain = html_lib.unescape(
            re.sub(r"<[^>]+>", " ", "".join(segment[0] for segment in segments))
        )
        return html, " ".join(plain.split())

    # -- paragraphs ------------------------------------------------------------------------

    def classify(self, paragraph: Any) -> tuple[str, int]:
        """("title" | "toc" | "heading" | "ul" | "ol" | "p", level) for a paragraph."""
        ppr = paragraph.find(_w("pPr"))
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        style = self.styles.info(style_id or self.styles.default_paragraph)
        if style.title:
            return "title", 0
        if _TOC_NAME.match(style.name):
            return "toc", 0
        outline_level = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else None
        if outline_level is not None and outline_level.isdigit():
            if int(outline_level) < 9:
                return "heading", int(outline_level) + 1
        elif style.heading:
            return "heading", style.heading
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id, level = style.num_id, style.list_level
        if num_pr is not None:
            own_id = _val(num_pr.find(_w("numId")))
            if own_id == "0":
                return "p", 0  # numbering explicitly removed
            own_level = _val(num_pr.find(_w("ilvl")))
            num_id = own_id or num_id
            if own_level and own_level.isdigit():
                level = int(own_level)
        if num_id or style.list_kind:
            return self.numbering.kind(num_id, level, style.list_kind), level
        return "p", 0

    # -- block content -----------------------------------------------------------------------

    def blocks(self, container: Any) -> Iterator[Any]:
        """The paragraphs and tables of a container, unwrapping content controls."""
        for child in container.iterchildren():
            name = _local(child)
            if name in {"p", "tbl"}:
                yield child
            elif name == "sdt":
                if _is_table_of_contents(child):
                    continue  # Word's generated table of contents: navigation, not text
                content = child.find(_w("sdtContent"))
                if content is not None:
                    yield from self.blocks(content)
            elif name in {"customXml", "ins", "moveTo"}:
                yield from self.blocks(child)

    def table(self, table: Any) -> str:
        out = ["<table>"]
        for row in table.iterchildren(_w("tr")):
            trpr = row.find(_w("trPr"))
            header = trpr is not None and _on(trpr.find(_w("tblHeader")))
            cell_tag = "th" if header else "td"
            out.append("<tr>")
            cells = [c for c in row.iterchildren() if _local(c) in {"tc", "sdt"}]
            for cell in cells:
                if _local(cell) == "sdt":
                    content = cell.find(_w("sdtContent"))
                    inner = content.findall(_w("tc")) if content is not None else []
                else:
                    inner = [cell]
                for tc in inner:
                    tcpr = tc.find(_w("tcPr"))
                    span = _val(tcpr.find(_w("gridSpan"))) if tcpr is not None else None
                    merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                    wide = span is not None and span.isdigit() and span != "1"
                    colspan = f' colspan="{span}"' if wide else ""
                    if merge is not None and (_val(merge) or "continue") == "continue":
                        # Covered by the cell above (a vertical merge): its text is there.
                        out.append(f"<{cell_tag}{colspan}></{cell_tag}>")
                        continue
                    out.append(f"<{cell_tag}{colspan}>{self.cell(tc)}</{cell_tag}>")
            out.append("</tr>")
        out.append("</table>")
        return "".join(out)

    def cell(self, cell: Any) -> str:
        out: list[str] = []
        paragraphs = 0
        lists = _Lists(out)
        for block in self.blocks(cell):
            if _local(block) == "tbl":
                lists.close()
                out.append(self.table(block))
                continue
            html, _text = self.inline(block)
            kind, level = self.classify(block)
            if kind in {"ul", "ol"}:
                lists.item(kind, level, html)
            elif html:
                lists.close()
                out.append(f"<p>{html}</p>")
                paragraphs += 1
        lists.close()
        if paragraphs == 1 and len(out) == 1:
            return out[0][3:-4]  # one plain paragraph: no <p> needed inside a cell
        return "".join(out)


def _is_table_of_contents(sdt: Any) -> bool:
    properties = sdt.find(_w("sdtPr"))
    gallery = None
    if properties is not None:
        part = properties.find(_w("docPartObj"))
        gallery = _val(part.find(_w("docPartGallery"))) if part is not None else None
    return bool(gallery) and "table of contents" in (gallery or "").lower()


def _check_unpacked(data: bytes, limits: ImportLimits) -> None:
    """Refuse a package that unpacks past the limits (a "zip bomb"): first by the sizes its
    directory declares, then by the bytes each part really unpacks to, read a chunk at a time
    and never kept, since a directory can understate them."""
    damaged = DocumentError(
        _("This file is not a readable Word (.docx) document: it is damaged or incomplete.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            for info in infos:
                check_part(info.filename, info.file_size, limits)
            check_unpacked(sum(info.file_size for info in infos), limits)
            total = 0
            for info in infos:
                size = 0
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        check_part(info.filename, size, limits)
                        check_unpacked(total, limits)
    except DocumentError:
        raise  # past a limit (a ValueError too, but not a damaged file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise damaged from error
    except (NotImplementedError, RuntimeError) as error:  # an unknown method, encryption
        raise damaged from error


def _open(data: bytes, limits: ImportLimits) -> Any:
    import docx

    _check_unpacked(data, limits)
    if not is_word_package(data):
        raise DocumentError(
            _("This ZIP file is not a Word (.docx) document: it has no document text inside.")
        )
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on damaged packages
        raise DocumentError(
            _(
                "This Word (.docx) document is damaged and cannot be read. Open it in Word or "
                "LibreOffice, save it again as .docx, and import the new file."
            )
        ) from error


def parse_docx(data: bytes, *, limits: ImportLimits | None = None) -> Outline:
    """Split a Word document into sections at its heading paragraphs."""
    document = _open(data, limits or ImportLimits.from_settings())
    try:
        return _parse(document)
    except (KeyError, ValueError, AttributeError, TypeError, IndexError) as error:
        raise DocumentError(
            _("This Word (.docx) document has a structure Docent cannot read.")
        ) from error


def _parse(document: Any) -> Outline:
    from lxml import etree

    reader = _Reader(document)
    body = document.element.body
    if body is None:
        raise DocumentError(_("This Word (.docx) document has no body text."))

    sections: list[Section] = []
    title = ""
    section_title, section_level, section_position = "", 0, 1
    out: list[str] = []
    lists = _Lists(out)
    paragraph_index = 0

    def end_section() -> None:
        lists.close()
        html = "".join(out)
        if section_title or html.strip():
            sections.append(Section(section_title, section_level, html, section_position))
        out.clear()

    try:
        blocks = list(reader.blocks(body))
    except etree.LxmlError as error:
        raise DocumentError(_("This Word (.docx) document's text is damaged.")) from error

    for block in blocks:
        if _local(block) == "tbl":
            lists.close()
            out.append(reader.table(block))
            continue
        paragraph_index += 1
        kind, level = reader.classify(block)
        html, text = reader.inline(block)
        if kind == "title" and not title and text:
            title = text
            continue
        if kind == "toc":
            continue  # a table-of-contents entry repeats a heading (and a page number)
        if kind == "heading" and text:
            end_section()
            section_title, section_level, section_position = text, level, paragraph_index
            continue
        if kind in {"ul", "ol"}:
            if html:
                lists.item(kind, level, html)
            continue
        if html:
            lists.close()
            if not out and not section_title and not sections:
                section_position = paragraph_index  # the preamble starts here
            out.append(f"<p>{html}</p>")
    end_section()

    if not title:
        title = _core_title(document)
    return Outline(format="docx", sections=tuple(sections), title=title)


def _core_title(document: Any) -> str:
    """The package's core "title" property, only when the package really has one (python-docx
    would otherwise invent a default part titled "Word Document")."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        part = document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
        return " ".join((part.core_properties.title or "").split())
    except (KeyError, ValueError, AttributeError):
        return ""
