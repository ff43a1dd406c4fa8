"""Reads for progress: a course's plan, a learner's state in it, the dashboard.

Each read is a fixed number of queries, however many lessons, quizzes or learners there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from courses.models import Course, Lesson
from docent.cache import versioned_cache
from docent.db.triggers import course_cache_key
from practice.models import ReviewCard
from practice.policy import unfed_attempts
from quizzes.attempts import review_options, score_shown_from
from quizzes.display import Score, attempt_score
from quizzes.models import Attempt, Quiz, QuizSlot

from .models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from .rules import (
    CoursePlan,
    Lock,
    PlanLesson,
    PlanQuiz,
    QuizGrade,
    Standing,
    grade_shown,
    lesson_locks,
)
from .rules import next_lesson as rules_next_lesson


def required_quizzes(queryset: QuerySet[Quiz]) -> QuerySet[Quiz]:
    """The required quizzes among ``queryset`` (see progress.rules)."""
    return queryset.filter(
        Q(lesson__isnull=True) | Q(lesson__is_archived=False),
        Exists(QuizSlot.objects.filter(quiz_id=OuterRef("pk"))),
        is_published=True,
    )


def lesson_has_required_quiz() -> Exists:
    """A filter on lesson progress rows (or lessons, via ``lesson_id``): its quiz counts."""
    quizzes = required_quizzes(Quiz.objects.filter(lesson_id=OuterRef("lesson_id")))
    return Exists(quizzes)


PLAN_CACHE_SECONDS = 600

# A plan's lessons and quizzes in order, as kept: tuples, which no caller can change
# (docent.cache.KeptObjectCache hands the same ones to every request).
PlanRows = tuple[tuple[PlanLesson, ...], tuple[PlanQuiz, ...]]


def course_plans(*, courses: Iterable[Course]) -> dict[int, CoursePlan]:
    """Each course's plan for a page: two queries, or none while its cached copy is current.

    A copy is kept under the course's ``updated_at``, which the database moves on at every
    write to the course's lessons, quizzes and quiz slots (docent/db/triggers.py). So
    ``courses`` must have been read before their plans, as a page does. A service that
    changes a course and then works with its plan in the same transaction holds a course
    read before the change: it calls ``course_plans_read``."""
    by_id = {course.pk: course for course in courses}
    keys = {pk: course_cache_key("course-plan:3", course) for pk, course in by_id.items()}
    cached = versioned_cache.get_many(list(keys.values()))
    rows: dict[int, PlanRows] = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in by_id if pk not in rows]
    if missing:
        read = _plan_rows(course_ids=missing)
        versioned_cache.set_many({keys[pk]: read[pk] for pk in missing}, PLAN_CACHE_SECONDS)
        rows.update(read)
    return {pk: _plan(course, rows[pk]) for pk, course in by_id.items()}


def course_plans_read(*, courses: Iterable[Course]) -> dict[int, CoursePlan]:
    """Each course's plan (required lessons in order and required quizzes) as the database
    holds it now, in two queries."""
    by_id = {course.pk: course for course in courses}
    rows = _plan_rows(course_ids=list(by_id))
    return {pk: _plan(course, rows[pk]) for pk, course in by_id.items()}


def _plan_rows(*, course_ids: list[int]) -> dict[int, PlanRows]:
    lessons: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, title, course_id in (
        Lesson.objects.filter(course_id__in=course_ids, is_archived=False)
        .order_by("position", "pk")
        .values_list("pk", "title", "course_id")
    ):
        lessons[course_id].append((pk, title))
    quizzes: dict[int, list[tuple[int, str, int | None, datetime | None]]] = defaultdict(list)
    for quiz in (
        required_quizzes(Quiz.objects.filter(course_id__in=course_ids))
        .order_by("pk")
        .only("title", "lesson_id", "course_id", "review_score", "close_at")
    ):
        shown_from = score_shown_from(quiz=quiz)
        quizzes[quiz.course_id].append((quiz.pk, quiz.title, quiz.lesson_id, shown_from))
    rows = {}
    for course_id in course_ids:
        quiz_of = {lesson: pk for pk, _title, lesson, _shown in quizzes[course_id] if lesson}
        rows[course_id] = (
            tuple(PlanLesson(pk, title, quiz_of.get(pk)) for pk, title in lessons[course_id]),
            tuple(PlanQuiz(*quiz) for quiz in quizzes[course_id]),
        )
    return rows


def _plan(course: Course, rows: PlanRows) -> CoursePlan:
    lessons, quizzes = rows
    return CoursePlan(
        lessons=list(lessons),
        quizzes=list(quizzes),
        quiz_mode=course.completion == Course.Completion.QUIZ,
        gating=course.gating,
    )


def course_plan(*, course: Course) -> CoursePlan:
    """The course's plan for a page (``course_plans``)."""
    return course_plans(courses=[course])[course.pk]


