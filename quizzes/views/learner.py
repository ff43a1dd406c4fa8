"""Pages a learner uses to take a quiz and review an attempt, and the instructor's previews.

Each view is a few lines around one selector or service call (``quizzes.attempts``); what a
user may not see answers 404. Question text is hostile: it only reaches a page through
``quizzes.rendering``. Nothing that grades (fractions, keys, feedback) reaches a page before
``review_options`` allows it, except on the previews, which only a course's managers see.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from pipeline import attempt_after_grading
from progress.permissions import can_study_course, lesson_lock_reason
from progress.views import not_enrolled_page

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
from ..display import (
    Outcome,
    QuestionOnPage,
    ReviewedQuestion,
    attempt_score,
    attempt_summary,
    outcome,
    questions_on_page,
    quiz_rules,
    review_later_message,
    review_stem,
)
from ..forms import AskedQuestion, AttemptForm
from ..grading import grade
from ..models import Attempt, AttemptQuestion, Quiz
from ..permissions import (
    can_manage_question,
    can_manage_quiz,
    can_review_attempt,
    can_view_quiz,
)
from ..questions import QuestionType
from ..selectors import (
    attempt_for_review,
    attempt_for_user,
    attempt_questions,
    learner_attempts,
    preview_questions,
    question_for_preview,
    quiz_for_page,
    quiz_preview_questions,
)

if TYPE_CHECKING:
    from courses.permissions import AnyUser

T = TypeVar("T")


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


# Views ------------------------------------------------------------------------------------


def _allowed_or_404(
    request: HttpRequest, load: Callable[[], T], rule: Callable[[AnyUser, T], bool]
) -> T:
    """What ``load`` finds, if ``rule`` (a ``quizzes.permissions`` function) lets the user
    see it; 404 alike for a missing row and for one that is not theirs to see."""
    try:
        found = load()
    except ObjectDoesNotExist:
        raise Http404 from None
    if not rule(request.user, found):
        raise Http404
    return found


def _viewable_quiz(request: AuthenticatedHttpRequest, pk: int) -> Quiz:
    return _allowed_or_404(request, lambda: quiz_for_page(pk=pk), can_view_quiz)


def _own_attempt(request: AuthenticatedHttpRequest, pk: int) -> Attempt:
    try:
        return attempt_for_user(pk=pk, user_id=request.user.pk)
    except Attempt.DoesNotExist:
        raise Http404 from None


def _taking_refused(request: AuthenticatedHttpRequest, attempt: Attempt) -> HttpResponse | None:
    """Going on with an open attempt is taking the quiz: a quiz (unpublished, its lesson
    archived) or course withdrawn since is 404, as it is for starting; a course the learner
    left (or was unenrolled from) offers enrolment again. None when the learner may go on."""
    if not can_view_quiz(request.user, attempt.quiz):
        raise Http404
    if not can_study_course(request.user, attempt.quiz.course):
        return not_enrolled_page(request, attempt.quiz.course)
    return None


def _open_attempt(request: AuthenticatedHttpRequest, pk: int) -> Attempt | HttpResponse:
    """The learner's open attempt; else where to go instead: the review of a closed attempt
    (a second click on "Submit" lands there too), or why the learner may not go on."""
    attempt = _own_attempt(request, pk)
    if attempt.state not in OPEN_STATES:
        return redirect("quizzes:attempt-review", pk=attempt.pk)
    return _taking_refused(request, attempt) or attempt


def _rows_at(
    attempt: Attempt, asked: list[AskedQuestion], revision: int | None
) -> list[AttemptQuestion] | None:
    """The rows a form was built from, if the page's ``revision`` is the attempt's: they were
    read after the attempt, so they are its rows at that revision (``rows_at_revision``)."""
    return [question.row for question in asked] if revision == attempt.revision else None


def _attempt_for_review(request: AuthenticatedHttpRequest, pk: int) -> Attempt:
    """The attempt ``pk`` if this user may review it (``permissions.can_review_attempt``:
    for now only its learner).

    Hook for instructors: look the attempt up by pk alone and widen ``can_review_attempt``;
    an instructor should then see everything (``ReviewOptions(True, True, True, True)``).
    """
    return _allowed_or_404(request, lambda: attempt_for_review(pk=pk), can_review_attempt)


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or "application/json" in (
        request.headers.get("Accept", "")
    )


@login_required
@require_GET
def quiz_intro(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A quiz's rules, the learner's attempts so far and the way in (start or continue)."""
    quiz = _viewable_quiz(request, pk)
    if not can_study_course(request.user, quiz.course):
        return not_enrolled_page(request, quiz.course)
    lock = lesson_lock_reason(request.user, quiz.lesson) if quiz.lesson else None
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
            "score": attempt_score(attempt)
            if review_options(attempt=attempt, now=now).score
            else None,
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
        "lock": lock,
    }
    return render(request, "quizzes/learner/quiz_intro.html", context)


