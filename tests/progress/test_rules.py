"""The progress rules, pure: no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from progress.rules import (
    CoursePlan,
    PlanLesson,
    PlanQuiz,
    QuizGrade,
    Standing,
    course_summary,
    grade_shown,
    lesson_locks,
    next_lesson,
)

D = Decimal
ANY_TIME = datetime.min.replace(tzinfo=UTC)  # a quiz that shows scores at once


CLOSES = datetime(2030, 1, 8, 17, 0, tzinfo=UTC)  # quiz three shows scores once it closes


def plan(gating: bool = True) -> CoursePlan:
    # Lesson 2's quiz has no questions, so it is not in the plan (lesson 2 has no quiz_id).
    return CoursePlan(
        lessons=[
            PlanLesson(1, "One", 11),
            PlanLesson(2, "Two", None),
            PlanLesson(3, "Three", 13),
            PlanLesson(4, "Four", 14),
        ],
        quizzes=[
            PlanQuiz(11, "Quiz one", 1, ANY_TIME),
            PlanQuiz(13, "Quiz three", 3, CLOSES),
            PlanQuiz(14, "Q4", 4, None),  # never shows scores
        ],
        gating=gating,
    )


def test_it_locks_nothing_without_gating():
    assert lesson_locks(plan(gating=False), set()) == {}


def test_it_locks_every_lesson_after_the_first_unpassed_quiz_and_says_which():
    locks = lesson_locks(plan(), set())
    assert set(locks) == {2, 3, 4}
    assert locks[3].quiz_id == 11
    assert locks[3].lesson_title == "One"


def test_it_lets_a_lesson_without_questions_block_nothing():
    locks = lesson_locks(plan(), {11})
    assert set(locks) == {4}
    assert locks[4].quiz_title == "Quiz three"


def test_it_opens_everything_once_every_quiz_is_passed():
    assert lesson_locks(plan(), {11, 13, 14}) == {}


def test_it_computes_percent_rounded_down_and_completion():
    passed = QuizGrade(D(8), D(10), True)
    failed = QuizGrade(D(2), D(10), False)
    standing = Standing(frozenset({1, 2, 3}), {11: passed, 13: failed})
    summary = course_summary(plan(), standing)
    assert summary.percent_complete == 75
    assert summary.quizzes_passed == 1
    assert summary.grade == D("50.00")  # 10 of 20 points, the ungraded quiz left out
    assert not summary.complete


def test_it_completes_a_course_when_every_lesson_is_complete_and_every_quiz_passed():
    passed = QuizGrade(D(10), D(10), True)
    standing = Standing(frozenset({1, 2, 3, 4}), {11: passed, 13: passed, 14: passed})
    summary = course_summary(plan(), standing)
    assert summary.percent_complete == 100
    assert summary.complete


def test_it_does_not_complete_a_course_with_every_lesson_read_but_a_quiz_failed():
    passed = QuizGrade(D(10), D(10), True)
    failed = QuizGrade(D(1), D(10), False)
    standing = Standing(frozenset({1, 2, 3, 4}), {11: passed, 13: passed, 14: failed})
    assert not course_summary(plan(), standing).complete


def test_it_never_completes_a_course_without_lessons():
    assert not course_summary(CoursePlan([], []), Standing()).complete


def test_it_continues_after_the_last_lesson_visited():
    standing = Standing(frozenset({1}), {11: QuizGrade(D(1), D(1), True)})
    following = next_lesson(plan(gating=False), standing, {}, last_lesson_id=3)
    assert following is not None
    assert following.id == 3


def test_it_sends_a_learner_blocked_by_a_quiz_back_to_that_lesson():
    standing = Standing(frozenset({1}), {11: QuizGrade(D(0), D(1), False)})
    locks = lesson_locks(plan(), standing.passed_quiz_ids)
    following = next_lesson(plan(), standing, locks, last_lesson_id=1)
    assert following is not None
    assert following.id == 1


def test_it_moves_on_from_a_read_lesson_whose_quiz_waits_for_a_grader():
    # Lesson 1 is read and its quiz (an essay) submitted: nothing is left to do there.
    waiting = QuizGrade(None, D(2), False, awaiting_grader=True)
    standing = Standing(frozenset({1}), {11: waiting})
    following = next_lesson(plan(gating=False), standing, {}, last_lesson_id=1)
    assert following is not None
    assert following.id == 2


def test_it_still_sends_a_learner_back_to_a_waiting_quiz_that_gates_the_rest():
    # With gating, the quiz that waits for a grader still locks lessons 2 to 4: the lesson
    # whose quiz unlocks them is where the learner stands.
    waiting = QuizGrade(None, D(2), False, awaiting_grader=True)
    standing = Standing(frozenset({1}), {11: waiting})
    locks = lesson_locks(plan(), standing.passed_quiz_ids)
    following = next_lesson(plan(), standing, locks, last_lesson_id=1)
    assert following is not None
    assert following.id == 1


def graded(*quiz_ids: int) -> Standing:
    grades = {pk: QuizGrade(Decimal(1), Decimal(2), False, False) for pk in quiz_ids}
    return Standing(completed_lesson_ids=frozenset(), quiz_grades=grades)


def test_it_shows_the_course_grade_when_every_score_in_it_shows():
    before_close = CLOSES - timedelta(minutes=1)
    assert grade_shown(plan(), graded(11), before_close)
    assert grade_shown(plan(), graded(), before_close)  # nothing graded, nothing to hide
    assert not grade_shown(plan(), graded(11, 13), before_close)
    assert grade_shown(plan(), graded(11, 13), CLOSES)
    assert not grade_shown(plan(), graded(11, 13, 14), CLOSES + timedelta(days=365))


def test_a_quiz_waiting_for_its_grader_hides_nothing_yet():
    waiting = Standing(frozenset(), {14: QuizGrade(None, Decimal(2), False, True)})
    assert grade_shown(plan(), waiting, CLOSES)
