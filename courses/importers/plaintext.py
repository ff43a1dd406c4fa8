"""Plain text → Outline. Headings are bare lines, recognised by how they look and where they stand.

A line is a heading when all of these hold (each rule is explained where it is implemented):

1. It looks like a title (``_title_like``): short (≤ 12 words, ≤ 90 characters), starts with a
   capital letter or a digit, does not end like a sentence or clause (``. , ; : !``; a ``?``
   only in Title Case), and is not a list item, URL, e-mail, code, caption, page number,
   author/date line, salutation or sign-off.
2. It starts a block (``_starts_block``): it is the first line, or follows a blank line, a
   finished sentence, a rule, a metadata line or a heading. The last line of a wrapped
   paragraph and whatever follows a line ending in ":" never start a block.
3. It is not the first line of a wrapped paragraph (``_wraps_on``): the next line does not
   continue it in lowercase, and in a hard-wrapped document the next line's first word would
   have fitted on it (so the break was deliberate, not forced by the wrap width).
4. It introduces body text (``_is_body``): the next line (after any author/date/URL lines) is a
   sentence, a long line, a lowercase line or a list — or another heading that itself
   introduces body ("Chapter 2" / "Methods" / text). A numbered heading may only be followed
   by its own first sub-section that way ("2 Methods" / "2.1 Data" / text), so a table of
   contents does not turn into empty headings.

Explicit markup is a heading without rule 4: a line underlined with ``===`` (level 1), ``---``
(level 2) or ``~~~``/``^^^`` (level 3), and Markdown-style ``# Title`` lines (level = number
of ``#``). Numbered headings take their depth from the number ("2" → 1, "2.3" → 2); other
headings (ALL-CAPS ones included: same rules) are level 1. "1. Title" is a heading only when
it is not part of a numbered list.

Body text: blank lines separate paragraphs. In a hard-wrapped document (``_wrap_width``) the
lines of a paragraph are joined; otherwise each line is its own paragraph, except a line that
continues a sentence in lowercase. List items become ``<ul>``/``<ol>``; lines made only of
punctuation become ``<hr>`` (dropped at the edges of a section). Every word of the document
lands in exactly one section. Pure and linear: no I/O, all patterns compiled once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from courses.outline import Outline, Section
from courses.sanitize import text_to_html

MAX_TITLE_WORDS = 12
MAX_TITLE_CHARS = 90
_MAX_MARKUP_TITLE_WORDS = 20  # underlined and "#" headings say they are headings: allow more
_MAX_META_SKIP = 3  # author, date and URL lines a title may stand above before its body

# Characters that close a quotation or bracket after the punctuation that ends a sentence.
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_SENTENCE_END = ".!?…"  # a line ending so finishes a sentence

# Setext underlines: "=" level 1, "-" level 2, "~"/"^" level 3 (reStructuredText's usual order).
_UNDERLINE_LEVELS = {"=": 1, "-": 2, "~": 3, "^": 3}
_ZERO_WIDTH = str.maketrans("", "", "\ufeff\u200b\u200c\u200d\u2060\u00ad")

_BULLET = re.compile(r"^(?:[-*+•‣◦▪▫●○■□–—·➢➤►▶✓✔✗✘]|o(?=\s))\s+(?=\S)")
_ORDERED = re.compile(
    r"^(?:(?P<num>\d{1,3})[.)]|(?P<low>[a-z])[.)]|(?P<rom>[ivx]{1,5})[.)]|(?P<up>[A-Z])\)"
    r"|\((?:(?P<pnum>\d{1,3})|[a-zA-Z]|[ivx]{1,5})\))\s+(?=\S)"
)
_NUMBERED = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,5})(?P<dot>\.?)\s+(?P<title>\S.*)$")
_ROMAN_NUMBERED = re.compile(r"^(?P<num>[IVXLC]{1,7})\.\s+(?P<title>\S.*)$")
_ATX = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>\S.*?)(?:\s+#+)?$")

_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"\w+")
# Code, markup and table-of-contents leaders do not appear in titles.
_NOT_TITLE = re.compile(r"[{}<>=|\\`]|\w\(\)|\.{4,}|…{2,}|(?:\s\.){3,}")
_CAPTION = re.compile(
    r"^(?:figure|fig\.|table|chart|graph|exhibit|plate|listing|image|photo|diagram)\s*"
    r"[\dIVX]+[a-z]?\s*[.:]",
    re.I,
)
_PAGE_NUMBER = re.compile(r"^(?:page|p\.|pg\.?)\s*\d+(?:\s*(?:of|/)\s*\d+)?$", re.I)
_SALUTATION = re.compile(r"^(?:dear|hi|hey)(?:[\s,!]|$)", re.I)
_AUTHOR = re.compile(
    r"^(?:(?:written|posted|edited|reviewed|prepared|compiled|translated|illustrated|reported"
    r"|photographed|presented|submitted|created|maintained|authored)\s+by\b"
    r"|(?:authors?|by(?:line)?|contributors?|maintainers?|editors?|credits?|written|posted"
    r"|date[ds]?|published|updated|last\s+updated|last\s+modified|revised|created)\s*:\s*\S)",
    re.I,
)
_BYLINE = re.compile(r"^by\s+(?P<names>\S.*)$", re.I)
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w.'’-]*|and|&|de|van|von|der|den|da|di|du|la|le|del|bin|al)[,;]?$"
)
_SIGN_OFF = re.compile(
    r"^(?:(?:best|kind|kindest|warm|warmest|with\s+(?:best|kind|warm)|many)\s+"
    r"(?:regards|wishes|thanks)|regards|sincerely(?:\s+yours)?|yours(?:\s+(?:sincerely|truly"
    r"|faithfully|ever))?|(?:thanks|thank\s+you)(?:\s+(?:again|so\s+much|in\s+advance))?"
    r"|cheers|respectfully(?:\s+yours)?|all\s+the\s+best|take\s+care|talk\s+soon|warmly"
    r"|cordially|faithfully|--)[\s,.!]*$"
    r"|^(?:best|love)\s*,$",  # "Best" or "Love" alone may be a title; with a comma, a sign-off
    re.I,
)
_DATE_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_DATE_OTHER = re.compile(r"[^\w\s,./:\-–—()]")
_DATE_WORDS = frozenset({
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "st", "nd", "rd", "th", "of", "the", "on", "at", "am", "pm", "utc", "gmt",
    "date", "dated", "updated", "last", "published", "posted", "revised", "created", "modified",
    "as",
})  # fmt: skip
_SMALL_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "for", "of", "in", "on", "at", "to", "by",
    "with", "from", "as", "into", "onto", "via", "vs", "per", "over", "than", "up", "out", "off",
})  # fmt: skip
# Lowercase words a sentence can break after but a title does not end with ("… found that the").
_DANGLING_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "with", "from", "for", "by", "at",
    "that", "which", "whose", "is", "are", "was", "were", "be", "been", "its", "their", "our",
    "my", "your", "his", "her", "than", "as", "if", "because", "when", "while",
})  # fmt: skip
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(slots=True)
class _Line:
    """One non-blank source line, normalised, with what it looks like on its own."""

    number: int  # 1-based source line
    text: str  # whitespace collapsed, trimmed
    indent: int
    width: int  # indent + length: where the line ends, for the wrap-width test
    blank_before: bool  # a blank line (or the start of the document) comes right before it
    rule: bool = False  # only punctuation ("***", "-----")
    list_tag: str = ""  # "ul" or "ol" when the line is a list item
    item_text: str = ""  # the item without its marker
    item_number: int | None = None  # an ordered item's arabic number
    numbers: tuple[int, ...] = ()  # a numbered heading's number ("2.3" → (2, 3))
    numbered_style: str = ""  # "plain" ("1 Title"), "dot" ("1. Title"), "multi", "roman"
    meta: bool = False  # an author, date, URL or e-mail line
    sign_off: bool = False  # "Best regards," and the like
    title_like: bool = False
    no_heading: bool = False  # inside a signature block


def _first_word_length(text: str) -> int:
    space = text.find(" ")
    return len(text) if space < 0 else space


def _strip_closers(text: str) -> str:
    return text.rstrip(_CLOSERS) or text


def _ends_with(text: str, characters: str) -> bool:
    return _strip_closers(text)[-1] in characters


def _starts_lowercase(text: str) -> bool:
    return text[0].islower()


def _is_title_case(words: list[str]) -> bool:
    """Every significant word capitalised ("What Is Docent?"), small words aside."""
    stripped = [w.strip(_OPENERS + _CLOSERS + "?") for w in words]
    if not stripped[-1] or stripped[-1].lower() in _SMALL_WORDS:
        return False  # "… at the?" is a sentence cut short, not a title
    significant = [w for w in stripped if w and w.lower() not in _SMALL_WORDS]
    return all(not w[0].islower() for w in significant)


def _is_date(text: str) -> bool:
    """A line that is only a date ("12 March 2024", "2024-03-12", "Updated: May 3, 2024").

    Every token must be a number or a date word and at least one a number, so a heading that
    merely mentions a date ("The Events of March 2003") is not a date line.
    """
    if _DATE_OTHER.search(text):
        return False
    tokens = _DATE_TOKEN.findall(text)
    if not tokens or len(tokens) > 10:
        return False
    return any(t.isdigit() for t in tokens) and all(
        t.isdigit() or t.lower() in _DATE_WORDS for t in tokens
    )


def _is_meta(text: str) -> bool:
    """Author, date and contact lines: they stand around a title, never are one.

    "By Jane Doe" is a byline only when the words after "By" are names ("By the Numbers" is a
    title). A line that is a URL or an e-mail address with at most a short label around it
    ("Jane Doe <jane@example.com>", "Website: https://…") is contact information.
    """
    if _AUTHOR.match(text) or _is_date(text):
        return True
    byline = _BYLINE.match(text)
    if byline:
        words = byline.group("names").split()
        if len(words) <= 8 and all(_NAME_WORD.match(w) for w in words):
            return True
    if "@" in text or "://" in text or "www." in text.lower():
        rest = _EMAIL.sub(" ", _URL.sub(" ", text))
        if rest != text and len(_WORD.findall(rest)) <= 3:
            return True
    return False


def _title_like(text: str) -> bool:
    """Whether a line, on its own, could be a title.

    Titles are short (≤ 12 words, ≤ 90 characters: longer lines are paragraphs), start with a
    capital or a digit (a lowercase start continues a sentence), and do not end like a
    sentence or clause: ``. , ; : !`` mean prose, and a line ending in ":" introduces a list.
    Nor do they end with a lowercase article, conjunction or preposition ("… found that the"):
    only a wrapped sentence breaks there. A question is a title only in Title Case ("What Is
    Docent?"), not as a sentence ("Why does it matter?"). URLs, e-mails, code, captions
    ("Figure 2: …"), page numbers, table-of-contents dot leaders and salutations ("Dear Ann")
    are not titles. (Author, date and sign-off lines are ruled out by ``_classify``.)
    """
    if len(text) > MAX_TITLE_CHARS:
        return False
    words = text.split()
    if len(words) > MAX_TITLE_WORDS:
        return False
    first = text.lstrip(_OPENERS)[:1]
    if not first or not (first.isdigit() or (first.isalpha() and not first.islower())):
        return False
    if not any(c.isalpha() for c in text):
        return False
    last = _strip_closers(text)[-1]
    if last in ".,;:!…" or (last == "?" and not _is_title_case(words)):
        return False
    if len(words) > 1 and words[-1] in _DANGLING_WORDS:
        return False
    if _NOT_TITLE.search(text) or _URL.search(text) or _EMAIL.search(text):
        return False
    return not (_CAPTION.match(text) or _PAGE_NUMBER.match(text) or _SALUTATION.match(text))


def _roman_value(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _classify(line: _Line) -> None:
    """Fill in what a line looks like on its own (list item, numbering, metadata, title)."""
    text = line.text
    line.sign_off = bool(_SIGN_OFF.match(text))  # "--" (an e-mail signature) included
    if not any(c.isalnum() for c in text):
        line.rule = True
        return
    bullet = _BULLET.match(text)
    ordered = None if bullet else _ORDERED.match(text)
    if bullet:
        line.list_tag, line.item_text = "ul", text[bullet.end() :]
    elif ordered:
        line.list_tag, line.item_text = "ol", text[ordered.end() :]
        number = ordered.group("num") or ordered.group("pnum")
        line.item_number = int(number) if number else None
    numbered = _NUMBERED.match(text)
    roman = None if numbered else _ROMAN_NUMBERED.match(text)
    if numbered:
        title = numbered.group("title")
        if title[0].isalpha() and not title[0].islower():
            line.numbers = tuple(int(part) for part in numbered.group("num").split("."))
            if len(line.numbers) > 1:
                line.numbered_style = "multi"
            else:
                line.numbered_style = "dot" if numbered.group("dot") else "plain"
    elif roman and roman.group("title")[0].isupper():
        line.numbers, line.numbered_style = (_roman_value(roman.group("num")),), "roman"
    line.meta = not line.sign_off and _is_meta(text)
    line.title_like = not line.sign_off and not line.meta and _title_like(text)


def _split_lines(text: str) -> list[_Line]:
    """Non-blank lines, normalised: CRLF/CR, tabs, non-breaking and zero-width spaces ignored."""
    lines: list[_Line] = []
    blank_before = True
    raw_lines = text.translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(raw_lines, start=1):
        words = raw.split()  # str.split() splits on every Unicode space, NBSP included
        if not words:
            blank_before = True
            continue
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        clean = " ".join(words)
        line = _Line(number, clean, indent, indent + len(clean), blank_before)
        _classify(line)
        lines.append(line)
        blank_before = False
    return lines


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width a hard-wrapped document was wrapped at, or None if it is not hard-wrapped.

    Look at lines directly followed by another line (inside a block), leaving out list items
    and title-like lines not visibly continued in lowercase (a heading right above its text
    says nothing about wrapping). In a wrapped document most of them end near one width,
    and most of those end mid-sentence (the wrap cut the sentence). A document with one
    paragraph per line has long lines ending in full stops. The width is the longest such
    line, ignoring the few far longer ones (URLs, tables).
    """
    inner = [
        a
        for a, b in pairwise(lines)
        if b.number == a.number + 1
        and not (a.rule or b.rule or a.list_tag)
        and (not a.title_like or _starts_lowercase(b.text))
    ]
    if len(inner) < 2:
        return None
    widths = sorted(line.width for line in inner)
    p90 = widths[int(0.9 * (len(widths) - 1))]
    width = max(w for w in widths if w <= p90 * 1.15)
    if not 30 <= width <= 132:
        return None
    near = [line for line in inner if line.width >= 0.7 * width]
    if len(near) < 0.5 * len(inner):
        return None
    mid_sentence = sum(1 for line in near if not _ends_with(line.text, _SENTENCE_END + ":"))
    return width if mid_sentence >= 0.5 * len(near) else None


class _Parser:
    """The lines of one document, what each looks like, and which of them are headings."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.width = _wrap_width(lines)
        count = len(lines)
        self.heading: list[tuple[str, int] | None] = [None] * count
        self.consumed = [False] * count  # underlines and overlines of setext headings
        self.explicit = [False] * count  # setext and "#" headings
        self._mark_signatures()
        self._unmark_wrapped_numbers()
        self._mark_explicit_headings()

    # -- helpers ---------------------------------------------------------------------------

    def _adjacent(self, index: int) -> bool:
        """Whether line ``index + 1`` follows line ``index`` with no blank line between."""
        lines = self.lines
        return index + 1 < len(lines) and lines[index + 1].number == lines[index].number + 1

    def _full(self, index: int) -> bool:
        """In a wrapped document: the next line's first word would not have fitted on this one,
        so the line break was forced by the wrap width (the paragraph goes on)."""
        if self.width is None or not self._adjacent(index):
            return False
        line, following = self.lines[index], self.lines[index + 1]
        return line.width + 1 + _first_word_length(following.text) > self.width

    def _mark_signatures(self) -> None:
        """The lines after a sign-off ("Best regards,") up to the next blank line are the
        signer's name, role and contact: never headings."""
        active = started = False
        for line in self.lines:
            if active:
                if line.blank_before and started:
                    active = False
                else:
                    line.no_heading = started = True
            if line.sign_off:
                active, started = True, False

    def _unmark_wrapped_numbers(self) -> None:
        """A wrapped sentence can put "1." or "a." at the start of a line ("… as shown in
        table\n2. The …"): right under a line whose sentence goes on, that is not a list item
        (nor a numbered heading) but the rest of the paragraph, marker and all."""
        for index in range(1, len(self.lines)):
            line, previous = self.lines[index], self.lines[index - 1]
            if (
                line.list_tag == "ol"
                and self._adjacent(index - 1)
                and not (previous.list_tag or previous.rule or previous.meta)
                and not _ends_with(previous.text, _SENTENCE_END + ":;")
                and (not previous.title_like or self._full(index - 1))
            ):
                line.list_tag, line.item_text, line.item_number = "", "", None
                line.numbers, line.numbered_style, line.title_like = (), "", False

    def _continues_paragraph(self, index: int) -> bool:
        """Line ``index`` is body text whose sentence goes on into the next line."""
        line = self.lines[index]
        return not (
            line.rule
            or line.meta
            or line.title_like
            or line.sign_off
            or line.list_tag
            or _ends_with(line.text, _SENTENCE_END)
        )

    def _mark_explicit_headings(self) -> None:
        """Headings marked up as such: setext underlines and Markdown "#" lines.

        An underline makes the line above it a heading unless that line is the end of a
        running paragraph (then the rule is a separator) or a list item. An overline of the
        same character (reStructuredText titles) belongs to the heading too.
        """
        lines = self.lines
        for index, line in enumerate(lines):
            if line.rule or line.no_heading:
                continue
            atx = _ATX.match(line.text) if line.indent < 4 else None
            if atx:
                title = atx.group("title")
                if self._explicit_title(title) and (
                    index == 0 or line.blank_before or not self._continues_paragraph(index - 1)
                ):
                    self.heading[index] = (title, len(atx.group("hashes")))
                    self.explicit[index] = True
                continue
            if not self._adjacent(index):
                continue
            under = lines[index + 1]
            char = under.text[0]
            if not (
                under.rule
                and len(under.text) >= 3
                and char in _UNDERLINE_LEVELS
                and under.text == char * len(under.text)
            ):
                continue
            if line.list_tag or not self._explicit_title(line.text):
                continue
            if index > 0 and not line.blank_before and self._continues_paragraph(index - 1):
                continue
            self.heading[index] = (line.text, _UNDERLINE_LEVELS[char])
            self.explicit[index] = True
            self.consumed[index + 1] = True
            above = lines[index - 1] if index > 0 else None
            if above is not None and not line.blank_before and above.text == under.text:
                self.consumed[index - 1] = True  # "=====" / "Title" / "=====": an overline

    @staticmethod
    def _explicit_title(text: str) -> bool:
        """A marked-up heading may be lowercase ("docent") and a little longer, not prose."""
        return (
            len(text.split()) <= _MAX_MARKUP_TITLE_WORDS
            and len(text) <= 2 * MAX_TITLE_CHARS
            and any(c.isalpha() for c in text)
            and _strip_closers(text)[-1] not in ".,;:"
            and not _is_meta(text)
        )

    def _next_content(self, index: int) -> int | None:
        """The next line after ``index``, skipping a few author/date/URL lines and underlines."""
        lines = self.lines
        skipped = 0
        following = index + 1
        while following < len(lines):
            if self.consumed[following]:
                following += 1
            elif lines[following].meta and skipped < _MAX_META_SKIP:
                following += 1
                skipped += 1
            else:
                return following
        return None

    def _is_body(self, index: int) -> bool:
        """Body text: a sentence, a long or lowercase line, a list item, the first line of a
        wrapped paragraph — not a title-like fragment, a rule, a sign-off or a metadata line."""
        line = self.lines[index]
        if line.rule or line.meta or line.sign_off or self.consumed[index]:
            return False
        if self.explicit[index]:
            return False
        return bool(line.list_tag) or not line.title_like or self._wraps_on(index)

    def _wraps_on(self, index: int) -> bool:
        """The line is the first line of a wrapped paragraph: the next line continues it in
        lowercase (and is not an indented code line), or the wrap width forced the break."""
        if not self._adjacent(index):
            return False
        line, following = self.lines[index], self.lines[index + 1]
        if (
            _starts_lowercase(following.text)
            and not following.list_tag  # "a) item" starts a list, not a continuation
            and following.indent <= line.indent
        ):
            return True
        return self._full(index)

    def _starts_block(self, index: int) -> bool:
        """The line begins something new rather than continuing the line before it.

        True at the start, after a blank line, a heading, a rule, a metadata line, a list item
        or a finished sentence (even mid-paragraph: a line that goes on to a next line is
        caught by ``_wraps_on``). A line ending in ":" introduces what follows (even across a
        blank line). Numbered lines following numbered lines each start anew.
        """
        if index == 0:
            return True
        lines = self.lines
        line, previous = lines[index], lines[index - 1]
        if self.heading[index - 1] is not None:
            return True
        if _ends_with(previous.text, ":") and not previous.rule:
            return False
        if line.blank_before or previous.rule or previous.meta or previous.sign_off:
            return True
        if _ends_with(previous.text, _SENTENCE_END):
            return True
        if previous.list_tag and not self._full(index - 1):
            return True
        return bool(line.numbered_style and previous.numbered_style)

    def _in_numbered_list(self, index: int, last_heading_number: int | None) -> bool:
        """A "1. Title" line belongs to a numbered list when a neighbour continues its count:
        the next line is item n+1, or the previous one is item n-1 — unless, after a blank
        line, it continues the numbered headings instead ("2. Methods" after a list ending
        at 2)."""
        lines = self.lines
        line = lines[index]
        number = line.numbers[0]
        if index + 1 < len(lines) and lines[index + 1].item_number == number + 1:
            return True
        if index > 0 and lines[index - 1].item_number == number - 1:
            return not (line.blank_before and last_heading_number == number - 1)
        return False

    def _introduces_body(self, index: int) -> bool:
        """The line is directly followed by body (after any author/date lines)."""
        if self._wraps_on(index):
            return False
        following = self._next_content(index)
        return following is not None and self._is_body(following)

    def _could_head(self, index: int) -> bool:
        """Line-level conditions for a heading other than where it stands."""
        line = self.lines[index]
        if line.no_heading or self.consumed[index] or line.rule:
            return False
        # "1. Title" is a list item too: only numbered lines may be headings among list items.
        return line.title_like and (not line.list_tag or line.numbered_style == "dot")

    # -- resolution ------------------------------------------------------------------------

    def resolve(self) -> None:
        """Decide, top to bottom, which lines are headings (explicit ones are already known)."""
        lines = self.lines
        last_dot_heading: int | None = None
        for index, line in enumerate(lines):
            if self.explicit[index]:
                continue
            if not self._could_head(index) or not self._starts_block(index):
                continue
            if self._wraps_on(index):
                continue
            if line.numbered_style == "dot" and self._in_numbered_list(index, last_dot_heading):
                continue
            following = self._next_content(index)
            if following is None:
                continue  # a title-like last line (a name, a sign-off) heads nothing
            if not (self._is_body(following) or self._chains_to(index, following)):
                continue
            level = len(line.numbers) if line.numbered_style == "multi" else 1
            self.heading[index] = (line.text, level)
            if line.numbered_style == "dot":
                last_dot_heading = line.numbers[0]

    def _chains_to(self, index: int, following: int) -> bool:
        """A heading may stand right above another heading that introduces body ("Chapter 2" /
        "Methods" / text), or above a marked-up heading. A numbered heading only above its
        own first sub-section ("2 Methods" / "2.1 Data"), so a table of contents (a run of
        numbered lines) does not become headings."""
        if self.explicit[following]:
            return not self.lines[index].numbered_style
        line, candidate = self.lines[index], self.lines[following]
        if not self._could_head(following):
            return False
        if line.numbered_style and candidate.numbers != (*line.numbers, 1):
            return False
        if candidate.numbered_style == "dot" and self._in_numbered_list(following, None):
            return False
        return self._introduces_body(following)

    # -- output ----------------------------------------------------------------------------

    def sections(self) -> tuple[Section, ...]:
        sections: list[Section] = []
        title, level, position = "", 0, 0
        body: list[int] = []

        def close() -> None:
            html = self._render(body)
            if title or html:
                start = position or (self.lines[body[0]].number if body else 1)
                sections.append(Section(title, level, html, start))

        for index, line in enumerate(self.lines):
            if self.consumed[index]:
                continue
            heading = self.heading[index]
            if heading is not None:
                close()
                title, level = heading
                position, body = line.number, []
            else:
                body.append(index)
        close()
        return tuple(sections)

    def _joins(self, previous: int, index: int) -> bool:
        """Line ``index`` continues the paragraph of line ``previous`` (no blank between): the
        wrap width forced the break, or a sentence goes on in lowercase."""
        if not self._adjacent(previous) or previous + 1 != index:
            return False
        before, line = self.lines[previous], self.lines[index]
        if before.meta or line.meta or before.sign_off:
            return False  # author, date, URL and sign-off lines stand on their own
        if self._full(previous):
            return True
        return _starts_lowercase(line.text) and not _ends_with(before.text, _SENTENCE_END + ":")

    def _render(self, indices: list[int]) -> str:
        """Body lines → HTML: paragraphs, lists and rules."""
        blocks: list[str] = []
        paragraph: list[str] = []
        items: list[list[str]] = []
        list_tag = ""
        list_start: int | None = None
        item_indent = 0
        previous: int | None = None

        def flush() -> None:
            nonlocal list_tag
            if paragraph:
                blocks.append(f"<p>{text_to_html(_join(paragraph))}</p>")
                paragraph.clear()
            if items:
                inner = "".join(f"<li>{text_to_html(_join(item))}</li>" for item in items)
                start = f' start="{list_start}"' if list_start not in (None, 1) else ""
                blocks.append(f"<{list_tag}{start}>{inner}</{list_tag}>")
                items.clear()
            list_tag = ""

        for index in indices:
            line = self.lines[index]
            if line.rule:
                flush()
                if set(line.text) == {"`"}:
                    pass  # a Markdown code fence: neither words nor a separator
                elif len(line.text) >= 3 and len(set(line.text.replace(" ", ""))) <= 2:
                    blocks.append("<hr>")
                else:
                    blocks.append(f"<p>{text_to_html(line.text)}</p>")
            elif line.list_tag:
                if not (items and list_tag == line.list_tag):
                    flush()
                    list_tag, list_start = line.list_tag, line.item_number
                items.append([line.item_text])
                item_indent = line.indent
            elif (
                items
                and previous is not None
                and previous + 1 == index
                and self._adjacent(previous)
                and (line.indent > item_indent or self._joins(previous, index))
            ):
                items[-1].append(line.text)  # a wrapped list item goes on
            elif paragraph and previous is not None and self._joins(previous, index):
                paragraph.append(line.text)
            else:
                flush()
                paragraph.append(line.text)
            previous = index
        flush()
        while blocks and blocks[0] == "<hr>":
            blocks.pop(0)
        while blocks and blocks[-1] == "<hr>":
            blocks.pop()
        return "".join(blocks)


def _join(pieces: list[str]) -> str:
    """Join wrapped lines with spaces; a word hyphenated at the line end keeps its hyphen."""
    parts = [pieces[0]]
    for before, piece in pairwise(pieces):
        hyphenated = before.endswith("-") and before[-2:-1].isalpha() and piece[0].islower()
        parts.extend(("" if hyphenated else " ", piece))
    return "".join(parts)


def parse_text(text: str) -> Outline:
    """Split plain text into sections at its headings (see the module docstring for the rules).

    The text before the first heading is a level-0 section; each section's ``position`` is the
    1-based source line of its heading (of its first line for the level-0 section).
    """
    parser = _Parser(_split_lines(text))
    parser.resolve()
    return Outline(format="text", sections=parser.sections())
