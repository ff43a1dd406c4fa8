"""Course pages (catalogue, outline, lesson) and the document import (upload, preview, confirm).

Each view is a few lines around one selector or service call; who may see what is asked of
``courses.permissions``. What a user may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from docent.pipeline import UploadAlreadyImported, document_upload_confirm
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
from .services import ImportResult, document_upload_create


class AuthenticatedHttpRequest(HttpRequest):
    """A request in a view behind ``login_required``."""

    user: User


def catalogue(request: HttpRequest) -> HttpResponse:
    """Every course the user may view, with its number of lessons."""
    courses = selectors.course_catalogue(user=request.user)
    return render(request, "courses/catalogue.html", {"courses": courses})


def course_outline(request: HttpRequest, slug: str) -> HttpResponse:
    """A course's modules and lessons in order, and the way in to its first lesson."""
    course = selectors.course_for_page(slug=slug)
    if course is None or not can_view_course(request.user, course):
        raise Http404
    can_manage = can_manage_course(request.user, course)
    context = {
        "course": course,
        "outline": selectors.course_outline(course=course),
        "can_manage": can_manage,
        "can_reimport": can_manage and can_import_documents(request.user),
        "draft_count": course_draft_count(course=course) if can_manage else 0,
    }
    return render(request, "courses/outline.html", context)


def lesson_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One lesson: its body, where it sits in the course, and the lessons either side."""
    lesson = selectors.lesson_for_page(slug=slug, pk=pk)
    if lesson is None or not can_view_course(request.user, lesson.course):
        raise Http404
    outline = selectors.course_outline(course=lesson.course)
    context = {
        "lesson": lesson,
        "course": lesson.course,
        "neighbours": selectors.lesson_neighbours(lesson=lesson, outline=outline),
        "outline": outline,
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
    # Importing into an existing course (chosen, or one of the same title) updates it in place.
    allowed = preview.result.created or can_manage_course(request.user, preview.result.course)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        try:
            result = document_upload_confirm(upload=upload)
        except UploadAlreadyImported as already:
            messages.info(request, _("This document has already been imported."))
            return redirect(already.course or "courses:catalogue")
        messages.success(request, _import_summary(result))
        return redirect(result.course)
    context = {"upload": upload, "preview": preview, "allowed": allowed}
    return render(request, "courses/document_preview.html", context)


def _import_summary(result: ImportResult) -> str:
    counts = {
        "title": result.course.title,
        "added": len(result.added),
        "changed": len(result.changed),
        "archived": len(result.archived),
        "unchanged": len(result.unchanged),
    }
    if result.created:
        message = _(
            "Course “%(title)s” created: %(added)d added, %(changed)d changed, "
            "%(archived)d archived, %(unchanged)d unchanged."
        )
    else:
        message = _(
            "Course “%(title)s” updated: %(added)d added, %(changed)d changed, "
            "%(archived)d archived, %(unchanged)d unchanged."
        )
    return message % counts
