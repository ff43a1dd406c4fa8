"""Start a job as a background task, and run its work inside the task.

``job_enqueue`` writes the job row and hands the task to the configured backend (the database
queue in production, run at once in development and tests). ``job_run`` is what every task
calls: it moves the job through running to done or failed and logs one line per task.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task

from accounts.models import User

from .models import Job

logger = logging.getLogger("docent.tasks")


class JobFailed(Exception):
    """Work that cannot be done, with a message for the person who asked (no traceback)."""


@dataclass(frozen=True)
class JobOutcome:
    message: str
    result_url: str = ""
    # An export's file: (file name, content).
    file: tuple[str, bytes] | None = None


def job_enqueue(
    *, user: User, kind: Job.Kind, title: str, task: Task[..., Any], **task_kwargs: Any
) -> Job:
    """Create a queued job and enqueue ``task(job_id=…, **task_kwargs)`` for it.

    With the immediate backend the task has run by the time this returns: the job returned is
    read back, done or failed.
    """
    job = Job.objects.create(user=user, kind=kind, title=title[:300])
    result = task.enqueue(job_id=str(job.pk), **task_kwargs)
    # update(), not save(): with the immediate backend the task has already written the state.
    Job.objects.filter(pk=job.pk).update(task_id=result.id)
    job.refresh_from_db()
    return job


def job_run(*, job_id: str, task_name: str, work: Callable[[Job], JobOutcome]) -> None:
    """Run ``work`` for a queued job and record how it ended.

    A task delivered twice finds its job no longer queued and does nothing.
    """
    # Claim the job with a conditional UPDATE: of two deliveries of one task, only one wins.
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        logger.warning(
            "task skipped", extra={"fields": {"task": task_name, "job": job_id, "status": "skip"}}
        )
        return
    job = Job.objects.get(pk=job_id)
    started = time.perf_counter()
    fields: dict[str, Any] = {"task": task_name, "job": job_id, "task_id": job.task_id}
    try:
        outcome = work(job)
    except JobFailed as failure:
        job.state, job.error = Job.State.FAILED, str(failure)
    except Exception:
        # Unexpected: the traceback goes to the log, the person gets a plain message.
        fields.update(status="failed", duration_ms=_since(started))
        logger.exception("task failed", extra={"fields": fields})
        job.state, job.error = Job.State.FAILED, _("Something went wrong. Please try again.")
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
        return
    else:
        job.state, job.message, job.result_url = Job.State.DONE, outcome.message, outcome.result_url
        if outcome.file is not None:
            name, content = outcome.file
            job.result_file.save(name, ContentFile(content), save=False)
    job.finished_at = timezone.now()
    job.save(
        update_fields=["state", "error", "message", "result_url", "result_file", "finished_at"]
    )
    fields.update(status=str(job.state), duration_ms=_since(started))
    logger.info("task", extra={"fields": fields})


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
