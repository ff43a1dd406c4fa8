"""draft_questions: a lesson's own sentences → quiz questions for an instructor to review.

How a lesson is drafted:

1. Its sentences are ranked: declarative, 8–40 words, not opening with a pronoun, not a list
   intro, each carrying a key term (see ``terms``) that it does not repeat.
2. Each chosen sentence is asked one way: multiple choice when three terms of the same kind
   from other lessons can stand against the answer, fill in the blank (short answer or cloze),
   or true/false (as written, or with its key term swapped for one of the same kind).
   A matching question is added when the lesson defines at least three terms.
3. Every draft is checked against ``DRAFT_RULES`` and dropped if it breaks one.

Nothing random: ties are broken by position and text, so a document always yields the same
drafts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from quizzes.questions import (
    Answer,
    ClozeGap,
    GapKind,
    MatchPair,
    QuestionData,
    QuestionType,
    TextFormat,
)

from .definitions import Definition, find_definitions
from .drafted import CLOZE_MARKER, LONG_LESSON_WORDS, MIN_DRAFTS, MIN_MATCHING_PAIRS, Draft
from .lexicon import (
    AGENT_ENDINGS,
    AGENT_NOUNS,
    DEMONSTRATIVES,
    MASS_NOUN_ENDINGS,
    PRONOUN_OPENERS,
    STOPWORDS,
    VAGUE_NOUNS,
    VERB_FORMS,
    WEAK_MODIFIERS,
)
from .rules import check_draft
from .terms import (
    CONCEPT,
    DocumentTerms,
    LessonTerms,
    Occurrence,
    Term,
    document_terms,
    term_weight,
    token_classes,
)
from .text import (
    BLANK,
    Sentence,
    contains_phrase,
    indefinite_article,
    normal,
    normal_words,
    plural,
    singular,
    word_count,
    zipf,
)

MIN_INFORMATIVE = 1.6  # how much the rest of a stem must tell (see _informative)
MAX_MATCHING_PAIRS = 6
ONE = Decimal(1)
ZERO = Decimal(0)

TYPE_LABELS = {
    QuestionType.SINGLE_CHOICE: "multiple choice",
    QuestionType.SHORT_ANSWER: "fill in the blank",
    QuestionType.CLOZE: "cloze",
    QuestionType.TRUE_FALSE: "true or false",
    QuestionType.MATCHING: "matching",
}
# The mix a lesson's drafts aim at (matching comes on top, once, where the text allows).
_TARGET_SHARE = {
    QuestionType.SINGLE_CHOICE: 0.35,
    QuestionType.SHORT_ANSWER: 0.25,
    QuestionType.TRUE_FALSE: 0.25,
    QuestionType.CLOZE: 0.15,
}
_TYPE_RANK = {t: i for i, t in enumerate(TYPE_LABELS)}


@dataclass(frozen=True)
class _Blank:
    sentence: Sentence
    occurrence: Occurrence
    term: Term
    start: int  # the blanked characters of the sentence (with "the " before some names)
    end: int
    score: float

    @property
    def written(self) -> str:
        return self.sentence.text[self.start : self.end]


@dataclass
class _Lesson:
    title: str
    text: str
    doc: DocumentTerms
    terms: LessonTerms
    lessons: int
    pool: list[tuple[Term, float]]  # terms of other lessons not in this one, best first


# Stems ------------------------------------------------------------------------------------


def _quote(sentence: Sentence) -> str:
    return f"“{sentence.text}”"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def _stem_around(blank: _Blank, middle: str, *, article_agrees: str = "") -> str:
    """The sentence from its lead on, with the blanked characters replaced by ``middle``.

    A/an right before the gap becomes "a(n)" so that it does not hint at the answer, unless
    ``article_agrees`` gives the words that will fill it (then the article is made to fit).
    """
    sentence = blank.sentence
    before = sentence.text[sentence.lead : blank.start]
    after = sentence.text[blank.end :]
    words = before.rstrip().rsplit(" ", 1)
    if len(words) == 2 or (len(words) == 1 and words[0]):
        article = words[-1]
        if article.lower() in {"a", "an"} and before.endswith(" "):
            new = indefinite_article(article_agrees) if article_agrees else "a(n)"
            new = new.capitalize() if article[0].isupper() else new
            before = (words[0] + " " if len(words) == 2 else "") + new + " "
    if not before and middle[:1].isalpha() and middle[:1].islower():
        middle = _capitalise(middle)
    return _capitalise(before) + middle + after if before else middle + after


def _answer_forms(blank: _Blank, seen_words: dict[str, int]) -> list[str]:
    """Accepted answers: as written, the usual form, singular/plural, without "the"/hyphens.

    A singular answer also accepts its plural when the document uses that plural somewhere
    (so "mutual respect" does not accept "mutual respects").
    """
    term = blank.term
    written = blank.written
    forms = [written]
    bare = written[4:] if written.lower().startswith("the ") else written
    forms.append(bare)
    if term.kind == CONCEPT:
        forms.append(term.display)
        words = term.display.split(" ")
        head = words[-1]
        if term.plural:
            one = singular(head)
            if one:
                forms.append(" ".join([*words[:-1], one]))
        elif not head.lower().endswith(MASS_NOUN_ENDINGS) and not head.isupper():
            many = plural(head)
            if many != head and many.lower() in seen_words:
                forms.append(" ".join([*words[:-1], many]))
        forms.extend(form.replace("-", " ") for form in list(forms) if "-" in form)
        forms.extend(form.lower() for form in list(forms))
    return list(dict.fromkeys(form for form in forms if form.strip()))


def _choice_text(term: Term, *, with_the: bool) -> str:
    if term.kind != CONCEPT and term.the and with_the:
        return f"the {term.display}"
    return term.display


# Distractors ------------------------------------------------------------------------------


def _pool(
    doc: DocumentTerms, terms: LessonTerms, lesson_text: str, lessons: int
) -> list[tuple[Term, float]]:
    best: dict[str, float] = {}
    for other in doc.lessons:
        if other.text == lesson_text:
            continue
        for key, count in other.counts.items():
            term = doc.terms[key]
            if not term.strong or _is_topic(term, lessons):
                continue
            weight = term_weight(term, count, lessons)
            if weight > best.get(key, 0.0):
                best[key] = weight
    lowered = lesson_text.lower()
    pool = []
    for key, weight in best.items():
        term = doc.terms[key]
        if key in terms.counts:
            continue
        if term.display.split(" ")[0].lower() in lowered and contains_phrase(
            lesson_text, term.display
        ):
            continue
        pool.append((term, weight))
    pool.sort(key=lambda item: (-item[1], item[0].display))
    return pool


def _related(a: Sequence[str], b: Sequence[str]) -> bool:
    """One phrase inside the other (after normalising case, plurals and articles)."""
    if not a or not b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(
        tuple(long[i : i + len(short)]) == tuple(short) for i in range(len(long) - len(short) + 1)
    )


def _is_agent(term: Term) -> bool:
    """Whether a concept names people or bodies ("participating nations", "developers")."""
    head = normal_words(term.display)[-1:] or ("",)
    word = head[0]
    if word in AGENT_NOUNS or word.endswith(AGENT_ENDINGS):
        return True
    return word.endswith(("er", "or")) and (word[:-1] in VERB_FORMS or word[:-2] in VERB_FORMS)


def _suffix_class(term: Term) -> str:
    head = (normal_words(term.display)[-1:] or ("",))[0]
    for ending in ("tion", "sion", "ment", "ity", "ness", "ism", "ance", "ence", "ing", "ship"):
        if head.endswith(ending):
            return ending
    return ""


def _jitter(*parts: str) -> float:
    """A stable number in [0, 1) from text: varies choices between sentences, never between runs."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") / 2**32


