"""HTML → Outline: the page's headings (h1–h6) cut it into sections, in document order.

One pass of the standard library's tokenizer. Layout containers (div, section, article, main,
header, body, …) are flattened away so headings nested in them still cut the page; loose text
they held becomes paragraphs. Content elements (p, lists, tables, emphasis, links, …) are
re-serialized with their attributes (the planner sanitizes), closing what HTML closes
implicitly (an unclosed ``<p>`` or ``<li>``) so each section's HTML is well formed. Headings
inside content (a block quote, a list item, a table cell) stay part of the body.

Never lesson text: script, style, noscript, template, nav, iframe/object/embed, svg/math,
canvas, form controls, elements marked hidden, navigation landmarks and the page footer. The
``<title>`` becomes ``Outline.title``. Positions are 1-based source lines of the headings.
"""

from __future__ import annotations

import html as html_lib
from html.parser import HTMLParser

from courses.outline import Outline, Section

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

# Elements whose content is never lesson text (the whole subtree is dropped).
_SKIP = {
    "script", "style", "noscript", "template", "nav", "iframe", "object", "embed", "svg",
    "math", "canvas", "select", "button", "textarea", "datalist", "audio", "video", "map",
}  # fmt: skip
_SKIP_ROLES = {"navigation", "contentinfo", "search"}

# Layout containers: dropped, their children kept; each one is a paragraph boundary.
_CONTAINERS = {
    "html", "head", "body", "main", "div", "section", "article", "header", "hgroup", "aside",
    "center", "form", "fieldset", "details", "summary", "address", "legend", "search",
}  # fmt: skip

