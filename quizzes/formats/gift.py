"""GIFT, as Moodle's ``question/format/gift/format.php`` reads and writes it.

A file is a series of questions separated by blank lines; each line is trimmed. Lines starting
with ``//`` are comments (``[tag:…]`` and ``[id:…]`` in them are the question's tags and
idnumber, as in Moodle 3.6+). A question is ``::title::`` (optional), the question text, and
one answer block ``{…}``:

- ``{}`` essay; no braces at all: description (0 points, as in Moodle);
- ``{#…}`` numerical: ``3``, ``3:0.5`` (tolerance), ``1..5`` (a range, stored as midpoint 3
  with tolerance 2), several answers as ``=%50%3:1``, and ``~#feedback`` for any other answer;
- a ``~`` anywhere: multiple choice. With an ``=`` answer it is single choice (``=`` is worth
  100 %); without, multiple response, each ``~%n%`` answer worth n % (negative allowed);
- ``=`` and ``->``: matching, ``=prompt -> answer``; an empty prompt makes a distractor;
- ``T``/``TRUE``/``F``/``FALSE``, then ``#feedback when wrong#feedback when right``;
- anything else: short answer, ``=answer`` or ``=%n%answer`` (``*`` is a wildcard).

``#`` starts an answer's feedback and ``####`` the general feedback. When text follows the
closing ``}``, the block sat mid-sentence ("missing word"): the stem gets ``_____`` in its
place. ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]`` before the question text, an
answer, a feedback or a matching prompt sets its format (default: moodle for the stem, the
stem's format for the rest, which Docent stores as None). ``\\~ \\= \\# \\{ \\} \\:`` and
``\\\\`` stand for the character, ``\\n`` for a line break. A ``$CATEGORY: path`` block sets the
category of the questions after it (Moodle's ``$course$/``… prefix, ``top`` and "Default" are
dropped, as in the Moodle XML format). GIFT has no points: questions are worth 1.

Deliberate differences from Moodle, which reports a broken question and imports the others
(or silently reads something nobody meant):

- any problem refuses the whole file, with the line of every problem;
- errors where Moodle guesses: a second ``{`` or ``}`` in a question (often a missing blank
  line between two questions), a question without text, a blank answer, a numerical answer that
  is not a number (Moodle turns it into ``*``, which accepts anything), a negative tolerance or
  a range whose ends are swapped, text between ``~`` and ``#`` in numerical wrong-answer
  feedback (Moodle drops it), a weight that looks like a number but is not one Moodle reads
  (``%+50%``, ``%1,5%``, ``%150%``), ``=%50%`` in multiple choice (Moodle keeps "%50%" as the
  answer's text at 100 %), a true/false answer in lower case (Moodle makes ``{true}`` a short
  answer) or with a third ``#`` (Moodle keeps it in the feedback), a short
  answer, numerical or single-choice question without a 100 % answer, a multiple-response
  question without a positive weight, a matching question with fewer than two prompts, an
  unknown ``[format]`` tag (lower-case letters, as ``[htm]``; Moodle keeps it as text: write
  ``[moodle][note]`` to start a text with a bracketed word), a ``$CATEGORY:`` line followed by
  more lines (Moodle reads the question below as part of the category's name);
- a weight may be any percentage from -100 to 100 in Moodle's syntax (Moodle refuses grades
  outside its own list unless told to round them); ranges are computed in exact decimals;
- a line holding only "0" is text (PHP's ``empty("0")`` makes Moodle treat it as a blank line);
- escapes in a ``$CATEGORY:`` line are left as written (Moodle leaves its internal placeholders);
- a title is kept as written (Moodle strips HTML tags from it).

Export writes what Moodle's exporter writes, one question per block: a ``// [id:…] [tag:…]``
line when there are tags, the title (the default name when the question has none), the stem
(with its format when not moodle) and the answers, one per line, with every special character
escaped and line breaks as ``\\n``. A stem with one ``_____`` is written with the block in its
place. Formats Docent stores as None are not written; a text that would otherwise read as a
weight or a format tag gets an explicit format. Weights are written as ``%n%`` without trailing
zeros. GIFT cannot hold points, shuffling, or general feedback of a description: they are left
out, as Moodle does. Ordering and cloze questions, and anything the parser would refuse (say a
matching prompt containing ``->``), raise QuestionFormatError naming the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from quizzes.questions import (
    Answer,
    FormatProblem,
    MatchPair,
    QuestionData,
    QuestionFormatError,
    QuestionType,
    TextFormat,
)

from .cloze import decimal_text, normal, parse_decimal

GIFT_TYPES: frozenset[QuestionType] = frozenset(QuestionType) - {
    QuestionType.ORDERING,
    QuestionType.CLOZE,
}

_WHITESPACE = " \t\n\r\0\x0b"  # what PHP's trim() removes: Moodle trims with it everywhere
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FORMATS = {
    "html": TextFormat.HTML,
    "markdown": TextFormat.MARKDOWN,
    "plain": TextFormat.PLAIN,
    "moodle": TextFormat.MOODLE,
}
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_BLANK = "_____"  # what Moodle puts in the stem where a mid-sentence answer block was
_CATEGORY = "$CATEGORY:"
_DEFAULT_CATEGORY = "Default"  # the bank's name for the "" category
_CONTEXT_PREFIX = re.compile(r"^\$[A-Za-z0-9_]*\$(?:/|$)")
_NAME_LENGTH = 80  # Moodle names an untitled question after the start of its text
_TITLE_LENGTH = 255  # and shortens titles to fit its name column
_DEFAULT_NAME = "Question name"  # Moodle's name for a question whose text gives none

# Moodle's answer weight: ``^%\-*([0-9]{1,2})\.?([0-9]*)%`` (several minus signs crash PHP 8).
_WEIGHT = re.compile(r"%([^%\n]*)%")
_MOODLE_WEIGHT = re.compile(r"-?[0-9]{1,2}\.?[0-9]*")
_NUMBER_LIKE = re.compile(r"[-+0-9.,\s]*")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")  # is_numeric
_FORMAT_LIKE = re.compile(r"[a-z]{2,}")
_HTML_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")
# Moodle's extract_idnumber_and_tags_from_comment: ``\]`` stands for "]" inside them.
_IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])*)\]")
_BAD_IDNUMBER = re.compile(r"[\x00-\x1f\x7f]|\\(?=\])|\\$")  # would not read back
_BAD_TAG = re.compile(r"[<>\x00-\x1f\x7f]|\\(?=\])|\\$")

# Escapes. Moodle swaps ``\:`` and friends for placeholders before looking for structure and
# back afterwards; these placeholders are Unicode noncharacters, and a noncharacter already in
# the file is quoted so that it comes back unchanged.
_ESCAPABLE = ":#={}~n"
_PLACEHOLDERS = "".join(chr(0xFDD0 + index) for index in range(len(_ESCAPABLE)))
_QUOTE = chr(0xFDD0 + len(_ESCAPABLE))
_RESERVED = frozenset(_PLACEHOLDERS + _QUOTE)
_UNESCAPED = {
    placeholder: "\n" if char == "n" else char
    for placeholder, char in zip(_PLACEHOLDERS, _ESCAPABLE, strict=True)
}


def _trim(text: str) -> str:
    return text.strip(_WHITESPACE)


def _encode(line: str) -> str:
    """``line`` with each escape replaced by its placeholder, as Moodle's escapedchar_pre.

    ``\\\\`` is a literal backslash and escapes nothing after it; an unknown escape such as
    ``\\a`` stays as written."""
    out = []
    index = 0
    while index < len(line):
        char = line[index]
        following = line[index + 1] if index + 1 < len(line) else ""
        if char == "\\" and following == "\\":
            out.append("\\")
            index += 2
        elif char == "\\" and following and following in _ESCAPABLE:
            out.append(_PLACEHOLDERS[_ESCAPABLE.index(following)])
            index += 2
        else:
            out.append(_QUOTE + char if char in _RESERVED else char)
            index += 1
    return "".join(out)


def _decode(text: str) -> str:
    """Placeholders back to their characters, as Moodle's escapedchar_post."""
    if not any(char in _RESERVED for char in text):
        return text
    out = []
    quoted = False
    for char in text:
        if quoted:
            out.append(char)
            quoted = False
        elif char == _QUOTE:
            quoted = True
        else:
            out.append(_UNESCAPED.get(char, char))
    return "".join(out)