@login_required
@require_POST
def quiz_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start an attempt (or find the open one) and go to it."""
    quiz = _viewable_quiz(request, pk)
    if not can_study_course(request.user, quiz.course):
        return not_enrolled_page(request, quiz.course)
    if quiz.lesson and lesson_lock_reason(request.user, quiz.lesson) is not None:
        messages.error(request, _("This quiz is locked: its lesson has not opened yet."))
        return redirect("quizzes:quiz", pk=quiz.pk)
    try:
        attempt = attempt_start(quiz=quiz, user=request.user)
    except AttemptError as error:
        messages.error(request, str(error))
        return redirect("quizzes:quiz", pk=quiz.pk)
    if attempt.number > 1:  # starting may have submitted an attempt left past its deadline
        attempt_after_grading(attempt=attempt)
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
    attempt = _open_attempt(request, pk)
    if isinstance(attempt, HttpResponse):
        return attempt
    asked = attempt_questions(attempt=attempt)
    form = AttemptForm(initial={"revision": attempt.revision}, asked=asked)
    return _attempt_page(request, attempt, form)


def _save_form(
    request: AuthenticatedHttpRequest, attempt: Attempt, form: AttemptForm, now: datetime
) -> int:
    """Save a valid form's answers (``attempt_save``); the attempt's new revision.
    Refusals (AttemptError) are for ``_save_refused`` to answer."""
    revision = form.cleaned_data["revision"]
    return attempt_save(
        attempt_id=attempt.pk,
        user=request.user,
        responses=form.responses(),
        revision=revision,
        now=now,
        rows_at_revision=_rows_at(attempt, form.asked, revision),
    )


def _save_refused(
    request: AuthenticatedHttpRequest, attempt: Attempt, error: AttemptError, fetch: bool
) -> HttpResponse:
    """The answer to a save ``attempt_save`` refused: closed (perhaps submitted by this very
    save, at its deadline) goes to the review; a stale page goes back to the attempt."""
    review_url = reverse("quizzes:attempt-review", kwargs={"pk": attempt.pk})
    if isinstance(error, AttemptClosed):
        attempt_after_grading(attempt=attempt)  # submitted at its deadline by this save
        if fetch:
            return JsonResponse({"error": str(error), "review_url": review_url}, status=409)
        messages.error(request, str(error))
        return redirect(review_url)
    if fetch:  # StaleAttempt
        return JsonResponse({"error": str(error)}, status=409)
    messages.error(request, str(error))
    return redirect("quizzes:attempt", pk=attempt.pk)


@login_required
@require_POST
def attempt_save_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the answers (autosave by fetch, or the "Save" button without JavaScript).

    A fetch gets JSON: the new revision and the time, never anything graded.
    """
    attempt = _own_attempt(request, pk)
    if refused := _taking_refused(request, attempt):
        return refused
    form = AttemptForm(request.POST, asked=attempt_questions(attempt=attempt))
    fetch = _is_fetch(request)
    if not form.is_valid():
        if fetch:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return _attempt_page(request, attempt, form, status=400)
    now = timezone.now()
    try:
        revision = _save_form(request, attempt, form, now)
    except AttemptError as error:
        return _save_refused(request, attempt, error, fetch)
    if fetch:
        return JsonResponse({"revision": revision, "saved_at": now.isoformat()})
    messages.success(request, _("Your answers were saved."))
    return redirect("quizzes:attempt", pk=attempt.pk)


