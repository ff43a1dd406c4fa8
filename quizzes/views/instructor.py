"""Pages an instructor uses to review drafted questions and keep the course's question bank.

Only those who manage the course (``courses.permissions.can_manage_course``) reach them; for
anyone else the course, lesson or question does not exist (404). Each view is a few lines
around one read or one service of ``quizzes.review``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from courses.models import Course, Lesson
from courses.permissions import can_manage_course
from courses.shortcuts import course_or_404

from .. import review
from ..bank import questions_with_structure
from ..models import Question
from ..permissions import can_manage_question
from ..question_forms import TYPE_LABELS, BankFilterForm, question_form
from ..questions import QuestionType

BANK_PAGE_SIZE = 50


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


# Access -------------------------------------------------------------------------------------


def _managed_course(request: AuthenticatedHttpRequest, slug: str) -> Course:
    return course_or_404(request, slug, can_manage_course)


def _managed_lesson(request: AuthenticatedHttpRequest, pk: int) -> Lesson:
    lesson = Lesson.objects.select_related("course").filter(pk=pk).first()
    if lesson is None or not can_manage_course(request.user, lesson.course):
        raise Http404
    return lesson


def _managed_question(request: AuthenticatedHttpRequest, pk: int) -> Question:
    question = (
        questions_with_structure(Question.objects.filter(pk=pk))
        .select_related("course", "lesson")
        .first()
    )
    if question is None or not can_manage_question(request.user, question):
        raise Http404
    return question


def _next_url(request: HttpRequest, fallback: str) -> str:
    """Where to go after a form: a same-site ``next`` if one was given, else ``fallback``."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and allowed else fallback


def _home_of(question: Question) -> str:
    """The page a question is reviewed on: its lesson's drafts, else the bank."""
    if question.lesson_id is not None:
        return reverse("quizzes:lesson-drafts", args=[question.lesson_id])
    return reverse("quizzes:bank", args=[question.course.slug])


def preview_url(pk: int) -> str:
    """The learner's-eye preview of a question (a page of the quiz-management views)."""
    try:
        return reverse("quizzes:question-preview", kwargs={"pk": pk})
    except NoReverseMatch:
        return f"/questions/{pk}/preview/"


# Pages --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def bank(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The course's questions, filtered by lesson, status and type, with drafts per lesson."""
    course = _managed_course(request, slug)
    lessons = list(review.course_lessons_with_counts(course=course))
    filters = BankFilterForm(request.GET or None, lessons=lessons)
    questions = review.bank_questions(course=course, **filters.filters())
    page = Paginator(questions, BANK_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(row, preview_url(row.question.pk)) for row in review.bank_rows(list(page))]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "course": course,
        "lessons": lessons,
        "draft_count": sum(lesson.draft_count for lesson in lessons),  # type: ignore[attr-defined]
        "filters": filters,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "type_labels": {t.value: label for t, label in TYPE_LABELS.items()},
    }
    return render(request, "quizzes/instructor/bank.html", context)


@login_required
@require_http_methods(["GET"])
def lesson_drafts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A lesson's drafts as learners would read them, beside the sentences they came from."""
    lesson = _managed_lesson(request, pk)
    context = {
        "course": lesson.course,
        "review": review.lesson_review(lesson=lesson),
        "type_labels": {t.value: label for t, label in TYPE_LABELS.items()},
    }
    return render(request, "quizzes/instructor/lesson_drafts.html", context)


@login_required
@require_POST
def draft_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publish one draft: it joins the end of its lesson's quiz."""
    question = _managed_question(request, pk)
    review.draft_approve(question=question)
    messages.success(request, _("Approved: the question is in the lesson's quiz."))
    return redirect(_next_url(request, _home_of(question)))


@login_required
@require_POST
def draft_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete one draft (never a published question)."""
    question = _managed_question(request, pk)
    try:
        review.draft_reject(question=question)
    except review.NotADraft:
        messages.error(request, _("This question is published; it was not deleted."))
    else:
        messages.success(request, _("Rejected: the draft was deleted."))
    return redirect(_next_url(request, _home_of(question)))


@login_required
@require_POST
def lesson_drafts_approve_all(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Publish every draft of a lesson, in order."""
    lesson = _managed_lesson(request, pk)
    count = review.lesson_drafts_approve_all(lesson=lesson)
    messages.success(
        request,
        ngettext("%(count)d draft approved.", "%(count)d drafts approved.", count)
        % {"count": count},
    )
    return redirect("quizzes:lesson-drafts", pk=lesson.pk)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: AuthenticatedHttpRequest, slug: str, qtype: str) -> HttpResponse:
    """A new question of ``qtype``: saved as a draft, or published into its lesson's quiz."""
    course = _managed_course(request, slug)
    try:
        kind = QuestionType(qtype)
    except ValueError:
        raise Http404 from None
    lesson_pk = request.GET.get("lesson", "")
    lesson = (
        course.lessons.filter(pk=lesson_pk, is_archived=False).first()
        if lesson_pk.isdigit()
        else None
    )
    form = question_form(request.POST or None, qtype=kind, course=course, lesson=lesson)
    if request.method == "POST" and form.is_valid():
        question = review.question_create(
            course=course,
            data=form.to_question_data(),
            lesson=form.chosen_lesson(),
            created_by=request.user,
            publish="save_draft" not in request.POST,
        )
        messages.success(request, _("The question was saved."))
        return redirect(_next_url(request, _home_of(question)))
    context = {
        "course": course,
        "form": form,
        "qtype": kind.value,
        "type_label": TYPE_LABELS[kind],
        "next": _next_url(request, ""),
    }
    return render(request, "quizzes/instructor/question_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a question in place (same id); a draft may be saved and approved at once."""
    question = _managed_question(request, pk)
    qtype = QuestionType(question.type)
    form = question_form(
        request.POST or None,
        qtype=qtype,
        course=question.course,
        initial_data=review.question_for_edit(question=question),
        lesson=question.lesson,
    )
    if request.method == "POST" and form.is_valid():
        approve = "save_approve" in request.POST and question.status == Question.Status.DRAFT
        review.question_edit(
            question=question,
            data=form.to_question_data(),
            lesson=form.chosen_lesson(),
            approve=approve,
        )
        done = _("Saved and approved.") if approve else _("The question was saved.")
        messages.success(request, done)
        return redirect(_next_url(request, _home_of(question)))
    context = {
        "course": question.course,
        "question": question,
        "source": review.source_parts(question.source_sentence, question.draft_term),
        "form": form,
        "qtype": qtype.value,
        "type_label": TYPE_LABELS[qtype],
        "next": _next_url(request, ""),
        "preview_url": preview_url(question.pk),
    }
    return render(request, "quizzes/instructor/question_form.html", context)


urlpatterns: list[URLPattern] = [
    path("courses/<slug:slug>/questions/", bank, name="bank"),
    path("courses/<slug:slug>/questions/new/<str:qtype>/", question_create, name="question-create"),
    path("questions/<int:pk>/edit/", question_edit, name="question-edit"),
    path("questions/<int:pk>/approve/", draft_approve, name="draft-approve"),
    path("questions/<int:pk>/reject/", draft_reject, name="draft-reject"),
    path("lessons/<int:pk>/drafts/", lesson_drafts, name="lesson-drafts"),
    path(
        "lessons/<int:pk>/drafts/approve-all/",
        lesson_drafts_approve_all,
        name="lesson-drafts-approve-all",
    ),
]
