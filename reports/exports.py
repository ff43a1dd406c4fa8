"""Report exports built as background jobs (``pipeline.exports`` names them)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import Course
from jobs.services import JobFailed

from .csv_export import csv_lines
from .gradebook import course_gradebook, gradebook_table
from .permissions import can_view_reports


def gradebook_csv_export(*, user: User, course: str) -> tuple[str, bytes]:
    """The gradebook CSV of the course with slug ``course``, as the web download has it.

    Checked again here, not only when the job was started: the user may have lost the course
    in between.
    """
    found = Course.objects.filter(slug=course).first()
    if found is None or not can_view_reports(user, found):
        raise JobFailed(_("That course's gradebook is not yours to export."))
    lines = csv_lines(gradebook_table(course_gradebook(course=found)))
    return f"gradebook-{found.slug}.csv", "".join(lines).encode("utf-8")
