"""Long work as background tasks (django-tasks): document import, quiz regrade, report export.

Each ``*_start`` function is what a view calls: it creates the job and enqueues its task. Each
task only finds its objects again by id (task arguments are JSON) and calls one pipeline-level
function inside ``jobs.services.job_run``, which records how it ended.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from accounts.models import User
from courses.importers import DocumentError
from courses.models import DocumentUpload
from courses.services import ImportResult
from jobs.models import Job
from jobs.services import JobFailed, JobOutcome, job_enqueue, job_run
from quizzes.models import Quiz

from . import UploadAlreadyImported, document_upload_confirm, quiz_results_regrade
from .exports import EXPORT_BUILDERS

# Document import ----------------------------------------------------------------------------


def document_import_start(*, upload: DocumentUpload, user: User) -> Job:
    """Import a previewed upload in the background."""
    return job_enqueue(
        user=user,
        kind=Job.Kind.IMPORT,
        title=_("Importing %(name)s") % {"name": upload.original_name},
        task=document_import_task,
        upload_id=upload.pk,
    )


@task()
def document_import_task(*, job_id: str, upload_id: int) -> None:
    def work(job: Job) -> JobOutcome:
        upload = DocumentUpload.objects.get(pk=upload_id)
        try:
            result = document_upload_confirm(upload=upload)
        except UploadAlreadyImported as already:
            url = (
                already.course.get_absolute_url()
                if already.course
                else reverse("courses:catalogue")
            )
            return JobOutcome(_("This document has already been imported."), url)
        except DocumentError as error:
            raise JobFailed(str(error)) from error
        return JobOutcome(import_summary(result), result.course.get_absolute_url())

    job_run(job_id=job_id, task_name="document_import", work=work)


def import_summary(result: ImportResult) -> str:
    counts = {
        "title": result.course.title,
        "added": len(result.added),
        "changed": len(result.changed),
        "archived": len(result.archived),
        "unchanged": len(result.unchanged),
    }
    if result.created:
        message = _(
            "Course “%(title)s” created: %(added)d added, %(changed)d changed, "
            "%(archived)d archived, %(unchanged)d unchanged."
        )
    else:
        message = _(
            "Course “%(title)s” updated: %(added)d added, %(changed)d changed, "
            "%(archived)d archived, %(unchanged)d unchanged."
        )
    return message % counts


# Quiz regrade -------------------------------------------------------------------------------


def quiz_regrade_start(*, quiz: Quiz, user: User, return_url: str) -> Job:
    """Regrade every submitted attempt at ``quiz`` in the background."""
    return job_enqueue(
        user=user,
        kind=Job.Kind.REGRADE,
        title=_("Regrading %(quiz)s") % {"quiz": quiz.title},
        task=quiz_regrade_task,
        quiz_id=quiz.pk,
        return_url=return_url,
    )


@task()
def quiz_regrade_task(*, job_id: str, quiz_id: int, return_url: str) -> None:
    def work(job: Job) -> JobOutcome:
        changed = quiz_results_regrade(quiz=Quiz.objects.get(pk=quiz_id))
        message = ngettext(
            "Regraded: %(count)d attempt changed score.",
            "Regraded: %(count)d attempts changed score.",
            changed,
        ) % {"count": changed}
        return JobOutcome(message, return_url)

    job_run(job_id=job_id, task_name="quiz_regrade", work=work)


# Report export ------------------------------------------------------------------------------


def report_export_start(*, user: User, name: str, title: str, params: dict[str, Any]) -> Job:
    """Build the export registered as ``name`` (pipeline.exports) in the background.

    ``params`` must be JSON (ids and slugs, not objects). The job's page offers the file.
    """
    if name not in EXPORT_BUILDERS:
        raise KeyError(f"no export named {name!r}")
    return job_enqueue(
        user=user,
        kind=Job.Kind.EXPORT,
        title=title,
        task=report_export_task,
        name=name,
        params=params,
    )


@task()
def report_export_task(*, job_id: str, name: str, params: dict[str, Any]) -> None:
    def work(job: Job) -> JobOutcome:
        builder = import_string(EXPORT_BUILDERS[name])
        filename, content = builder(user=job.user, **params)
        return JobOutcome(_("Your export is ready."), file=(filename, content))

    job_run(job_id=job_id, task_name="report_export", work=work)
