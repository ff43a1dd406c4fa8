"""The question bank: QuestionData ⇄ Question rows, categories by path, bulk import.

Writes are keyword-only service functions; reads prefetch everything a question needs so
that turning any number of questions into QuestionData costs a fixed number of queries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from courses.models import Course, Lesson

from . import questions as q
from .models import Answer, ClozeGap, MatchPair, OrderingItem, Question, QuestionCategory, Tag

if TYPE_CHECKING:
    from accounts.models import User

DEFAULT_CATEGORY = "Default"


def _format(value: str) -> q.TextFormat | None:
    return q.TextFormat(value) if value else None


def _answer_data(answer: Answer) -> q.Answer:
    return q.Answer(
        text=answer.text,
        fraction=Decimal(answer.fraction).normalize() + 0,
        feedback=answer.feedback,
        tolerance=None if answer.tolerance is None else Decimal(answer.tolerance).normalize() + 0,
        text_format=_format(answer.text_format),
        feedback_format=_format(answer.feedback_format),
    )


def category_path(category: QuestionCategory, by_id: dict[int, QuestionCategory]) -> str:
    parts = []
    node: QuestionCategory | None = category
    while node is not None:
        parts.append(node.name)
        node = by_id.get(node.parent_id) if node.parent_id else None
    path = "/".join(reversed(parts))
    return "" if path == DEFAULT_CATEGORY else path


def questions_with_structure(queryset: QuerySet[Question]) -> QuerySet[Question]:
    """``queryset`` with every row QuestionData needs prefetched (a fixed number of queries)."""
    return queryset.select_related("category").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.filter(gap__isnull=True)),
        Prefetch("gaps", queryset=ClozeGap.objects.prefetch_related("answers")),
        "pairs",
        "items",
        "tags",
    )


def question_data(
    question: Question, categories: dict[int, QuestionCategory] | None = None
) -> q.QuestionData:
    """The pure form of a question whose structure was prefetched."""
    by_id = categories if categories is not None else {question.category_id: question.category}
    return q.QuestionData(
        type=q.QuestionType(question.type),
        stem=question.stem,
        name=question.name,
        stem_format=q.TextFormat(question.stem_format),
        points=Decimal(question.points).normalize() + 0,
        general_feedback=question.general_feedback,
        general_feedback_format=_format(question.general_feedback_format),
        answers=tuple(_answer_data(a) for a in question.answers.all() if a.gap_id is None),
        pairs=tuple(q.MatchPair(p.prompt, p.answer) for p in question.pairs.all()),
        items=tuple(item.text for item in question.items.all()),
        gaps=tuple(
            q.ClozeGap(
                kind=q.GapKind(gap.kind),
                answers=tuple(_answer_data(a) for a in gap.answers.all()),
                weight=Decimal(gap.weight).normalize() + 0,
            )
            for gap in question.gaps.all()
        ),
        category=category_path(question.category, by_id),
        tags=tuple(sorted(tag.name for tag in question.tags.all())),
        shuffle_answers=question.shuffle_answers,
    )


# QuestionData by question version (id, updated_at). Every change to a question's text or
# structure saves the question row, so a new version gets a new key and an old entry is never
# served for it: each worker may keep its own copy without any risk of a stale answer key.
# Across processes (several gunicorn workers, the task worker) this holds too: the key is
# read from the database on every call, so a worker that has not seen an edit made through
# another one misses its cache and loads the new version; nothing is shared, only memory is
# spent (at most _VERSIONS_KEPT entries per process). The one part of QuestionData not covered
# by updated_at is ``category`` (renaming a category does not touch its questions); grading
# and taking attempts never read it.
_VERSIONS: OrderedDict[tuple[int, datetime], q.QuestionData] = OrderedDict()
_VERSIONS_LOCK = threading.Lock()
_VERSIONS_KEPT = 4096


def questions_data(questions: Iterable[Question]) -> dict[int, q.QuestionData]:
    """Pure data for each question, by id, for taking and grading attempts.

    Built from the database once per version of a question rather than on every request:
    autosaves and submits of a whole class read the same questions again and again.
    (``category`` is the question's own category name, not its full path.)
    """
    found: dict[int, q.QuestionData] = {}
    missing: list[int] = []
    with _VERSIONS_LOCK:
        for question in questions:
            data = _VERSIONS.get((question.pk, question.updated_at))
            if data is None:
                missing.append(question.pk)
            else:
                _VERSIONS.move_to_end((question.pk, question.updated_at))
                found[question.pk] = data
    if missing:
        loaded = list(questions_with_structure(Question.objects.filter(pk__in=missing)))
        with _VERSIONS_LOCK:
            for question in loaded:
                data = question_data(question)
                found[question.pk] = data
                _VERSIONS[(question.pk, question.updated_at)] = data
            while len(_VERSIONS) > _VERSIONS_KEPT:
                _VERSIONS.popitem(last=False)
    return found


def course_questions(*, course: Course) -> list[q.QuestionData]:
    """Every question of a course's bank as QuestionData, in category then creation order."""
    categories = {c.pk: c for c in QuestionCategory.objects.filter(course=course)}
    questions = questions_with_structure(Question.objects.filter(course=course)).order_by("pk")
    data = [question_data(question, categories) for question in questions]
    return sorted(data, key=lambda item: item.category)  # stable: keeps creation order within


def category_for_path(*, course: Course, path: str) -> QuestionCategory:
    """The category at "/"-separated ``path`` in the course's bank, created if missing."""
    names = [part.strip() for part in path.split("/") if part.strip()] or [DEFAULT_CATEGORY]
    parent: QuestionCategory | None = None
    for name in names:
        parent, _ = QuestionCategory.objects.get_or_create(course=course, parent=parent, name=name)
    assert parent is not None
    return parent


def _structure_rows(
    question: Question, data: q.QuestionData
) -> tuple[list[Answer], list[MatchPair], list[OrderingItem], list[tuple[ClozeGap, list[Answer]]]]:
    def answer_row(position: int, answer: q.Answer, gap: ClozeGap | None = None) -> Answer:
        return Answer(
            question=question,
            gap=gap,
            position=position,
            text=answer.text,
            text_format=answer.text_format or "",
            fraction=answer.fraction,
            feedback=answer.feedback,
            feedback_format=answer.feedback_format or "",
            tolerance=answer.tolerance,
        )

    answers = [answer_row(i, a) for i, a in enumerate(data.answers, start=1)]
    pairs = [
        MatchPair(question=question, position=i, prompt=p.prompt, answer=p.answer)
        for i, p in enumerate(data.pairs, start=1)
    ]
    items = [
        OrderingItem(question=question, position=i, text=t)
        for i, t in enumerate(data.items, start=1)
    ]
    gaps = []
    for i, gap in enumerate(data.gaps, start=1):
        row = ClozeGap(question=question, position=i, kind=gap.kind.value, weight=gap.weight)
        gaps.append((row, [answer_row(j, a, row) for j, a in enumerate(gap.answers, start=1)]))
    return answers, pairs, items, gaps


@transaction.atomic
def questions_create(
    *,
    course: Course,
    questions: Sequence[q.QuestionData],
    created_by: User | None = None,
    status: str = Question.Status.PUBLISHED,
    lesson: Lesson | None = None,
    source_sentences: Sequence[str] | None = None,
    draft_terms: Sequence[tuple[str, str]] | None = None,
) -> list[Question]:
    """Add questions to a course's bank in one transaction, with bulk writes.

    ``source_sentences`` and ``draft_terms`` ((tested term, term swapped in) per question) say
    where drafted questions came from.
    """
    categories: dict[str, QuestionCategory] = {}
    for data in questions:
        if data.category not in categories:
            categories[data.category] = category_for_path(course=course, path=data.category)
    rows = [
        Question(
            course=course,
            category=categories[data.category],
            lesson=lesson,
            type=data.type.value,
            name=data.name,
            stem=data.stem,
            stem_format=data.stem_format.value,
            points=data.points,
            general_feedback=data.general_feedback,
            general_feedback_format=data.general_feedback_format or "",
            status=status,
            shuffle_answers=data.shuffle_answers,
            source_sentence=source_sentences[index] if source_sentences else "",
            draft_term=draft_terms[index][0] if draft_terms else "",
            draft_swapped_in=draft_terms[index][1] if draft_terms else "",
            created_by=created_by,
        )
        for index, data in enumerate(questions)
    ]
    Question.objects.bulk_create(rows)
    _structure_create(list(zip(rows, questions, strict=True)))
    return rows


def _structure_create(pairs: Iterable[tuple[Question, q.QuestionData]]) -> None:
    answers: list[Answer] = []
    match_pairs: list[MatchPair] = []
    items: list[OrderingItem] = []
    gaps: list[tuple[ClozeGap, list[Answer]]] = []
    tag_names: dict[Question, tuple[str, ...]] = {}
    for question, data in pairs:
        a, p, i, g = _structure_rows(question, data)
        answers += a
        match_pairs += p
        items += i
        gaps += g
        if data.tags:
            tag_names[question] = data.tags
    ClozeGap.objects.bulk_create([gap for gap, _ in gaps])
    for gap, gap_answers in gaps:
        for answer in gap_answers:
            answer.gap = gap
        answers += gap_answers
    Answer.objects.bulk_create(answers)
    MatchPair.objects.bulk_create(match_pairs)
    OrderingItem.objects.bulk_create(items)
    if tag_names:
        wanted = {name for names in tag_names.values() for name in names}
        Tag.objects.bulk_create([Tag(name=name) for name in wanted], ignore_conflicts=True)
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
        through = Question.tags.through
        through.objects.bulk_create(
            [
                through(question_id=question.pk, tag_id=tags[name].pk)
                for question, names in tag_names.items()
                for name in set(names)
            ]
        )


@transaction.atomic
def question_update(*, question: Question, data: q.QuestionData) -> Question:
    """Replace a question's text, settings and structure with ``data`` (same row, same id)."""
    question.category = category_for_path(course=question.course, path=data.category)
    question.type = data.type.value
    question.name = data.name
    question.stem = data.stem
    question.stem_format = data.stem_format.value
    question.points = data.points
    question.general_feedback = data.general_feedback
    question.general_feedback_format = data.general_feedback_format or ""
    question.shuffle_answers = data.shuffle_answers
    question.save()
    question.answers.all().delete()
    question.gaps.all().delete()
    question.pairs.all().delete()
    question.items.all().delete()
    question.tags.clear()
    _structure_create([(question, data)])
    return question