def _shorten(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters at a word boundary, with "..." (shorten_text)."""
    if len(text) <= length:
        return text
    cut = text[: length - 3]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "..."


def _default_name(stem: str) -> str:
    """Moodle's name for an untitled question: its text without tags, shortened to 80."""
    text = " ".join(_HTML_TAG.sub("", stem).split())
    return _shorten(text, _NAME_LENGTH) or _DEFAULT_NAME


def _category_path(raw: str) -> str:
    """A ``$CATEGORY:`` path as a Docent category: no context prefix, no "top", no "Default"."""
    path = _CONTEXT_PREFIX.sub("", _trim(raw), count=1)
    if path == "top" or path.startswith("top/"):
        path = path[len("top") :]
    path = "/".join(part.strip() for part in path.split("/") if part.strip())
    return "" if path == _DEFAULT_CATEGORY else path


# Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A piece of a question's encoded text and the offset it starts at in its block."""

    text: str
    start: int

    def trim(self) -> _Span:
        left = self.text.lstrip(_WHITESPACE)
        return _Span(left.rstrip(_WHITESPACE), self.start + len(self.text) - len(left))

    def cut(self, begin: int, end: int | None = None) -> _Span:
        return _Span(self.text[begin:end], self.start + begin)

    def split(self, separator: str) -> list[_Span]:
        pieces = []
        begin = 0
        while (found := self.text.find(separator, begin)) >= 0:
            pieces.append(self.cut(begin, found))
            begin = found + len(separator)
        pieces.append(self.cut(begin))
        return pieces


def _answer_pieces(pieces: list[_Span]) -> list[_Span]:
    """Moodle's handling of an exploded answer list: text before the first marker is an answer
    unless blank, and every answer is trimmed."""
    first = pieces[0].trim()
    return [piece.trim() for piece in ([first] if first.text else []) + pieces[1:]]


def _choice_pieces(span: _Span) -> list[_Span]:
    """A multiple-choice block cut before each ``~`` (dropped) and ``=`` (kept), as Moodle's
    ``explode("~", str_replace("=", "~=", …))``."""
    pieces = []
    begin = 0
    for index, char in enumerate(span.text):
        if char in "~=":
            pieces.append(span.cut(begin, index))
            begin = index + 1 if char == "~" else index
    pieces.append(span.cut(begin))
    return _answer_pieces(pieces)


@dataclass(frozen=True)
class _Text:
    text: str
    text_format: TextFormat | None


@dataclass(frozen=True)
class _CategoryChange:
    path: str


class _Block:
    """The lines of one question (or category), between blank lines."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.first_line = lines[0][0]
        self.lines = [line for _, line in lines]
        self.comments = "\n".join(line for line in self.lines if line.startswith("//"))
        # Moodle blanks comment lines (keeping them as lines, so offsets still map to lines).
        self.text = "\n".join(
            " " if line.startswith("//") else _encode(line) for line in self.lines
        )

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, max(offset, 0))


def _blocks(text: str) -> Iterator[_Block]:
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
        line = _trim(raw)
        if line:
            current.append((number, line))
        elif current:
            yield _Block(current)
            current = []
    if current:
        yield _Block(current)


class _Reader:
    """Reads one block as Moodle's readquestion does, collecting problems instead of stopping."""

    def __init__(self, block: _Block, problems: list[FormatProblem]) -> None:
        self.block = block
        self.problems = problems
        self.reported = len(problems)
        self.stem_format = TextFormat.MOODLE
        self.opening = 0  # where the answer block's { is: problems with the whole block

    def problem(self, offset: int, message: str) -> None:
        self.problems.append(FormatProblem(self.block.line_at(offset), message))

    @property
    def failed(self) -> bool:
        return len(self.problems) > self.reported

    # Pieces of text ---------------------------------------------------------------------

    def text(self, span: _Span, what: str) -> _Text:
        """Moodle's parse_text_with_format: a ``[format]`` at the very start, then the text
        decoded and trimmed. Empty text has no format."""
        raw = span.text
        text_format = None
        if raw.startswith("["):
            end = raw.find("]")
            name = raw[1:end] if end > 0 else ""
            if name in _FORMATS:
                text_format = _FORMATS[name]
                raw = raw[end + 1 :]
            elif name.lower() in _FORMATS or (
                _FORMAT_LIKE.fullmatch(name) and not raw[end + 1 :].startswith("(")
            ):
                # Moodle would keep "[htm]" as text; a typo in a format tag is likelier.
                self.problem(
                    span.start,
                    f"Unknown text format [{_decode(name)}] at the start of {what}: GIFT knows "
                    "[html], [markdown], [plain] and [moodle] (lower case). To start a text with "
                    f"a bracketed word, put a format first, e.g. [moodle][{_decode(name)}].",
                )
        text = _trim(_decode(raw))
        return _Text(text, text_format if text else None)

    def with_feedback(self, span: _Span, what: str) -> tuple[_Text, _Text]:
        """Moodle's commentparser: the answer, then its feedback after the first ``#``."""
        hash_at = span.text.find("#")
        if hash_at < 0:
            return self.text(span.trim(), what), _Text("", None)
        return (
            self.text(span.cut(0, hash_at).trim(), what),
            self.text(span.cut(hash_at + 1).trim(), f"the feedback of {what}"),
        )

    def weight(self, span: _Span, what: str) -> tuple[Decimal | None, _Span]:
        """The ``%n%`` weight at the start of ``span`` as a fraction (None when there is none)
        and the rest of the answer."""
        match = _WEIGHT.match(span.text)
        if not match:
            return None, span
        content = _decode(match.group(1))
        rest = span.cut(match.end())
        if _MOODLE_WEIGHT.fullmatch(content):
            value = Decimal(content)
            if -100 <= value <= 100:
                return normal(value / 100), rest
            self.problem(
                span.start,
                f"{what.capitalize()}: the weight %{content}% is not between -100% and 100%.",
            )
            return Decimal(0), rest
        if _NUMBER_LIKE.fullmatch(content):
            # Moodle would take "%1,5%" as the start of the answer's text: surely a typo.
            self.problem(
                span.start,
                f"{what.capitalize()}: the weight %{content}% is not a percentage; write it "
                "like %50%, %-25% or %33.33333%.",
            )
            return Decimal(0), rest
        return None, span  # "% of people…": text, as Moodle reads it

    # The question -------------------------------------------------------------------------

    def read(self) -> QuestionData | _CategoryChange | None:
        whole = _Span(self.block.text, 0).trim()
        if not whole.text:
            return None  # only comments
        if whole.text.startswith(_CATEGORY):
            return self.category(whole)
        text, name = self.title(whole)
        braces = self.answer_block(text)
        if braces is None:
            return None
        stem_span, answer, general = braces
        stem = self.text(stem_span, "the question text")
        self.stem_format = stem.text_format or TextFormat.MOODLE
        if not stem.text:
            self.problem(whole.start, "The question has no text.")
        feedback = self.text(general, "the general feedback") if general else _Text("", None)
        fields = self.body(answer)
        if self.failed or fields is None:
            return None
        idnumber, tags = _idnumber_and_tags(self.block.comments)
        return QuestionData(
            stem=stem.text,
            name=name if name else _default_name(stem.text),
            stem_format=self.stem_format,
            general_feedback=feedback.text,
            general_feedback_format=feedback.text_format,
            tags=tags,
            source_line=self.block.line_at(whole.start),
            extra={"idnumber": idnumber} if idnumber else {},
            **fields,
        )

    def category(self, whole: _Span) -> _CategoryChange | None:
        if "\n" in whole.text:
            self.problem(
                whole.text.index("\n") + whole.start + 1,
                f"A {_CATEGORY} line must be followed by a blank line: Moodle would read this "
                "line as part of the category's name.",
            )
            return None
        # The raw line: Moodle does not unescape a category (see the module's docstring).
        line = next(line for line in self.block.lines if line.startswith(_CATEGORY))
        return _CategoryChange(_category_path(line[len(_CATEGORY) :]))

    def title(self, whole: _Span) -> tuple[_Span, str]:
        """The text after ``::title::`` and the title ("" without one). Moodle drops a
        leading ``::`` even when the title is never closed, and reads the rest as text."""
        if not whole.text.startswith("::"):
            return whole, ""
        text = whole.cut(2)
        end = text.text.find("::")
        if end < 0:
            return text, ""
        return text.cut(end + 2).trim(), _shorten(_trim(_decode(text.text[:end])), _TITLE_LENGTH)

    def answer_block(self, text: _Span) -> tuple[_Span, _Span | None, _Span | None] | None:
        """The stem (with ``_____`` for a mid-sentence block), the answer block (None for a
        description) and the general feedback after its last ``####``."""
        opening = text.text.find("{")
        closing = text.text.find("}")
        if opening < 0 and closing < 0:
            return text, None, None
        if closing >= 0 and (opening < 0 or closing < opening):
            self.problem(
                text.start + closing,
                "This } closes no answer block: write a literal brace as \\}.",
            )
            return None
        if closing < 0:
            self.problem(
                text.start + opening,
                "This { opens an answer block that is never closed with }: write a literal "
                "brace as \\{.",
            )
            return None
        # Moodle takes the first { and the first }: anything else means a misplaced brace.
        inner = text.text.find("{", opening + 1, closing)
        if inner >= 0:
            self.problem(
                text.start + inner,
                "This { opens inside the answer block opened on line "
                f"{self.block.line_at(text.start + opening)}: write a literal brace as \\{{.",
            )
            return None
        extra = min(
            (at for at in (text.text.find(c, closing + 1) for c in "{}") if at >= 0), default=-1
        )
        if extra >= 0:
            self.problem(
                text.start + extra,
                f"This {text.text[extra]} follows the answer block closed on line "
                f"{self.block.line_at(text.start + closing)}; a question has only one. Is a blank "
                "line missing between two questions? Write a literal brace as \\{ or \\}.",
            )
            return None
        self.opening = text.start + opening
        answer = text.cut(opening + 1, closing).trim()
        after = text.text[closing + 1 :]
        stem = _Span(text.text[:opening] + (_BLANK + after if after else ""), text.start)
        general = None
        separator = answer.text.rfind("####")
        if separator >= 0:
            general = answer.cut(separator + 4)
            answer = answer.cut(0, separator).trim()
        return stem, answer, general

    def body(self, answer: _Span | None) -> dict[str, Any] | None:
        """The type and answers, told apart in Moodle's order."""
        if answer is None:
            return {"type": QuestionType.DESCRIPTION, "points": Decimal(0)}
        text = answer.text
        if not text:
            return {"type": QuestionType.ESSAY}
        if text.startswith("#"):
            return self.numerical(answer)
        if "~" in text:
            return self.multiple_choice(answer)
        if "=" in text and "->" in text:
            return self.matching(answer)
        hash_at = text.find("#")
        check = _trim(text[:hash_at]) if hash_at > 0 else text
        if check in _TRUE_FALSE:
            return self.true_false(answer, _TRUE_FALSE[check])
        if check.upper() in _TRUE_FALSE:
            # Moodle would make {true} a short answer accepting "true"; surely a mistake.
            self.problem(
                answer.start,
                f"{_decode(check)!r} is not a true/false answer: write T, TRUE, F or FALSE in "
                "capitals (a short answer starts with =, as {=true}).",
            )
            return None
        return self.short_answer(answer)

    # Types --------------------------------------------------------------------------------

    def multiple_choice(self, block: _Span) -> dict[str, Any]:
        single = "=" in block.text
        pieces = _choice_pieces(block)
        if len(pieces) < 2:
            self.problem(self.opening, "A multiple-choice question needs at least two answers.")
        answers = []
        for number, piece in enumerate(pieces, start=1):
            what = f"answer {number}"
            if piece.text.startswith("="):
                fraction: Decimal | None = Decimal(1)
                rest = piece.cut(1)
                if _looks_weighted(rest.trim().text):
                    self.problem(
                        piece.start,
                        f"In multiple choice, = marks a right answer worth 100% and takes no "
                        f"weight: write ~%50%… for partial credit ({what}).",
                    )
            else:
                fraction, rest = self.weight(piece, what)
            text, feedback = self.with_feedback(rest, what)
            if not text.text:
                self.problem(piece.start, f"Answer {number} has no text.")
            answers.append(
                Answer(
                    text.text,
                    fraction if fraction is not None else Decimal(0),
                    feedback.text,
                    text_format=text.text_format,
                    feedback_format=feedback.text_format,
                )
            )
        if not single and pieces and not any(answer.fraction > 0 for answer in answers):
            self.problem(
                self.opening,
                "A multiple-choice question needs a right answer: mark it with = (single "
                "choice) or give the right answers positive weights like ~%50% (multiple "
                "response).",
            )
        return {
            "type": QuestionType.SINGLE_CHOICE if single else QuestionType.MULTIPLE_RESPONSE,
            "answers": tuple(answers),
        }

    def matching(self, block: _Span) -> dict[str, Any]:
        pairs = []
        for number, piece in enumerate(_answer_pieces(block.split("=")), start=1):
            arrow = piece.text.find("->")
            if arrow < 0:
                self.problem(
                    piece.start, f"Matching pair {number} needs the form =prompt -> answer."
                )
                continue
            prompt = self.text(piece.cut(0, arrow), f"the prompt of pair {number}")
            answer = _trim(_decode(piece.text[arrow + 2 :]))
            if not answer:
                self.problem(piece.start, f"Matching pair {number} has no answer after ->.")
            pairs.append(MatchPair(prompt.text, answer, prompt.text_format))
        if sum(1 for pair in pairs if pair.prompt) < 2:
            self.problem(
                self.opening,
                "A matching question needs at least two pairs with a prompt (=prompt -> answer).",
            )
        return {"type": QuestionType.MATCHING, "pairs": tuple(pairs)}

    def true_false(self, block: _Span, value: bool) -> dict[str, Any]:
        bits = block.split("#")
        if len(bits) > 3:
            # Moodle keeps a third # in the "right" feedback; it is likelier a missing escape.
            self.problem(
                bits[3].start - 1,
                "A true/false answer takes at most two feedbacks, #when wrong#when right: "
                "write a literal # as \\#.",
            )
        wrong = self.text(bits[1].trim(), "the feedback") if len(bits) > 1 else _Text("", None)
        right = self.text(bits[2].trim(), "the feedback") if len(bits) > 2 else _Text("", None)
        true_feedback, false_feedback = (right, wrong) if value else (wrong, right)
        return {
            "type": QuestionType.TRUE_FALSE,
            "answers": (
                Answer(
                    "true",
                    Decimal(1 if value else 0),
                    true_feedback.text,
                    feedback_format=true_feedback.text_format,
                ),
                Answer(
                    "false",
                    Decimal(0 if value else 1),
                    false_feedback.text,
                    feedback_format=false_feedback.text_format,
                ),
            ),
        }

    def short_answer(self, block: _Span) -> dict[str, Any]:
        answers = []
        for number, piece in enumerate(_answer_pieces(block.split("=")), start=1):
            what = f"answer {number}"
            fraction, rest = self.weight(piece, what)
            # Moodle reads a [format] here too, and drops it: an accepted answer is plain text.
            text, feedback = self.with_feedback(rest, what)
            if not text.text:
                self.problem(piece.start, f"Answer {number} has no text.")
            answers.append(
                Answer(
                    text.text,
                    fraction if fraction is not None else Decimal(1),
                    feedback.text,
                    feedback_format=feedback.text_format,
                )
            )
        self.check_full_marks(answers, "A short-answer question")
        return {"type": QuestionType.SHORT_ANSWER, "answers": tuple(answers)}

    def numerical(self, block: _Span) -> dict[str, Any]:
        body = block.cut(1)
        other = None
        tilde = body.text.find("~")
        if tilde >= 0:
            other = body.cut(tilde)
            body = body.cut(0, tilde)
        pieces = _answer_pieces(body.split("="))
        if not pieces:
            self.problem(self.opening, "A numerical question needs an answer, e.g. {#42}.")
        answers = []
        for number, piece in enumerate(pieces, start=1):
            what = f"answer {number}"
            fraction, rest = self.weight(piece, what)
            text, feedback = self.with_feedback(rest, what)
            value, tolerance = self.number(piece.start, text.text, what)
            answers.append(
                Answer(
                    value,
                    fraction if fraction is not None else Decimal(1),
                    feedback.text,
                    tolerance,
                    feedback_format=feedback.text_format,
                )
            )
        if other is not None:
            answers.append(self.other_answers(other))
        if pieces:
            self.check_full_marks(answers, "A numerical question")
        return {"type": QuestionType.NUMERICAL, "answers": tuple(answers)}

    def number(self, offset: int, text: str, what: str) -> tuple[str, Decimal | None]:
        """A numerical answer: ``*``, ``value``, ``value:tolerance`` or ``low..high``."""
        if text == "*":
            return text, None
        dots = text.find("..")
        colon = text.find(":")
        if dots > 0:
            low, high = (_number(part) for part in (text[:dots], text[dots + 2 :]))
            if low is None or high is None:
                self.problem(
                    offset, f"{what.capitalize()}: the range {text!r} is not two numbers low..high."
                )
            elif low > high:
                self.problem(
                    offset, f"{what.capitalize()}: the range {text!r} goes from high to low."
                )
            else:
                middle = (low + high) / 2
                return decimal_text(middle), normal(high - middle)
            return text, None
        value_text = _trim(text[:colon]) if colon > 0 else text
        tolerance_text = _trim(text[colon + 1 :]) if colon > 0 else None
        if _number(value_text) is None:
            self.problem(
                offset,
                f"{what.capitalize()} ({text!r}) is not a number: write 3.14, 3.14:0.01 with a "
                "tolerance, 1..5 for a range, or * for any answer.",
            )
            return text, None
        if tolerance_text is None:
            return value_text, None
        tolerance = _number(tolerance_text)
        if tolerance is None or tolerance < 0:
            self.problem(
                offset,
                f"{what.capitalize()}: the tolerance {tolerance_text!r} is not a positive number.",
            )
            return value_text, None
        return value_text, tolerance

    def other_answers(self, span: _Span) -> Answer:
        """``~#feedback`` after numerical answers: feedback for any other answer (a ``*``
        answer worth 0, as Moodle stores it)."""
        hash_at = span.text.find("#")
        head = span.text if hash_at < 0 else span.text[:hash_at]
        if _trim(head) != "~" or span.text.count("~") > 1:
            # Moodle silently drops what sits between ~ and #.
            self.problem(
                span.start,
                "In a numerical question ~ starts the feedback for any other answer, once, "
                "as ~#feedback.",
            )
        feedback = (
            self.text(span.cut(hash_at + 1).trim(), "the feedback for other answers")
            if hash_at >= 0
            else _Text("", None)
        )
        return Answer("*", Decimal(0), feedback.text, feedback_format=feedback.text_format)

    def check_full_marks(self, answers: list[Answer], what: str) -> None:
        if answers and not any(answer.fraction == 1 for answer in answers):
            self.problem(self.opening, f"{what} needs an answer worth 100%.")


def _looks_weighted(text: str) -> bool:
    """Whether ``text`` starts with something meant as a ``%n%`` weight."""
    match = _WEIGHT.match(text)
    if match is None:
        return False
    return bool(_MOODLE_WEIGHT.fullmatch(match.group(1)) or _NUMBER_LIKE.fullmatch(match.group(1)))


def _number(text: str) -> Decimal | None:
    """``text`` as a number if PHP's is_numeric accepts it (and Docent can hold it)."""
    text = _trim(text)
    return parse_decimal(text) if _NUMBER.fullmatch(text) else None


def _idnumber_and_tags(comments: str) -> tuple[str, tuple[str, ...]]:
    """The ``[id:…]`` and ``[tag:…]`` of a question's comment lines (``\\]`` is "]")."""
    match = _IDNUMBER.search(comments)
    idnumber = _trim(match.group(1)).replace("\\]", "]") if match else ""
    tags: list[str] = []
    for raw in _TAG.findall(comments):
        tag = _trim(raw).replace("\\]", "]")
        if tag and tag not in tags:
            tags.append(tag)
    return idnumber, tuple(tags)


def _parse(text: str) -> tuple[list[QuestionData], list[FormatProblem]]:
    problems: list[FormatProblem] = []
    questions = []
    category = ""
    for block in _blocks(text):
        result = _Reader(block, problems).read()
        if isinstance(result, _CategoryChange):
            category = result.path
        elif result is not None:
            questions.append(replace(result, category=category) if category else result)
    return questions, sorted(problems, key=lambda problem: problem.line)


def parse_gift(text: str) -> list[QuestionData]:
    """The questions of a GIFT file; QuestionFormatError lists every problem with its line,
    and nothing is returned from a file with any problem."""
    questions, problems = _parse(text)
    if problems:
        raise QuestionFormatError(problems)
    return questions


# Writing -------------------------------------------------------------------------------------

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
    }
)