def _distractors(lesson: _Lesson, blank: _Blank, wanted: int) -> list[Term]:
    """Terms of the same kind from other lessons, most plausible in this sentence first.

    Plausible: the same shape (number of words, singular/plural, ending, people or things),
    seen before the same words elsewhere in the document, and important in their own lesson.
    Never one the document also puts after the word that governs the gap ("enhance ___"):
    the text itself would then make that choice true as well.
    """
    answer = blank.term
    answer_words = normal_words(answer.display)
    agent = _is_agent(answer) if answer.kind == CONCEPT else False
    suffix = _suffix_class(answer)
    source = blank.sentence.text
    governing = {
        f
        for f in blank.occurrence.context
        if f.startswith("Lc:") or (f.startswith("L1:") and f[3:] not in STOPWORDS)
    }
    context = [f for f in blank.occurrence.context if f not in governing]
    top_weight = max((w for _, w in lesson.pool), default=1.0) or 1.0
    scored = []
    for term, weight in lesson.pool:
        if term.kind != answer.kind:
            continue
        if answer.kind == CONCEPT:
            if term.plural != answer.plural or abs(term.words - answer.words) > 1:
                continue
            if _is_agent(term) != agent:
                continue
        words = normal_words(term.display)
        if _related(words, answer_words) or words[-1:] == answer_words[-1:]:
            continue
        if answer.kind == CONCEPT and governing & lesson.doc.contexts.get(term.key, frozenset()):
            continue
        if contains_phrase(source, term.display, loose=True):
            continue
        score = min(1.0, lesson.doc.similarity(context, term.key) / 6)
        score += 0.5 * (term.words == answer.words)
        score += 0.4 * (bool(suffix) and _suffix_class(term) == suffix)
        score += 0.8 * weight / top_weight
        score += 0.6 * _jitter(source, term.key)
        scored.append((-score, term.display, term))
    scored.sort(key=lambda item: item[:2])
    chosen: list[Term] = []
    for _, _, term in scored:
        words = normal_words(term.display)
        if any(
            _related(words, normal_words(other.display))
            or words[-1:] == normal_words(other.display)[-1:]
            for other in chosen
        ):
            continue
        chosen.append(term)
        if len(chosen) == wanted:
            break
    return chosen


