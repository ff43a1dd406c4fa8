"""A learner's state in a course: their summary, the facts behind it (cached under the
summary's stamp), each lesson's state and lock, and a course's enrolments. Each read is a
fixed number of queries, however many lessons or learners there are."""

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
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from courses.models import Course, Lesson
from infrastructure.cache import versioned_cache

from ..models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from ..rules import (
    CoursePlan,
    Lock,
    QuizGrade,
    Standing,
    lesson_locks,
)
from ..rules import next_lesson as rules_next_lesson
from .plans import course_plan


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
        # Translated once per page rather than once per lesson.
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
