"""The review queue's pages: the queue, one card at a time, and what an answer did.

Each view is a few lines around one selector or service call; a card that is not the user's
own (or whose question left the bank or was unpublished, or that a quiz's review policy now
hides) answers 404. The queue and "next" first feed the queue from attempts whose answers were
revealed since they were graded (``review_cards_catch_up``). Nothing that grades
reaches the card page: keys and feedback show only on the result page, after an answer.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quizzes.attempts import ReviewOptions
from quizzes.display import outcome, questions_on_page, review_stem
from quizzes.forms import AttemptForm
from quizzes.views.learner import AuthenticatedHttpRequest

from .models import ReviewCard, ReviewLog
from .selectors import (
    card_for_user,
    card_question,
    course_queues,
    due_cards,
    latest_review,
    review_for_user,
)
from .services import PracticeError, StaleReview, practice_answer, review_cards_catch_up

# After an answer the learner sees everything: practice has no review policy to keep.
_EVERYTHING = ReviewOptions(score=False, responses=True, correct_answers=True, feedback=True)


def _own_card(request: AuthenticatedHttpRequest, pk: int) -> ReviewCard:
    try:
        return card_for_user(pk=pk, user=request.user)
    except ReviewCard.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How many questions are due, per course, and the way in."""
    now = timezone.now()
    review_cards_catch_up(user_id=request.user.pk, now=now)
    queues = course_queues(user=request.user, now=now)
    due = sum(item.due for item in queues)
    upcoming = min((item.next_due for item in queues), default=None)
    context = {"queues": queues, "due": due, "next_due": upcoming if not due else None}
    return render(request, "practice/queue.html", context)


@login_required
@require_GET
def next_card(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first card due (of ``?course=ID`` if given), or back to the queue when none is."""
    course = request.GET.get("course", "")
    now = timezone.now()
    review_cards_catch_up(user_id=request.user.pk, now=now)
    card = due_cards(
        user=request.user, course=int(course) if course.isdigit() else None, now=now
    ).first()
    if card is None:
        messages.success(request, _("Nothing more is due for practice now. Well done!"))
        return redirect("practice:queue")
    return redirect("practice:card", pk=card.pk)


def _card_page(
    request: AuthenticatedHttpRequest, card: ReviewCard, form: AttemptForm, status: int = 200
) -> HttpResponse:
    context = {"card": card, "form": form, "question": questions_on_page(form)[0]}
    return render(request, "practice/card.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def card_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One question to answer; the answer is graded, scheduled and shown on the result page."""
    card = _own_card(request, pk)
    asked = card_question(card=card)
    if request.method == "GET":
        return _card_page(
            request, card, AttemptForm(initial={"revision": card.revision}, asked=[asked])
        )
    form = AttemptForm(request.POST, asked=[asked])
    if not form.is_valid():
        return _card_page(request, card, form, status=400)
    try:
        log = practice_answer(
            card=card,
            response=form.responses().get(asked.position),
            now=timezone.now(),
            revision=form.cleaned_data["revision"],
        )
    except StaleReview as error:
        messages.info(request, str(error))
        shown = latest_review(card=card)
        return redirect("practice:result", pk=shown.pk) if shown else redirect(request.path)
    except PracticeError as error:
        messages.error(request, str(error))
        return redirect("practice:queue")
    return redirect("practice:result", pk=log.pk)


@login_required
@require_GET
def result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What one practice answer earned: right or wrong, the right answer, feedback, and when
    the question comes back."""
    try:
        log = review_for_user(pk=pk, user=request.user)
    except ReviewLog.DoesNotExist:
        raise Http404 from None
    asked = card_question(card=log.card)
    shown = outcome(asked, log.response, log.fraction, None, _EVERYTHING)
    context = {
        "log": log,
        "card": log.card,
        "stem_html": review_stem(asked.data),
        "outcome": shown,
    }
    return render(request, "practice/result.html", context)


urlpatterns = [
    path("", queue, name="queue"),
    path("next/", next_card, name="next"),
    path("<int:pk>/", card_page, name="card"),
    path("reviews/<int:pk>/", result, name="result"),
]
