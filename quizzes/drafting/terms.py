"""Key terms: which phrases of a lesson are worth asking about, and what kind each one is.

No tagger and no model: a phrase is a run of content words (not function words, not verbs
from a list, not adverbs, not numbers or code) cut at punctuation, trimmed so that it does not
start with a vague modifier and ends with a word that can be a noun. Capitalised runs are
named entities when the document itself writes those words capitalised mid-sentence; their
kind (country, organisation, event, place, acronym, other name) comes from simple rules.
Everything is counted over the whole document, so a phrase the document repeats is a term.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .lexicon import (
    ADJECTIVE_ENDINGS,
    COUNTRIES,
    EVENT_WORDS,
    MASS_NOUN_ENDINGS,
    MODALS,
    MONTHS,
    NOUN_ENDINGS,
    ORGANISATION_WORDS,
    PLACE_WORDS,
    REGIONS,
    STOPWORDS,
    VAGUE_NOUNS,
    VERB_FORMS,
    WEAK_MODIFIERS,
)
from .text import Sentence, Token, is_plural, normal, singular, split_sentences, zipf

CONCEPT = "concept"
COUNTRY = "country"
ORGANISATION = "organisation"
EVENT = "event"
PLACE = "place"
ACRONYM = "acronym"
NAME = "name"
NAMED_KINDS = (COUNTRY, ORGANISATION, EVENT, PLACE, ACRONYM, NAME)

MAX_TERM_WORDS = 4
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "our",
        "his",
        "her",
        "your",
        "my",
    ]
)
_JOINERS = frozenset(["of", "and", "or"])
_NAME_CONNECTORS = frozenset(
    ["of", "for", "on", "against", "de", "del", "la", "le", "von", "van", "da"]
)
_NOT_PARTICIPLES = frozenset(
    [
        "need",
        "seed",
        "speed",
        "feed",
        "breed",
        "creed",
        "hundred",
        "sacred",
        "naked",
        "wicked",
        "kindred",
        "bed",
        "red",
        "shed",
    ]
)
_PLURAL_MODIFIERS = frozenset(
    [
        "rights",
        "arms",
        "sales",
        "goods",
        "systems",
        "operations",
        "communications",
        "services",
        "affairs",
        "relations",
        "sports",
        "savings",
        "customs",
        "earnings",
        "humanities",
    ]
)
_ADVERB_ENDINGS = (
    "ally",
    "ously",
    "ively",
    "ingly",
    "edly",
    "fully",
    "ably",
    "ibly",
    "ently",
    "antly",
    "ately",
)


@dataclass(frozen=True)
class Occurrence:
    """One place a term is written: token span [first, last) of one sentence of the lesson."""

    sentence: int
    first: int
    last: int
    key: str
    kind: str
    surface: str  # exactly as in the sentence
    the: bool  # "the" right before it
    context: tuple[str, ...] = ()  # the words around it (see _context)
    # A modifier shared with a word before it: "legal and [ethical issues]" (blanking the
    # term would cut the phrase in two).
    shared_modifier: bool = False


@dataclass(frozen=True)
class Term:
    key: str
    kind: str
    display: str  # how it is shown alone (concepts in lower case, names as written)
    words: int
    plural: bool
    rarity: float  # 0.2 (everyday words) … 1.5 (rare words)
    the: bool  # a name usually written with "the" ("the United Nations")
    count: int  # occurrences in the whole document
    lessons: int  # lessons it occurs in
    evidence: bool  # the document treats it as a term: repeated, named, or a noun by form
    strong: bool  # repeated, named, or ending in a noun suffix: good enough to be a distractor


@dataclass(frozen=True)
class LessonTerms:
    text: str
    sentences: tuple[Sentence, ...]
    occurrences: tuple[Occurrence, ...]
    counts: dict[str, int]  # key → occurrences in this lesson


@dataclass(frozen=True)
class DocumentTerms:
    lessons: tuple[LessonTerms, ...]
    terms: dict[str, Term]
    contexts: dict[str, frozenset[str]]  # key → the context features of all its occurrences
    feature_weight: dict[str, float]  # context feature → how telling it is (rarer: more)
    word_lessons: dict[str, int]  # lower-case word → lessons it occurs in

    def similarity(self, context: Sequence[str], key: str) -> float:
        """How much a term's usual contexts share with one context (0: nothing)."""
        profile = self.contexts.get(key, frozenset())
        return sum(self.feature_weight.get(f, 0.0) for f in set(context) if f in profile)

    def lesson(self, text: str) -> LessonTerms:
        for lesson in self.lessons:
            if lesson.text == text:
                return lesson
        raise KeyError(text)


