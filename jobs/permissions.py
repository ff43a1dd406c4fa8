"""Who may follow a job: the person who started it, and superusers."""

from __future__ import annotations

from typing import Any

from .models import Job


def can_view_job(user: Any, job: Job) -> bool:
    if not user.is_authenticated:
        return False
    return bool(job.user_id == user.pk or user.is_superuser)