# Builders -------------------------------------------------------------------------------------


def _question(
    kind: QuestionType,
    stem: str,
    source: Sentence,
    *,
    answers: tuple[Answer, ...] = (),
    gaps: tuple[ClozeGap, ...] = (),
    pairs: tuple[MatchPair, ...] = (),
    general_feedback: str = "",
) -> QuestionData:
    return QuestionData(
        type=kind,
        stem=stem,
        stem_format=TextFormat.PLAIN,
        general_feedback=general_feedback or f"The lesson says: {_quote(source)}",
        general_feedback_format=TextFormat.PLAIN,
        answers=answers,
        gaps=gaps,
        pairs=pairs,
    )


def _short_answer(lesson: _Lesson, blank: _Blank) -> Draft:
    answers = tuple(Answer(form, ONE) for form in _answer_forms(blank, lesson.doc.word_lessons))
    stem = _stem_around(blank, BLANK)
    question = _question(QuestionType.SHORT_ANSWER, stem, blank.sentence, answers=answers)
    return Draft(question, blank.sentence.text, blank.written)


def _cloze(lesson: _Lesson, blank: _Blank) -> Draft | None:
    if "{" in blank.sentence.text or "}" in blank.sentence.text:
        return None
    answers = tuple(Answer(form, ONE) for form in _answer_forms(blank, lesson.doc.word_lessons))
    stem = _stem_around(blank, CLOZE_MARKER)
    question = _question(
        QuestionType.CLOZE, stem, blank.sentence, gaps=(ClozeGap(GapKind.TEXT, answers),)
    )
    return Draft(question, blank.sentence.text, blank.written)


def _multiple_choice(lesson: _Lesson, blank: _Blank) -> Draft | None:
    wrong = _distractors(lesson, blank, 3)
    if len(wrong) < 3:
        return None
    with_the = blank.written.lower().startswith("the ")
    right = _choice_text(blank.term, with_the=with_the)
    if blank.term.kind != CONCEPT:
        right = blank.written if with_the or not blank.term.the else right
    # The general feedback quotes the lesson; each choice's feedback says only right or not,
    # so that a review showing both does not quote the same sentence twice.
    distractors = tuple(
        Answer(_choice_text(term, with_the=with_the), ZERO, "No.") for term in wrong
    )
    # In alphabetical order, as item writers are taught to list choices: shown unshuffled, a
    # key stored first would always be the first choice.
    answers = tuple(
        sorted((Answer(right, ONE, "Right."), *distractors), key=lambda a: a.text.casefold())
    )
    stem = _stem_around(blank, BLANK)
    question = _question(QuestionType.SINGLE_CHOICE, stem, blank.sentence, answers=answers)
    return Draft(question, blank.sentence.text, blank.written, tuple(a.text for a in distractors))