class _Unwritable(Exception):
    """A question GIFT cannot hold, with the reason."""


def _clean(text: str) -> str:
    """What survives a trip through GIFT: no carriage returns (Moodle drops them), trimmed."""
    return _trim(text.replace("\r\n", "\n").replace("\r", ""))


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _piece(text: str, text_format: TextFormat | None, fallback: TextFormat) -> str:
    """An answer, feedback or prompt: its format when it has one of its own, or when the text
    would otherwise read as a format tag or a weight."""
    text = _clean(text)
    if text_format is None and text.startswith(("[", "%")):
        text_format = fallback
    prefix = f"[{text_format.value}]" if text_format is not None and text else ""
    return prefix + _escape(text)


def _feedback(text: str, text_format: TextFormat | None, fallback: TextFormat) -> str:
    return "#" + _piece(text, text_format, fallback) if _clean(text) else ""


def _percent(fraction: Decimal) -> str:
    return f"%{decimal_text(fraction * 100)}%"


def _check_fraction(answer: Answer, number: int) -> None:
    if not -1 <= answer.fraction <= 1:
        raise _Unwritable(
            f"answer {number} is worth {_percent(answer.fraction)}: GIFT weights "
            "go from -100% to 100%"
        )


def _choice_lines(question: QuestionData) -> list[str]:
    single = question.type == QuestionType.SINGLE_CHOICE
    if single and not any(answer.fraction == 1 for answer in question.answers):
        raise _Unwritable(
            "GIFT marks the right answer of a single-choice question with =, and "
            "no answer is worth 100%"
        )
    if single and all(answer.fraction == 1 for answer in question.answers):
        # Without a ~ answer, Moodle (and this parser) would read the block as short answer.
        raise _Unwritable(
            "GIFT reads a block of = answers as a short-answer question: a single-choice "
            "question needs a wrong or partly right answer"
        )
    lines = []
    for number, answer in enumerate(question.answers, start=1):
        _check_fraction(answer, number)
        if single and answer.fraction == 1:
            marker = "="
        elif answer.fraction == 0:
            marker = "~"
        else:
            marker = "~" + _percent(answer.fraction)
        fallback = question.stem_format
        lines.append(
            marker
            + _piece(answer.text, answer.text_format, fallback)
            + _feedback(answer.feedback, answer.feedback_format, fallback)
        )
    return lines


