"""Reviewing questions: an instructor approves, edits or rejects a lesson's drafts.

Writes are keyword-only services, one transaction each; reads (``bank_questions``,
``lesson_review``) cost a fixed number of queries however many questions there are.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import Course, Lesson

from .bank import question_data, questions_create, questions_with_structure
from .bank import question_update as bank_question_update
from .formats.cloze import decimal_text
from .models import Question, QuestionCategory, QuizSlot
from .question_forms import TYPE_LABELS
from .questions import GapKind, QuestionData, QuestionType, TextFormat
from .rendering import render_inline, render_text
from .services import question_publish

if TYPE_CHECKING:
    from accounts.models import User

EXCERPT_CHARS = 120
GAP_KIND_LABELS = {
    GapKind.CHOICE: gettext_lazy("Choice gap"),
    GapKind.TEXT: gettext_lazy("Short-answer gap"),
    GapKind.NUMERICAL: gettext_lazy("Numerical gap"),
}
_MARKER = re.compile(r"\{\{(\d+)\}\}")


class NotADraft(Exception):
    """Only a draft may be rejected: published questions are never deleted by a review."""


# Writes -------------------------------------------------------------------------------------


@transaction.atomic
def draft_approve(*, question: Question) -> Question:
    """Publish a draft: it joins the end of its lesson's quiz (approving twice changes nothing)."""
    return question_publish(question=question)


@transaction.atomic
def draft_reject(*, question: Question) -> None:
    """Delete a draft; NotADraft if it is published (perhaps approved meanwhile)."""
    # The status is checked by the DELETE itself, so an approval that lands between the page
    # load and this request can never be undone by a stale "Reject" button.
    deleted, _per_model = Question.objects.filter(
        pk=question.pk, status=Question.Status.DRAFT
    ).delete()
    if not deleted:
        raise NotADraft


@transaction.atomic
def lesson_drafts_approve_all(*, lesson: Lesson) -> int:
    """Publish every draft of ``lesson`` in creation order; return how many were approved."""
    # Locking the drafts keeps a concurrent "approve all" from publishing them a second time.
    drafts = list(
        Question.objects.select_for_update()
        .filter(lesson=lesson, status=Question.Status.DRAFT)
        .order_by("pk")
    )
    for draft in drafts:
        question_publish(question=draft)
    return len(drafts)


def _lesson_move(question: Question, lesson: Lesson | None) -> None:
    """Set the question's lesson; a published question leaves its old lesson's quiz."""
    if question.lesson_id == (lesson.pk if lesson else None):
        return
    if question.lesson_id is not None:
        QuizSlot.objects.filter(question=question, quiz__lesson_id=question.lesson_id).delete()
    question.lesson = lesson
    question.save(update_fields=["lesson", "updated_at"])


@transaction.atomic
def question_create(
    *,
    course: Course,
    data: QuestionData,
    lesson: Lesson | None,
    created_by: User | None,
    publish: bool,
) -> Question:
    """Add an instructor's question to the bank, as a draft or published (into the quiz)."""
    (question,) = questions_create(
        course=course,
        questions=[data],
        created_by=created_by,
        status=Question.Status.DRAFT,
        lesson=lesson,
    )
    if publish:
        question_publish(question=question)
    return question


@transaction.atomic
def question_edit(
    *, question: Question, data: QuestionData, lesson: Lesson | None, approve: bool = False
) -> Question:
    """Save an edited question (same row, same id); ``approve`` also publishes a draft."""
    bank_question_update(question=question, data=data)
    _lesson_move(question, lesson)
    if approve or question.status == Question.Status.PUBLISHED:
        # A published question moved to another lesson joins that lesson's quiz.
        question_publish(question=question)
    return question


# Reads --------------------------------------------------------------------------------------


