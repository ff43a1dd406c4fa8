"""Progress rows in the admin: read to look things up, not to edit (services own the writes).

Superusers see everything; other staff only the courses they manage.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from courses.permissions import manageable_courses_filter

from .models import CourseProgress, Enrolment, LessonProgress, QuizStanding


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Summaries are recomputed by the services; an edit here would be overwritten."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(manageable_courses_filter(request.user, "course__"))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(_ReadOnlyAdmin):
    list_display = ["user", "course", "status", "enrolled_at", "enrolled_by", "ended_at"]
    list_filter = ["status", "course"]
    list_select_related = ["user", "course", "enrolled_by"]
    search_fields = ["user__username", "user__email", "course__title", "course__slug"]
    date_hierarchy = "enrolled_at"


@admin.register(LessonProgress)
class LessonProgressAdmin(_ReadOnlyAdmin):
    list_display = ["user", "lesson", "course", "opened_at", "last_seen_at", "completed_at"]
    list_filter = ["course", "completed_at"]
    list_select_related = ["user", "lesson", "course"]
    search_fields = ["user__username", "user__email", "lesson__title"]


@admin.register(QuizStanding)
class QuizStandingAdmin(_ReadOnlyAdmin):
    list_display = ["user", "quiz", "course", "percentage", "passed", "passed_at", "attempts_used"]
    list_filter = ["passed", "course"]
    list_select_related = ["user", "quiz", "course"]
    search_fields = ["user__username", "user__email", "quiz__title"]


@admin.register(CourseProgress)
class CourseProgressAdmin(_ReadOnlyAdmin):
    list_display = [
        "user",
        "course",
        "percent_complete",
        "quizzes_passed",
        "grade",
        "completed_at",
        "last_activity_at",
    ]
    list_filter = ["course", "completed_at"]
    list_select_related = ["user", "course"]
    search_fields = ["user__username", "user__email", "course__title", "certificate_code"]
