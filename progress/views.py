"""Learner pages (dashboard, enrol and leave, mark complete, certificate), the public
certificate check and the enrolment page of a course's managers.

Each view is a few lines around one selector or service call; who may do what is asked of
``progress.permissions``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from courses.models import Course, Lesson
from courses.permissions import can_view_course
from courses.selectors import courses_taught, lesson_for_page
from courses.shortcuts import course_or_404
from practice.selectors import due_count
from practice.services import review_cards_catch_up

from . import selectors
from .forms import EnrolOneForm, RosterUploadForm
from .models import Enrolment
from .permissions import (
    can_enrol_self,
    can_manage_enrolments,
    is_enrolled,
    lesson_lock_reason,
)
from .recompute import progress_refresh
from .roster import enrolments_from_csv
from .rules import Lock
from .services import (
    EnrolmentError,
    enrolment_create,
    enrolment_end,
    lesson_complete,
    lesson_open,
)


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def not_enrolled_page(request: HttpRequest, course: Course) -> HttpResponse:
    """403 for a lesson or quiz of a course the user is not enrolled in, offering enrolment."""
    context = {"course": course, "can_enrol": can_enrol_self(request.user, course, False)}
    return render(request, "progress/not_enrolled.html", context, status=403)


def lesson_locked_page(request: HttpRequest, lesson: Lesson, lock: Lock) -> HttpResponse:
    """403 for a lesson gating keeps shut, saying which quiz opens it."""
    context = {"lesson": lesson, "course": lesson.course, "lock": lock}
    return render(request, "progress/lesson_locked.html", context, status=403)


def _viewable_course(request: HttpRequest, slug: str) -> Course:
    return course_or_404(request, slug, can_view_course)


def _managed_course(request: HttpRequest, slug: str) -> Course:
    return course_or_404(request, slug, can_manage_enrolments)


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The learner's courses, how far they are, where to continue, their latest results."""
    now = timezone.now()
    board = selectors.dashboard(user_id=request.user.pk, now=now)
    recomputed = 0
    for row in board.courses:
        if row.summary is not None:
            versions = {request.user.pk: row.summary.course_version}
            recomputed += progress_refresh(course=row.course, versions=versions)
    if recomputed:  # a course changed since their summary was computed: read it again
        board = selectors.dashboard(user_id=request.user.pk, now=now)
    card_due = board.card_due
    if board.feed_waiting:  # answers revealed since their attempt was graded join the queue
        review_cards_catch_up(user_id=request.user.pk, now=now)
        card_due = None
    context = {
        "dashboard": board,
        "review_due": due_count(user=request.user, now=now, card_due=card_due),
        "taught": courses_taught(user=request.user),
    }
    return render(request, "progress/dashboard.html", context)


@login_required
@require_POST
def course_enrol(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    course = _viewable_course(request, slug)
    try:
        enrolment_create(course=course, user=request.user, by=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course})
    return redirect(course)


@login_required
@require_POST
def course_leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Leave a course; progress is kept and comes back on re-enrolling."""
    course = _viewable_course(request, slug)
    enrolment = selectors.active_enrolment(user_id=request.user.pk, course=course)
    if enrolment is not None:
        enrolment_end(enrolment=enrolment)
        messages.success(
            request, _("You left “%(course)s”. Your progress is kept.") % {"course": course}
        )
    return redirect(course)


@login_required
@require_POST
def lesson_mark(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark a lesson complete, or (``complete=0``) not complete."""
    lesson: Lesson | None = lesson_for_page(slug=slug, pk=pk)
    if lesson is None or not can_view_course(request.user, lesson.course):
        raise Http404
    if not is_enrolled(request.user, lesson.course):
        return not_enrolled_page(request, lesson.course)
    lock = lesson_lock_reason(request.user, lesson)
    if lock is not None:  # not open yet, so not read: the lesson page says what opens it
        return lesson_locked_page(request, lesson, lock)
    try:
        lesson_complete(
            lesson=lesson, user=request.user, complete=request.POST.get("complete") != "0"
        )
    except EnrolmentError as error:
        messages.error(request, str(error))
    return redirect(lesson)


@login_required
@require_POST
def lesson_position(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """How far down the lesson the learner read (sent by static/js/lesson-progress.js)."""
    lesson = lesson_for_page(slug=slug, pk=pk)
    # A learner enrolled before the course was withdrawn may not see it now (nor learn that
    # it still exists); a locked lesson is not being read.
    if (
        lesson is None
        or not can_view_course(request.user, lesson.course)
        or not is_enrolled(request.user, lesson.course)
        or lesson_lock_reason(request.user, lesson) is not None
    ):
        raise Http404
    raw = request.POST.get("position", "")
    if not raw.isdigit():
        return HttpResponseBadRequest()
    lesson_open(lesson=lesson, user=request.user, position=min(int(raw), 100))
    return HttpResponse(status=204)


@login_required
@require_GET
def certificate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The learner's printable certificate, once the course is complete."""
    course = _viewable_course(request, slug)
    summary = selectors.completed_course(user_id=request.user.pk, course=course)
    if summary is None:
        raise Http404
    return render(request, "progress/certificate.html", {"summary": summary, "public": False})


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone with the link sees whose certificate it is, for which course, and when."""
    summary = selectors.certificate_for_code(code=code)
    if summary is None:
        raise Http404
    return render(request, "progress/certificate.html", {"summary": summary, "public": True})


def _enrolments_page(
    request: HttpRequest,
    course: Course,
    one: EnrolOneForm | None = None,
    upload: RosterUploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    progress_refresh(course=course)  # the page shows every learner's percent complete
    context = {
        "course": course,
        "enrolments": selectors.course_enrolments(course=course),
        "one_form": one or EnrolOneForm(),
        "upload_form": upload or RosterUploadForm(),
    }
    return render(request, "progress/enrolments.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def enrolments(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A course's learners; POST enrols one by e-mail address or username."""
    course = _managed_course(request, slug)
    if request.method == "GET":
        return _enrolments_page(request, course)
    form = EnrolOneForm(request.POST)
    if not form.is_valid():
        return _enrolments_page(request, course, one=form, status=400)
    learner = form.cleaned_data["learner"]
    enrolment_create(course=course, user=learner, by=request.user)
    messages.success(request, _("%(name)s is enrolled.") % {"name": learner.get_username()})
    return redirect("progress:enrolments", slug=course.slug)


@login_required
@require_POST
def enrolments_upload(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Enrol every account a file of e-mail addresses names, and say what was left out."""
    course = _managed_course(request, slug)
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _enrolments_page(request, course, upload=form, status=400)
    result = enrolments_from_csv(course=course, data=form.data_bytes, by=request.user)
    context = {"course": course, "result": result}
    return render(request, "progress/roster_result.html", context)


@login_required
@require_POST
def enrolment_end_view(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Unenrol a learner; the enrolment and their progress are kept."""
    course = _managed_course(request, slug)
    enrolment = Enrolment.objects.filter(course=course, pk=pk).select_related("user").first()
    if enrolment is None:
        raise Http404
    enrolment_end(enrolment=enrolment)
    messages.success(
        request, _("%(name)s is unenrolled.") % {"name": enrolment.user.get_username()}
    )
    return redirect("progress:enrolments", slug=course.slug)
