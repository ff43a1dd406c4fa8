"""Term–definition pairs for matching questions, from the ways texts define things.

- list items "Term: what it is" (also "Term – what it is");
- "X refers to …", "X is defined as …", "X means …", "X denotes …", "X is known as …";
- "X is a/an …" and "X are …" when X is a short noun phrase, not a pronoun;
- "X, which …," when X is a term the document uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import PRONOUN_OPENERS, STOPWORDS
from .text import Sentence, contains_phrase, normal

_DEFINING = re.compile(
    r"^(?P<term>[^,;:()]{2,80}?)\s+(?:refers? to|(?:is|are) defined as|means|denotes|"
    r"(?:is|are) known as|(?:is|are) called|stands? for)\s+(?P<definition>.+?)[.!]?$"
)
_COPULA = re.compile(
    r"^(?P<term>[^,;:()]{2,60}?)\s+(?:is|are)\s+(?P<definition>(?:a|an)\s.+?)[.!]?$"
)
_WHICH = re.compile(r"(?P<term>[^,;:()]{2,60}?),\s+which\s+(?P<definition>[^,;:()]+)[,.]")
_LABEL = re.compile(r"^(?P<term>[^:–—]{1,60}?)\s*(?::|\s[–—]\s)\s*(?P<definition>.+)$")
_DECORATION = " *_`\"'“”‘’"


@dataclass(frozen=True)
class Definition:
    term: str
    definition: str
    sentence: Sentence


def _term_ok(term: str, max_words: int = 5) -> bool:
    words = term.split()
    if not 1 <= len(words) <= max_words or not any(c.isalpha() for c in term):
        return False
    first, last = words[0].lower(), words[-1].lower()
    if first in PRONOUN_OPENERS or first in {"there", "here", "what", "which", "who"}:
        return False
    return last not in STOPWORDS and not (len(words) > 1 and first in STOPWORDS - {"the"})


def _clean_definition(text: str) -> str:
    text = text.strip().rstrip(".;").strip()
    return text[:1].upper() + text[1:] if text and text[0].isalpha() else text


def _definition_ok(term: str, definition: str) -> bool:
    words = definition.split()
    return 3 <= len(words) <= 40 and not contains_phrase(definition, term, loose=True)


def find_definitions(
    sentences: tuple[Sentence, ...], known_terms: frozenset[str]
) -> list[Definition]:
    """Definitions in reading order, one per term (the first)."""
    found: list[Definition] = []
    seen: set[str] = set()

    def add(term: str, definition: str, sentence: Sentence) -> None:
        term = term.strip(_DECORATION)
        if term.lower().startswith("the "):
            term = term[4:]
        definition = _clean_definition(definition)
        key = normal(term)
        if not key or key in seen or not _term_ok(term) or not _definition_ok(term, definition):
            return
        seen.add(key)
        found.append(Definition(term, definition, sentence))

    for sentence in sentences:
        text = sentence.text[sentence.lead :]
        if sentence.item:
            match = _LABEL.match(text)
            if match and len(match.group("term").split()) <= 6:
                add(match.group("term"), match.group("definition"), sentence)
                continue
        if sentence.tier == 0:
            continue
        match = _DEFINING.match(text) or _COPULA.match(text)
        if match:
            add(match.group("term"), match.group("definition"), sentence)
            continue
        for match in _WHICH.finditer(text):
            term = match.group("term").split(" ")
            # The noun phrase right before ", which": its last 1–3 words, if a known term.
            for size in (3, 2, 1):
                candidate = " ".join(term[-size:])
                if normal(candidate) in known_terms:
                    add(candidate, "… which " + match.group("definition"), sentence)
                    break
    return found
