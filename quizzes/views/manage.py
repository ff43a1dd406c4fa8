"""Pages an instructor uses to set a quiz up, move questions in and out, grade and regrade.

Each view is a few lines around one selector or service call. Only those who manage the course
see these pages; anyone else gets 404, as if the quiz or course did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from courses.models import Course
from courses.permissions import can_manage_course
from courses.shortcuts import course_or_404
from jobs.views import job_redirect
from pipeline import attempt_after_grading
from pipeline.tasks import quiz_regrade_start

from ..attempts import AttemptError, attempt_question_grade
from ..bank import course_questions
from ..formats import FORMAT_NAMES, export_questions, question_format
from ..models import Attempt, AttemptQuestion, Question, Quiz, QuizSlot
from ..permissions import can_manage_quiz
from ..questions import QuestionFormatError, QuestionType
from ..rendering import render_text
from ..settings_forms import (
    FORMAT_LABELS,
    GradeForm,
    QuestionImportForm,
    QuizSettingsForm,
    SlotAddForm,
    SlotPointsForm,
    SlotRandomForm,
)
from ..slots import (
    SlotError,
    categories_with_counts,
    category_paths,
    quiz_bank_questions,
    quiz_questions_import,
    quiz_slot_add,
    quiz_slot_add_random,
    quiz_slot_move,
    quiz_slot_points_set,
    quiz_slot_remove,
    quiz_slot_rows,
)


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


# How many answers awaiting a grade the queue shows at once (oldest first).
QUEUE_PAGE = 20


def _managed_quiz(request: HttpRequest, pk: int) -> Quiz:
    quiz = Quiz.objects.select_related("course", "lesson").filter(pk=pk).first()
    if quiz is None or not can_manage_quiz(request.user, quiz):
        raise Http404
    return quiz


def _managed_course(request: HttpRequest, slug: str) -> Course:
    return course_or_404(request, slug, can_manage_course)


def _managed_slot(request: HttpRequest, pk: int, slot: int) -> QuizSlot:
    quiz = _managed_quiz(request, pk)
    found = QuizSlot.objects.filter(pk=slot, quiz=quiz).select_related("quiz").first()
    if found is None:
        raise Http404
    return found


# Settings ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def quiz_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """A quiz's settings. Saving touches the quiz only: started attempts keep their deadline."""
    quiz = _managed_quiz(request, pk)
    form = QuizSettingsForm(request.POST or None, instance=quiz)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("quizzes:quiz-settings", pk=quiz.pk)
    return render(request, "quizzes/manage/settings.html", {"quiz": quiz, "form": form})


# The quiz's questions -----------------------------------------------------------------------


def _lesson_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("lesson") or request.POST.get("lesson") or ""
    return int(value) if value.isdigit() else None


