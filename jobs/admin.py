from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "state", "user", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    search_fields = ["title", "user__username", "task_id"]
    readonly_fields = [f.name for f in Job._meta.fields]