def _short_answer_lines(question: QuestionData) -> list[str]:
    lines = []
    for number, answer in enumerate(question.answers, start=1):
        _check_fraction(answer, number)
        if "->" in answer.text or "->" in answer.feedback:
            # Nothing in GIFT escapes "->", and = with -> is how Moodle recognises matching.
            raise _Unwritable(
                f"answer {number} or its feedback contains ->, which GIFT would read as a "
                "matching question"
            )
        weight = "" if answer.fraction == 1 else _percent(answer.fraction)
        # The format of an accepted answer is not kept: Moodle reads it and drops it.
        text = _piece(answer.text, None, question.stem_format)
        feedback = _feedback(answer.feedback, answer.feedback_format, question.stem_format)
        lines.append(f"={weight}{text}{feedback}")
    return lines


def _numerical_lines(question: QuestionData) -> list[str]:
    lines = []
    last = len(question.answers)
    for number, answer in enumerate(question.answers, start=1):
        _check_fraction(answer, number)
        feedback = _feedback(answer.feedback, answer.feedback_format, question.stem_format)
        text = _trim(answer.text)
        if text == "*" and answer.fraction == 0 and number == last:
            lines.append("~" + (feedback or "#"))
            continue
        if text != "*" and _number(text) is None:
            raise _Unwritable(f"answer {number} ({answer.text!r}) is not a number")
        weight = "" if answer.fraction == 1 else _percent(answer.fraction)
        tolerance = (
            ":" + decimal_text(answer.tolerance)
            if answer.tolerance is not None and text != "*"
            else ""
        )
        lines.append(f"={weight}{text}{tolerance}{feedback}")
    return lines


