"""The access matrix: for every URL of the project, what each role gets.

One entry per URL name (``namespace:name``; an unnamed pattern is keyed by its route). Each
entry is a list of cases; a case says how to build the URL's kwargs from the ``World``, the
status each role gets for GET, and, where a POST changes state, the status each role gets for
a POST (with ``data``). ``tests/test_access_matrix.py`` fails for a URL without an entry.

To add a URL: add an entry here (or to ``admin_matrix.py`` for a model in the admin), with
the helpers below. 404 rather than 403 wherever the object's existence is itself private.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .world import INSTRUCTORS, LEARNERS, MANAGERS, ROLES, World

Statuses = dict[str, int]


@dataclass(frozen=True)
class Case:
    get: Statuses
    post: Statuses | None = None  # None: POST is not checked (it changes nothing)
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    data: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    label: str = ""


def statuses(default: int, **by_role: int) -> Statuses:
    """``default`` for every role but those named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLES}


def everyone(code: int = 200) -> Statuses:
    return statuses(code)


def logged_in(code: int = 200, anonymous: int = 302) -> Statuses:
    """Behind ``login_required``: the anonymous visitor is sent to the login page."""
    return statuses(code, anonymous=anonymous)


def only(roles: tuple[str, ...], code: int = 200, others: int = 404) -> Statuses:
    """``roles`` get ``code``; every other logged-in role ``others``; anonymous the login."""
    return {
        role: 302 if role == "anonymous" else code if role in roles else others for role in ROLES
    }


def managers(code: int = 200) -> Statuses:
    """The course's owner, co-instructor and admins; for everyone else it does not exist."""
    return only(MANAGERS, code)


POST_ONLY = logged_in(405)
INSTRUCTORS_AND_ADMIN = (*INSTRUCTORS, "admin")
# The course's learners, enrolled through progress.services.
COURSE_LEARNERS = ("enrolled", "other_student")


def studying(code: int = 200, others: int = 403) -> Statuses:
    """A lesson or quiz of a published course: its enrolled learners and managers get
    ``code``; anyone else signed in ``others`` (403, a page that offers enrolment: the course
    is public, its lessons are for its learners); anonymous the login."""
    return only((*COURSE_LEARNERS, *MANAGERS), code, others)


def _course(world: World) -> dict[str, Any]:
    return {"slug": world.course.slug}


def _quiz(world: World) -> dict[str, Any]:
    return {"pk": world.quiz.pk}


def _slot(world: World) -> dict[str, Any]:
    return {"pk": world.quiz.pk, "slot": world.slot.pk}


def _draft(world: World) -> dict[str, Any]:
    return {"pk": world.draft.pk}


def _lesson(world: World) -> dict[str, Any]:
    return {"pk": world.lesson.pk}


def _lesson_in_course(world: World) -> dict[str, Any]:
    return {"slug": world.course.slug, "pk": world.lesson.pk}


def _draft_lesson(world: World) -> dict[str, Any]:
    return {"slug": world.draft_course.slug, "pk": world.draft_lesson.pk}


def _draft_course(world: World) -> dict[str, Any]:
    return {"slug": world.draft_course.slug}


def _job(world: World) -> dict[str, Any]:
    return {"pk": world.job.pk}


# Enrolling oneself in (or leaving) a course: anyone signed in, where the course is published.
SELF_ENROLMENT = [
    Case(get=POST_ONLY, post=logged_in(302), kwargs=_course),
    Case(
        label="unpublished course",
        get=POST_ONLY,
        post=statuses(404, anonymous=302, owner=302, co_instructor=302, admin=302),
        kwargs=_draft_course,
    ),
]

# Saving and submitting the enrolled learner's open attempt: theirs alone.
OPEN_ATTEMPT_POST = Case(
    get=POST_ONLY,
    post=only(("enrolled",), 302),
    kwargs=lambda w: {"pk": w.open_attempt.pk},
    data=lambda w: {"revision": w.open_attempt.revision},
)