def stem_excerpt(data: QuestionData, length: int = EXCERPT_CHARS) -> str:
    """The stem as plain text (no markup, gaps as blanks), cut to about ``length`` characters.

    The result is plain text: templates escape it like any other string.
    """
    stem = _MARKER.sub("_____", data.stem)
    text = " ".join(html.unescape(strip_tags(render_text(stem, data.stem_format))).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def shown_name(question: Question) -> str:
    """The question's name, unless it only repeats its lesson's title (as drafts' names do)."""
    lesson = question.lesson
    return "" if lesson is not None and question.name.startswith(lesson.title) else question.name


@dataclass(frozen=True)
class BankRow:
    question: Question
    excerpt: str

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[QuestionType(self.question.type)])

    @property
    def shown_name(self) -> str:
        return shown_name(self.question)


def course_lessons_with_counts(*, course: Course) -> QuerySet[Lesson]:
    """The course's active lessons in order, each with ``draft_count`` and ``published_count``."""
    return (
        Lesson.objects.filter(course=course, is_archived=False)
        .defer("html", "text")
        .annotate(
            draft_count=Count("questions", filter=Q(questions__status=Question.Status.DRAFT)),
            published_count=Count(
                "questions", filter=Q(questions__status=Question.Status.PUBLISHED)
            ),
        )
        .order_by("position", "pk")
    )


def bank_questions(
    *, course: Course, lesson_id: int | None = None, status: str = "", qtype: str = ""
) -> QuerySet[Question]:
    """The course's questions, filtered, in bank order (category, then creation)."""
    questions = Question.objects.filter(course=course).select_related("lesson", "category")
    if lesson_id is not None:
        questions = questions.filter(lesson_id=lesson_id)
    if status:
        questions = questions.filter(status=status)
    if qtype:
        questions = questions.filter(type=qtype)
    return questions.order_by("lesson__position", "pk")


def bank_rows(questions: list[Question]) -> list[BankRow]:
    """Rows for the bank's table; the stem is read without loading any answers."""
    rows = []
    for question in questions:
        data = QuestionData(
            type=QuestionType(question.type),
            stem=question.stem,
            stem_format=TextFormat(question.stem_format),
        )
        rows.append(BankRow(question, stem_excerpt(data)))
    return rows


@dataclass(frozen=True)
class ReviewedQuestion:
    """A question as the reviewer sees it: rendered for the learner, with the key marked."""

    question: Question
    data: QuestionData
    stem_html: SafeString
    choices: list[tuple[SafeString, bool, str]]  # (rendered text, right, grade shown or "")
    accepted: list[tuple[str, str]]  # short answer / numerical: (answer, share)
    pairs: list[tuple[SafeString, SafeString]]  # matching; an empty prompt is a distractor
    items: list[SafeString]  # ordering, in the right order
    source: tuple[str, str, str]  # the source sentence split around the tested term

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.data.type])

    @property
    def shown_name(self) -> str:
        return shown_name(self.question)

    @property
    def feedback_html(self) -> SafeString:
        return render_text(self.data.general_feedback, self.data.general_feedback_format)


def _percent(fraction: Decimal) -> str:
    return decimal_text(fraction * 100) + "%"


def source_parts(sentence: str, term: str) -> tuple[str, str, str]:
    """``sentence`` split as (before, term, after) around the first ``term`` (any case)."""
    if term:
        at = sentence.casefold().find(term.casefold())
        if at >= 0 and len(sentence.casefold()) == len(sentence):
            return sentence[:at], sentence[at : at + len(term)], sentence[at + len(term) :]
    return sentence, "", ""


