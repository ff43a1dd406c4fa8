"""The admin for users: each user's role at a glance, a filter by role, and actions that
change it (group membership, through ``accounts.roles.user_role_set``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import (
    ADMIN,
    INSTRUCTOR,
    INSTRUCTORS,
    ROLE_LABELS,
    STUDENT,
    role_label,
    user_role_set,
    user_roles_changed,
)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(ROLE_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        instructors = Q(groups__name=INSTRUCTORS)
        if self.value() == ADMIN:
            return queryset.filter(is_superuser=True)
        if self.value() == INSTRUCTOR:
            return queryset.filter(instructors, is_superuser=False).distinct()
        if self.value() == STUDENT:
            return queryset.filter(is_superuser=False).exclude(instructors)
        return queryset


@admin.register(User)
class DocentUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = (RoleFilter, "groups", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    actions = ("make_student", "make_instructor")
    # The role at the top of the change page; it follows the Groups (and superuser) below.
    fieldsets = ((_("Role"), {"fields": ("role",)}), *(UserAdmin.fieldsets or ()))
    readonly_fields = ("role", "last_login", "date_joined")
    # Groups and permissions as plain labelled list boxes: Django's two-pane filter widget
    # puts ARIA labels on bare spans, which screen readers cannot use. Login dates are shown,
    # not edited (their split date/time inputs carry no labels of their own).
    filter_horizontal = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Groups, permissions and superuser status are saved by now: the menu asks again.
        user_roles_changed(user_id=form.instance.pk)

    @admin.display(description=_("role"))
    def role(self, user: User) -> str:
        return str(role_label(user))

    def _set_role(self, request: HttpRequest, queryset: QuerySet[User], role: str) -> None:
        for user in queryset:
            user_role_set(user=user, role=role)
        self.message_user(
            request,
            _("%(count)d user(s) are now: %(role)s.")
            % {"count": len(queryset), "role": ROLE_LABELS[role]},
            messages.SUCCESS,
        )

    @admin.action(description=_("Make the selected users students"), permissions=["change"])
    def make_student(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._set_role(request, queryset, STUDENT)

    @admin.action(description=_("Make the selected users instructors"), permissions=["change"])
    def make_instructor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._set_role(request, queryset, INSTRUCTOR)
