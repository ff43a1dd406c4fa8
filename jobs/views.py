"""A job's status page (refreshes itself until the job ends) and an export's download."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from .models import Job
from .permissions import can_view_job

app_name = "jobs"


def job_redirect(request: HttpRequest, job: Job) -> HttpResponse:
    """Where to send someone who just started ``job``.

    A job already done (the immediate backend) goes straight to its result with its summary;
    any other goes to its status page.
    """
    if job.state == Job.State.DONE and job.result_url and not job.result_file:
        messages.success(request, job.message)
        return redirect(job.result_url)
    return redirect("jobs:status", pk=job.pk)


def _job_for(request: HttpRequest, pk: uuid.UUID) -> Job:
    job = Job.objects.filter(pk=pk).first()
    if job is None or not can_view_job(request.user, job):
        raise Http404
    return job


@login_required
def job_status(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Queued, running, done (with the result) or failed (with the reason)."""
    return render(request, "jobs/status.html", {"job": _job_for(request, pk)})


@login_required
def job_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    """An export's file, as an attachment (never shown inline)."""
    job = _job_for(request, pk)
    if job.state != Job.State.DONE or not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1]
    content_type = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


urlpatterns = [
    path("<uuid:pk>/", job_status, name="status"),
    path("<uuid:pk>/download/", job_download, name="download"),
]
