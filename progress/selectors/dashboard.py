"""The learner's dashboard: their courses with progress and where to continue, and their
latest results, in a fixed number of queries however many courses they take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
)

from courses.models import Course
from practice.models import ReviewCard
from practice.policy import unfed_attempts
from quizzes.attempts import review_options
from quizzes.display import Score, attempt_score
from quizzes.models import Attempt

from ..models import CourseProgress, Enrolment
from ..rules import (
    PlanLesson,
    grade_shown,
    lesson_locks,
)
from ..rules import next_lesson as rules_next_lesson
from .learners import learner_facts
from .plans import course_plans


@dataclass(frozen=True)
class DashboardCourse:
    course: Course
    summary: CourseProgress | None
    next_lesson: PlanLesson | None
    lesson_count: int
    grade_shown: bool  # no quiz it counts hides the learner's score from them yet

    @property
    def shown(self) -> tuple[object, ...]:
        """Every value the dashboard's card of this course shows or decides on: the key its
        rendered card is kept under (templates/progress/dashboard.html). The course's own
        titles and URLs are its ``updated_at``, which moves at every change to its content."""
        summary = self.summary
        return (
            self.course.pk,
            self.course.updated_at.timestamp(),
            self.lesson_count,
            self.grade_shown,
            self.next_lesson.id if self.next_lesson is not None else None,
            summary
            and (
                summary.percent_complete,
                summary.lessons_completed,
                summary.quizzes_passed,
                summary.quizzes_required,
                summary.grade,
                summary.completed_at,
                summary.last_lesson_id is not None,
            ),
        )


@dataclass(frozen=True)
class RecentResult:
    attempt: Attempt
    score: Score | None  # None while the quiz's review policy hides the score


@dataclass(frozen=True)
class Dashboard:
    courses: list[DashboardCourse]
    recent_results: list[RecentResult]
    # Whether any of the learner's review cards is due (practice.selectors.due_count), read
    # with their courses; None when they have no course to read it with.
    card_due: bool | None
    # Whether an attempt of theirs waits to feed their review queue (practice.policy), read
    # with their courses too: the view feeds it before counting what is due.
    feed_waiting: bool = False


RECENT_ATTEMPTS = 5
# What the dashboard shows of a result and what decides whether its score shows
# (``review_options``, ``attempt_score``), of the attempt and of its quiz.
RECENT_ATTEMPT_FIELDS = ["quiz", "state", "submitted_at", "score", "max_score", "needs_grading"]
RECENT_QUIZ_FIELDS = [
    "title", "course", "close_at", "pass_mark",
    "review_score", "review_responses", "review_correct_answers", "review_feedback",
]  # fmt: skip


def _dashboard_courses(user_id: int, now: datetime) -> QuerySet[Course]:
    """The learner's active courses, each with their summary in it as ``learner_summary``
    (None before one is computed), and whether any of the learner's review cards is due at
    ``now`` (``learner_card_due``, the same on every row) and whether an attempt of theirs
    waits to feed the queue (``learner_feed_waiting``, likewise): one read, not one for the
    courses, one for the summaries and one for the review queue, as every read is a round trip
    to PostgreSQL."""
    # The courses themselves, not the enrolments with their courses: the enrolments' own
    # columns are not shown.
    return (
        Course.objects.filter(
            enrolments__user_id=user_id, enrolments__status=Enrolment.Status.ACTIVE
        )
        .annotate(
            learner_summary=FilteredRelation("progress", condition=Q(progress__user_id=user_id))
        )
        .select_related("learner_summary")  # type: ignore[misc]  # a FilteredRelation
        .annotate(learner_card_due=Exists(ReviewCard.objects.filter(user_id=user_id, due__lte=now)))
        .annotate(learner_feed_waiting=Exists(unfed_attempts(user_id=user_id, now=now)))
        .order_by("title", "pk")
    )


def _recent_attempts(user_id: int) -> QuerySet[Attempt]:
    """The learner's latest submitted attempts at the published quizzes of the courses they
    study, not of archived lessons (a withdrawn quiz's results are closed, as the quiz is:
    ``quizzes.permissions.quiz_is_withdrawn``)."""
    return (
        Attempt.objects.filter(
            Q(quiz__lesson__isnull=True) | Q(quiz__lesson__is_archived=False),
            Exists(  # a subquery, not a join through the course: PostgreSQL plans it faster
                Enrolment.objects.filter(
                    user_id=user_id,
                    course_id=OuterRef("quiz__course_id"),
                    status=Enrolment.Status.ACTIVE,
                )
            ),
            user_id=user_id,
            state=Attempt.State.SUBMITTED,
            quiz__is_published=True,
        )
        .select_related("quiz")
        .only(*RECENT_ATTEMPT_FIELDS, *(f"quiz__{name}" for name in RECENT_QUIZ_FIELDS))
        .order_by("-submitted_at", "-pk")[:RECENT_ATTEMPTS]
    )


def dashboard(*, user_id: int, now: datetime) -> Dashboard:
    """The learner's active courses at ``now`` with their progress and where to continue,
    and their latest graded attempts, in six queries however many courses and lessons:
    three while the courses' plans and the learner's facts are cached (``course_plans``,
    ``learner_facts``), one fewer for a learner who has submitted nothing."""
    courses = list(_dashboard_courses(user_id=user_id, now=now))
    plans = course_plans(courses=courses)
    summaries: dict[int, CourseProgress] = {
        course.pk: course.learner_summary  # type: ignore[attr-defined]  # select_related
        for course in courses
        if course.learner_summary is not None  # type: ignore[attr-defined]
    }
    stamps = {course_id: summary.stamp for course_id, summary in summaries.items()}
    facts = learner_facts(user_id=user_id, course_ids=list(plans), stamps=stamps)
    rows = []
    for course in courses:
        plan, standing = plans[course.pk], facts[course.pk].standing
        summary = summaries.get(course.pk)
        locks = lesson_locks(plan, standing.passed_quiz_ids)
        last = summary.last_lesson_id if summary else None
        following = rules_next_lesson(plan, standing, locks, last)
        shown = grade_shown(plan, standing, now)
        rows.append(DashboardCourse(course, summary, following, len(plan.lessons), shown))
    by_id = {course.pk: course for course in courses}
    # A course joined between the two reads leaves an attempt whose course the first lacks:
    # it waits for the next view.
    recent = [a for a in _recent_attempts(user_id=user_id) if a.quiz.course_id in by_id]
    for attempt in recent:
        attempt.quiz.course = by_id[attempt.quiz.course_id]  # the courses read above
    results = [
        RecentResult(a, attempt_score(a) if review_options(attempt=a, now=now).score else None)
        for a in recent
    ]
    card_due = bool(courses[0].learner_card_due) if courses else None  # type: ignore[attr-defined]
    waiting = bool(courses and courses[0].learner_feed_waiting)  # type: ignore[attr-defined]
    return Dashboard(courses=rows, recent_results=results, card_due=card_due, feed_waiting=waiting)