def _true_statement_answers() -> tuple[Answer, ...]:
    # What the lesson says is in the general feedback, shown with these (``_question``).
    return (
        Answer("true", ONE, "Right: the statement is true."),
        Answer("false", ZERO, "No: the statement is true."),
    )


def _true_false(lesson: _Lesson, blank: _Blank, *, false: bool) -> Draft | None:
    sentence = blank.sentence
    if not false:
        statement = _capitalise(sentence.text[sentence.lead :])
        answers = _true_statement_answers()
        question = _question(QuestionType.TRUE_FALSE, statement, sentence, answers=answers)
        return Draft(question, sentence.text)
    if blank.term.kind == CONCEPT:
        # Swapping a concept makes statements that are often still true, or nonsense;
        # a name swapped for another of its kind is plainly false.
        return None
    swap = _distractors(lesson, blank, 1)
    if not swap:
        return None
    other = swap[0]
    with_the = blank.written.lower().startswith("the ")
    replacement = _choice_text(other, with_the=True) if with_the or other.the else other.display
    if with_the and blank.written[:1] == "T":
        replacement = _capitalise(replacement)
    statement = _stem_around(blank, replacement, article_agrees=replacement)
    answers = (
        Answer("true", ZERO, f"No: the statement is false ({blank.written}, not {replacement})."),
        Answer("false", ONE, "Right: the statement is false."),
    )
    question = _question(QuestionType.TRUE_FALSE, statement, sentence, answers=answers)
    return Draft(question, sentence.text, blank.written, (replacement,))


def _matching(definitions: Sequence[Definition]) -> tuple[Draft, frozenset[int]] | None:
    """A matching question and the indices of the sentences it asks about."""
    chosen: list[Definition] = []
    for definition in definitions:
        if any(
            contains_phrase(definition.definition, other.term, loose=True)
            or contains_phrase(other.definition, definition.term, loose=True)
            for other in chosen
        ):
            continue
        chosen.append(definition)
        if len(chosen) == MAX_MATCHING_PAIRS:
            break
    if len(chosen) < MIN_MATCHING_PAIRS:
        return None
    pairs = tuple(MatchPair(d.definition, d.term) for d in chosen)
    sources = list(dict.fromkeys(d.sentence.text for d in chosen))
    feedback = "The lesson says: " + " ".join(f"“{text}”" for text in sources)
    question = _question(
        QuestionType.MATCHING,
        "Match each description with the term it describes.",
        chosen[0].sentence,
        pairs=pairs,
        general_feedback=feedback,
    )
    return Draft(question, chosen[0].sentence.text), frozenset(d.sentence.index for d in chosen)


# Choosing what to ask -------------------------------------------------------------------------


def _opener(sentence: Sentence) -> str:
    """The sentence's first word where a stem starts, in lower case."""
    return sentence.text[sentence.lead :].split(" ", 1)[0].lower()


def _sentence_factor(sentence: Sentence) -> float:
    if sentence.tier == 1:
        return 0.75 if _opener(sentence) in DEMONSTRATIVES else 1.0
    return {2: 0.45, 3: 0.2}.get(sentence.tier, 0.0)


def _is_topic(term: Term, lessons: int) -> bool:
    """A concept found in a third or more of the lessons is what the document is about; asking
    for it tests nothing ("military cooperation in ___")."""
    return lessons >= 6 and term.lessons * 3 > lessons and term.lessons > 2


