"""Reads for progress, by concern: a course's plan (``plans``), a learner's state in it
(``learners``), the dashboard (``dashboard``) and certificates (``certificates``). Each read
is a fixed number of queries, however many lessons, quizzes or learners there are."""

from __future__ import annotations

from .certificates import certificate_for_code, completed_course
from .dashboard import (
    RECENT_ATTEMPT_FIELDS,
    RECENT_ATTEMPTS,
    RECENT_QUIZ_FIELDS,
    Dashboard,
    DashboardCourse,
    RecentResult,
    dashboard,
)
from .learners import (
    FACTS_CACHE_SECONDS,
    LearnerCourse,
    LearnerFacts,
    LearnerSummary,
    LessonLearner,
    LessonState,
    active_enrolment,
    course_enrolments,
    learner_course,
    learner_facts,
    learner_summary,
    learner_summary_row,
    lesson_learner,
    lesson_lock,
    lesson_state,
    standings_for,
    state_labels,
)
from .plans import (
    PLAN_CACHE_SECONDS,
    PlanRows,
    course_plan,
    course_plan_read,
    course_plans,
    course_plans_read,
    lesson_has_required_quiz,
    required_quizzes,
)

__all__ = [
    "FACTS_CACHE_SECONDS",
    "PLAN_CACHE_SECONDS",
    "RECENT_ATTEMPTS",
    "RECENT_ATTEMPT_FIELDS",
    "RECENT_QUIZ_FIELDS",
    "Dashboard",
    "DashboardCourse",
    "LearnerCourse",
    "LearnerFacts",
    "LearnerSummary",
    "LessonLearner",
    "LessonState",
    "PlanRows",
    "RecentResult",
    "active_enrolment",
    "certificate_for_code",
    "completed_course",
    "course_enrolments",
    "course_plan",
    "course_plan_read",
    "course_plans",
    "course_plans_read",
    "dashboard",
    "learner_course",
    "learner_facts",
    "learner_summary",
    "learner_summary_row",
    "lesson_has_required_quiz",
    "lesson_learner",
    "lesson_lock",
    "lesson_state",
    "required_quizzes",
    "standings_for",
    "state_labels",
]
