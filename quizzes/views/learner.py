"""Pages a learner uses to take a quiz and review an attempt, and the instructor's previews.

Each view is a few lines around one selector or service call (``quizzes.attempts``); what a
user may not see answers 404. Question text is hostile: it only reaches a page through
``quizzes.rendering``. Nothing that grades (fractions, keys, feedback) reaches a page before
``review_options`` allows it, except on the previews, which only a course's managers see.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from courses.permissions import can_manage_course, can_view_course

from ..attempts import (
    OPEN_STATES,
    AttemptClosed,
    AttemptError,
    QuizUnavailable,
    ReviewOptions,
    StaleAttempt,
    attempt_save,
    attempt_start,
    attempt_submit,
    quiz_check_open,
    response_from_json,
    review_options,
)
from ..forms import AskedQuestion, AttemptForm, matching_prompts
from ..grading import Grade, GradeState, correct_response, grade, state_for_fraction
from ..models import Attempt, Question, Quiz, ReviewWhen
from ..questions import GapKind, QuestionData, QuestionType, TextFormat
from ..rendering import render_inline, render_text
from ..selectors import (
    attempt_for_user,
    attempt_questions,
    learner_attempts,
    preview_questions,
    question_for_preview,
    quiz_for_page,
    quiz_preview_questions,
)


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


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
        for item in bound:
            index = int(item.name.rsplit("_", 1)[1])
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
        response=describe(data, response) if options.responses else None,
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


def _review_stem(data: QuestionData) -> SafeString:
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


def _score(attempt: Attempt) -> Score | None:
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


# Views ------------------------------------------------------------------------------------


def _viewable_quiz(request: AuthenticatedHttpRequest, pk: int) -> Quiz:
    try:
        quiz = quiz_for_page(pk=pk)
    except Quiz.DoesNotExist:
        raise Http404 from None
    if not can_view_course(request.user, quiz.course):
        raise Http404
    return quiz


def _own_attempt(request: AuthenticatedHttpRequest, pk: int) -> Attempt:
    try:
        return attempt_for_user(pk=pk, user_id=request.user.pk)
    except Attempt.DoesNotExist:
        raise Http404 from None


def _attempt_for_review(request: AuthenticatedHttpRequest, pk: int) -> Attempt:
    """The attempt ``pk`` if this user may review it: for now only its owner.

    Hook for instructors: look the attempt up by pk alone and also allow
    ``can_manage_course(request.user, attempt.quiz.course)``; an instructor should then see
    everything (pass ``ReviewOptions(True, True, True, True)`` instead of review_options).
    """
    return _own_attempt(request, pk)


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or "application/json" in (
        request.headers.get("Accept", "")
    )


@login_required
@require_GET
def quiz_intro(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A quiz's rules, the learner's attempts so far and the way in (start or continue)."""
    quiz = _viewable_quiz(request, pk)
    attempts = learner_attempts(quiz=quiz, user_id=request.user.pk)
    now = timezone.now()
    open_attempt = next((a for a in attempts if a.state in OPEN_STATES), None)
    unavailable = ""
    if quiz.slot_count == 0:  # type: ignore[attr-defined]
        unavailable = _("This quiz has no questions yet.")
    elif open_attempt is None:
        try:
            quiz_check_open(quiz=quiz, now=now)
        except QuizUnavailable as error:
            unavailable = str(error)
        if not unavailable and quiz.attempts_allowed and len(attempts) >= quiz.attempts_allowed:
            unavailable = _("You have used all %(count)d attempts allowed at this quiz.") % {
                "count": len(attempts)
            }
    rows = [
        {
            "attempt": attempt,
            "score": _score(attempt) if review_options(attempt=attempt, now=now).score else None,
            "closed": attempt.state not in OPEN_STATES,
        }
        for attempt in attempts
    ]
    context = {
        "quiz": quiz,
        "rules": quiz_rules(quiz, len(attempts)),
        "rows": rows,
        "open_attempt": open_attempt,
        "unavailable": unavailable,
    }
    return render(request, "quizzes/learner/quiz_intro.html", context)