# Word classes -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _is_adverb(lower: str) -> bool:
    if not lower.endswith("ly") or len(lower) < 5 or not lower.isalpha():
        return False
    if lower.endswith(_ADVERB_ENDINGS) and len(lower) > 6:
        return True
    stems = [lower[:-2], lower[:-1] + "e"]
    if lower.endswith("ily"):
        stems.append(lower[:-3] + "y")
    return any(len(stem) >= 4 and zipf(stem) >= 2.5 for stem in stems)


def _is_participle(lower: str) -> bool:
    return lower.endswith("ed") and len(lower) > 4 and lower not in _NOT_PARTICIPLES


def _noun_ending(lower: str) -> bool:
    word = lower.rsplit("-", 1)[-1]
    return word.endswith(NOUN_ENDINGS) or (word.endswith("s") and word[:-1].endswith(NOUN_ENDINGS))


@dataclass(frozen=True)
class _RawLesson:
    """What can be known of a lesson without the rest of the document."""

    text: str
    sentences: tuple[Sentence, ...]
    cap_mid: Counter[str]  # capitalised, not first in its sentence
    lower_seen: Counter[str]  # written in lower case
    noun_seen: frozenset[str]  # seen ending a noun phrase, or an -ing word after a noun
    modifier_seen: frozenset[str]  # -ing words seen modifying a noun ("training exercises")
    det_seen: frozenset[str]  # seen one or two words after a determiner ("these vital ties")


@functools.lru_cache(maxsize=8192)
def token_classes(sentence: Sentence) -> tuple[str, ...]:
    """Per token of the sentence: "stop", "skip", "adverb", "verb", "participle" or "word"."""
    return tuple(_classes(sentence))


def _classes(sentence: Sentence) -> list[str]:
    """Per token: "stop", "skip" (number, code), "adverb", "verb", "participle" or "word"."""
    tokens = sentence.tokens
    classes: list[str] = []
    for i, token in enumerate(tokens):
        lower = token.lower
        if token.number or token.code:
            classes.append("skip")
        elif lower in STOPWORDS and not (token.acronym and len(lower) > 2):
            classes.append("stop")
        elif "'" in lower or "’" in lower:
            classes.append("skip")
        elif _is_adverb(lower):
            classes.append("adverb")
        elif lower in VERB_FORMS and not (token.cap and i > 0):
            classes.append("verb")
        elif _is_participle(lower) and not token.cap:
            classes.append("participle")
        else:
            classes.append("word")
    for i in range(1, len(tokens)):
        if classes[i] != "word" or tokens[i].cap:
            continue
        before = tokens[i - 1].lower
        if classes[i - 1] == "adverb" and i >= 2:
            before = tokens[i - 2].lower
            if (classes[i - 2] == "word" and not tokens[i - 2].cap) or before in {
                "and",
                "or",
                "but",
                "not",
                "to",
            }:
                classes[i] = "verb"  # "differences significantly impact…", "or unjustly target"
                continue
        lower = tokens[i].lower
        after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if (
            before in MODALS
            or before in {"which", "who", "not"}
            or (
                before == "to"
                and not _noun_ending(lower)
                and lower not in WEAK_MODIFIERS
                and not lower.endswith((*ADJECTIVE_ENDINGS, "al", "ic", "ary", "ist", "ists"))
            )
        ):
            classes[i] = "verb"
        elif (
            lower.endswith("s")
            and not lower.endswith(("ss", "us", "is"))
            and (after in _DETERMINERS or after == "as")
            and tokens[i + 1].tight
            and i > 0
            and classes[i - 1] == "word"
        ):
            classes[i] = "verb"  # "Technology plays a…", "diplomacy serves as…"
        elif (
            i > 0
            and classes[i - 1] == "word"
            and not tokens[i - 1].cap
            and is_plural(tokens[i - 1].lower)
            and not lower.endswith(("s", "ing", "ed"))
            and tokens[i].tight
            and (after in _DETERMINERS or (after in STOPWORDS and after not in _JOINERS))
        ):
            classes[i] = "verb"  # "nations face the…", "challenges stem from…"
    return classes


