"""Roles are Django groups; this is the one place that says what each may do."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

STUDENTS = "Students"
INSTRUCTORS = "Instructors"

# app_label.codename of every permission an instructor holds.
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
]


def role_groups_ensure() -> dict[str, Group]:
    """Create the role groups (idempotent) and give each its permissions."""
    students, _ = Group.objects.get_or_create(name=STUDENTS)
    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    wanted = {tuple(name.split(".", 1)) for name in INSTRUCTOR_PERMISSIONS}
    permissions = [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    instructors.permissions.set(permissions)
    return {STUDENTS: students, INSTRUCTORS: instructors}
