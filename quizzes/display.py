"""How quiz questions, answers and results are shown: on the attempt page, in a review and
in a preview. Everything here prepares safe HTML and plain words for the templates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from .attempts import (
    ReviewOptions,
    response_from_json,
)
from .forms import AskedQuestion, AttemptForm, matching_prompts, shown_order
from .grading import Grade, GradeState, correct_response, grade, state_for_fraction
from .models import Attempt, Quiz, ReviewWhen
from .questions import GapKind, QuestionData, QuestionType, TextFormat
from .rendering import render_inline, render_text

# Questions as the partial shows them ------------------------------------------------------

_GAP = re.compile(r"\{\{(\d+)\}\}")
# A tag of sanitized HTML (attribute values are always quoted there).
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def fill_gaps(html: str, fill: Callable[[int], str | None]) -> tuple[SafeString, set[int]]:
    """``html`` (already sanitized) with each ``{{n}}`` in its text replaced by ``fill(n)``.

    Markers inside a tag (a hostile stem may put one in an attribute) are left alone, and so
    are those ``fill`` answers None for. Returns the HTML and the gap numbers filled.
    """
    filled: set[int] = set()

    def replace(match: re.Match[str]) -> str:
        number = int(match[1])
        html = None if number in filled else fill(number)
        if html is None:
            return match[0]
        filled.add(number)
        return html

    pieces, start = [], 0
    for tag in _TAG.finditer(html):
        pieces += [_GAP.sub(replace, html[start : tag.start()]), tag[0]]
        start = tag.end()
    pieces.append(_GAP.sub(replace, html[start:]))
    return mark_safe("".join(pieces)), filled  # nosec B308 B703: sanitized text, our widgets


def _styled(bound: BoundField, **attrs: str) -> BoundField:
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    widget.attrs.update({"class": css, **attrs})
    return bound


@dataclass
class Part:
    """One field of a question, with the text that labels it (a prompt, an item, a gap)."""

    field: BoundField
    label: str = ""


@dataclass
class QuestionOnPage(AskedQuestion):
    """An AskedQuestion with what ``quizzes/_question.html`` shows: the rendered stem (a cloze
    stem with its gap fields in place) and the fields in order with their labels."""

    stem_html: SafeString = field(default_factory=SafeString)
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class SummaryRow:
    """One question on the summary shown before submitting: its number and whether the
    learner has answered it."""

    position: int
    number: int
    answered: bool


def attempt_summary(asked: list[AskedQuestion], responses: dict[int, Any]) -> list[SummaryRow]:
    """Each question to answer (descriptions aside) and whether ``responses`` answers it: a
    blank text, no choice, or a cloze with every gap empty is not an answer."""
    return [
        SummaryRow(
            position=question.position,
            number=question.number,
            answered=grade(
                question.data, response_from_json(question.data, responses.get(question.position))
            ).answered,
        )
        for question in asked
        if question.number is not None
    ]


def questions_on_page(form: AttemptForm) -> list[QuestionOnPage]:
    """Every question of ``form`` ready for the partial, in order."""
    return [_on_page(asked, form) for asked in form.asked]


def _on_page(asked: AskedQuestion, form: AttemptForm) -> QuestionOnPage:
    data = asked.data
    fmt = data.stem_format
    bound = [form[name] for name in asked.field_names]
    stem = render_text(data.stem, fmt)
    parts: list[Part] = []
    if data.type == QuestionType.MATCHING:
        prompts = matching_prompts(data)
        for item in bound:
            index = int(item.name.rsplit("_", 1)[1])
            parts.append(Part(_styled(item), render_inline(prompts[index], fmt)))
    elif data.type == QuestionType.ORDERING:
        # The fields name places on the page; the order maps each to its item.
        order = shown_order(asked.row, len(data.items))
        for item, index in zip(bound, order, strict=True):
            parts.append(Part(_styled(item), render_inline(data.items[index], fmt)))
    elif data.type == QuestionType.CLOZE:
        for number, gap in enumerate(bound, start=1):
            _styled(gap, **{"aria-label": _("Gap %(number)d") % {"number": number}})
            gap.field.widget.attrs["class"] += " d-inline-block w-auto cloze-gap"

        def gap_field(number: int) -> str | None:
            return str(bound[number - 1]) if 0 < number <= len(bound) else None

        stem, filled = fill_gaps(stem, gap_field)
        parts = [
            Part(gap, _("Gap %(number)d") % {"number": number})
            for number, gap in enumerate(bound, start=1)
            if number not in filled
        ]
    elif data.type == QuestionType.ESSAY:
        parts = [Part(_styled(bound[0]), _("Your answer"))]
    elif bound:
        parts = [Part(_styled(bound[0]), _("Answer"))]
    return QuestionOnPage(
        row=asked.row,
        data=data,
        number=asked.number,
        field_names=asked.field_names,
        stem_html=stem,
        parts=parts,
    )


# What a review (or a preview's "Check") shows ----------------------------------------------


def describe(data: QuestionData, response: Any) -> list[SafeString]:
    """A response (the learner's, or the right one) as lines of safe HTML; [] for none."""
    if response is None or response == "" or response in ([], {}, frozenset()):
        return []
    fmt = data.stem_format
    kind = data.type

    def choice(answers: tuple[Any, ...], index: Any) -> SafeString | None:
        if isinstance(index, int) and 0 <= index < len(answers):
            return render_inline(answers[index].text, answers[index].text_format or fmt)
        return None

    lines: list[SafeString | None] = []
    if kind == QuestionType.SINGLE_CHOICE:
        lines = [choice(data.answers, response)]
    elif kind == QuestionType.MULTIPLE_RESPONSE and isinstance(response, list | set | frozenset):
        lines = [choice(data.answers, index) for index in sorted(response)]
    elif kind == QuestionType.TRUE_FALSE:
        lines = [escape(_("True") if response else _("False"))]
    elif kind in (QuestionType.SHORT_ANSWER, QuestionType.NUMERICAL):
        lines = [escape(response)]
    elif kind == QuestionType.ESSAY:
        lines = [render_text(str(response), TextFormat.PLAIN)]
    elif kind == QuestionType.MATCHING and isinstance(response, dict):
        for index, prompt in enumerate(matching_prompts(data)):
            chosen = response.get(index, response.get(str(index)))
            if isinstance(chosen, str) and chosen:
                lines.append(
                    format_html(
                        "{} → {}",
                        render_inline(prompt, fmt),
                        render_inline(chosen, TextFormat.PLAIN),
                    )
                )
    elif kind == QuestionType.ORDERING and isinstance(response, list):
        lines = [
            render_inline(data.items[index], fmt)
            for index in response
            if isinstance(index, int) and 0 <= index < len(data.items)
        ]
    elif kind == QuestionType.CLOZE and isinstance(response, list):
        for number, gap in enumerate(data.gaps, start=1):
            value = response[number - 1] if number <= len(response) else None
            shown = choice(gap.answers, value) if gap.kind == GapKind.CHOICE else None
            if shown is None and isinstance(value, str) and value:
                shown = escape(value)
            text = _("Gap {number}: {value}")
            lines.append(format_html(text, number=number, value=shown or _("(blank)")))
    return [line for line in lines if line]


# Marked with gettext_noop, translated with _() when shown.
_STATE_LABELS = {
    GradeState.RIGHT: ("right", gettext_noop("Correct")),
    GradeState.PARTIAL: ("partial", gettext_noop("Partially correct")),
    GradeState.WRONG: ("wrong", gettext_noop("Incorrect")),
}


@dataclass
class Outcome:
    """What is shown of one graded question; None (or empty) where the policy hides it."""

    response: list[SafeString] | None
    state: str | None  # "right", "partial", "wrong", "not_answered", "needs_grading"
    state_label: str | None
    points: Decimal | None
    max_points: Decimal | None
    correct: list[SafeString] | None
    feedback: list[SafeString]
    general_feedback: SafeString | None
    grader_comment: str
    awaiting_grading: bool
    list_tag: str = "ul"  # "ol" where the order of the lines is the answer (ordering)


def outcome(
    asked: AskedQuestion,
    response: Any,
    fraction: Decimal | None,
    points: Decimal | None,
    options: ReviewOptions,
    comment: str = "",
) -> Outcome:
    """``asked`` answered with ``response`` (stored form) and marked ``fraction``/``points``,
    reduced to what ``options`` allows."""
    data = asked.data
    graded: Grade = grade(data, response_from_json(data, response))
    awaiting = fraction is None and graded.state == GradeState.NEEDS_GRADING
    if not graded.answered:
        state, label = "not_answered", _("Not answered")
    elif fraction is None:
        state, label = "needs_grading", _("Awaiting grading")
    else:
        state, english = _STATE_LABELS[state_for_fraction(fraction)]
        label = _(english)
    fmt = data.stem_format
    general = None
    if options.feedback and data.general_feedback.strip():
        general = render_text(data.general_feedback, data.general_feedback_format or fmt)
    return Outcome(
        # What the grader calls not answered (a cloze with every gap blank, say) reads as no
        # answer, whatever its stored form.
        response=(describe(data, response) if graded.answered else [])
        if options.responses
        else None,
        state=state if options.correct_answers or awaiting else None,
        state_label=label if options.correct_answers or awaiting else None,
        points=points if options.score else None,
        max_points=asked.row.max_points if options.score else None,
        correct=describe(data, correct_response(data)) if options.correct_answers else None,
        feedback=[render_text(text, fmt) for text in graded.feedback] if options.feedback else [],
        general_feedback=general,
        grader_comment=comment if options.feedback else "",
        awaiting_grading=awaiting,
        list_tag="ol" if data.type == QuestionType.ORDERING else "ul",
    )


@dataclass
class ReviewedQuestion:
    question: AskedQuestion
    stem_html: SafeString
    outcome: Outcome | None  # None for descriptions


def review_stem(data: QuestionData) -> SafeString:
    stem = render_text(data.stem, data.stem_format)
    if data.type != QuestionType.CLOZE:
        return stem

    def marker(number: int) -> str | None:
        if not 0 < number <= len(data.gaps):
            return None
        return format_html('<span class="cloze-marker">[{}]</span>', number)

    return fill_gaps(stem, marker)[0]


# Plain words ------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def duration_words(length: timedelta) -> str:
    """ "1 hour 30 minutes", "45 minutes", "20 seconds"."""
    seconds = int(length.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    words = []
    if hours:
        words.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes:
        words.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    if seconds or not words:
        words.append(ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds})
    return " ".join(words)


def _number(value: Decimal) -> str:
    return formats.number_format(value.quantize(Decimal("0.01")).normalize() + 0)


def quiz_rules(quiz: Quiz, used: int) -> list[str]:
    """The quiz's settings as sentences a learner reads before starting."""
    rules = []
    if quiz.time_limit:
        rules.append(
            _("You have %(duration)s to finish once you start; the page counts down.")
            % {"duration": duration_words(quiz.time_limit)}
        )
    else:
        rules.append(_("There is no time limit."))
    if quiz.open_at:
        rules.append(_("The quiz opens on %(when)s.") % {"when": _when(quiz.open_at)})
    if quiz.close_at:
        rules.append(_("The quiz closes on %(when)s.") % {"when": _when(quiz.close_at)})
    if quiz.attempts_allowed:
        rules.append(
            ngettext(
                "You may make %(count)d attempt; you have used %(used)d.",
                "You may make %(count)d attempts; you have used %(used)d.",
                quiz.attempts_allowed,
            )
            % {"count": quiz.attempts_allowed, "used": used}
        )
    else:
        rules.append(
            _("You may make as many attempts as you like; you have used %(used)d.") % {"used": used}
        )
    methods = {
        Quiz.GradingMethod.HIGHEST: _("Your grade is the score of your best attempt."),
        Quiz.GradingMethod.LATEST: _("Your grade is the score of your last attempt."),
        Quiz.GradingMethod.FIRST: _("Your grade is the score of your first attempt."),
        Quiz.GradingMethod.AVERAGE: _("Your grade is the average score of your attempts."),
    }
    rules.append(methods.get(Quiz.GradingMethod(quiz.grading_method), ""))
    rules.append(_("You need %(mark)s%% to pass.") % {"mark": _number(quiz.pass_mark)})
    return [rule for rule in rules if rule]


@dataclass
class Score:
    points: Decimal
    max_points: Decimal
    percentage: Decimal | None
    passed: bool | None  # None while an essay awaits grading
    final: bool


def attempt_score(attempt: Attempt) -> Score | None:
    if attempt.score is None:
        return None
    maximum = Decimal(attempt.max_score)
    percentage = Decimal(attempt.score) * 100 / maximum if maximum else None
    passed = None
    if percentage is not None and not attempt.needs_grading:
        passed = percentage >= attempt.quiz.pass_mark
    return Score(
        points=attempt.score,
        max_points=maximum,
        percentage=percentage,
        passed=passed,
        final=not attempt.needs_grading,
    )


def review_later_message(attempt: Attempt, options: ReviewOptions) -> str:
    """When more of the review becomes available, or "" when nothing more ever will."""
    quiz = attempt.quiz
    hidden_until_close = [
        when == ReviewWhen.AFTER_CLOSE and not shown
        for when, shown in (
            (quiz.review_score, options.score),
            (quiz.review_responses, options.responses),
            (quiz.review_correct_answers, options.correct_answers),
            (quiz.review_feedback, options.feedback),
        )
    ]
    if attempt.state != Attempt.State.SUBMITTED or not any(hidden_until_close):
        return ""
    if quiz.close_at:
        return _("More of this review will be shown after the quiz closes on %(when)s.") % {
            "when": _when(quiz.close_at)
        }
    return _("More of this review will be shown once the quiz closes.")