def _cloze_stem(data: QuestionData) -> SafeString:
    """The rendered stem with each gap shown as its answers, the right ones in bold."""
    rendered = str(render_text(data.stem, data.stem_format))

    def gap_html(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(data.gaps):
            return match.group(0)
        gap = data.gaps[number - 1]
        answers = format_html_join(
            " / ",
            "{}",
            (
                (
                    format_html("<strong>{}</strong>", answer.text)
                    if answer.fraction == 1
                    else format_html(
                        '<span class="text-body-secondary">{} ({})</span>',
                        answer.text,
                        _percent(answer.fraction),
                    ),
                )
                for answer in gap.answers
            ),
        )
        kind = GAP_KIND_LABELS[gap.kind]
        return str(
            format_html(
                '<span class="cloze-gap border border-primary-subtle rounded px-1 '
                'bg-primary-subtle" title="{}"><span class="visually-hidden">{}: </span>{}</span>',
                kind,
                kind,
                answers,
            )
        )

    return mark_safe(_MARKER.sub(gap_html, rendered))  # nosec B308 B703: every part escaped above


def reviewed(question: Question) -> ReviewedQuestion:
    """``question`` (structure prefetched) ready for the review page."""
    data = question_data(question)
    fmt = data.stem_format
    choices: list[tuple[SafeString, bool, str]] = []
    accepted: list[tuple[str, str]] = []
    if data.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
        single = data.type == QuestionType.SINGLE_CHOICE
        choices = [
            (
                render_inline(a.text, a.text_format or fmt),
                a.fraction == 1 if single else a.fraction > 0,
                # A grade worth reading: a part mark, or any non-zero grade of a multiple response.
                "" if a.fraction == 0 or (single and a.fraction == 1) else _percent(a.fraction),
            )
            for a in data.answers
        ]
    elif data.type in (QuestionType.SHORT_ANSWER, QuestionType.NUMERICAL):
        for answer in data.answers:
            text = answer.text
            if answer.tolerance:
                text = f"{text} ± {decimal_text(answer.tolerance)}"
            accepted.append((text, _percent(answer.fraction)))
    elif data.type == QuestionType.TRUE_FALSE:
        right = next((a.text.strip().lower() for a in data.answers if a.fraction == 1), "")
        choices = [
            (format_html("{}", label), right == value, "")
            for value, label in (("true", _("True")), ("false", _("False")))
        ]
    stem_html = (
        _cloze_stem(data) if data.type == QuestionType.CLOZE else render_text(data.stem, fmt)
    )
    return ReviewedQuestion(
        question=question,
        data=data,
        stem_html=stem_html,
        choices=choices,
        accepted=accepted,
        pairs=[(render_inline(p.prompt, fmt), render_inline(p.answer, fmt)) for p in data.pairs],
        items=[render_inline(item, fmt) for item in data.items],
        source=source_parts(question.source_sentence, question.draft_term),
    )


@dataclass(frozen=True)
class LessonReview:
    lesson: Lesson
    drafts: list[ReviewedQuestion]
    published: list[ReviewedQuestion]  # in the order of the lesson's quiz


def lesson_review(*, lesson: Lesson) -> LessonReview:
    """A lesson's drafts (creation order) and its published questions (quiz order)."""
    drafts = (
        questions_with_structure(
            Question.objects.filter(lesson=lesson, status=Question.Status.DRAFT)
        )
        .select_related("lesson")
        .order_by("pk")
    )
    published = (
        questions_with_structure(
            Question.objects.filter(lesson=lesson, status=Question.Status.PUBLISHED)
        )
        .select_related("lesson")
        .annotate(slot=Min("slots__position", filter=Q(slots__quiz__lesson=lesson)))
        .order_by("slot", "pk")
    )
    return LessonReview(
        lesson=lesson,
        drafts=[reviewed(question) for question in drafts],
        published=[reviewed(question) for question in published],
    )


def question_for_edit(*, question: Question) -> QuestionData:
    """The QuestionData of a question whose structure was prefetched, with its full category
    path (which needs the course's other categories)."""
    categories = {c.pk: c for c in QuestionCategory.objects.filter(course_id=question.course_id)}
    return question_data(question, categories)


def course_draft_count(*, course: Course) -> int:
    """How many drafts of ``course`` wait for review."""
    return Question.objects.filter(course=course, status=Question.Status.DRAFT).count()