def _matching_lines(question: QuestionData) -> list[str]:
    lines = []
    for number, pair in enumerate(question.pairs, start=1):
        prompt = _clean(pair.prompt)
        if "->" in prompt:
            raise _Unwritable(f"the prompt of pair {number} contains ->, which GIFT cannot hold")
        answer = _escape(_clean(pair.answer))
        lines.append(f"={_piece(prompt, pair.prompt_format, question.stem_format)} -> {answer}")
    return lines


def _true_false_block(question: QuestionData) -> str:
    answers = {answer.text.strip().lower(): answer for answer in question.answers}
    true, false = answers.get("true"), answers.get("false")
    if (
        len(question.answers) != 2
        or true is None
        or false is None
        or sorted((true.fraction, false.fraction)) != [0, 1]
    ):
        raise _Unwritable(
            "a true/false question needs a 'true' and a 'false' answer, one "
            "worth 100% and the other 0%"
        )
    right, wrong = (true, false) if true.fraction == 1 else (false, true)
    fallback = question.stem_format
    right_text = _feedback(right.feedback, right.feedback_format, fallback)
    wrong_text = _feedback(wrong.feedback, wrong.feedback_format, fallback)
    if right_text and not wrong_text:
        wrong_text = "#"
    return ("TRUE" if right is true else "FALSE") + wrong_text + right_text