SITE: dict[str, list[Case]] = {
    # Accounts ---------------------------------------------------------------------------------
    "signup": [Case(get=statuses(302, anonymous=200), post=statuses(302, anonymous=200))],
    "profile": [Case(get=logged_in(), post=logged_in())],
    "login": [Case(get=everyone(), post=everyone())],
    "logout": [Case(get=everyone(405), post=everyone(302))],
    "password_change": [Case(get=logged_in(), post=logged_in())],
    "password_change_done": [Case(get=logged_in())],
    "password_reset": [
        Case(get=everyone(), post=everyone(302), data=lambda w: {"email": "nobody@example.com"})
    ],
    "password_reset_done": [Case(get=everyone())],
    "password_reset_confirm": [
        Case(get=everyone(), kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"})
    ],
    "password_reset_complete": [Case(get=everyone())],
    # Courses ----------------------------------------------------------------------------------
    "courses:catalogue": [Case(get=everyone())],
    # A published course's outline is public (with the way in: log in, enrol, continue); a
    # draft's exists for its managers alone, even for a learner enrolled before it was
    # withdrawn.
    "courses:outline": [
        Case(get=everyone(), kwargs=_course),
        Case(
            label="unpublished course",
            get=statuses(404, owner=200, co_instructor=200, admin=200),
            kwargs=lambda w: {"slug": w.draft_course.slug},
        ),
    ],
    "courses:lesson": [
        Case(get=studying(), kwargs=_lesson_in_course),
        Case(
            label="lesson of an unpublished course",
            get=statuses(404, anonymous=302, owner=200, co_instructor=200, admin=200),
            kwargs=_draft_lesson,
        ),
    ],
    # Importing is an instructor's job (403: the page's existence is no secret).
    "courses:import": [
        Case(
            get=only(INSTRUCTORS_AND_ADMIN, others=403),
            post=only(INSTRUCTORS_AND_ADMIN, others=403),
        )
    ],
    # An upload is its uploader's alone (404 for other instructors, even an admin).
    "courses:import-preview": [
        Case(
            get=statuses(
                404, anonymous=302, student=403, enrolled=403, other_student=403, owner=200
            ),
            post=statuses(
                404, anonymous=302, student=403, enrolled=403, other_student=403, owner=302
            ),
            kwargs=lambda w: {"pk": w.upload.pk},
        )
    ],
    # Quizzes: learners --------------------------------------------------------------------------
    "quizzes:quiz": [
        Case(get=studying(), kwargs=_quiz),
        Case(label="unpublished quiz", get=managers(), kwargs=lambda w: {"pk": w.hidden_quiz.pk}),
    ],
    "quizzes:quiz-start": [
        Case(get=POST_ONLY, post=studying(302), kwargs=_quiz),
        Case(
            label="unpublished quiz",
            get=POST_ONLY,
            post=managers(302),
            kwargs=lambda w: {"pk": w.hidden_quiz.pk},
        ),
    ],
    # Attempts are their learner's own: no one else learns they exist, not even an admin here.
    "quizzes:attempt": [Case(get=only(("enrolled",)), kwargs=lambda w: {"pk": w.open_attempt.pk})],
    "quizzes:attempt-save": [OPEN_ATTEMPT_POST],
    # Submitting with questions blank (as here) goes to the summary, which shows which first.
    "quizzes:attempt-submit": [OPEN_ATTEMPT_POST],
    "quizzes:attempt-summary": [
        Case(get=only(("enrolled",)), kwargs=lambda w: {"pk": w.open_attempt.pk})
    ],
    "quizzes:attempt-finish": [OPEN_ATTEMPT_POST],
    "quizzes:attempt-review": [
        Case(get=only(("enrolled",)), kwargs=lambda w: {"pk": w.submitted.pk})
    ],
    # Quizzes: previews and the bank (drafts and answer keys: managers only) -------------------
    "quizzes:quiz-preview": [Case(get=managers(), post=managers(), kwargs=_quiz)],
    "quizzes:question-preview": [Case(get=managers(), post=managers(), kwargs=_draft)],
    "quizzes:bank": [Case(get=managers(), kwargs=_course)],
    "quizzes:question-create": [
        Case(
            get=managers(),
            post=managers(),  # an empty form: shown again with its errors
            kwargs=lambda w: {"slug": w.course.slug, "qtype": "essay"},
        )
    ],
    "quizzes:question-edit": [Case(get=managers(), post=managers(), kwargs=_draft)],
    "quizzes:draft-approve": [Case(get=POST_ONLY, post=managers(302), kwargs=_draft)],
    "quizzes:draft-reject": [Case(get=POST_ONLY, post=managers(302), kwargs=_draft)],
    "quizzes:lesson-drafts": [Case(get=managers(), kwargs=_lesson)],
    "quizzes:lesson-drafts-approve-all": [Case(get=POST_ONLY, post=managers(302), kwargs=_lesson)],
    # Quizzes: management ------------------------------------------------------------------------
    "quizzes:quiz-settings": [Case(get=managers(), post=managers(), kwargs=_quiz)],
    "quizzes:quiz-questions": [Case(get=managers(), kwargs=_quiz)],
    "quizzes:quiz-slot-add": [Case(get=POST_ONLY, post=managers(400), kwargs=_quiz)],
    "quizzes:quiz-slot-add-random": [Case(get=POST_ONLY, post=managers(400), kwargs=_quiz)],
    "quizzes:quiz-slot-move": [
        Case(get=POST_ONLY, post=managers(302), kwargs=_slot, data=lambda w: {"offset": "1"})
    ],
    "quizzes:quiz-slot-remove": [Case(get=POST_ONLY, post=managers(302), kwargs=_slot)],
    "quizzes:quiz-slot-points": [
        Case(get=POST_ONLY, post=managers(302), kwargs=_slot, data=lambda w: {"points": "2"})
    ],
    "quizzes:quiz-regrade": [Case(get=POST_ONLY, post=managers(302), kwargs=_quiz)],
    "quizzes:questions-import": [Case(get=managers(), post=managers(400), kwargs=_course)],
    "quizzes:questions-export": [Case(get=managers(), kwargs=_course)],
    "quizzes:grading-queue": [Case(get=managers(), kwargs=_course)],
    "quizzes:grading-grade": [
        Case(
            get=POST_ONLY,
            post=managers(400),  # an empty grade: the queue again, with the error
            kwargs=lambda w: {"slug": w.course.slug, "row": w.essay_row.pk},
        )
    ],
    # Progress: learners ---------------------------------------------------------------------
    "progress:dashboard": [Case(get=logged_in())],
    # A draft does not exist for those who do not manage it.
    "progress:enrol": SELF_ENROLMENT,
    "progress:leave": SELF_ENROLMENT,
    # Marking a lesson is for its learners: others are offered enrolment (managers need none
    # to read, and keep no progress).
    "progress:lesson-complete": [
        Case(get=POST_ONLY, post=only(COURSE_LEARNERS, 302, 403), kwargs=_lesson_in_course),
        Case(
            label="lesson of an unpublished course",
            get=POST_ONLY,
            post=statuses(404, anonymous=302, owner=403, co_instructor=403, admin=403),
            kwargs=_draft_lesson,
        ),
    ],
    # Sent by the lesson page's script: only a learner's own progress moves, nothing is shown.
    "progress:lesson-position": [
        Case(
            get=POST_ONLY,
            post=only(COURSE_LEARNERS, 204),
            kwargs=_lesson_in_course,
            data=lambda w: {"position": "50"},
        ),
        Case(
            label="lesson of an unpublished course",
            get=POST_ONLY,
            post=only((), 204),
            kwargs=_draft_lesson,
            data=lambda w: {"position": "50"},
        ),
    ],
    # A certificate page is its learner's own; its public check is for anyone with the code.
    "progress:certificate": [
        Case(get=only(("enrolled",)), kwargs=lambda w: {"slug": w.finished_course.slug}),
        Case(label="course not complete", get=only(()), kwargs=_course),
    ],
    "progress:certificate-verify": [
        Case(get=everyone(), kwargs=lambda w: {"code": w.certificate.certificate_code}),
        Case(label="unknown code", get=everyone(404), kwargs=lambda w: {"code": "not-a-code"}),
    ],
    # Progress: a course's learners, for its managers --------------------------------------------
    "progress:enrolments": [
        Case(get=managers(), post=managers(400), kwargs=_course),  # an empty form: its errors
    ],
    "progress:enrolments-upload": [Case(get=POST_ONLY, post=managers(400), kwargs=_course)],
    "progress:enrolment-end": [
        Case(
            get=POST_ONLY,
            post=managers(302),
            kwargs=lambda w: {"slug": w.course.slug, "pk": w.enrolment.pk},
        ),
        Case(
            label="enrolment of another course",
            get=POST_ONLY,
            post=only(()),
            kwargs=lambda w: {"slug": w.draft_course.slug, "pk": w.enrolment.pk},
        ),
    ],
    # Practice: the review queue is each learner's own ------------------------------------------
    "practice:queue": [Case(get=logged_in())],
    "practice:next": [Case(get=logged_in(302))],  # to the first card due, or the queue
    "practice:card": [
        Case(
            get=only(("enrolled",)),
            post=only(("enrolled",), 302),
            kwargs=lambda w: {"pk": w.card.pk},
            data=lambda w: {"revision": w.card.revision},
        )
    ],
    "practice:result": [Case(get=only(("enrolled",)), kwargs=lambda w: {"pk": w.review.pk})],
    # Reports: a course's managers only; for anyone else the reports do not exist ---------------
    "reports:progress": [Case(get=managers(), kwargs=_course)],
    "reports:gradebook": [Case(get=managers(), kwargs=_course)],
    "reports:gradebook-csv": [Case(get=managers(), kwargs=_course)],
    "reports:gradebook-export": [Case(get=POST_ONLY, post=managers(302), kwargs=_course)],
    "reports:statistics": [Case(get=managers(), kwargs=_course)],
    "reports:quiz-statistics": [Case(get=managers(), kwargs=_quiz)],
    # Jobs: the person who started one, and admins ------------------------------------------------
    "jobs:status": [Case(get=only(("owner", "admin")), kwargs=_job)],
    "jobs:download": [Case(get=only(("owner", "admin")), kwargs=_job)],
    # Operations: a load balancer's check, no login ----------------------------------------------
    "healthz": [Case(get=everyone())],
}

__all__ = ["LEARNERS", "SITE", "Case", "Statuses", "everyone", "logged_in", "only", "statuses"]
