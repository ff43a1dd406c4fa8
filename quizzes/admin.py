from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from courses.admin import ManagedCourseAdmin
from pipeline import attempts_delete

from .models import (
    Answer,
    Attempt,
    AttemptQuestion,
    ClozeGap,
    MatchPair,
    OrderingItem,
    Question,
    QuestionCategory,
    Quiz,
    QuizSlot,
    Tag,
)


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("position", "gap", "text", "fraction", "feedback", "tolerance")
    extra = 0


class MatchPairInline(admin.TabularInline):
    model = MatchPair
    extra = 0


class OrderingItemInline(admin.TabularInline):
    model = OrderingItem
    extra = 0


class ClozeGapInline(admin.TabularInline):
    model = ClozeGap
    extra = 0


@admin.register(Question)
class QuestionAdmin(ManagedCourseAdmin):
    list_display = ("__str__", "type", "status", "course", "lesson", "category", "updated_at")
    list_filter = ("status", "type", "course")
    search_fields = ("name", "stem", "source_sentence", "general_feedback", "answers__text")
    list_select_related = ("course", "lesson", "category")
    raw_id_fields = ("lesson", "created_by")
    filter_horizontal = ("tags",)
    inlines = (AnswerInline, MatchPairInline, OrderingItemInline, ClozeGapInline)


@admin.register(QuestionCategory)
class QuestionCategoryAdmin(ManagedCourseAdmin):
    list_display = ("name", "parent", "course")
    list_filter = ("course",)
    search_fields = ("name",)
    list_select_related = ("parent", "course")


admin.site.register(Tag, search_fields=("name",))


class QuizSlotInline(admin.TabularInline):
    model = QuizSlot
    fields = ("position", "question", "random_category", "random_count", "points")
    raw_id_fields = ("question",)
    extra = 0


@admin.register(Quiz)
class QuizAdmin(ManagedCourseAdmin):
    list_display = ("title", "course", "lesson", "is_published", "attempts_allowed", "pass_mark")
    list_filter = ("is_published", "course")
    search_fields = ("title",)
    list_select_related = ("course", "lesson")
    raw_id_fields = ("lesson",)
    inlines = (QuizSlotInline,)


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    fields = ("position", "question", "response", "fraction", "points", "grader_comment")
    readonly_fields = ("position", "question", "response", "fraction", "points")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Attempt)
class AttemptAdmin(ManagedCourseAdmin):
    """Attempts are records: graded through the grading queue, never edited by hand here."""

    course_prefix = "quiz__course__"
    list_display = ("quiz", "user", "number", "state", "score", "max_score", "submitted_at")
    list_filter = ("state", "needs_grading", "quiz__course", "submitted_at")
    date_hierarchy = "started_at"
    search_fields = ("user__username", "user__email", "quiz__title")
    list_select_related = ("quiz", "user")
    readonly_fields = (
        "quiz", "user", "number", "state", "started_at", "deadline", "submitted_at", "revision",
        "score", "max_score", "needs_grading",
    )  # fmt: skip
    inlines = (AttemptQuestionInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    # Deleting attempts changes what their learners have passed: the pipeline recomputes it.
    def delete_model(self, request: HttpRequest, obj: Attempt) -> None:
        attempts_delete(attempts=Attempt.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Attempt]) -> None:
        attempts_delete(attempts=queryset)
