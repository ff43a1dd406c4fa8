"""What GIFT's reader and writer share: Moodle's escapes, names and categories."""

from __future__ import annotations

import re

from quizzes.questions import (
    QuestionType,
    TextFormat,
)

GIFT_TYPES: frozenset[QuestionType] = frozenset(QuestionType) - {
    QuestionType.ORDERING,
    QuestionType.CLOZE,
}

WHITESPACE = " \t\n\r\0\x0b"  # what PHP's trim() removes: Moodle trims with it everywhere
LINE_BREAK = re.compile(r"\r\n|\r|\n")
FORMATS = {
    "html": TextFormat.HTML,
    "markdown": TextFormat.MARKDOWN,
    "plain": TextFormat.PLAIN,
    "moodle": TextFormat.MOODLE,
}
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
BLANK = "_____"  # what Moodle puts in the stem where a mid-sentence answer block was
CATEGORY = "$CATEGORY:"
DEFAULT_CATEGORY = "Default"  # the bank's name for the "" category
_CONTEXT_PREFIX = re.compile(r"^\$[A-Za-z0-9_]*\$(?:/|$)")
_NAME_LENGTH = 80  # Moodle names an untitled question after the start of its text
TITLE_LENGTH = 255  # and shortens titles to fit its name column
_DEFAULT_NAME = "Question name"  # Moodle's name for a question whose text gives none

# Moodle's answer weight: ``^%\-*([0-9]{1,2})\.?([0-9]*)%`` (several minus signs crash PHP 8).
WEIGHT = re.compile(r"%([^%\n]*)%")
MOODLE_WEIGHT = re.compile(r"-?[0-9]{1,2}\.?[0-9]*")
NUMBER_LIKE = re.compile(r"[-+0-9.,\s]*")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")  # is_numeric
FORMAT_LIKE = re.compile(r"[a-z]{2,}")
_HTML_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")
# Moodle's extract_idnumber_and_tags_from_comment: ``\]`` stands for "]" inside them.
IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])*)\]")
BAD_IDNUMBER = re.compile(r"[\x00-\x1f\x7f]|\\(?=\])|\\$")  # would not read back
BAD_TAG = re.compile(r"[<>\x00-\x1f\x7f]|\\(?=\])|\\$")

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


def trim(text: str) -> str:
    return text.strip(WHITESPACE)


def encode(line: str) -> str:
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


def decode(text: str) -> str:
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


def shorten(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters at a word boundary, with "..." (shorten_text)."""
    if len(text) <= length:
        return text
    cut = text[: length - 3]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "..."


def default_name(stem: str) -> str:
    """Moodle's name for an untitled question: its text without tags, shortened to 80."""
    text = " ".join(_HTML_TAG.sub("", stem).split())
    return shorten(text, _NAME_LENGTH) or _DEFAULT_NAME


def category_path(raw: str) -> str:
    """A ``$CATEGORY:`` path as a Docent category: no context prefix, no "top", no "Default"."""
    path = _CONTEXT_PREFIX.sub("", trim(raw), count=1)
    if path == "top" or path.startswith("top/"):
        path = path[len("top") :]
    path = "/".join(part.strip() for part in path.split("/") if part.strip())
    return "" if path == DEFAULT_CATEGORY else path