@login_required
@require_POST
def quiz_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start an attempt (or find the open one) and go to it."""
    quiz = _viewable_quiz(request, pk)
    try:
        attempt = attempt_start(quiz=quiz, user=request.user)
    except AttemptError as error:
        messages.error(request, str(error))
        return redirect("quizzes:quiz", pk=quiz.pk)
    return redirect("quizzes:attempt", pk=attempt.pk)


def _attempt_page(
    request: AuthenticatedHttpRequest, attempt: Attempt, form: AttemptForm, status: int = 200
) -> HttpResponse:
    remaining = None
    if attempt.deadline is not None:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "form": form,
        "questions": questions_on_page(form),
        "remaining_seconds": remaining,
        "remaining_clock": _clock(remaining) if remaining is not None else "",
        "overdue": attempt.state == Attempt.State.OVERDUE,
    }
    return render(request, "quizzes/learner/attempt.html", context, status=status)


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@login_required
@require_GET
def attempt_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every question of an open attempt on one page, with the answers saved so far."""
    attempt = _own_attempt(request, pk)
    if attempt.state not in OPEN_STATES:
        return redirect("quizzes:attempt-review", pk=attempt.pk)
    asked = attempt_questions(attempt=attempt)
    form = AttemptForm(initial={"revision": attempt.revision}, asked=asked)
    return _attempt_page(request, attempt, form)


@login_required
@require_POST
def attempt_save_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the answers (autosave by fetch, or the "Save" button without JavaScript).

    A fetch gets JSON: the new revision and the time, never anything graded.
    """
    attempt = _own_attempt(request, pk)
    form = AttemptForm(request.POST, asked=attempt_questions(attempt=attempt))
    fetch = _is_fetch(request)
    if not form.is_valid():
        if fetch:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return _attempt_page(request, attempt, form, status=400)
    now = timezone.now()
    review_url = reverse("quizzes:attempt-review", kwargs={"pk": attempt.pk})
    try:
        saved = attempt_save(
            attempt_id=attempt.pk,
            user=request.user,
            responses=form.responses(),
            revision=form.cleaned_data["revision"],
            now=now,
        )
    except AttemptClosed as error:
        if fetch:
            return JsonResponse({"error": str(error), "review_url": review_url}, status=409)
        messages.error(request, str(error))
        return redirect(review_url)
    except AttemptError as error:  # StaleAttempt
        if fetch:
            return JsonResponse({"error": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect("quizzes:attempt", pk=attempt.pk)
    if fetch:
        return JsonResponse({"revision": saved.revision, "saved_at": now.isoformat()})
    messages.success(request, _("Your answers were saved."))
    return redirect("quizzes:attempt", pk=attempt.pk)


@login_required
@require_POST
def attempt_submit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Submit and grade the attempt with the answers on the page, then show the review."""
    attempt = _own_attempt(request, pk)
    if attempt.state not in OPEN_STATES:  # a second click on "Submit": already done
        return redirect("quizzes:attempt-review", pk=attempt.pk)
    form = AttemptForm(request.POST, asked=attempt_questions(attempt=attempt))
    valid = form.is_valid()
    if not valid and attempt.state == Attempt.State.IN_PROGRESS:
        return _attempt_page(request, attempt, form, status=400)
    try:
        attempt_submit(
            attempt_id=attempt.pk,
            user=request.user,
            # Past the deadline (a grace period) the answers can no longer change anyway.
            responses=form.responses() if valid else None,
            revision=form.cleaned_data.get("revision"),
        )
    except StaleAttempt as error:
        messages.error(request, str(error))
        return redirect("quizzes:attempt", pk=attempt.pk)
    return redirect("quizzes:attempt-review", pk=attempt.pk)


