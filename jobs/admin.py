from django.contrib import admin
from django.http import HttpRequest

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "state", "user", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    search_fields = ["title", "user__username", "task_id"]
    readonly_fields = [f.name for f in Job._meta.fields]

    # Jobs are made and moved by the services that run them: the admin only reads them (a
    # job added here would have no one to run it, and every field is read-only anyway).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False
