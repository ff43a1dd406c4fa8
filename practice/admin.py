from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import ReviewCard, ReviewLog


class ReviewLogInline(admin.TabularInline):
    model = ReviewLog
    fields = ("reviewed_at", "rating", "fraction", "response", "attempt_question", "due_after")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin):
    """Cards move only by reviews: their FSRS state is shown, never edited by hand."""

    list_display = ("user", "question", "course", "due", "state", "stability", "last_review")
    list_filter = ("state", "course")
    search_fields = ("user__username", "user__email", "question__name", "question__stem")
    list_select_related = ("user", "question", "course")
    date_hierarchy = "due"
    readonly_fields = (
        "user", "question", "course", "due", "stability", "difficulty", "state", "step",
        "last_review", "revision", "created_at",
    )  # fmt: skip
    inlines = (ReviewLogInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    list_display = ("card", "rating", "fraction", "reviewed_at", "due_after")
    list_filter = ("rating", "card__course")
    search_fields = ("card__user__username", "card__question__name", "card__question__stem")
    list_select_related = ("card__user", "card__question")
    raw_id_fields = ("card", "attempt_question")
    readonly_fields = (
        "card", "rating", "reviewed_at", "response", "fraction", "attempt_question", "due_after",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
