"""The Django admin's part of the access matrix.

Learners are not staff: every admin page sends them (and anonymous visitors) to the admin's
login page. Instructors are staff with the Instructors group's permissions, and see only the
rows of the courses they manage (a row of another course: the admin's "does not exist"
redirect, 302). Admins see everything.

One entry per registered model: which object its change pages show, and what instructors get.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType

from courses.models import Course

from .matrix import Case, Statuses
from .world import INSTRUCTORS, LEARNERS, World

NON_STAFF = ("anonymous", *LEARNERS)


def admin_statuses(instructors: int | dict[str, int], admin: int = 200) -> Statuses:
    """302 (the admin login) for non-staff; ``instructors`` for each instructor; ``admin``."""
    per = instructors if isinstance(instructors, dict) else dict.fromkeys(INSTRUCTORS, instructors)
    return {**dict.fromkeys(NON_STAFF, 302), **per, "admin": admin}


# What an instructor gets on a row of a course: theirs (owner, co-instructor) or not.
COURSE_ROW = {"other_instructor": 302, "owner": 200, "co_instructor": 200}
# Progress rows are limited to the courses a user manages before any permission is asked:
# the history page of another course's row says "does not exist" (302); nobody adds one.
PROGRESS_ROW: dict[str, Any] = {
    "history": {"other_instructor": 302, "owner": 403, "co_instructor": 403},
    "admin_add": 403,
}
# A document upload is its uploader's alone.
UPLOADER_ROW = {"other_instructor": 302, "owner": 200, "co_instructor": 302}


def model_entries(
    key: str,
    obj: Callable[[World], Any],
    *,
    changelist: int = 403,
    add: int = 403,
    change: int | dict[str, int] = 403,
    history: int | dict[str, int] | None = None,
    delete: int = 403,
    admin_add: int = 200,
    admin_delete: int = 200,
) -> dict[str, list[Case]]:
    """Every admin URL of the model ``app_model`` (``courses_course``), for instructors'
    statuses ``changelist``, ``add``, ``change``, ``history`` (as ``change`` unless given)
    and ``delete``; ``admin_add`` and ``admin_delete`` for the admin, where the model's admin
    refuses even them."""
    app, model = key.rsplit("_", 1)  # an app label may hold "_", a model name never does

    def object_id(world: World) -> dict[str, Any]:
        return {"object_id": str(obj(world).pk)}

    return {
        f"admin:{key}_changelist": [Case(get=admin_statuses(changelist))],
        f"admin:{key}_add": [Case(get=admin_statuses(add, admin=admin_add))],
        f"admin:{key}_change": [Case(get=admin_statuses(change), kwargs=object_id)],
        f"admin:{key}_history": [
            Case(get=admin_statuses(change if history is None else history), kwargs=object_id)
        ],
        f"admin:{key}_delete": [
            Case(get=admin_statuses(delete, admin=admin_delete), kwargs=object_id)
        ],
        # The bare object URL redirects to its change page, for everyone.
        f"admin/{app}/{model}/<path:object_id>/": [
            Case(get=admin_statuses(302, admin=302), kwargs=object_id)
        ],
    }


ADMIN: dict[str, list[Case]] = {
    "admin:index": [Case(get=admin_statuses(200))],
    "admin:login": [Case(get={**admin_statuses(302, 302), **dict.fromkeys(NON_STAFF, 200)})],
    "admin:logout": [Case(get=admin_statuses(405, 405), post=admin_statuses(302, 302))],
    "admin:password_change": [Case(get=admin_statuses(200))],
    "admin:password_change_done": [Case(get=admin_statuses(200))],
    # Without its query parameters the autocomplete refuses everyone.
    "admin:autocomplete": [Case(get=admin_statuses(403, 403))],
    "admin:jsi18n": [Case(get=admin_statuses(200))],
    "admin:view_on_site": [
        Case(
            get=admin_statuses(302, 302),
            kwargs=lambda w: {
                "content_type_id": ContentType.objects.get_for_model(Course).pk,
                "object_id": w.course.pk,
            },
        )
    ],
    "admin:app_list": [Case(get=admin_statuses(200), kwargs=lambda w: {"app_label": "courses"})],
    "admin/(?P<url>.*)$": [
        Case(get=admin_statuses(404, 404), kwargs=lambda w: {"url": "nowhere/"})
    ],
    "admin:auth_user_password_change": [
        Case(get=admin_statuses(403), kwargs=lambda w: {"id": w.users["enrolled"].pk})
    ],
    **model_entries("accounts_user", lambda w: w.users["enrolled"]),
    **model_entries("auth_group", lambda w: w.student_group),
    **model_entries("axes_accessattempt", lambda w: w.access_attempt, admin_add=403),
    **model_entries("axes_accesslog", lambda w: w.access_log, admin_add=403),
    **model_entries("axes_accessfailurelog", lambda w: w.access_failure, admin_add=403),
    **model_entries(
        "courses_course", lambda w: w.course, changelist=200, add=200, change=COURSE_ROW
    ),
    **model_entries(
        "courses_module", lambda w: w.lesson.module, changelist=200, add=200, change=COURSE_ROW
    ),
    **model_entries(
        "courses_lesson", lambda w: w.lesson, changelist=200, add=200, change=COURSE_ROW
    ),
    **model_entries(
        "courses_documentupload",
        lambda w: w.upload,
        changelist=200,
        change=UPLOADER_ROW,
        admin_add=403,
    ),
    **model_entries("quizzes_question", lambda w: w.draft, changelist=200, change=COURSE_ROW),
    # The history page looks the row up before it asks for permission: for a row outside the
    # instructor's courses it says "does not exist" (302) rather than 403.
    **model_entries(
        "quizzes_questioncategory",
        lambda w: w.category,
        history={"other_instructor": 302, "owner": 403, "co_instructor": 403},
    ),
    **model_entries("quizzes_tag", lambda w: w.tag),
    **model_entries("quizzes_quiz", lambda w: w.quiz, changelist=200, change=COURSE_ROW),
    **model_entries(
        "quizzes_attempt", lambda w: w.submitted, changelist=200, change=COURSE_ROW, admin_add=403
    ),
    # Progress, the review queue, jobs and task results are written by services and tasks
    # alone: the admin reads them (no one adds them by hand) and instructors follow their
    # courses on the report pages instead.
    **model_entries("progress_enrolment", lambda w: w.enrolment, **PROGRESS_ROW),
    **model_entries("progress_lessonprogress", lambda w: w.lesson_progress, **PROGRESS_ROW),
    **model_entries("progress_quizstanding", lambda w: w.standing, **PROGRESS_ROW),
    **model_entries("progress_courseprogress", lambda w: w.certificate, **PROGRESS_ROW),
    **model_entries("practice_reviewcard", lambda w: w.card, admin_add=403),
    **model_entries("practice_reviewlog", lambda w: w.review, admin_add=403),
    **model_entries("jobs_job", lambda w: w.job, admin_add=403),
    **model_entries(
        "django_tasks_database_dbtaskresult",
        lambda w: w.task_result,
        admin_add=403,
        admin_delete=403,
    ),
}