def course_plan_read(*, course: Course) -> CoursePlan:
    """The course's plan as the database holds it now (``course_plans_read``)."""
    return course_plans_read(courses=[course])[course.pk]


def standings_for(*, user_id: int, course_ids: Iterable[int]) -> dict[int, Standing]:
    """The learner's standing in each course, in two queries (``learner_facts`` uncached)."""
    facts = _read_facts(user_id=user_id, course_ids=list(course_ids))
    return {pk: course_facts.standing for pk, course_facts in facts.items()}


def _quiz_grades(*, user_id: int, course_ids: list[int]) -> dict[int, dict[int, QuizGrade]]:
    """The learner's grade at each quiz, by course: one query."""
    grades: dict[int, dict[int, QuizGrade]] = defaultdict(dict)
    for course_id, quiz_id, grade, max_grade, passed, waiting in QuizStanding.objects.filter(
        user_id=user_id, course_id__in=course_ids
    ).values_list("course_id", "quiz_id", "grade", "max_grade", "passed", "awaiting_grader"):
        grades[course_id][quiz_id] = QuizGrade(grade, max_grade, passed, waiting)
    return grades


def active_enrolment(*, user_id: int | None, course: Course) -> Enrolment | None:
    if user_id is None:
        return None
    return Enrolment.objects.filter(
        user_id=user_id, course=course, status=Enrolment.Status.ACTIVE
    ).first()


@dataclass(frozen=True)
class LessonState:
    state: str  # "complete", "in_progress", "not_started" or "locked"
    label: str  # the state in words
    lock: Lock | None


@dataclass(frozen=True)
class LearnerCourse:
    """A learner's place in one course, for the outline and the lesson pages."""

    plan: CoursePlan
    standing: Standing
    locks: dict[int, Lock]
    opened_lesson_ids: frozenset[int]
    summary: CourseProgress | None
    next_lesson_id: int | None

    def state_of(self, lesson_id: int) -> LessonState:
        return lesson_state(
            lock=self.locks.get(lesson_id),
            complete=lesson_id in self.standing.completed_lesson_ids,
            opened=lesson_id in self.opened_lesson_ids,
            labels=self._labels,
        )

    @cached_property
    def _labels(self) -> dict[str, str]:
        # Translated once per page rather than once per lesson: on a 50-lesson outline the
        # lookups cost as much as the queries (bench/pages.py).
        return state_labels()