@functools.lru_cache(maxsize=4096)
def _raw_lesson(text: str) -> _RawLesson:
    sentences = split_sentences(text)
    cap_mid: Counter[str] = Counter()
    lower_seen: Counter[str] = Counter()
    noun_seen: set[str] = set()
    modifier_seen: set[str] = set()
    det_seen: set[str] = set()
    for sentence in sentences:
        classes = _classes(sentence)
        tokens = sentence.tokens
        for i, token in enumerate(tokens[:-1]):
            if token.lower in _DETERMINERS:
                for k in (i + 1, i + 2):
                    if k < len(tokens) and tokens[k].tight and classes[k] == "word":
                        det_seen.add(tokens[k].lower)
                    else:
                        break
        label_end = _label_end(sentence)
        first = _first_index(sentence)
        for i, token in enumerate(tokens):
            if token.cap and i > first and i > label_end:
                cap_mid[token.lower] += 1
            elif not token.cap:
                lower_seen[token.lower] += 1
            if classes[i] != "word" or i == 0:
                continue
            previous = tokens[i - 1]
            if not token.tight or previous.possessive:
                continue
            if previous.lower in _DETERMINERS or classes[i - 1] == "word":
                following = tokens[i + 1] if i + 1 < len(tokens) else None
                continues = following is not None and following.tight and classes[i + 1] == "word"
                lower = token.lower
                if lower.endswith("ing"):
                    # "joint training", "the planning"; not "areas needing attention".
                    if previous.lower in _DETERMINERS or not is_plural(previous.lower):
                        noun_seen.add(lower)
                        if continues:
                            modifier_seen.add(lower)
                elif not continues and not (following and following.lower in _JOINERS):
                    # Ends a noun phrase ("the collective"); a word that looks like an
                    # adjective needs a determiner right before it.
                    looks_adjective = lower.endswith((*ADJECTIVE_ENDINGS, "al", "ic", "ary"))
                    if previous.lower in _DETERMINERS or not looks_adjective:
                        noun_seen.add(lower)
    return _RawLesson(
        text,
        sentences,
        cap_mid,
        lower_seen,
        frozenset(noun_seen),
        frozenset(modifier_seen),
        frozenset(det_seen),
    )


def raw_lesson_cache_clear() -> None:
    """Forget every lesson analysed so far (for benchmarks)."""
    _raw_lesson.cache_clear()


def _first_index(sentence: Sentence) -> int:
    """Index of the first token of the sentence proper (after a connective a stem drops)."""
    for i, token in enumerate(sentence.tokens):
        if token.start >= sentence.lead:
            return i
    return 0


def _label_end(sentence: Sentence) -> int:
    """For a list item "Label: description", the index of the first token after the label."""
    colon = sentence.text.find(":")
    if not sentence.item or colon <= 0:
        return 0
    inside = [t for t in sentence.tokens if t.end <= colon]
    return len(inside) if 0 < len(inside) <= 6 else 0


# Candidate phrases --------------------------------------------------------------------------


def _nounish(token: Token, cls: str, noun_seen: frozenset[str], alone: bool) -> bool:
    lower = token.lower
    if cls != "word" or token.possessive or lower in WEAK_MODIFIERS:
        return False
    if not any(c.isalpha() for c in lower) or len(lower) < 2:
        return False
    if lower.endswith("ing") and (alone or lower not in noun_seen):
        return alone and lower in noun_seen and lower.endswith("ing") and len(lower) > 6
    if lower.endswith((*ADJECTIVE_ENDINGS, "al", "ic", "ary")) and not _noun_ending(lower):
        return lower in noun_seen and token.acronym is False and lower.endswith(("ive", "al"))
    return True


