"""Who may do what with courses: the one place views, forms and the admin ask.

Every rule takes the request's user, which may be anonymous. Pages a user may not see answer
404 (as if they did not exist), so that drafts and other people's uploads are not disclosed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    from .models import Course, DocumentUpload

    AnyUser = User | AnonymousUser


def can_import_documents(user: AnyUser) -> bool:
    """Instructors (holders of ``courses.add_course``) and superusers import documents."""
    return bool(
        user.is_authenticated and (user.is_superuser or user.has_perm("courses.add_course"))
    )


def can_manage_course(user: AnyUser, course: Course) -> bool:
    """A course's owner and superusers edit it and re-import it."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or (course.owner_id is not None and course.owner_id == user.pk))


def can_view_course(user: AnyUser, course: Course) -> bool:
    """Published courses are public; a draft is seen only by those who manage it."""
    return course.is_published or can_manage_course(user, course)


def viewable_courses_filter(user: AnyUser, prefix: str = "") -> Q:
    """``can_view_course`` as a query filter on courses, or on rows whose course is reached
    through ``prefix`` (such as ``"course__"``)."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}is_published": True})
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}is_published": True}) | Q(**{f"{prefix}owner_id": user.pk})


def manageable_courses_filter(user: AnyUser, prefix: str = "") -> Q:
    """``can_manage_course`` as a query filter (see ``viewable_courses_filter``)."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}pk__in": []})
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}owner_id": user.pk})


def can_preview_upload(user: AnyUser, upload: DocumentUpload) -> bool:
    """Only the uploader sees (and confirms) the outline preview of an upload."""
    return bool(user.is_authenticated and upload.uploaded_by_id == user.pk)
