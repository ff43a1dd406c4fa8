"""The admin for courses. A lesson edited here goes through ``lesson_update``, which sanitizes
its HTML and keeps the plain text and its digest in step; uploads are shown, never edited.

Superusers see everything; other staff (instructors) only the courses they manage.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey, ManyToManyField, QuerySet
from django.forms import ModelChoiceField, ModelForm, ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import INSTRUCTORS

from .models import Course, DocumentUpload, Lesson, Module
from .permissions import manageable_courses_filter
from .services import lesson_update


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ["title", "position", "is_archived"]
    extra = 0
    ordering = ["position", "pk"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "owner", "co_instructors", "is_published", "updated_at"]
    list_filter = ["is_published", "self_enrolment", ("owner", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["owner"]
    search_fields = [
        "title",
        "slug",
        "summary",
        "owner__username",
        "owner__email",
        "instructors__username",
    ]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["instructors"]
    inlines = [ModuleInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Course]:
        queryset = super().get_queryset(request).prefetch_related("instructors")
        return queryset.filter(manageable_courses_filter(request.user))

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField | None:
        if db_field.name == "instructors":
            # Co-instructors are instructors; the list never shows every learner's username.
            kwargs["queryset"] = User.objects.filter(groups__name=INSTRUCTORS).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("co-instructors"))
    def co_instructors(self, course: Course) -> str:
        return ", ".join(user.get_username() for user in course.instructors.all())

    def get_readonly_fields(self, request: HttpRequest, obj: Course | None = None) -> list[str]:
        fields = ["source_name", "created_at", "updated_at"]
        # Only a superuser hands a course to someone else.
        return fields if request.user.is_superuser else ["owner", *fields]

    def save_model(self, request: HttpRequest, obj: Course, form: ModelForm, change: bool) -> None:
        if not change and obj.owner_id is None and request.user.is_authenticated:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


class ManagedCourseAdmin(admin.ModelAdmin):
    """Rows that belong to a course (modules, lessons, questions, quizzes, attempts): limited
    to the courses the user manages (``courses.permissions``), choices included.

    ``course_prefix`` is the lookup from the row to its course.
    """

    course_prefix = "course__"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset.filter(manageable_courses_filter(request.user, prefix=self.course_prefix))

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "course":
            kwargs["queryset"] = Course.objects.filter(manageable_courses_filter(request.user))
        elif db_field.name == "module":
            rule = manageable_courses_filter(request.user, prefix="course__")
            kwargs["queryset"] = Module.objects.filter(rule).select_related("course")
        elif db_field.name == "lesson":
            rule = manageable_courses_filter(request.user, prefix="course__")
            kwargs["queryset"] = Lesson.objects.filter(rule)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Module)
class ModuleAdmin(ManagedCourseAdmin):
    list_display = ["title", "course", "position", "is_archived"]
    list_editable = ["position"]
    list_filter = [("course", admin.RelatedOnlyFieldListFilter), "is_archived"]
    list_select_related = ["course"]
    search_fields = ["title"]
    ordering = ["course", "position", "pk"]


class LessonAdminForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["course", "module", "title", "position", "is_archived", "html"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        course, module = cleaned.get("course"), cleaned.get("module")
        if course is not None and module is not None and module.course_id != course.pk:
            self.add_error("module", _("Choose a module of the lesson's course."))
        return cleaned


@admin.register(Lesson)
class LessonAdmin(ManagedCourseAdmin):
    form = LessonAdminForm
    list_display = ["title", "course", "module", "position", "is_archived"]
    list_editable = ["position"]
    list_filter = [("course", admin.RelatedOnlyFieldListFilter), "is_archived"]
    list_select_related = ["course", "module"]
    search_fields = ["title", "text"]
    ordering = ["course", "position", "pk"]
    fields = [
        "course",
        "module",
        "title",
        "position",
        "is_archived",
        "html",
        "text",
        "content_hash",
    ]
    readonly_fields = ["text", "content_hash"]

    def save_model(self, request: HttpRequest, obj: Lesson, form: ModelForm, change: bool) -> None:
        # The form has already set the edited fields on ``obj`` (the change form sets them
        # all, the changelist only ``position``); the service sanitizes, derives and saves.
        lesson_update(lesson=obj, title=obj.title, html=obj.html)


@admin.register(DocumentUpload)
class DocumentUploadAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "uploaded_by",
        "uploaded_at",
        "size",
        "target_course",
        "imported_course",
    ]
    list_select_related = ["uploaded_by", "target_course", "imported_course"]
    list_filter = [("uploaded_by", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["original_name", "requested_title", "uploaded_by__username"]
    date_hierarchy = "uploaded_at"
    # The stored file is never offered for download: no URL serves uploads.
    exclude = ["file"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentUpload]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(uploaded_by_id=request.user.pk)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in DocumentUpload._meta.fields if field.name != "file"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