def _concept_spans(
    sentence: Sentence,
    classes: list[str],
    noun_seen: frozenset[str],
    modifier_seen: frozenset[str],
) -> list[tuple[int, int]]:
    tokens = sentence.tokens
    chunks: list[list[int]] = []
    current: list[int] = []
    for i, token in enumerate(tokens):
        cls = classes[i]
        joins = token.tight and bool(current) and not tokens[current[-1]].possessive
        if cls in {"word", "participle"}:
            if not joins:
                if current:
                    chunks.append(current)
                current = []
            current.append(i)
        else:
            if current:
                chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    spans: list[tuple[int, int]] = []
    for chunk in chunks:
        # A participle only counts inside a phrase, before a noun ("allied forces").
        while chunk and classes[chunk[-1]] == "participle":
            chunk = chunk[:-1]
        # An -ing word opening a phrase with an object is a verb ("enhancing capabilities").
        if (
            len(chunk) > 1
            and tokens[chunk[0]].lower.endswith("ing")
            and tokens[chunk[0]].lower not in modifier_seen
        ):
            chunk = chunk[1:]
        if not chunk:
            continue
        end = chunk[-1] + 1
        for size in range(1, min(len(chunk), MAX_TERM_WORDS) + 1):
            first = end - size
            span = range(first, end)
            head, opener = tokens[end - 1], tokens[first]
            if opener.lower in WEAK_MODIFIERS or classes[first] == "participle":
                continue
            if opener.lower.endswith("ing") and opener.lower not in modifier_seen and size > 1:
                continue
            if any(tokens[k].possessive for k in span):
                continue
            if not _nounish(head, classes[end - 1], noun_seen, alone=size == 1):
                continue
            if size == 1 and (head.lower in VAGUE_NOUNS or len(head.lower) < 3):
                continue
            if size > 1 and all(
                tokens[k].lower in VAGUE_NOUNS or tokens[k].lower in WEAK_MODIFIERS for k in span
            ):
                continue
            # Nouns modifying a noun are singular: "raises concerns" is a verb and its object.
            if any(
                not tokens[k].cap
                and tokens[k].lower not in _PLURAL_MODIFIERS
                and is_plural(tokens[k].lower)
                for k in span[:-1]
            ):
                continue
            spans.append((first, end))
    return spans


def _name_kind(words: Sequence[str]) -> str:
    display = " ".join(words)
    lowered = [w.lower() for w in words]
    if display in COUNTRIES:
        return COUNTRY
    if display in REGIONS or lowered[-1] in PLACE_WORDS:
        return PLACE
    if any(w in EVENT_WORDS for w in lowered) or lowered[0] in MONTHS:
        return EVENT
    if any(w in ORGANISATION_WORDS for w in lowered):
        return ORGANISATION
    if len(words) == 1 and words[0].isupper():
        return ACRONYM
    return NAME


def _name_spans(
    sentence: Sentence, classes: list[str], proper: frozenset[str]
) -> list[tuple[int, int]]:
    tokens = sentence.tokens
    label_end = _label_end(sentence)
    first = _first_index(sentence)

    def capital(i: int) -> bool:
        token = tokens[i]
        if not token.cap or token.number or token.code or classes[i] == "skip":
            return False
        if token.lower in STOPWORDS and not token.acronym:
            return False
        if i <= first or i <= label_end:
            return token.acronym or token.lower in proper
        return True

    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not capital(i):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and not tokens[j - 1].possessive and tokens[j].tight:
            if capital(j):
                j += 1
                continue
            if (tokens[j].lower in _NAME_CONNECTORS or tokens[j].lower == "and") and j + 1 < len(
                tokens
            ):
                nxt = tokens[j + 1]
                if nxt.tight and capital(j + 1) and tokens[j].lower != "and":
                    j += 2
                    continue
                if tokens[j].lower == "and" and nxt.tight and capital(j + 1):
                    # "Peace and Security Council", "Trinidad and Tobago"; not "Aiken and
                    # Moodle XML" (two names in a list).
                    end = j + 2
                    while end < len(tokens) and tokens[end].tight and capital(end):
                        end += 1
                    whole = sentence.text[tokens[i].start : tokens[end - 1].end]
                    last = tokens[end - 1].lower
                    if j - i == 1 and (
                        whole in COUNTRIES
                        or (end - j > 2 and last in ORGANISATION_WORDS | EVENT_WORDS)
                    ):
                        j = end
                        continue
            break
        run = range(i, j)
        named = any(tokens[k].acronym or tokens[k].lower in proper for k in run)
        if named or (j - i >= 2 and i >= max(label_end, 1)):
            nxt_word = j < len(tokens) and tokens[j].tight and classes[j] == "word"
            demonym = j - i == 1 and not tokens[i].acronym and nxt_word and not tokens[j].cap
            month = j - i == 1 and tokens[i].lower in MONTHS
            if not demonym and not month and j - i <= 6:
                spans.append((i, j))
        i = j
    return spans


def _proper_words(raws: Sequence[_RawLesson]) -> frozenset[str]:
    caps: Counter[str] = Counter()
    lowers: Counter[str] = Counter()
    for raw in raws:
        caps.update(raw.cap_mid)
        lowers.update(raw.lower_seen)
    return frozenset(w for w, n in caps.items() if n >= lowers[w])