def _informative(lesson: _Lesson, sentence: Sentence, start: int, end: int) -> float:
    """How much the rest of the stem tells: its uncommon words, the document's topic less so."""
    total = 0.0
    topic = max(3, lesson.lessons // 2 + 1)
    for token in sentence.tokens:
        if token.start < sentence.lead or start <= token.start < end:
            continue
        lower = token.lower
        if lower in STOPWORDS or lower in WEAK_MODIFIERS or lower in VAGUE_NOUNS or token.number:
            continue
        value = max(0.3, min(1.0, (6.5 - zipf(lower)) / 2.5))
        if lesson.lessons >= 3 and lesson.doc.word_lessons.get(lower, 0) >= topic:
            value *= 0.3
        total += value
    return total


def _blank_for(lesson: _Lesson, occurrence: Occurrence) -> _Blank | None:
    sentence = lesson.terms.sentences[occurrence.sentence]
    if sentence.tier == 0 or occurrence.shared_modifier:
        return None
    term = lesson.doc.terms[occurrence.key]
    tokens = sentence.tokens
    start, end = tokens[occurrence.first].start, tokens[occurrence.last - 1].end
    if start < sentence.lead:
        return None
    if occurrence.first:
        previous = tokens[occurrence.first - 1]
        if previous.lower in DEMONSTRATIVES:
            return None  # "Such [coordination] is essential…": the gap would be a back-reference
        if (
            tokens[occurrence.first].tight
            and not previous.possessive
            and token_classes(sentence)[occurrence.first - 1] == "word"
            and previous.lower not in WEAK_MODIFIERS
            and ("-" in previous.lower or not previous.lower.endswith(("ing", "ed")))
        ):
            return None  # "strategic ___": the gap would be only part of the phrase
    if term.kind != CONCEPT and occurrence.the:
        start = tokens[occurrence.first - 1].start
    if term.kind == CONCEPT and (not term.evidence or _is_topic(term, lesson.lessons)):
        return None
    rest = sentence.text[sentence.lead : start] + " " + sentence.text[end:]
    if word_count(rest) < 5:
        return None
    # The stem must not give the answer away, in any of its forms.
    for form in {term.display, sentence.text[start:end]}:
        if contains_phrase(rest, form, loose=True):
            return None
    informative = _informative(lesson, sentence, start, end)
    if informative < MIN_INFORMATIVE:
        return None
    score = term_weight(term, lesson.terms.counts[occurrence.key], lesson.lessons)
    score *= _sentence_factor(sentence) * min(1.0, informative / (2 * MIN_INFORMATIVE))
    if term.kind == CONCEPT:
        words = normal_words(term.display)
        # "cohesive [military cooperation]": a topic with an adjective is still the topic.
        if any(
            _is_topic(lesson.doc.terms[key], lesson.lessons)
            for key in (" ".join(words[i:]) for i in range(1, len(words)))
            if key in lesson.doc.terms
        ):
            score *= 0.3
        # One common abstract word ("the necessity for…", "improve the efficiency of…")
        # tests little; a rare one ("develop interoperability") does.
        if len(words) == 1 and zipf(words[0]) > 3.6:
            score *= 0.5
        # The lesson's title gives it away ("Case Studies of…": "various significant ___").
        if contains_phrase(lesson.title, term.display, loose=True):
            score *= 0.4
    return _Blank(sentence, occurrence, term, start, end, score)


def _repeated_ngrams(lesson: _Lesson, sentence: Sentence) -> list[tuple[int, int]]:
    """Token spans of the sentence that spell a repeated term of the document, wherever they
    stand ("carbon dioxide" inside "carbon dioxide concentration")."""
    tokens = sentence.tokens
    spans = []
    for a in range(len(tokens)):
        for b in range(a + 2, min(len(tokens), a + 4) + 1):
            if not all(t.tight for t in tokens[a + 1 : b]):
                break
            term = lesson.doc.terms.get(normal(sentence.text[tokens[a].start : tokens[b - 1].end]))
            if term is not None and term.count >= 2:
                spans.append((a, b))
    return spans


def _best_blanks(lesson: _Lesson) -> list[_Blank]:
    """The best blank of each usable sentence, best first."""
    best: dict[int, _Blank] = {}
    # Spans of repeated or named terms: no blank may take only part of one ("Resource ___").
    # Spans of repeated or named terms: a blank takes one whole or leaves it alone, never a
    # part of it ("Resource ___", "carbon ___ concentration", "Moodle [XML files]").
    whole: dict[int, list[tuple[int, int]]] = {}
    for occurrence in lesson.terms.occurrences:
        term = lesson.doc.terms[occurrence.key]
        if term.count >= 2 or term.kind != CONCEPT:
            span = (occurrence.first, occurrence.last)
            whole.setdefault(occurrence.sentence, []).append(span)
    for index in sorted({o.sentence for o in lesson.terms.occurrences}):
        whole.setdefault(index, []).extend(_repeated_ngrams(lesson, lesson.terms.sentences[index]))
    for occurrence in lesson.terms.occurrences:
        first, last = occurrence.first, occurrence.last
        if any(
            a < last and first < b and not (first <= a and b <= last)
            for a, b in whole.get(occurrence.sentence, ())
        ):
            continue
        blank = _blank_for(lesson, occurrence)
        if blank is None:
            continue
        current = best.get(occurrence.sentence)
        if current is None or (blank.score, -blank.start) > (current.score, -current.start):
            best[occurrence.sentence] = blank
    return sorted(best.values(), key=lambda b: (-b.score, b.sentence.index))


@dataclass
class _Planner:
    """The drafts of one lesson so far, and what may still be added."""

    lesson: _Lesson
    limit: int
    chosen: list[Draft] = field(default_factory=list)
    used: set[tuple[str, QuestionType]] = field(default_factory=set)
    counts: dict[QuestionType, int] = field(default_factory=dict)
    true_statements: int = 0
    false_statements: int = 0

    @property
    def full(self) -> bool:
        return len(self.chosen) >= self.limit

    @property
    def enough(self) -> bool:
        """The minimum for a long lesson: MIN_DRAFTS drafts of two types (or the limit)."""
        wanted = min(MIN_DRAFTS, self.limit)
        return len(self.chosen) >= wanted and (len(self.counts) >= 2 or self.limit < 2)

    def accept(self, draft: Draft | None) -> bool:
        if draft is None or self.full:
            return False
        key = (draft.source_sentence, draft.question.type)
        if key in self.used or check_draft(draft, lesson_text=self.lesson.text):
            return False
        self.used.add(key)
        self.chosen.append(draft)
        kind = draft.question.type
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if kind is QuestionType.TRUE_FALSE:
            if draft.distractors:
                self.false_statements += 1
            else:
                self.true_statements += 1
        return True

    def types(self, *, new_only: bool = False) -> list[QuestionType]:
        """Question types by how far each is below its share of the drafts so far."""
        asked = sum(n for t, n in self.counts.items() if t in _TARGET_SHARE)
        ranked = sorted(
            _TARGET_SHARE,
            key=lambda t: (self.counts.get(t, 0) - _TARGET_SHARE[t] * (asked + 1), _TYPE_RANK[t]),
        )
        if new_only:
            ranked = [t for t in ranked if not self.counts.get(t)] + [
                t for t in ranked if self.counts.get(t)
            ]
        return ranked

    def build(self, blank: _Blank, kind: QuestionType, *, relaxed: bool) -> Draft | None:
        lesson = self.lesson
        if kind is QuestionType.SINGLE_CHOICE:
            return _multiple_choice(lesson, blank)
        if kind is QuestionType.SHORT_ANSWER:
            return _short_answer(lesson, blank)
        if kind is QuestionType.CLOZE:
            return _cloze(lesson, blank)
        # True/false: a name swapped for another makes a false statement; a statement kept
        # as written is true, and one of those per lesson is enough unless drafts are short.
        if blank.term.kind != CONCEPT:
            draft = _true_false(lesson, blank, false=True)
            if draft is not None:
                return draft
        if self.true_statements == 0 or relaxed:
            return _true_false(lesson, blank, false=False)
        return None

    def ask(self, blank: _Blank, *, relaxed: bool = False, new_only: bool = False) -> bool:
        kinds = self.types(new_only=new_only)
        if blank.term.kind != CONCEPT and self.false_statements == 0:
            # Names make the only false statements: the first name asked is one.
            kinds = [
                QuestionType.TRUE_FALSE,
                *(k for k in kinds if k is not QuestionType.TRUE_FALSE),
            ]
        return any(self.accept(self.build(blank, kind, relaxed=relaxed)) for kind in kinds)


def draft_questions(
    *,
    lesson_title: str,
    lesson_text: str,
    other_lessons: Sequence[tuple[str, str]],
    limit: int = 8,
) -> list[Draft]:
    """Quiz drafts for one lesson, made from its own sentences (see the module docstring).

    ``other_lessons`` are the (title, text) of the other lessons of the same document: wrong
    choices and swapped terms come from them. A lesson of LONG_LESSON_WORDS words or more gets
    at least MIN_DRAFTS drafts of at least two types; none gets more than ``limit``.
    """
    if limit <= 0 or not lesson_text.strip():
        return []
    texts = tuple(sorted({lesson_text, *(text for _, text in other_lessons if text.strip())}))
    doc = document_terms(texts)
    terms = doc.lesson(lesson_text)
    lesson = _Lesson(lesson_title, lesson_text, doc, terms, len(texts), [])
    lesson.pool = _pool(doc, terms, lesson_text, len(texts))
    plan = _Planner(lesson, limit)

    known = frozenset(key for key, term in doc.terms.items() if term.evidence)
    matching = _matching(find_definitions(terms.sentences, known))
    taken: frozenset[int] = frozenset()  # sentences the matching question asks about
    if matching is not None and plan.accept(matching[0]):
        taken = matching[1]

    blanks = _best_blanks(lesson)
    floor = blanks[0].score * 0.2 if blanks else 0.0
    good = [
        b
        for b in blanks
        if b.sentence.tier == 1 and b.score >= floor and b.sentence.index not in taken
    ]
    # One question per sentence, the best sentences first, types kept in proportion.
    for blank in good:
        if plan.full:
            break
        plan.ask(blank)
    if word_count(lesson_text) >= LONG_LESSON_WORDS:
        # Short of the minimum: weaker sentences, then another type for a sentence already
        # asked, then statements kept as written.
        for blank in [b for b in blanks if b not in good]:
            if plan.enough:
                break
            plan.ask(blank, relaxed=True)
        for blank in blanks:
            if plan.enough:
                break
            plan.ask(blank, relaxed=True, new_only=True)
        for sentence in sorted(terms.sentences, key=lambda s: (s.tier == 0, s.tier, s.index)):
            if plan.enough:
                break
            if sentence.tier and sentence.index not in taken:
                plan.accept(_statement(sentence))

    position = {s.text: s.index for s in terms.sentences}
    chosen = [_with_context(draft, terms.sentences, lesson_text) for draft in plan.chosen]
    drafts = sorted(
        chosen,
        key=lambda d: (
            d.question.type is not QuestionType.MATCHING,
            position.get(d.source_sentence, 0),
            _TYPE_RANK[d.question.type],
        ),
    )
    return [_named(draft, lesson_title, number) for number, draft in enumerate(drafts, start=1)]


def _with_context(draft: Draft, sentences: Sequence[Sentence], lesson_text: str) -> Draft:
    """The draft, its stem led by the sentence before its source when the source opens with
    a demonstrative ("This level of _____ is vital…" says nothing alone).

    The earlier sentence is added only from the same paragraph, and only when it names neither
    the answer nor a wrong choice: context must not give the answer away or make a wrong
    choice true.
    """
    question = draft.question
    if question.type is QuestionType.MATCHING:
        return draft
    source = next((s for s in sentences if s.text == draft.source_sentence), None)
    if source is None or source.index == 0 or source.item:
        return draft
    if _opener(source) not in DEMONSTRATIVES:
        return draft
    # Up to two sentences back, since the one before may itself open with "It" or "These".
    context: list[Sentence] = []
    for before in (sentences[i] for i in range(source.index - 1, max(source.index - 3, -1), -1)):
        after = context[0] if context else source
        between = lesson_text[before.start + len(before.text) : after.start]
        if before.item or before.tier == 0 or "\n\n" in between:
            return draft  # a list, a fragment, or another paragraph
        if before.text.rstrip()[-1:] not in {".", "!"}:
            return draft  # a list's introduction or a question
        context.insert(0, before)
        if _opener(before) not in PRONOUN_OPENERS:
            break
    else:
        return draft
    named = [draft.term, *draft.distractors]
    named += [a.text for a in question.answers if question.type is not QuestionType.TRUE_FALSE]
    named += [a.text for gap in question.gaps for a in gap.answers]
    lead = " ".join(
        _capitalise(s.text[s.lead :]) if i == 0 else s.text for i, s in enumerate(context)
    )
    if any(contains_phrase(lead, text, loose=True) for text in named if text.strip()):
        return draft
    return replace(draft, question=replace(question, stem=f"{lead} {question.stem}"))


def _statement(sentence: Sentence) -> Draft:
    answers = _true_statement_answers()
    statement = _capitalise(sentence.text[sentence.lead :])
    question = _question(QuestionType.TRUE_FALSE, statement, sentence, answers=answers)
    return Draft(question, sentence.text)


def _named(draft: Draft, lesson_title: str, number: int) -> Draft:
    title = lesson_title.strip() or "Lesson"
    name = f"{title} – {TYPE_LABELS[draft.question.type]} {number}"
    return replace(draft, question=replace(draft.question, name=name))
