"""Who may do what with courses: the one place views, forms and the admin ask.

Every rule takes the request's user, which may be anonymous. Pages a user may not see answer
404 (as if they did not exist), so that drafts and other people's uploads are not disclosed.

A course is managed by its owner, its co-instructors (``Course.instructors``) and superusers
(the admin role); an instructor manages no one else's course.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from infrastructure.cache import versioned_cache

from .caching import course_cache_key

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


# How long an answer of ``imports_documents`` is kept: a change to a group's permissions
# (not to the user's own roles) shows within this time.
IMPORTS_DOCUMENTS_SECONDS = 60


def imports_documents(user: AnyUser) -> bool:
    """``can_import_documents``, kept per user for what every page asks: whether the menu
    offers "Import a document", whether the dashboard looks for courses taught.

    Not for deciding access: the import page itself asks ``can_import_documents``. The answer
    is kept under the user's ``roles_version``, which a role changed through
    ``accounts.roles.user_role_set`` or the admin's user page moves on: the next request reads
    it with the user and asks again, in every worker. So the copy may live in the worker's own
    memory (``versioned_cache``), and a learner's page makes no trip to Redis for it. A change
    to a group's permissions shows within IMPORTS_DOCUMENTS_SECONDS."""
    if not user.is_authenticated:
        return False
    # Asked twice by the dashboard (the menu, the courses taught): once per request's user.
    answer: bool | None = getattr(user, "_imports_documents", None)
    if answer is not None:
        return answer
    key = f"imports-documents:2:{user.pk}:{user.roles_version}"
    answer = versioned_cache.get(key)
    if answer is None:
        answer = can_import_documents(user)
        versioned_cache.set(key, answer, IMPORTS_DOCUMENTS_SECONDS)
    user._imports_documents = answer  # type: ignore[attr-defined]
    return answer


def can_manage_course(user: AnyUser, course: Course) -> bool:
    """A course's owner, its co-instructors and superusers edit it, re-import it, keep its
    question bank and quizzes, and grade its attempts."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or (course.owner_id is not None and course.owner_id == user.pk):
        return True
    if course.pk is None:
        return False
    return user.pk in co_instructor_ids(course)


# How long a course's co-instructors are kept (under the course's updated_at).
CO_INSTRUCTORS_SECONDS = 600


def co_instructor_ids(course: Course) -> frozenset[int]:
    """The ids of the course's co-instructors: one query, or none while the cached copy is
    current. Every course page asks whether its reader manages the course.

    Kept under ``course.updated_at``, which the database moves on whenever a co-instructor
    is added or removed (courses/caching.py): ``course`` must have been read before the
    answer is needed, as every view does at its start."""
    key = course_cache_key("co-instructors:1", course)
    ids: frozenset[int] | None = versioned_cache.get(key)
    if ids is None:
        ids = frozenset(course.instructors.values_list("pk", flat=True))
        versioned_cache.set(key, ids, CO_INSTRUCTORS_SECONDS)
    return ids


def can_view_course(user: AnyUser, course: Course) -> bool:
    """Published courses are public; a draft is seen only by those who manage it."""
    return course.is_published or can_manage_course(user, course)


def _managed_by(user: User, prefix: str) -> Q:
    # A subquery rather than a join on ``instructors``: a course with several co-instructors
    # must still come back once.
    from .models import Course

    co_taught = Course.instructors.through.objects.filter(user_id=user.pk).values("course_id")
    return Q(**{f"{prefix}owner_id": user.pk}) | Q(**{f"{prefix}pk__in": co_taught})


def viewable_courses_filter(user: AnyUser, prefix: str = "") -> Q:
    """``can_view_course`` as a query filter on courses, or on rows whose course is reached
    through ``prefix`` (such as ``"course__"``)."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}is_published": True})
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}is_published": True}) | _managed_by(user, prefix)


def manageable_courses_filter(user: AnyUser, prefix: str = "") -> Q:
    """``can_manage_course`` as a query filter (see ``viewable_courses_filter``)."""
    if not user.is_authenticated:
        return Q(**{f"{prefix}pk__in": []})
    if user.is_superuser:
        return Q()
    return _managed_by(user, prefix)


def can_preview_upload(user: AnyUser, upload: DocumentUpload) -> bool:
    """Only the uploader sees (and confirms) the outline preview of an upload."""
    return bool(user.is_authenticated and upload.uploaded_by_id == user.pk)