def _questions_page(
    request: HttpRequest,
    quiz: Quiz,
    *,
    add_form: SlotAddForm | None = None,
    random_form: SlotRandomForm | None = None,
    status: int = 200,
) -> HttpResponse:
    paths = category_paths(course=quiz.course)
    lesson_id = _lesson_filter(request)
    categories = categories_with_counts(course=quiz.course).order_by("name", "pk")
    labels = {}
    for category in categories:
        count = getattr(category, "published", 0)
        labels[category.pk] = ngettext(
            "%(path)s (%(count)d published question)",
            "%(path)s (%(count)d published questions)",
            count,
        ) % {"path": paths[category.pk], "count": count}
    context = {
        "quiz": quiz,
        "rows": quiz_slot_rows(quiz=quiz, paths=paths),
        "lessons": quiz.course.lessons.filter(is_archived=False).order_by("position"),
        "lesson_id": lesson_id,
        "add_form": add_form
        or SlotAddForm(
            questions=quiz_bank_questions(quiz=quiz, lesson_id=lesson_id),
            initial={"lesson": lesson_id},
        ),
        "random_form": random_form or SlotRandomForm(categories=categories, labels=labels),
        "attempt_count": quiz.attempts.filter(state=Attempt.State.SUBMITTED).count(),
    }
    return render(request, "quizzes/manage/questions.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def quiz_questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The quiz's slots in order, with the ways to add, move, remove and re-weigh them."""
    return _questions_page(request, _managed_quiz(request, pk))


def _back_to_questions(quiz: Quiz, request: HttpRequest) -> HttpResponse:
    url = reverse("quizzes:quiz-questions", kwargs={"pk": quiz.pk})
    lesson_id = _lesson_filter(request)
    return redirect(f"{url}?lesson={lesson_id}" if lesson_id else url)


@login_required
@require_POST
def quiz_slot_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a question from the course's bank at the end of the quiz."""
    quiz = _managed_quiz(request, pk)
    form = SlotAddForm(
        request.POST,
        questions=quiz_bank_questions(quiz=quiz, lesson_id=_lesson_filter(request)),
    )
    if not form.is_valid():
        return _questions_page(request, quiz, add_form=form, status=400)
    try:
        quiz_slot_add(
            quiz=quiz, question=form.cleaned_data["question"], points=form.cleaned_data["points"]
        )
    except SlotError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Question added at the end of the quiz."))
    return _back_to_questions(quiz, request)


@login_required
@require_POST
def quiz_slot_add_random_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a slot that draws N questions at random from a category for each attempt."""
    quiz = _managed_quiz(request, pk)
    categories = categories_with_counts(course=quiz.course)
    form = SlotRandomForm(request.POST, categories=categories, labels={})
    if not form.is_valid():
        return _questions_page(request, quiz, random_form=form, status=400)
    try:
        quiz_slot_add_random(
            quiz=quiz, category=form.cleaned_data["category"], count=form.cleaned_data["count"]
        )
    except SlotError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Random questions added at the end of the quiz."))
    return _back_to_questions(quiz, request)


@login_required
@require_POST
def quiz_slot_move_view(request: HttpRequest, pk: int, slot: int) -> HttpResponse:
    """Move a slot up (offset -1) or down (offset 1)."""
    found = _managed_slot(request, pk, slot)
    offset = request.POST.get("offset", "")
    if offset not in ("-1", "1"):
        return HttpResponseBadRequest(_("Move up or down by one place."))
    try:
        quiz_slot_move(slot=found, offset=int(offset))
    except SlotError as error:
        messages.error(request, str(error))
    return _back_to_questions(found.quiz, request)


@login_required
@require_POST
def quiz_slot_remove_view(request: HttpRequest, pk: int, slot: int) -> HttpResponse:
    """Take a slot out of the quiz (the question stays in the bank)."""
    found = _managed_slot(request, pk, slot)
    quiz_slot_remove(slot=found)
    messages.success(request, _("Removed from the quiz; the question stays in the bank."))
    return _back_to_questions(found.quiz, request)


@login_required
@require_POST
def quiz_slot_points_view(request: HttpRequest, pk: int, slot: int) -> HttpResponse:
    """Set (or clear) the points a slot's question is worth in this quiz."""
    found = _managed_slot(request, pk, slot)
    form = SlotPointsForm(request.POST)
    if form.is_valid():
        quiz_slot_points_set(slot=found, points=form.cleaned_data["points"])
        messages.success(request, _("Points saved. Attempts already started keep theirs."))
    else:
        messages.error(request, _("Points must be a number, 0 or more."))
    return _back_to_questions(found.quiz, request)


@login_required
@require_POST
def quiz_regrade_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Grade every submitted attempt again from the questions' current keys."""
    quiz = _managed_quiz(request, pk)
    return_url = _back_to_questions(quiz, request)["Location"]
    job = quiz_regrade_start(quiz=quiz, user=request.user, return_url=return_url)
    return job_redirect(request, job)


# Import and export --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def questions_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Upload a GIFT, Aiken or Moodle XML file into the course's bank: all of it, or nothing."""
    course = _managed_course(request, slug)
    posted = request.method == "POST"
    form = QuestionImportForm(
        request.POST if posted else None, request.FILES if posted else None, course=course
    )
    if posted and form.is_valid():
        lesson = form.cleaned_data["lesson"]
        add_to_quiz = form.cleaned_data["add_to_quiz"]
        rows = quiz_questions_import(
            course=course,
            questions=form.questions,
            lesson=lesson,
            add_to_quiz=add_to_quiz,
            created_by=request.user,
        )
        messages.success(
            request,
            ngettext(
                "Imported %(count)d question from the %(format)s file.",
                "Imported %(count)d questions from the %(format)s file.",
                len(rows),
            )
            % {"count": len(rows), "format": FORMAT_LABELS[form.format_name]},
        )
        if add_to_quiz:
            return redirect("quizzes:quiz-questions", pk=lesson.quiz.pk)
        return redirect("quizzes:questions-import", slug=course.slug)
    context = {"course": course, "form": form, "formats": _format_summaries(course)}
    return render(request, "quizzes/manage/import.html", context, status=400 if posted else 200)


@dataclass(frozen=True)
class FormatSummary:
    name: str
    label: str
    left_out: int  # questions of the bank the format cannot express


def _format_summaries(course: Course) -> list[FormatSummary]:
    counts = dict(
        Question.objects.filter(course=course)
        .values("type")
        .annotate(n=Count("pk"))
        .values_list("type", "n")
    )
    summaries = []
    for name in FORMAT_NAMES:
        types = question_format(name).types
        left_out = sum(n for kind, n in counts.items() if QuestionType(kind) not in types)
        summaries.append(FormatSummary(name, FORMAT_LABELS[name], left_out))
    return summaries


@login_required
@require_http_methods(["GET"])
def questions_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The course's bank as a file to download; without a format, the choice of formats."""
    course = _managed_course(request, slug)
    name = request.GET.get("format", "")
    if name not in FORMAT_NAMES:
        context = {"course": course, "formats": _format_summaries(course)}
        return render(request, "quizzes/manage/export.html", context)
    try:
        text, left_out = export_questions(course_questions(course=course), name)
    except QuestionFormatError as error:
        # A question the format cannot write (an option that is only an image, in Aiken).
        context = {"course": course, "formats": _format_summaries(course), "problems": error}
        return render(request, "quizzes/manage/export.html", context, status=400)
    fmt = question_format(name)
    response = HttpResponse(text, content_type=f"{fmt.content_type}; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{course.slug}-questions{fmt.extension}"'
    )
    # The page that links here says the same before the download starts.
    response["X-Questions-Left-Out"] = str(left_out)
    if left_out:
        messages.warning(
            request,
            ngettext(
                "%(count)d question was left out of the %(format)s file: the format cannot "
                "express it.",
                "%(count)d questions were left out of the %(format)s file: the format cannot "
                "express them.",
                left_out,
            )
            % {"count": left_out, "format": FORMAT_LABELS[name]},
        )
    return response


# Grading ------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    row: AttemptQuestion
    stem_html: SafeString
    answer: str  # the learner's text: escaped when shown
    form: GradeForm


def _grading_queue(course: Course) -> QuerySet[AttemptQuestion]:
    """Answers of submitted attempts at the course's quizzes that await a grader, oldest first."""
    return (
        AttemptQuestion.objects.filter(
            attempt__quiz__course=course,
            attempt__state=Attempt.State.SUBMITTED,
            fraction__isnull=True,
        )
        .exclude(question__type=QuestionType.DESCRIPTION)
        .select_related("attempt__user", "attempt__quiz", "question")
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )


def _queue_page(
    request: HttpRequest, course: Course, bound: GradeForm | None = None, status: int = 200
) -> HttpResponse:
    queue = _grading_queue(course)
    items = [
        QueueItem(
            row=row,
            stem_html=render_text(row.question.stem, row.question.stem_format),
            answer=row.response if isinstance(row.response, str) else "",
            form=bound
            if bound is not None and bound.prefix == f"row-{row.pk}"
            else GradeForm(prefix=f"row-{row.pk}", max_points=row.max_points),
        )
        for row in queue[:QUEUE_PAGE]
    ]
    context = {"course": course, "items": items, "total": queue.count()}
    return render(request, "quizzes/manage/grading.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def grading_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """Essays awaiting a grade, oldest first, each with its grading form."""
    return _queue_page(request, _managed_course(request, slug))


@login_required
@require_POST
def grading_grade(request: HttpRequest, slug: str, row: int) -> HttpResponse:
    """Grade one answer; the attempt's score is totalled again. Then the next one."""
    course = _managed_course(request, slug)
    found = (
        AttemptQuestion.objects.filter(pk=row, attempt__quiz__course=course)
        .select_related("attempt__quiz", "attempt__user")
        .first()
    )
    if found is None:
        raise Http404
    form = GradeForm(request.POST, prefix=f"row-{found.pk}", max_points=found.max_points)
    if not form.is_valid():
        return _queue_page(request, course, bound=form, status=400)
    try:
        attempt = attempt_question_grade(
            row_id=found.pk,
            fraction=form.fraction,
            comment=form.cleaned_data["comment"],
            quiz=found.attempt.quiz,
        )
    except AttemptError as error:
        messages.error(request, str(error))
    else:
        attempt_after_grading(attempt=attempt)
        messages.success(request, _graded_message(attempt))
    return redirect("quizzes:grading-queue", slug=course.slug)


def _graded_message(attempt: Attempt) -> str:
    user = attempt.user
    return _("Graded. %(learner)s now has %(score)s of %(max)s on “%(quiz)s”.") % {
        "learner": user.get_full_name() or user.get_username(),
        "score": _number(attempt.score or Decimal(0)),
        "max": _number(attempt.max_score),
        "quiz": attempt.quiz.title,
    }


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


urlpatterns: list[URLPattern] = [
    path("quizzes/<int:pk>/settings/", quiz_settings, name="quiz-settings"),
    path("quizzes/<int:pk>/questions/", quiz_questions, name="quiz-questions"),
    path("quizzes/<int:pk>/questions/add/", quiz_slot_add_view, name="quiz-slot-add"),
    path(
        "quizzes/<int:pk>/questions/add-random/",
        quiz_slot_add_random_view,
        name="quiz-slot-add-random",
    ),
    path("quizzes/<int:pk>/questions/<int:slot>/move/", quiz_slot_move_view, name="quiz-slot-move"),
    path(
        "quizzes/<int:pk>/questions/<int:slot>/remove/",
        quiz_slot_remove_view,
        name="quiz-slot-remove",
    ),
    path(
        "quizzes/<int:pk>/questions/<int:slot>/points/",
        quiz_slot_points_view,
        name="quiz-slot-points",
    ),
    path("quizzes/<int:pk>/regrade/", quiz_regrade_view, name="quiz-regrade"),
    path("courses/<slug:slug>/questions/import/", questions_import, name="questions-import"),
    path("courses/<slug:slug>/questions/export/", questions_export, name="questions-export"),
    path("courses/<slug:slug>/grading/", grading_queue, name="grading-queue"),
    path("courses/<slug:slug>/grading/<int:row>/", grading_grade, name="grading-grade"),
]
