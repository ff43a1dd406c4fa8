"""Course pages (catalogue, outline, lesson) and the document import (upload, preview, confirm).

Confirming starts the import as a background task (``pipeline.tasks``).

Each view is a few lines around one selector or service call; who may see what is asked of
``courses.permissions``. What a user may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from jobs.views import job_redirect
from pipeline.tasks import document_import_start
from progress.permissions import (
    can_enrol_self,
    can_study_course,
    enrolment_and_summary,
    lesson_lock_reason,
)
from progress.recompute import progress_refresh
from progress.selectors import LearnerSummary, learner_course, learner_summary, lesson_learner
from progress.services import lesson_open
from progress.views import lesson_locked_page, not_enrolled_page
from quizzes.review import course_draft_count

from . import selectors
from .forms import DocumentUploadForm
from .importers import DocumentError
from .permissions import (
    can_import_documents,
    can_manage_course,
    can_preview_upload,
    can_view_course,
)
from .services import document_upload_create
from .shortcuts import course_or_404


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


def catalogue(request: HttpRequest) -> HttpResponse:
    """Every course the user may view, with its number of lessons."""
    courses = selectors.course_catalogue(user=request.user)
    return render(request, "courses/catalogue.html", {"courses": courses})


def course_outline(request: HttpRequest, slug: str) -> HttpResponse:
    """A course's modules and lessons in order, the learner's state in each, and the way in:
    Continue for the enrolled, Enrol (or why not) for the others, Log in for visitors.

    Public like the catalogue that leads here: a published course shows what it teaches;
    its lessons and quizzes are for its learners."""
    course = course_or_404(request, slug, can_view_course)
    can_manage = can_manage_course(request.user, course)
    enrolled, summary = enrolment_and_summary(request.user, course)
    learner = None
    if enrolled and request.user.is_authenticated:
        learner = learner_course(course=course, user_id=request.user.pk, summary=summary)
        if learner.summary is not None and progress_refresh(
            course=course, versions={request.user.pk: learner.summary.course_version}
        ):
            learner = learner_course(course=course, user_id=request.user.pk)
    context = {
        "course": course,
        "outline": selectors.course_outline(course=course),
        "can_manage": can_manage,
        "can_reimport": can_manage and can_import_documents(request.user),
        "draft_count": course_draft_count(course=course) if can_manage else 0,
        "enrolled": enrolled,
        "can_enrol": can_enrol_self(request.user, course, enrolled),
        "learner": learner,
    }
    return render(request, "courses/outline.html", context)


@login_required
def lesson_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """One lesson: its body, where it sits in the course, and the lessons either side. A
    learner's view is recorded; a locked lesson says which quiz opens it."""
    lesson = selectors.lesson_for_page(slug=slug, pk=pk)
    if lesson is None or not can_view_course(request.user, lesson.course):
        raise Http404
    # One read of the learner's summary says whether they are enrolled, whether the course
    # changed since the summary was computed (before the lock, which reads what a recompute
    # may change), whether this view is a repeat (nothing to record) and, unless the view
    # changed it, their state.
    enrolled, row = enrolment_and_summary(request.user, lesson.course)
    if not can_study_course(request.user, lesson.course, enrolled):
        return not_enrolled_page(request, lesson.course)
    summary = LearnerSummary.of(row) if row is not None else None
    if summary is not None and progress_refresh(
        course=lesson.course, versions={request.user.pk: summary.course_version}
    ):
        summary = learner_summary(user_id=request.user.pk, course_id=lesson.course_id)
    lock = lesson_lock_reason(request.user, lesson)
    if lock is not None:
        return lesson_locked_page(request, lesson, lock)
    learner = None
    if enrolled:
        if lesson_open(lesson=lesson, user=request.user, summary=summary):
            summary = None  # read again, as recorded
        learner = lesson_learner(
            lesson=lesson, user_id=request.user.pk, summary=summary, open_to_them=True
        )
    # The outline and the neighbours show only inside the lesson's kept fragments: read on
    # first use, so a page whose fragments are kept does not read the course's outline.
    course = lesson.course

    @cache
    def outline() -> selectors.CourseOutline:
        return selectors.course_outline(course=course)

    context = {
        "lesson": lesson,
        "course": course,
        "neighbours": SimpleLazyObject(
            lambda: selectors.lesson_neighbours(lesson=lesson, outline=outline())
        ),
        "outline": SimpleLazyObject(outline),
        "learner": learner,
    }
    return render(request, "courses/lesson_detail.html", context)


def _require_importer(request: HttpRequest) -> None:
    if not can_import_documents(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a document: it is read and planned at once, and kept only if that works."""
    _require_importer(request)
    posted = request.method == "POST"
    form = DocumentUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        course_slug=request.GET.get("course", ""),
    )
    if posted and form.is_valid():
        upload = document_upload_create(
            data=form.data_bytes,
            filename=form.cleaned_data["file"].name,
            user=request.user,
            title=form.cleaned_data["title"],
            target_course=form.cleaned_data["course"],
            plan=form.plan,
        )
        return redirect("courses:import-preview", pk=upload.pk)
    return render(request, "courses/document_upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def document_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The outline an upload would become (and what it changes); POST imports it."""
    _require_importer(request)
    upload = selectors.document_upload_for_preview(pk=pk)
    if upload is None or not can_preview_upload(request.user, upload):
        raise Http404
    if upload.imported_course is not None:
        messages.info(request, _("This document has already been imported."))
        return redirect(upload.imported_course)
    try:
        preview = selectors.document_upload_preview(upload=upload)
    except DocumentError as error:
        return render(request, "courses/document_preview.html", {"upload": upload, "error": error})
    # Importing into the course chosen updates it in place, if the user still manages it.
    allowed = preview.result.created or can_manage_course(request.user, preview.result.course)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        # The import runs as a background task; its page shows progress (or, when the task
        # ran at once, the course is shown with the summary).
        return job_redirect(request, document_import_start(upload=upload, user=request.user))
    context = {"upload": upload, "preview": preview, "allowed": allowed}
    return render(request, "courses/document_preview.html", context)