def state_labels() -> dict[str, str]:
    """Each lesson state in words, in the active language."""
    return {
        "locked": _("Locked"),
        "complete": _("Complete"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
    }


def lesson_state(
    *, lock: Lock | None, complete: bool, opened: bool, labels: dict[str, str]
) -> LessonState:
    """Locked (with gating, whatever else is true), else complete, in progress or not
    started."""
    if lock is not None:
        return LessonState("locked", labels["locked"], lock)
    state = "complete" if complete else "in_progress" if opened else "not_started"
    return LessonState(state, labels[state], None)


def _opened_and_complete(
    rows: QuerySet[LessonProgress],
) -> QuerySet[LessonProgress, tuple[int, int, bool, bool]]:
    """(course id, lesson id, opened?, complete?) of each row: flags rather than the dates,
    which cost more to read than the rest of the row."""
    return rows.annotate(
        was_opened=ExpressionWrapper(Q(opened_at__isnull=False), BooleanField()),
        is_complete=ExpressionWrapper(Q(completed_at__isnull=False), BooleanField()),
    ).values_list("course_id", "lesson_id", "was_opened", "is_complete")


def _learner_summary(user_id: int, course_id: int) -> QuerySet[CourseProgress]:
    # What the outline and the lesson page show of it; there is at most one row. With it,
    # whether the learner's enrolment is active: the page asks that too, and a second query
    # costs a round trip to PostgreSQL.
    active = Enrolment.objects.filter(
        user_id=OuterRef("user_id"), course_id=OuterRef("course_id"), status=Enrolment.Status.ACTIVE
    )
    return (
        CourseProgress.objects.filter(user_id=user_id, course_id=course_id)
        .only(
            "course", "percent_complete", "completed_at", "last_lesson", "last_activity_at",
            "stamp", "course_version",
        )
        .annotate(enrolled=Exists(active))
    )  # fmt: skip


def learner_summary_row(*, user_id: int, course_id: int) -> CourseProgress | None:
    """The learner's summary row in the course (one query), with ``enrolled``: whether their
    enrolment is active. None if they never enrolled."""
    return _learner_summary(user_id=user_id, course_id=course_id).first()


_UNREAD = CourseProgress()  # learner_course's summary when the caller has not read it


def learner_course(
    *, course: Course, user_id: int, summary: CourseProgress | None = _UNREAD
) -> LearnerCourse:
    """Everything about one learner in one course: one query (their summary, unless the
    caller read it with ``learner_summary_row``) while the course's plan and their facts
    are cached (``course_plans``, ``learner_facts``), five when neither is."""
    plan = course_plan(course=course)
    if summary is _UNREAD:
        summary = learner_summary_row(user_id=user_id, course_id=course.pk)
    stamps = {course.pk: summary.stamp} if summary is not None else {}
    facts = learner_facts(user_id=user_id, course_ids=[course.pk], stamps=stamps)
    standing = facts[course.pk].standing
    locks = lesson_locks(plan, standing.passed_quiz_ids)
    following = rules_next_lesson(
        plan, standing, locks, summary.last_lesson_id if summary else None
    )
    return LearnerCourse(
        plan=plan,
        standing=standing,
        locks=locks,
        opened_lesson_ids=facts[course.pk].opened_lesson_ids,
        summary=summary,
        next_lesson_id=following.id if following else None,
    )


@dataclass(frozen=True)
class LearnerFacts:
    """A learner's own rows in one course: the lessons opened, and what they completed and
    scored (``Standing``)."""

    opened_lesson_ids: frozenset[int]
    standing: Standing


FACTS_CACHE_SECONDS = 600


def learner_facts(
    *, user_id: int, course_ids: list[int], stamps: dict[int, str]
) -> dict[int, LearnerFacts]:
    """The learner's facts in each course: two queries, or none while the cache holds them.

    They are kept under the stamp of the learner's summary in the course (``stamps``, by
    course: ``CourseProgress.stamp``), which every write to their lesson rows and quiz
    standings changes (the ``progress.services`` functions and ``progress_recompute``). Read
    after the summary, so a copy is never older than the stamp it is kept under. A course
    without a summary is read each time."""
    keys = {
        course_id: f"learner-facts:2:{user_id}:{course_id}:{stamps[course_id]}"
        for course_id in course_ids
        if course_id in stamps
    }
    cached = versioned_cache.get_many(list(keys.values()))
    facts = {course_id: cached[key] for course_id, key in keys.items() if key in cached}
    missing = [course_id for course_id in course_ids if course_id not in facts]
    if missing:
        read = _read_facts(user_id=user_id, course_ids=missing)
        versioned_cache.set_many(
            {keys[pk]: read[pk] for pk in missing if pk in keys}, FACTS_CACHE_SECONDS
        )
        facts.update(read)
    return facts


def _read_facts(*, user_id: int, course_ids: list[int]) -> dict[int, LearnerFacts]:
    opened: dict[int, set[int]] = defaultdict(set)
    completed: dict[int, set[int]] = defaultdict(set)
    # The lessons opened and those completed, in one query.
    for course_id, lesson_id, was_opened, is_complete in _opened_and_complete(
        LessonProgress.objects.filter(user_id=user_id, course_id__in=course_ids)
    ):
        if was_opened:
            opened[course_id].add(lesson_id)
        if is_complete:
            completed[course_id].add(lesson_id)
    grades = _quiz_grades(user_id=user_id, course_ids=course_ids)
    return {
        pk: LearnerFacts(frozenset(opened[pk]), Standing(frozenset(completed[pk]), grades[pk]))
        for pk in course_ids
    }


@dataclass(frozen=True)
class LearnerSummary:
    """What the lesson page needs of the learner's summary in a course (``CourseProgress``)."""

    completed_at: datetime | None  # they completed the course (certificate link)
    stamp: str  # their facts' version (``learner_facts``)
    last_lesson_id: int | None  # the lesson they read last
    last_activity_at: datetime | None  # their last lesson view or attempt
    course_version: datetime | None  # the course as it was computed against (progress_refresh)

    @classmethod
    def of(cls, row: CourseProgress) -> LearnerSummary:
        return cls(
            completed_at=row.completed_at,
            stamp=row.stamp,
            last_lesson_id=row.last_lesson_id,
            last_activity_at=row.last_activity_at,
            course_version=row.course_version,
        )


def learner_summary(*, user_id: int, course_id: int) -> LearnerSummary | None:
    """The learner's summary in the course (one query), None if they never enrolled."""
    row = learner_summary_row(user_id=user_id, course_id=course_id)
    return LearnerSummary.of(row) if row is not None else None


@dataclass(frozen=True)
class LessonLearner:
    """The learner's state in the lesson they are reading, for the lesson page."""

    state: LessonState
    course_completed_at: datetime | None  # they completed the course (certificate link)


def lesson_learner(
    *,
    lesson: Lesson,
    user_id: int,
    summary: LearnerSummary | None = None,
    open_to_them: bool = False,
) -> LessonLearner:
    """The learner's state in ``lesson`` and whether they completed its course: one query
    while their facts in the course are cached (``learner_facts``), three when not (four
    more with gating), one fewer when the caller read their ``summary`` already. The page
    shows no other lesson's state, and reading the whole course's (``learner_course``) cost
    more than the rest of the page.

    ``open_to_them``: the caller already knows the lesson is not locked for this user (the
    lesson page, which a lock would have refused, or which the course's manager may read
    whatever they passed), so the lock is not worked out a second time."""
    lock = None if open_to_them else lesson_lock(lesson=lesson, user_id=user_id)
    course_id = lesson.course_id
    summary = summary or learner_summary(user_id=user_id, course_id=course_id)
    stamps = {course_id: summary.stamp} if summary is not None else {}
    facts = learner_facts(user_id=user_id, course_ids=[course_id], stamps=stamps)[course_id]
    state = lesson_state(
        lock=lock,
        complete=lesson.pk in facts.standing.completed_lesson_ids,
        opened=lesson.pk in facts.opened_lesson_ids,
        labels=state_labels(),
    )
    return LessonLearner(state=state, course_completed_at=summary.completed_at if summary else None)


def lesson_lock(*, lesson: Lesson, user_id: int) -> Lock | None:
    """What keeps ``lesson`` locked for the learner, if anything (four queries)."""
    if not lesson.course.gating:
        return None
    plan = course_plan(course=lesson.course)
    standing = standings_for(user_id=user_id, course_ids=[lesson.course_id])[lesson.course_id]
    return lesson_locks(plan, standing.passed_quiz_ids).get(lesson.pk)


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


def course_enrolments(*, course: Course) -> list[Enrolment]:
    """A course's enrolments, active first, each with its learner and summary (two queries)."""
    enrolments = list(
        Enrolment.objects.filter(course=course)
        .select_related("user", "enrolled_by")
        .order_by("status", "user__username")
    )
    summaries = {
        row.user_id: row
        for row in CourseProgress.objects.filter(
            course=course, user_id__in=[e.user_id for e in enrolments]
        )
    }
    for enrolment in enrolments:
        enrolment.summary = summaries.get(enrolment.user_id)  # type: ignore[attr-defined]
    return enrolments


def completed_course(*, user_id: int, course: Course) -> CourseProgress | None:
    return (
        CourseProgress.objects.select_related("user", "course")
        .filter(user_id=user_id, course=course, completed_at__isnull=False)
        .first()
    )


def certificate_for_code(*, code: str) -> CourseProgress | None:
    """A completed course's summary by its certificate code (None if not, or no longer,
    complete)."""
    return (
        CourseProgress.objects.select_related("user", "course")
        .filter(certificate_code=code, completed_at__isnull=False)
        .first()
    )
