"""Sentences, words and the word forms the drafting rules compare.

Sentences come from pysbd (rule-based, offline), after the lesson text is cut into lines: a
line is a paragraph or a list item, and no sentence runs across two of them. Every sentence
keeps its exact text and where it starts in the lesson, so a draft can quote it verbatim.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import pysbd
from wordfreq import zipf_frequency

from .lexicon import (
    CONNECTIVES,
    DEMONSTRATIVES,
    NO_SINGULAR_ENDINGS,
    PRONOUN_OPENERS,
    STOPWORDS,
    VERB_FORMS,
)

BLANK = "_____"

# A word: letters and digits, with inner hyphens, apostrophes or dots ("counter-terrorism",
# "don't", "docent.settings"); a trailing possessive "'s" is split off afterwards.
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
_LIST_MARK = re.compile(r"^(?:[-*•–—▪◦·]\s+|\(?\d{1,3}[.)]\s+|\(?[a-zA-Z][.)]\s+)")
# Characters that make a whitespace-separated chunk code rather than prose.
_CODE_CHARS = re.compile(r"[_/\\=<>{}\[\]@#$%^&*+|~`]")
_POSSESSIVE = ("'s", "’s")
_NO_SINGULAR = frozenset(
    [
        "data",
        "media",
        "news",
        "species",
        "series",
        "means",
        "whereabouts",
        "headquarters",
        "analytics",
        "ethics",
        "politics",
        "physics",
        "mathematics",
        "economics",
        "logistics",
    ]
)


@dataclass(frozen=True)
class Token:
    text: str  # as written (without a possessive 's)
    start: int  # offsets in the sentence's text
    end: int
    lower: str
    cap: bool  # starts with a capital letter
    acronym: bool  # NATO, ISIS, HTML
    number: bool  # contains a digit
    code: bool  # part of something like a path, identifier or option
    possessive: bool  # followed by 's
    tight: bool  # nothing but spaces between the previous token and this one


@dataclass(frozen=True)
class Sentence:
    text: str  # exactly as in the lesson
    start: int  # offset in the lesson text
    index: int  # position among the lesson's sentences
    item: bool  # a list item (its bullet is not part of the text)
    tokens: tuple[Token, ...]
    lead: int  # where a stem starts: after an opening connective that can be dropped
    tier: int  # 1 good, 2 acceptable, 3 last resort, 0 never

    @property
    def words(self) -> int:
        return len(self.tokens)


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


@functools.cache
def _inflector() -> Any:
    """inflect's engine, imported on first use.

    inflect wraps its methods in typeguard's ``@typechecked``, which re-parses inflect's whole
    source once per method at import: over a second of start-up for checks of our own string
    arguments. The decorator is made a no-op while inflect is imported (only inflect's
    module-level ``from typeguard import typechecked`` sees it; typeguard is restored after).
    """
    try:
        import typeguard
    except ImportError:  # pragma: no cover - inflect without typeguard
        import inflect
    else:
        original = typeguard.typechecked

        def unchecked(target: Any = None, **_: Any) -> Any:
            return target if target is not None else (lambda function: function)

        typeguard.typechecked = unchecked
        try:
            import inflect
        finally:
            typeguard.typechecked = original
    return inflect.engine()


def word_count(text: str) -> int:
    return len(text.split())


def _code_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"\S+", text):
        chunk = match.group().strip(".,;:!?\"'“”‘’()")
        if _CODE_CHARS.search(chunk) or re.search(r"[^\W\d_][.][^\W\d_]", chunk):
            spans.append((match.start(), match.end()))
    return spans


def tokenize(text: str) -> tuple[Token, ...]:
    code = _code_spans(text)
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        possessive = word.endswith(_POSSESSIVE) and len(word) > 2
        if possessive:
            word = word[:-2]
        end = start + len(word)
        letters = [c for c in word if c.isalpha()]
        gap = text[previous_end:start]
        tokens.append(
            Token(
                text=word,
                start=start,
                end=end,
                lower=word.lower(),
                cap=word[:1].isupper(),
                acronym=len(letters) >= 2 and all(c.isupper() for c in letters),
                number=any(c.isdigit() for c in word),
                code=any(a <= start < b for a, b in code) or "." in word,
                possessive=possessive,
                tight=not tokens or not gap.strip(),
            )
        )
        previous_end = match.end()
    return tuple(tokens)


def _lead(text: str, tokens: tuple[Token, ...]) -> int:
    """Offset after an opening connective ("Moreover, ") that a stem may leave out."""
    lowered = text.lower()
    for connective in CONNECTIVES:
        if lowered.startswith(connective + ","):
            rest = len(connective) + 1
            while rest < len(text) and text[rest] == " ":
                rest += 1
            return rest
    return 0


def _tier(text: str, tokens: tuple[Token, ...], lead: int, *, item: bool = False) -> int:
    """1 good, 2 acceptable, 3 last resort, 0 never (see ``Sentence.tier``).

    A list item that opens with an -ing word or has no finite verb ("Promoting
    accountability…") is a fragment: it means little without the line that introduces it.
    """
    words = len(tokens)
    stripped = text.rstrip("\"'”’)]")
    if words < 4 or stripped.endswith((":", "?")) or not any(t.text.isalpha() for t in tokens):
        return 0
    declarative = stripped.endswith((".", "!")) and not stripped.endswith("...")
    fragment = item and _fragment(text, tokens)
    opening = [t for t in tokens if t.start >= lead][:2]
    first = opening[0].lower if opening else ""
    second = opening[1] if len(opening) > 1 else None
    dangling = False
    if first in PRONOUN_OPENERS:
        dangling = True
        if first in DEMONSTRATIVES and second is not None and second.tight:
            # "This cooperation can…" names what it is about; "This results in…" does not.
            verb_like = second.lower.endswith(("ed",)) or (
                first in {"this", "that"}
                and second.lower.endswith("s")
                and not second.lower.endswith(("ss", "us", "is"))
            )
            dangling = verb_like or second.lower in STOPWORDS
    if stripped.endswith(" ."):
        return 3  # cut after code: "run pip install -e ."
    if 8 <= words <= 40 and declarative and not dangling and text[lead : lead + 1].isupper():
        return 2 if fragment else 1
    if 6 <= words <= 50 and declarative:
        return 2
    if 5 <= words <= 60:
        return 3
    return 0


_FINITE = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "does",
        "do",
        "did",
    ]
)


def _fragment(text: str, tokens: tuple[Token, ...]) -> bool:
    colon = text.find(":")
    body = [t for t in tokens if colon < 0 or t.start > colon] or list(tokens)
    if body[0].lower.endswith("ing"):
        return True
    return not any(
        t.lower in _FINITE
        or (t.lower in VERB_FORMS and (t.lower.endswith("s") or t.lower.endswith("ed")))
        for t in body[1:]
    )


def split_sentences(lesson_text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    offset = 0
    for line in lesson_text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        body = line.strip()
        if not body:
            continue
        body_start = line_start + line.index(body)
        mark = _LIST_MARK.match(body)
        item = mark is not None
        if mark:
            body_start += mark.end()
            body = body[mark.end() :]
        cursor = 0
        for piece in _segmenter().segment(body):
            text = piece.strip()
            if not text:
                continue
            found = body.find(text, cursor)
            if found < 0:  # pysbd never changes the text with clean=False; be safe anyway
                continue
            cursor = found + len(text)
            tokens = tokenize(text)
            lead = _lead(text, tokens)
            sentences.append(
                Sentence(
                    text=text,
                    start=body_start + found,
                    index=len(sentences),
                    item=item,
                    tokens=tokens,
                    lead=lead,
                    tier=_tier(text, tokens, lead, item=item),
                )
            )
    return tuple(sentences)


# Word forms ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def singular(word: str) -> str | None:
    """The singular of a plural noun, or None if ``word`` does not look plural."""
    lower = word.lower()
    if (
        len(lower) < 3
        or not lower.endswith("s")
        or lower.endswith(NO_SINGULAR_ENDINGS)
        or lower in _NO_SINGULAR
        or (not word.isalpha() and "-" not in word)
    ):
        return None
    if word.isupper():
        return None
    result = _inflector().singular_noun(word)
    if not isinstance(result, str) or not result or result.lower() == lower:
        return None
    return result


@functools.lru_cache(maxsize=65536)
def plural(word: str) -> str:
    if word.isupper():
        return word
    result = _inflector().plural_noun(word)
    return result if isinstance(result, str) and result else word


def is_plural(word: str) -> bool:
    return singular(word) is not None


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale: 0 unknown … 7+ "the")."""
    return float(zipf_frequency(word.lower(), "en"))


def indefinite_article(phrase: str) -> str:
    result = _inflector().a(phrase)
    return result.split(" ", 1)[0] if isinstance(result, str) else "a"


def normal_words(phrase: str) -> tuple[str, ...]:
    """Lower-case words without a leading article, hyphens as spaces, the last one singular."""
    words = [w.lower() for w in _WORD.findall(phrase.replace("’", "'"))]
    words = [part for w in words for part in w.split("-") if part]
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    if words:
        last = singular(words[-1])
        if last:
            words[-1] = last.lower()
    return tuple(words)


def normal(phrase: str) -> str:
    return " ".join(normal_words(phrase))


def phrase_variants(phrase: str) -> tuple[str, ...]:
    """The phrase with its last word singular and plural (for "does the stem give it away")."""
    words = phrase.split(" ")
    last = words[-1]
    forms = [phrase]
    one = singular(last)
    if one:
        forms.append(" ".join([*words[:-1], one]))
    elif last.isalpha() and not last.isupper():
        forms.append(" ".join([*words[:-1], plural(last)]))
    return tuple(dict.fromkeys(forms))


@functools.lru_cache(maxsize=16384)
def phrase_pattern(phrase: str, *, loose: bool = False) -> re.Pattern[str]:
    """Case-insensitive whole-word pattern for a phrase with its singular/plural and hyphen forms.

    ``loose`` also finds the phrase inside a hyphenated word ("terrorism" in
    "counter-terrorism"), which is what "does the stem give the answer away" needs.
    """
    alternatives = set()
    for form in phrase_variants(phrase):
        parts = [re.escape(part) for part in re.split(r"[\s\-]+", form) if part]
        alternatives.add(re.sub("['’]", "['’]", r"[\s\-]+".join(parts)))
    body = "|".join(sorted(alternatives, key=lambda a: (-len(a), a)))
    if loose:
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", re.IGNORECASE)


def contains_phrase(text: str, phrase: str, *, loose: bool = False) -> bool:
    """Whether ``text`` contains ``phrase`` as whole words (any case, singular or plural).

    A phrase that starts or ends with something other than a letter or digit ("--title",
    "C++") is looked for as it is written.
    """
    phrase = phrase.strip()
    if not phrase:
        return False
    if not (phrase[0].isalnum() and phrase[-1].isalnum()):
        found = re.search(rf"(?<![^\s(\[\"'“‘]){re.escape(phrase)}(?![\w\-])", text, re.I)
        return found is not None
    return phrase_pattern(phrase, loose=loose).search(text) is not None


def strip_bullet(line: str) -> str:
    mark = _LIST_MARK.match(line)
    return line[mark.end() :] if mark else line