# Content elements kept as written. Block ones end a run of loose inline text.
_BLOCKS = {
    "p", "ul", "ol", "dl", "li", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot",
    "tr", "td", "th", "blockquote", "pre", "figure", "figcaption", "hr", *HEADINGS,
}  # fmt: skip
_INLINES = {
    "a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip

# Start tags that implicitly close an open element (a simplified HTML5 tree builder):
# tag → (elements it closes, elements that stop the search).
_TABLE_SCOPE = {"table", "td", "th", "caption"}
_CLOSES_P = _BLOCKS | _CONTAINERS
_IMPLIED = {
    "li": ({"li"}, {"ul", "ol", *_TABLE_SCOPE}),
    "dt": ({"dt", "dd"}, {"dl", *_TABLE_SCOPE}),
    "dd": ({"dt", "dd"}, {"dl", *_TABLE_SCOPE}),
    "tr": ({"tr"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot"}, {"table"}),
    "a": ({"a"}, _BLOCKS),
}


def _attributes(attrs: list[tuple[str, str | None]]) -> str:
    parts = []
    for name, value in attrs:
        if name.startswith("on") or not name.replace("-", "").replace(":", "").isalnum():
            continue  # event handlers never help a lesson; odd names cannot be re-serialized
        if value is None:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{html_lib.escape(value, quote=True)}"')
    return "".join(parts)


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "aria-hidden" and (value or "").strip().lower() == "true":
            return True
        if name == "role" and (value or "").strip().lower() in _SKIP_ROLES:
            return True
        if name == "style" and "display:none" in "".join((value or "").lower().split()):
            return True
    return False


class _Heading:
    def __init__(self, level: int, position: int) -> None:
        self.level = level
        self.position = position
        self.text: list[str] = []
        self.html: list[str] = []
        self.open: list[str] = []  # inline elements open inside the heading

    def markup(self) -> str:
        """The heading's content as balanced HTML (used when it has no text to be a title)."""
        return "".join(self.html) + "".join(f"</{tag}>" for tag in reversed(self.open))


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.title_parts: list[str] | None = None
        self.document_title = ""
        # The section being filled.
        self.section_title = ""
        self.section_level = 0
        self.section_position = 0
        self.body: list[str] = []
        # Loose inline content at the top level, wrapped in <p> when a block boundary comes.
        self.run: list[str] = []
        self.run_has_content = False
        # Open content elements: (tag, emitted). Containers inside content are tracked but
        # not emitted, so their end tags match.
        self.stack: list[tuple[str, bool]] = []
        self.blocks_open = 0
        self.skip_tag = ""
        self.skip_depth = 0
        self.heading: _Heading | None = None

    # -- output ------------------------------------------------------------------------------

    def _line(self) -> int:
        return self.getpos()[0]

    def _out(self, markup: str, *, content: bool = False) -> None:
        if self.heading is not None:
            self.heading.html.append(markup)
        elif self.blocks_open:
            self.body.append(markup)
        else:
            self.run.append(markup)
            if content:
                self.run_has_content = True
        if content and not self.section_position:
            self.section_position = self._line()

    def _push(self, tag: str, emitted: bool) -> None:
        self.stack.append((tag, emitted))
        if tag in _BLOCKS:
            self.blocks_open += 1

    def _pop(self) -> None:
        tag, emitted = self.stack[-1]
        if emitted:  # before the count drops, so a block's end tag stays in the body
            self._out(f"</{tag}>")
        self.stack.pop()
        if tag in _BLOCKS:
            self.blocks_open -= 1

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            self._pop()

    def _find(self, tags: set[str], stop: set[str] | frozenset[str] = frozenset()) -> int:
        for index in range(len(self.stack) - 1, -1, -1):
            tag = self.stack[index][0]
            if tag in tags:
                return index
            if tag in stop:
                return -1
        return -1

    def _flush_run(self) -> None:
        """End the top-level run of inline content: close it and wrap it in a paragraph."""
        self._pop_to(0)  # only inline elements can be open here
        if self.run_has_content:
            self.body.append("<p>" + "".join(self.run).strip() + "</p>")
        self.run = []
        self.run_has_content = False

    def _end_section(self) -> None:
        html = "".join(self.body)
        if self.section_title or html.strip():
            self.sections.append(
                Section(self.section_title, self.section_level, html, self.section_position or 1)
            )
        self.body = []

    def _finish_heading(self) -> None:
        heading, self.heading = self.heading, None
        assert heading is not None
        title = " ".join("".join(heading.text).split())
        if not title:
            # A heading without text (an image, an empty anchor) cuts nothing: keep its content.
            markup = heading.markup()
            if markup.strip():
                self._out(markup, content=True)
            return
        self._end_section()
        self.section_title = title
        self.section_level = heading.level
        self.section_position = heading.position

    # -- tokenizer callbacks ---------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, self_closing: bool) -> None:
        if self.skip_tag:
            if tag == self.skip_tag and not self_closing:
                self.skip_depth += 1
            return
        void = self_closing or tag in _VOID
        if tag in _SKIP or (_is_hidden(attrs) or (tag == "footer" and not self.blocks_open)):
            if not void:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "title":
            if self.title_parts is None and not self.document_title and not void:
                self.title_parts = []  # the first <title> names the document
            elif not void:
                self.skip_tag, self.skip_depth = tag, 1
            return

        if self.heading is not None:
            if tag in _BLOCKS or tag in _CONTAINERS:
                self._finish_heading()  # a block cannot continue a heading's title
            else:
                if tag in _INLINES:
                    self.heading.html.append(f"<{tag}{_attributes(attrs)}>")
                    if not void:
                        self.heading.open.append(tag)
                if tag == "br":
                    self.heading.text.append(" ")
                return

        # Close what this start tag closes implicitly.
        if tag in _CLOSES_P:
            index = self._find({"p"}, _TABLE_SCOPE)
            if index >= 0:
                self._pop_to(index)
        if tag in _IMPLIED:
            closes, stop = _IMPLIED[tag]
            index = self._find(closes, stop)
            if index >= 0:
                self._pop_to(index)
        if tag in HEADINGS and self.stack and self.stack[-1][0] in HEADINGS:
            self._pop()

        if self.blocks_open == 0 and (tag in _CONTAINERS or tag in _BLOCKS):
            self._flush_run()
            if tag in HEADINGS:
                self.heading = _Heading(int(tag[1]), self._line())
                return
            if tag in _CONTAINERS:
                return

        if tag in _CONTAINERS:  # inside content: not emitted, but its end tag must match
            self._push(tag, emitted=False)
            return
        markup = f"<{tag}{_attributes(attrs)}>"
        if tag in _BLOCKS:
            if void:  # <hr>: at the top level, straight into the body
                if self.blocks_open:
                    self._out(markup)
                else:
                    self.body.append(markup)
                return
            self._push(tag, emitted=True)  # first, so the tag goes to the body, not the run
            self._out(markup)
            return
        if tag in _INLINES:
            self._out(markup, content=tag in {"img", "br"})
            if not void:
                self._push(tag, emitted=True)
            return
        # Any other tag (span, font, custom elements, …): dropped, its content kept.

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = ""
            return
        if tag == "title" and self.title_parts is not None:
            self.document_title = " ".join("".join(self.title_parts).split())
            self.title_parts = None
            return
        if self.heading is not None:
            if tag in HEADINGS:
                self._finish_heading()
            elif tag in self.heading.open:
                while self.heading.open:
                    inner = self.heading.open.pop()
                    self.heading.html.append(f"</{inner}>")
                    if inner == tag:
                        break
            elif tag in _CONTAINERS or tag in _BLOCKS:
                self._finish_heading()
                self.handle_endtag(tag)
            return
        if tag in _VOID:
            return
        index = self._find(HEADINGS if tag in HEADINGS else {tag})
        if index >= 0:
            self._pop_to(index)
            if not self.blocks_open and tag in _CONTAINERS | _BLOCKS:
                self._flush_run()
        elif tag in _CONTAINERS:
            # The end of a layout container opened at the top level: whatever content it
            # held is over.
            self._pop_to(0)
            self._flush_run()

    def handle_data(self, data: str) -> None:
        if self.skip_tag:
            return
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self.heading is not None:
            self.heading.text.append(data)
            self.heading.html.append(html_lib.escape(data, quote=False))
            return
        stripped = data.lstrip()
        if not self.blocks_open and not self.run and not stripped:
            return  # whitespace between blocks
        if stripped and not self.section_position:
            # The section starts where its first words do, not at the whitespace before them.
            self.section_position = self._line() + data[: len(data) - len(stripped)].count("\n")
        self._out(html_lib.escape(data, quote=False), content=bool(stripped))

    def close(self) -> None:
        super().close()
        if self.title_parts is not None:
            self.document_title = " ".join("".join(self.title_parts).split())
            self.title_parts = None
        if self.heading is not None:
            self._finish_heading()
        self._pop_to(0)
        self._flush_run()
        self._end_section()


def parse_html(text: str) -> Outline:
    """Split an HTML page (or fragment) into sections at its h1–h6 headings."""
    parser = _Splitter()
    parser.feed(text.lstrip("\ufeff"))
    parser.close()
    return Outline(format="html", sections=tuple(parser.sections), title=parser.document_title)