def _general_feedback(question: QuestionData) -> str:
    if not _clean(question.general_feedback):
        return ""
    return "####" + _piece(
        question.general_feedback, question.general_feedback_format, question.stem_format
    )


def _answer_block(question: QuestionData) -> str:
    kind = question.type
    general = _general_feedback(question)
    if kind == QuestionType.ESSAY:
        return "{" + general + "}"
    if kind == QuestionType.TRUE_FALSE:
        return "{" + _true_false_block(question) + general + "}"
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
        opening, lines = "{", _choice_lines(question)
    elif kind == QuestionType.SHORT_ANSWER:
        opening, lines = "{", _short_answer_lines(question)
    elif kind == QuestionType.NUMERICAL:
        opening, lines = "{#", _numerical_lines(question)
    else:
        opening, lines = "{", _matching_lines(question)
    if general:
        lines.append(general)
    return opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _stem_parts(question: QuestionData) -> tuple[str, str]:
    """The stem before and after its answer block: a single ``_____`` is where the block
    goes ("missing word"), unless nothing follows it (Moodle would then leave no blank)."""
    stem = _clean(question.stem)
    before, blank, after = stem.partition(_BLANK)
    if (
        question.type == QuestionType.DESCRIPTION
        or not blank
        or _BLANK in after
        or not _trim(after)
    ):
        return stem, ""
    return before, after


