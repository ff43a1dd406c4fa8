"""Roles are Django groups; this is the one place that says what each may do.

- **student**: a member of Students (every new account). Takes quizzes of visible courses.
- **instructor**: a member of Instructors. Imports documents (``courses.add_course``) and
  manages the courses they own or co-teach (``courses.permissions``).
- **admin**: a superuser. Manages everything, in the site and in the Django admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import Promise

STUDENTS = "Students"
INSTRUCTORS = "Instructors"

STUDENT = "student"
INSTRUCTOR = "instructor"
ADMIN = "admin"
ROLE_LABELS: dict[str, Promise] = {
    STUDENT: _("Student"),
    INSTRUCTOR: _("Instructor"),
    ADMIN: _("Administrator"),
}

# app_label.codename of every permission an instructor holds. The admin further limits each
# of these to the courses the instructor manages.
INSTRUCTOR_PERMISSIONS = [
    "courses.add_course",
    "courses.change_course",
    "courses.view_course",
    "courses.add_module",
    "courses.change_module",
    "courses.view_module",
    "courses.add_lesson",
    "courses.change_lesson",
    "courses.view_lesson",
    "courses.add_documentupload",
    "courses.view_documentupload",
    "quizzes.view_question",
    "quizzes.view_quiz",
    "quizzes.view_attempt",
]


def role_groups_ensure() -> dict[str, Group]:
    """Create the role groups (idempotent) and give each its permissions."""
    students, _created = Group.objects.get_or_create(name=STUDENTS)
    instructors, _created = Group.objects.get_or_create(name=INSTRUCTORS)
    wanted = {tuple(name.split(".", 1)) for name in INSTRUCTOR_PERMISSIONS}
    permissions = [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    instructors.permissions.set(permissions)
    return {STUDENTS: students, INSTRUCTORS: instructors}


def user_role(user: User | AnonymousUser) -> str:
    """``admin``, ``instructor`` or ``student``: the highest role the user holds.

    Reads ``user.groups.all()``, so a list of users can prefetch ``groups``.
    """
    if user.is_superuser:
        return ADMIN
    if any(group.name == INSTRUCTORS for group in user.groups.all()):
        return INSTRUCTOR
    return STUDENT


def role_label(user: User | AnonymousUser) -> Promise:
    return ROLE_LABELS[user_role(user)]


@transaction.atomic
def user_role_set(*, user: User, role: str) -> None:
    """Make ``user`` a student or an instructor (group membership). An admin is a superuser,
    granted in the admin's own "superuser status" box, and keeps that status here."""
    if role not in (STUDENT, INSTRUCTOR):
        raise ValueError(f"Unknown role {role!r}")
    groups = role_groups_ensure()
    if role == INSTRUCTOR:
        user.groups.add(groups[INSTRUCTORS])
        user.groups.remove(groups[STUDENTS])
    else:
        user.groups.add(groups[STUDENTS])
        user.groups.remove(groups[INSTRUCTORS])
    user_roles_changed(user_id=user.pk)


def user_roles_changed(*, user_id: int) -> None:
    """The user's roles, groups, permissions or superuser status changed (call it once they
    are saved, in the same transaction): what is kept under their ``roles_version`` is
    asked again at their next request."""
    User.objects.filter(pk=user_id).update(roles_version=F("roles_version") + 1)