@login_required
@require_POST
def attempt_submit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Submit and grade the attempt with the answers on the page, then show the review."""
    attempt = _open_attempt(request, pk)
    if isinstance(attempt, HttpResponse):
        return attempt
    asked = attempt_questions(attempt=attempt)
    form = AttemptForm(request.POST, asked=asked)
    valid = form.is_valid()
    if not valid and attempt.state == Attempt.State.IN_PROGRESS:
        return _attempt_page(request, attempt, form, status=400)
    if (
        valid
        and _summary_first(request, attempt)
        and not all(row.answered for row in attempt_summary(asked, form.responses()))
    ):
        return _save_then_summarise(request, attempt, form)
    revision = form.cleaned_data.get("revision")
    try:
        submitted = attempt_submit(
            attempt_id=attempt.pk,
            user=request.user,
            # Past the deadline (a grace period) the answers can no longer change anyway.
            responses=form.responses() if valid else None,
            revision=revision,
            rows_at_revision=_rows_at(attempt, asked, revision),
        )
    except StaleAttempt as error:
        messages.error(request, str(error))
        return redirect("quizzes:attempt", pk=attempt.pk)
    attempt_after_grading(attempt=submitted)
    return redirect("quizzes:attempt-review", pk=attempt.pk)


def _summary_first(request: AuthenticatedHttpRequest, attempt: Attempt) -> bool:
    """Submitting with questions left blank shows what is unanswered first, as a paper exam's
    invigilator would ask, unless the learner already confirmed (``confirm``) or the time is
    up (the timer submits at the deadline, and then there is nothing left to answer)."""
    if request.POST.get("confirm") == "1" or attempt.state != Attempt.State.IN_PROGRESS:
        return False
    return attempt.deadline is None or timezone.now() < attempt.deadline


def _save_then_summarise(
    request: AuthenticatedHttpRequest, attempt: Attempt, form: AttemptForm
) -> HttpResponse:
    """Keep the answers the page sent, then go to the summary (a page of its own, so that
    reloading it or coming back to it sends nothing again)."""
    try:
        _save_form(request, attempt, form, timezone.now())
    except AttemptError as error:
        return _save_refused(request, attempt, error, fetch=False)
    return redirect("quizzes:attempt-summary", pk=attempt.pk)


@login_required
@require_GET
def attempt_summary_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Which questions of an open attempt are answered, from what is saved, before the
    learner submits: Moodle's attempt summary."""
    attempt = _open_attempt(request, pk)
    if isinstance(attempt, HttpResponse):
        return attempt
    asked = attempt_questions(attempt=attempt)
    summary = attempt_summary(
        asked, {question.position: question.row.response for question in asked}
    )
    blank = [row for row in summary if not row.answered]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "summary": summary,
        "blank_count": len(blank),
        "first_blank": blank[0] if blank else None,
    }
    return render(request, "quizzes/learner/summary.html", context)


@login_required
@require_POST
def attempt_finish_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Submit the answers saved so far: the summary page's "Submit all and finish"."""
    attempt = _open_attempt(request, pk)
    if isinstance(attempt, HttpResponse):
        return attempt
    submitted = attempt_submit(attempt_id=attempt.pk, user=request.user)
    attempt_after_grading(attempt=submitted)
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
            stem_html=review_stem(asked.data),
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
        "score": attempt_score(attempt) if options.score else None,
        "questions": reviewed,
        "anything_shown": any(vars(options).values()),
        "later": review_later_message(attempt, options),
    }
    return render(request, "quizzes/learner/review.html", context)


# Previews (managers of the course only) ---------------------------------------------------


def _seed(request: HttpRequest) -> int:
    raw = request.POST.get("seed") or request.GET.get("seed") or ""
    # A preview's shuffle seed, shown to the course's managers: not a secret.
    return int(raw) if raw.isdigit() else random.randrange(1, 2**31)  # nosec B311


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
    question = _allowed_or_404(request, lambda: question_for_preview(pk=pk), can_manage_question)
    seed = _seed(request)
    asked = preview_questions(questions=[(question, None)], shuffle_answers=True, seed=seed)
    return _preview(request, asked, seed, str(question))


@login_required
@require_http_methods(["GET", "POST"])
def quiz_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A whole quiz as one attempt would ask it, for those who manage its course."""
    quiz = _allowed_or_404(request, lambda: quiz_for_page(pk=pk), can_manage_quiz)
    seed = _seed(request)
    return _preview(request, quiz_preview_questions(quiz=quiz, seed=seed), seed, quiz.title)


urlpatterns = [
    path("quizzes/<int:pk>/", quiz_intro, name="quiz"),
    path("quizzes/<int:pk>/start/", quiz_start, name="quiz-start"),
    path("quizzes/<int:pk>/preview/", quiz_preview, name="quiz-preview"),
    path("attempts/<int:pk>/", attempt_page, name="attempt"),
    path("attempts/<int:pk>/save/", attempt_save_view, name="attempt-save"),
    path("attempts/<int:pk>/submit/", attempt_submit_view, name="attempt-submit"),
    path("attempts/<int:pk>/summary/", attempt_summary_view, name="attempt-summary"),
    path("attempts/<int:pk>/finish/", attempt_finish_view, name="attempt-finish"),
    path("attempts/<int:pk>/review/", attempt_review, name="attempt-review"),
    path("questions/<int:pk>/preview/", question_preview, name="question-preview"),
]
