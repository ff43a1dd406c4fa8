"""A job: long work (an import, a regrade, an export) that a person started and is waiting on.

The django-tasks result says whether the task ran; the job says what the person needs to see:
its state, the summary or error in their words, and where to go next. It exists whatever the
task backend (the immediate backend keeps no results).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", _("Document import")
        REGRADE = "regrade", _("Quiz regrade")
        EXPORT = "export", _("Report export")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # A UUID: job addresses are not counted through; each is checked against its owner anyway.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    # Who started it: the only one (with admins) who may see it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # What is being done, shown while it waits ("Importing handbook.docx").
    title = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The summary shown when done, and the page it leads to.
    message = models.TextField(blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    # An export's file, under MEDIA_ROOT (never served directly: jobs:download checks the owner).
    result_file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    # What went wrong, in the user's words (the traceback is in the log, not here).
    error = models.TextField(blank=True)
    # The django-tasks result id, to find the task in the worker's log.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="job_finished_iff_done_or_failed",
                condition=Q(state__in=["done", "failed"], finished_at__isnull=False)
                | Q(state__in=["queued", "running"], finished_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}