@login_required
@require_GET
def attempt_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A closed attempt, showing exactly what the quiz's review policy allows now."""
    attempt = _attempt_for_review(request, pk)
    if attempt.state in OPEN_STATES:
        return redirect("quizzes:attempt", pk=attempt.pk)
    options = review_options(attempt=attempt)
    reviewed = [
        ReviewedQuestion(
            question=asked,
            stem_html=_review_stem(asked.data),
            outcome=None
            if asked.data.type == QuestionType.DESCRIPTION
            else outcome(
                asked,
                asked.row.response,
                asked.row.fraction,
                asked.row.points,
                options,
                asked.row.grader_comment,
            ),
        )
        for asked in attempt_questions(attempt=attempt)
    ]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "options": options,
        "score": _score(attempt) if options.score else None,
        "questions": reviewed,
        "anything_shown": any(vars(options).values()),
        "later": review_later_message(attempt, options),
    }
    return render(request, "quizzes/learner/review.html", context)


# Previews (managers of the course only) ---------------------------------------------------


def _seed(request: HttpRequest) -> int:
    raw = request.POST.get("seed") or request.GET.get("seed") or ""
    return int(raw) if raw.isdigit() else random.randrange(1, 2**31)


@dataclass
class PreviewItem:
    question: QuestionOnPage
    outcome: Outcome | None


_EVERYTHING = ReviewOptions(score=True, responses=True, correct_answers=True, feedback=True)


def _preview(
    request: HttpRequest, asked: list[AskedQuestion], seed: int, title: str
) -> HttpResponse:
    """The questions as a learner sees them; "Check" grades the answers and saves nothing."""
    checked = request.method == "POST"
    form = AttemptForm(request.POST if checked else None, initial={"revision": 0}, asked=asked)
    responses = form.responses() if checked and form.is_valid() else None
    items = []
    for shown in questions_on_page(form):
        result = None
        if responses is not None and shown.data.type != QuestionType.DESCRIPTION:
            response = responses.get(shown.position)
            graded = grade(shown.data, response_from_json(shown.data, response))
            points = graded.points(shown.row.max_points)
            result = outcome(shown, response, graded.fraction, points, _EVERYTHING)
        items.append(PreviewItem(question=shown, outcome=result))
    context = {"form": form, "items": items, "seed": seed, "title": title, "checked": checked}
    return render(request, "quizzes/learner/preview.html", context, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def question_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One question exactly as a learner sees it, for those who manage its course."""
    try:
        question = question_for_preview(pk=pk)
    except Question.DoesNotExist:
        raise Http404 from None
    if not can_manage_course(request.user, question.course):
        raise Http404
    seed = _seed(request)
    asked = preview_questions(questions=[(question, None)], shuffle_answers=True, seed=seed)
    return _preview(request, asked, seed, str(question))


@login_required
@require_http_methods(["GET", "POST"])
def quiz_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A whole quiz as one attempt would ask it, for those who manage its course."""
    try:
        quiz = quiz_for_page(pk=pk)
    except Quiz.DoesNotExist:
        raise Http404 from None
    if not can_manage_course(request.user, quiz.course):
        raise Http404
    seed = _seed(request)
    return _preview(request, quiz_preview_questions(quiz=quiz, seed=seed), seed, quiz.title)


urlpatterns = [
    path("quizzes/<int:pk>/", quiz_intro, name="quiz"),
    path("quizzes/<int:pk>/start/", quiz_start, name="quiz-start"),
    path("quizzes/<int:pk>/preview/", quiz_preview, name="quiz-preview"),
    path("attempts/<int:pk>/", attempt_page, name="attempt"),
    path("attempts/<int:pk>/save/", attempt_save_view, name="attempt-save"),
    path("attempts/<int:pk>/submit/", attempt_submit_view, name="attempt-submit"),
    path("attempts/<int:pk>/review/", attempt_review, name="attempt-review"),
    path("questions/<int:pk>/preview/", question_preview, name="question-preview"),
]
