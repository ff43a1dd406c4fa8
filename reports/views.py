"""Report pages for those who manage a course. Each view is a few lines around one selector;
anyone else gets 404, as if the course or quiz did not exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from courses.models import Course
from courses.shortcuts import course_or_404
from jobs.views import job_redirect
from pipeline.tasks import report_export_start
from progress.recompute import progress_refresh
from quizzes.models import Attempt, Quiz

from .charts import bar_chart, score_bands
from .csv_export import csv_lines
from .gradebook import course_gradebook, gradebook_table
from .learners import graded_quizzes
from .permissions import can_view_reports
from .progress_report import (
    CELL_LABELS,
    CELL_SYMBOLS,
    SHOW_LABELS,
    SORT_LABELS,
    Show,
    Sort,
    course_progress_report,
)
from .statistics import quiz_statistics_report


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


def _reported_course(request: HttpRequest, slug: str) -> Course:
    return course_or_404(request, slug, can_view_reports)


def _reported_progress(request: HttpRequest, slug: str) -> Course:
    """The course, for a report of its learners' progress: each learner's is brought up to
    date first if the course changed since it was computed (``progress_refresh``)."""
    course = _reported_course(request, slug)
    progress_refresh(course=course)
    return course


def _reported_quiz(request: HttpRequest, pk: int) -> Quiz:
    quiz = Quiz.objects.select_related("course", "lesson").filter(pk=pk).first()
    if quiz is None or not can_view_reports(request.user, quiz.course):
        raise Http404
    return quiz


def _choice(value: str | None, choices: type[Show] | type[Sort], default: str) -> str:
    return value if value in {c.value for c in choices} else default


@login_required
@require_GET
def progress_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Learners × lessons: where each learner is, who is stuck, and the completion funnel."""
    course = _reported_progress(request, slug)
    show = Show(_choice(request.GET.get("show"), Show, Show.ALL))
    sort = Sort(_choice(request.GET.get("sort"), Sort, Sort.NAME))
    report = course_progress_report(
        course=course, show=show, sort=sort, page_number=request.GET.get("page") or 1
    )
    funnel = bar_chart(
        title=_("Completion by lesson"),
        description=_("How many of the course's learners completed each lesson, in course order."),
        label_heading=_("Lesson"),
        value_heading=_("Learners who completed it"),
        data=[(str(step.lesson.position), step.completed) for step in report.funnel],
    )
    context = {
        "course": course,
        "report": report,
        "funnel": funnel,
        "show": show,
        "sort": sort,
        "show_choices": SHOW_LABELS.items(),
        "sort_choices": SORT_LABELS.items(),
        "legend": [(CELL_SYMBOLS[state], label) for state, label in CELL_LABELS.items()],
    }
    return render(request, "reports/progress.html", context)


@login_required
@require_GET
def gradebook(request: HttpRequest, slug: str) -> HttpResponse:
    """Learners × quizzes: grades per each quiz's grading method, and the course grade."""
    course = _reported_progress(request, slug)
    book = course_gradebook(course=course, page_number=request.GET.get("page") or 1)
    return render(request, "reports/gradebook.html", {"course": course, "book": book})


@login_required
@require_GET
def gradebook_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The whole gradebook as CSV: the web page's columns, every learner."""
    course = _reported_progress(request, slug)
    lines = csv_lines(gradebook_table(course_gradebook(course=course)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gradebook-{course.slug}.csv"'
    return response


@login_required
@require_POST
def gradebook_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Build the gradebook CSV as a background job; its page offers the file when ready."""
    course = _reported_progress(request, slug)
    job = report_export_start(
        user=request.user,
        name="gradebook",
        title=_("Gradebook of “%(course)s” (CSV)") % {"course": course.title},
        params={"course": course.slug},
    )
    return job_redirect(request, job)


@login_required
@require_GET
def statistics_index(request: HttpRequest, slug: str) -> HttpResponse:
    """The course's graded quizzes, each with its number of graded attempts."""
    course = _reported_course(request, slug)
    graded = Q(
        attempts__state=Attempt.State.SUBMITTED,
        attempts__score__isnull=False,
        attempts__needs_grading=False,
    )
    counts = dict(
        Quiz.objects.filter(course=course)
        .annotate(n=Count("attempts", filter=graded))
        .values_list("pk", "n")
    )
    quizzes = [(quiz, counts.get(quiz.pk, 0)) for quiz in graded_quizzes(course=course)]
    return render(request, "reports/statistics.html", {"course": course, "quizzes": quizzes})


@login_required
@require_GET
def quiz_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    """Moodle's quiz statistics: the quiz's figures, each question's, and the scores' spread."""
    quiz = _reported_quiz(request, pk)
    report = quiz_statistics_report(quiz=quiz, all_attempts=request.GET.get("attempts") == "all")
    stats = report.stats
    chart = bar_chart(
        title=_("Distribution of scores"),
        description=_("How many attempts scored in each band of 10 % of the maximum mark."),
        label_heading=_("Score"),
        value_heading=_("Attempts"),
        data=score_bands([stats.percent(total) or 0.0 for total in stats.totals]),
    )
    context = {"quiz": quiz, "course": quiz.course, "report": report, "chart": chart}
    return render(request, "reports/quiz_statistics.html", context)


urlpatterns: list[URLPattern] = [
    path("courses/<slug:slug>/reports/progress/", progress_report, name="progress"),
    path("courses/<slug:slug>/reports/gradebook/", gradebook, name="gradebook"),
    path("courses/<slug:slug>/reports/gradebook.csv", gradebook_csv, name="gradebook-csv"),
    path(
        "courses/<slug:slug>/reports/gradebook/export/", gradebook_export, name="gradebook-export"
    ),
    path("courses/<slug:slug>/reports/statistics/", statistics_index, name="statistics"),
    path("quizzes/<int:pk>/statistics/", quiz_statistics, name="quiz-statistics"),
]
