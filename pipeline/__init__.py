"""The pipeline end to end: document → outline → lessons → quizzes with drafted questions,
and what follows a graded attempt: progress and the review queue.

Each stage has its own service function in its own app; this module only calls them in order,
in one transaction, so that a failure at any stage leaves nothing half-imported. Progress is
fed only from here (no signals): after an attempt is graded, after a regrade, after a
re-import.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet

from courses.models import Course, DocumentUpload
from courses.outline import CoursePlan
from courses.services import (
    ImportResult,
    Progress,
    course_import,
    document_import,
    document_upload_plan,
)
from practice.services import review_cards_after_attempt
from progress.recompute import progress_after_attempt, progress_recompute
from quizzes.attempts import quiz_regrade
from quizzes.models import Attempt, Quiz
from quizzes.services import lesson_drafts_create, lesson_quizzes_ensure

if TYPE_CHECKING:
    from accounts.models import User


def _later_stages(result: ImportResult) -> ImportResult:
    """After the lessons: give each lesson a quiz, and draft questions for every lesson whose
    text is new (unchanged lessons keep their questions)."""
    lesson_quizzes_ensure(course=result.course)
    if result.new_text_lesson_ids:
        lesson_drafts_create(course=result.course, lesson_ids=result.new_text_lesson_ids)
    if not result.created:
        # A re-import may archive or add lessons: every learner's percentage, completion and
        # unlocks are recomputed against the new outline.
        progress_recompute(course=result.course)
    return result


def attempt_after_grading(*, attempt: Attempt) -> None:
    """Attempts → progress: call after an attempt is graded (submitted, auto-submitted at
    its deadline, an essay graded by hand). The learner's quiz standing, lesson completion
    (quiz mode), unlocks and course summary follow, and the attempt's wrong and partly right
    answers join the learner's review queue, once the quiz's review policy reveals them
    (``practice.policy``; later, the learner's pages feed it). Safe to call again for the same
    attempt."""
    progress_after_attempt(attempt=attempt)
    review_cards_after_attempt(attempt=attempt)


def quiz_after_regrade(*, quiz: Quiz) -> None:
    """After ``quiz_regrade``: what each learner has passed may have changed."""
    progress_recompute(course=quiz.course)


@transaction.atomic
def attempts_delete(*, attempts: QuerySet[Attempt]) -> None:
    """Delete attempts (the admin's delete, to let a learner start over), then recompute the
    progress of the learners they belonged to: a deleted pass no longer counts, and a lesson
    it completed or unlocked goes back to what the learner's other attempts earn."""
    learners: dict[int, set[int]] = defaultdict(set)
    for course_id, user_id in attempts.values_list("quiz__course_id", "user_id"):
        learners[course_id].add(user_id)
    attempts.delete()
    for course in Course.objects.filter(pk__in=learners):
        progress_recompute(course=course, user_ids=learners[course.pk])


@transaction.atomic
def plan_to_course(
    *,
    plan: CoursePlan,
    slug: str = "",
    owner: User | None = None,
    source_name: str = "",
    source_sha256: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Write a planned course, then its quizzes and drafts."""
    return _later_stages(
        course_import(
            plan=plan,
            slug=slug,
            owner=owner,
            source_name=source_name,
            source_sha256=source_sha256,
            progress=progress,
        )
    )


@transaction.atomic
def document_to_course(
    *,
    data: bytes,
    filename: str,
    title: str = "",
    slug: str = "",
    owner: User | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read a document (DocumentError if it cannot be read) and build or update its course."""
    return _later_stages(
        document_import(
            data=data, filename=filename, title=title, slug=slug, owner=owner, progress=progress
        )
    )


class UploadAlreadyImported(Exception):
    """A confirm arrived for an upload that was imported already (a double click)."""

    def __init__(self, course: Course | None) -> None:
        super().__init__("already imported")
        self.course = course


def document_upload_confirm(
    *, upload: DocumentUpload, progress: Progress | None = None
) -> ImportResult:
    """Import a previewed upload: into the course chosen to update, or a new course (whose
    title may repeat another's; its slug does not)."""
    with transaction.atomic():
        # Lock the upload: a second confirm (double click, retried request) waits here and
        # then finds it imported, instead of importing it twice.
        upload = (
            DocumentUpload.objects.select_for_update(of=("self",))
            .select_related("target_course", "uploaded_by")
            .get(pk=upload.pk)
        )
        if upload.imported_course_id is not None:
            raise UploadAlreadyImported(upload.imported_course)
        plan = document_upload_plan(upload=upload)  # the plan its preview showed
        result = plan_to_course(
            plan=plan,
            slug=upload.target_course.slug if upload.target_course else "",
            owner=upload.uploaded_by,
            source_name=upload.original_name,
            source_sha256=upload.sha256,
            progress=progress,
        )
        upload.imported_course = result.course
        upload.save(update_fields=["imported_course"])
    return result


def quiz_results_regrade(*, quiz: Quiz) -> int:
    """Grade every submitted attempt at ``quiz`` again; returns how many changed score.

    The regrade task calls this, not ``quiz_regrade`` directly, so that whatever must follow a
    regrade (learners' progress) is recomputed here, in one place.
    """
    changed = quiz_regrade(quiz=quiz)
    quiz_after_regrade(quiz=quiz)
    return changed