def _tags_comment(question: QuestionData) -> str:
    bits = []
    idnumber = _trim(question.extra.get("idnumber", ""))
    if idnumber and not _BAD_IDNUMBER.search(idnumber):  # extra is best effort: skipped
        bits.append("[id:" + idnumber.replace("]", "\\]") + "]")
    for tag in dict.fromkeys(_trim(tag) for tag in question.tags):
        if not tag:
            continue
        if _BAD_TAG.search(tag):
            raise _Unwritable(f"the tag {tag!r} cannot be written in a GIFT comment")
        bits.append("[tag:" + tag.replace("]", "\\]") + "]")
    return "// " + " ".join(bits) + "\n" if bits else ""


def _question_gift(question: QuestionData) -> str:
    if question.type not in GIFT_TYPES:
        raise _Unwritable(f"GIFT cannot hold {question.type} questions")
    before, after = _stem_parts(question)
    if not _clean(question.stem):
        raise _Unwritable("GIFT needs question text")
    name = _clean(question.name) or _default_name(_clean(question.stem))
    stem_format = question.stem_format
    # The stem's format is written when it is not Moodle's default, or when the stem would
    # otherwise start with something that reads as a format tag.
    prefix = (
        f"[{stem_format.value}]"
        if stem_format != TextFormat.MOODLE or before.startswith("[")
        else ""
    )
    out = _tags_comment(question) + "::" + _escape(name) + "::" + prefix + _escape(before)
    if question.type != QuestionType.DESCRIPTION:
        out += _answer_block(question) + _escape(after)
    return out


