"""Report exports built in the background: the registry of builders.

A builder is ``builder(*, user, **params) -> (file name, content bytes)``, registered here by
name with its dotted path. It must check that ``user`` may see what it exports (raise
``jobs.services.JobFailed`` with a message if not) and neutralise CSV cells that start with
= + - @ tab or CR. ``pipeline.tasks.report_export_start(user=…, name=…, params=…)`` runs one.
"""

from __future__ import annotations

# name → dotted path of the builder.
EXPORT_BUILDERS: dict[str, str] = {
    # params: {"course": slug}
    "gradebook": "reports.exports.gradebook_csv_export",
}