def _rarity(words: Sequence[str]) -> float:
    values = [zipf(w) for w in words if w.lower() not in STOPWORDS] or [5.0]
    rarest = min(values)
    mean = sum(values) / len(values)
    value = 0.7 * rarest + 0.3 * mean
    return max(0.2, min(1.5, (6.2 - value) / 2.0))


_ARTICLES = frozenset({"the", "a", "an"})


def _context(tokens: Sequence[Token], classes: Sequence[str], a: int, b: int) -> tuple[str, ...]:
    """The next word each side (articles skipped) and the nearest content word each side."""

    def stem(token: Token) -> str:
        word = (singular(token.lower) or token.lower).lower()
        for ending in ("ing", "ed", "es", "e"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
        return word

    features = []
    i = a - 1
    while i >= 0 and tokens[i].lower in _ARTICLES:
        i -= 1
    if i >= 0:
        features.append("L1:" + stem(tokens[i]))
    if b < len(tokens):
        features.append("R1:" + stem(tokens[b]))
    for k in range(a - 1, max(-1, a - 5), -1):
        if classes[k] in {"word", "verb", "participle"}:
            features.append("Lc:" + stem(tokens[k]))
            break
    for k in range(b, min(len(tokens), b + 4)):
        if classes[k] in {"word", "verb", "participle"}:
            features.append("Rc:" + stem(tokens[k]))
            break
    return tuple(features)


def _shares_modifier(sentence: Sentence, a: int, heads: set[int], named_tokens: set[int]) -> bool:
    """True for "legal and [ethical issues]", "historical, social, and [geopolitical contexts]"."""
    tokens = sentence.tokens
    k = a - 1
    joined = False
    if k >= 0 and tokens[k].lower in {"and", "or"}:
        joined = True
        k -= 1
    if k < 0:
        return False
    gap = sentence.text[tokens[k].end : tokens[k + 1].start if k + 1 < len(tokens) else None]
    if not joined and "," not in gap:
        return False
    previous = tokens[k]
    if previous.lower in STOPWORDS or previous.number or previous.code:
        return False
    return k not in heads and k not in named_tokens


def _lesson_occurrences(
    raw: _RawLesson,
    proper: frozenset[str],
    noun_seen: frozenset[str],
    modifier_seen: frozenset[str],
) -> list[Occurrence]:
    found: list[Occurrence] = []
    for sentence in raw.sentences:
        if sentence.tier == 0 and not sentence.item:
            continue
        classes = _classes(sentence)
        tokens = sentence.tokens
        named = _name_spans(sentence, classes, proper)
        named_tokens = {k for a, b in named for k in range(a, b)}
        concepts = [
            (a, b)
            for a, b in _concept_spans(sentence, classes, noun_seen, modifier_seen)
            if not all(k in named_tokens for k in range(a, b))
            and not (b - a == 1 and tokens[a].acronym)
        ]
        heads = {b - 1 for _, b in concepts} | {b - 1 for _, b in named}
        for a, b in named:
            words = [t.text for t in tokens[a:b]]
            surface = sentence.text[tokens[a].start : tokens[b - 1].end]
            found.append(
                Occurrence(
                    sentence.index,
                    a,
                    b,
                    normal(surface),
                    _name_kind(words),
                    surface,
                    a > 0 and tokens[a - 1].lower == "the" and tokens[a].tight,
                    _context(tokens, classes, a, b),
                )
            )
        for a, b in concepts:
            surface = sentence.text[tokens[a].start : tokens[b - 1].end]
            found.append(
                Occurrence(
                    sentence.index,
                    a,
                    b,
                    normal(surface),
                    CONCEPT,
                    surface,
                    a > 0 and tokens[a - 1].lower == "the",
                    _context(tokens, classes, a, b),
                    _shares_modifier(sentence, a, heads, named_tokens),
                )
            )
    return found


def _display(surfaces: Counter[str], kind: str, proper: frozenset[str]) -> str:
    if kind != CONCEPT:
        return min(surfaces, key=lambda s: (-surfaces[s], s))
    shown: Counter[str] = Counter()
    for surface, n in surfaces.items():
        words = [
            w if w.isupper() or w.lower() in proper or w[1:2].isupper() else w.lower()
            for w in surface.split(" ")
        ]
        shown[" ".join(words)] += n
    return min(shown, key=lambda s: (-shown[s], s))


def _evidence(term_words: Sequence[str], kind: str, count: int, det_seen: frozenset[str]) -> bool:
    """Whether the document treats a phrase as a term: named, repeated, or a noun by form.

    A phrase written once that ends in a plural-looking word needs that word seen after a
    determiner somewhere: "security concerns" yes if "these concerns" occurs, "server starts"
    not.
    """
    if kind != CONCEPT or count >= 2:
        return True
    head = term_words[-1].lower()
    if len(term_words) == 1:
        return _noun_ending(head) and zipf(head) < 4.5
    if _noun_ending(head):
        return True
    one = (singular(head) or "").lower()
    return is_plural(head) and (head in det_seen or one in det_seen)


@functools.lru_cache(maxsize=16)
def document_terms(texts: tuple[str, ...]) -> DocumentTerms:
    """Every lesson's candidate terms, with statistics over the whole document."""
    raws = [_raw_lesson(text) for text in texts]
    proper = _proper_words(raws)
    noun_seen = frozenset(w for raw in raws for w in raw.noun_seen)
    modifier_seen = frozenset(w for raw in raws for w in raw.modifier_seen)
    det_seen = frozenset(w for raw in raws for w in raw.det_seen)
    lessons: list[LessonTerms] = []
    surfaces: dict[tuple[str, str], Counter[str]] = {}
    kinds: Counter[tuple[str, str]] = Counter()
    the_count: Counter[str] = Counter()
    per_lesson: list[Counter[str]] = []
    contexts: dict[str, set[str]] = {}
    feature_count: Counter[str] = Counter()
    for raw in raws:
        occurrences = _lesson_occurrences(raw, proper, noun_seen, modifier_seen)
        counts: Counter[str] = Counter()
        for occurrence in occurrences:
            counts[occurrence.key] += 1
            kinds[(occurrence.key, occurrence.kind)] += 1
            surfaces.setdefault((occurrence.key, occurrence.kind), Counter())[
                occurrence.surface
            ] += 1
            if occurrence.the:
                the_count[occurrence.key] += 1
            contexts.setdefault(occurrence.key, set()).update(occurrence.context)
            feature_count.update(set(occurrence.context))
        per_lesson.append(counts)
        lessons.append(LessonTerms(raw.text, raw.sentences, tuple(occurrences), dict(counts)))
    # A key has the kind it has most often (a name beats a concept on a tie).
    best_kind: dict[str, str] = {}
    for (key, kind), n in sorted(kinds.items()):
        current = best_kind.get(key)
        if current is None or (n, kind != CONCEPT) > (kinds[(key, current)], current != CONCEPT):
            best_kind[key] = kind
    terms: dict[str, Term] = {}
    for key, kind in sorted(best_kind.items()):
        count = sum(counts.get(key, 0) for counts in per_lesson)
        display = _display(surfaces[(key, kind)], kind, proper)
        words = display.split(" ")
        head = words[-1]
        terms[key] = Term(
            key=key,
            kind=kind,
            display=display,
            words=len(words),
            plural=is_plural(head) and not head.lower().endswith(MASS_NOUN_ENDINGS),
            rarity=_rarity(words),
            the=kind != CONCEPT and the_count[key] * 2 >= count and the_count[key] > 0,
            count=count,
            lessons=sum(1 for counts in per_lesson if key in counts),
            evidence=_evidence(words, kind, count, det_seen),
            strong=kind != CONCEPT or count >= 2 or _noun_ending(head.lower()),
        )
    total = sum(1 for lesson in lessons for _ in lesson.occurrences) or 1
    feature_weight = {
        feature: math.log(1 + total / n) for feature, n in sorted(feature_count.items())
    }
    word_lessons: Counter[str] = Counter()
    for raw in raws:
        word_lessons.update({t.lower for sentence in raw.sentences for t in sentence.tokens})
    return DocumentTerms(
        tuple(lessons),
        terms,
        {key: frozenset(features) for key, features in sorted(contexts.items())},
        feature_weight,
        dict(word_lessons),
    )


def term_weight(term: Term, lesson_count: int, lessons: int) -> float:
    """How good an answer a term makes in a lesson where it occurs ``lesson_count`` times."""
    idf = math.log(1 + max(1, lessons) / max(1, term.lessons))
    length = {1: 1.0, 2: 1.45, 3: 1.3}.get(term.words, 0.8)
    repeated = 1.3 if term.count >= 2 else (1.0 if term.evidence else 0.6)
    named = 1.25 if term.kind != CONCEPT else 1.0
    focus = 1 + 0.3 * math.log(max(1, lesson_count))
    return term.rarity * length * idf * repeated * named * focus