def _label(question: QuestionData, number: int) -> str:
    return f"question {number}" + (f" ({question.name!r})" if question.name else "")


def _unreadable(block: str, question: QuestionData) -> list[str]:
    """What the parser would object to in a written block: export never writes a question
    that its own import (or Moodle's) would refuse or read as another type."""
    questions, problems = _parse(block)
    if problems:
        return [problem.message for problem in problems]
    if [read.type for read in questions] != [question.type]:
        return [f"it would read back as {', '.join(read.type for read in questions)}"]
    return []


def export_gift(questions: Iterable[QuestionData]) -> str:
    """GIFT for the questions, with a ``$CATEGORY:`` line wherever the category changes.
    A question GIFT cannot hold raises QuestionFormatError naming it (check GIFT_TYPES)."""
    blocks = []
    problems: list[FormatProblem] = []
    category = ""
    for number, question in enumerate(questions, start=1):
        path = _category_path(question.category)
        if path != category:
            if "\n" in path or "\r" in path:
                problems.append(
                    FormatProblem(0, f"{_label(question, number)}: the category has a line break")
                )
            blocks.append(f"{_CATEGORY} $course$/top/{path or _DEFAULT_CATEGORY}")
            category = path
        try:
            block = _question_gift(question)
        except _Unwritable as reason:
            problems.append(FormatProblem(0, f"{_label(question, number)}: {reason}."))
            continue
        for message in _unreadable(block, question):
            problems.append(
                FormatProblem(0, f"{_label(question, number)}: GIFT cannot hold it: {message}")
            )
        blocks.append(block)
    if problems:
        raise QuestionFormatError(problems)
    return "".join(block + "\n\n" for block in blocks).removesuffix("\n")
