"""The attempt lifecycle: start → save → submit → review, with the server owning time."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from quizzes.attempts import (
    AttemptClosed,
    NoAttemptsLeft,
    QuizUnavailable,
    ReviewOptions,
    StaleAttempt,
    answers_revealed_filter,
    answers_revealed_from,
    attempt_save,
    attempt_start,
    attempt_submit,
    quiz_regrade,
    review_options,
)
from quizzes.bank import question_update
from quizzes.models import Attempt, Question, QuestionCategory, Quiz, QuizSlot, ReviewWhen
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import UserFactory, quiz_with_questions

pytestmark = pytest.mark.django_db

D = Decimal
CAPITAL = QuestionData(
    type=QuestionType.SINGLE_CHOICE,
    stem="Capital of France?",
    answers=(Answer("Paris", D(1)), Answer("Lyon", D(0)), Answer("Nice", D(0))),
)
TWO_PLUS_TWO = QuestionData(
    type=QuestionType.SHORT_ANSWER, stem="Two plus two?", answers=(Answer("four", D(1)),)
)
ESSAY = QuestionData(type=QuestionType.ESSAY, stem="Discuss.", points=D(5))


def test_starting_an_attempt_asks_every_question_in_order():
    quiz = quiz_with_questions([CAPITAL, TWO_PLUS_TWO])
    learner = UserFactory()

    attempt = attempt_start(quiz=quiz, user=learner)

    assert attempt.number == 1
    assert attempt.state == Attempt.State.IN_PROGRESS
    assert [row.question.stem for row in attempt.questions.order_by("position")] == [
        "Capital of France?",
        "Two plus two?",
    ]
    assert attempt.max_score == D(2)


def test_starting_again_resumes_the_open_attempt():
    quiz = quiz_with_questions([CAPITAL])
    learner = UserFactory()

    first = attempt_start(quiz=quiz, user=learner)
    second = attempt_start(quiz=quiz, user=learner)

    assert second.pk == first.pk
    assert Attempt.objects.count() == 1


def test_the_attempt_limit_is_enforced():
    quiz = quiz_with_questions([CAPITAL], attempts_allowed=1)
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt_submit(attempt_id=attempt.pk, user=learner)

    with pytest.raises(NoAttemptsLeft):
        attempt_start(quiz=quiz, user=learner)
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize(
    ("open_in", "close_in"), [(timedelta(hours=1), None), (None, timedelta(hours=-1))]
)
def test_a_quiz_outside_its_dates_cannot_be_started(open_in, close_in):
    now = timezone.now()
    quiz = quiz_with_questions(
        [CAPITAL],
        open_at=now + open_in if open_in else None,
        close_at=now + close_in if close_in else None,
    )
    with pytest.raises(QuizUnavailable):
        attempt_start(quiz=quiz, user=UserFactory())


def test_saved_answers_are_graded_at_submit():
    quiz = quiz_with_questions([CAPITAL, TWO_PLUS_TWO])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)

    revision = attempt_save(
        attempt_id=attempt.pk, user=learner, responses={1: 0, 2: " FOUR "}, revision=0
    )
    assert revision == 1
    attempt = attempt_submit(attempt_id=attempt.pk, user=learner)

    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == D(2)
    assert [row.points for row in attempt.questions.order_by("position")] == [D(1), D(1)]


def test_a_double_submit_grades_once():
    quiz = quiz_with_questions([CAPITAL])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    first = attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: 0}, revision=0)

    second = attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: 1}, revision=1)

    assert second.submitted_at == first.submitted_at
    assert second.score == D(1)
    assert second.questions.get().response == 0


def test_a_stale_page_is_refused_and_changes_nothing():
    quiz = quiz_with_questions([CAPITAL])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt_save(attempt_id=attempt.pk, user=learner, responses={1: 0}, revision=0)

    with pytest.raises(StaleAttempt):
        attempt_save(attempt_id=attempt.pk, user=learner, responses={1: 2}, revision=0)

    assert attempt.questions.get().response == 0


def test_a_submit_grades_the_rows_it_read_only_if_nothing_was_saved_since():
    quiz = quiz_with_questions([CAPITAL, TWO_PLUS_TWO])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    rows_read_at_0 = list(attempt.questions.select_related("question").order_by("position"))
    # Another tab saves after this page read its rows: the page's rows are out of date.
    attempt_save(attempt_id=attempt.pk, user=learner, responses={1: 0, 2: "four"}, revision=0)
    Attempt.objects.filter(pk=attempt.pk).update(state=Attempt.State.OVERDUE)

    submitted = attempt_submit(
        attempt_id=attempt.pk, user=learner, revision=0, rows_at_revision=rows_read_at_0
    )

    assert submitted.score == D(2)


def test_a_submit_with_the_rows_it_read_grades_and_stores_the_page():
    quiz = quiz_with_questions([CAPITAL, TWO_PLUS_TWO, ESSAY])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    rows = list(attempt.questions.select_related("question").order_by("position"))

    submitted = attempt_submit(
        attempt_id=attempt.pk,
        user=learner,
        responses={1: 1, 2: "four", 3: "An essay."},
        revision=0,
        rows_at_revision=rows,
    )

    stored = list(Attempt.objects.get(pk=attempt.pk).questions.order_by("position"))
    assert [row.response for row in stored] == [1, "four", "An essay."]
    assert [(row.fraction, row.points) for row in stored] == [
        (D(0), D(0)),
        (D(1), D(1)),
        (None, None),
    ]
    assert submitted.score == D(1)
    assert submitted.needs_grading


def test_another_learners_attempt_cannot_be_touched():
    quiz = quiz_with_questions([CAPITAL])
    attempt = attempt_start(quiz=quiz, user=UserFactory())

    with pytest.raises(Attempt.DoesNotExist):
        attempt_save(attempt_id=attempt.pk, user=UserFactory(), responses={1: 0}, revision=0)


def timed_quiz(**settings) -> tuple[Quiz, Attempt, object]:
    quiz = quiz_with_questions([CAPITAL], time_limit=timedelta(minutes=10), **settings)
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt_save(attempt_id=attempt.pk, user=learner, responses={1: 0}, revision=0)
    return quiz, attempt, learner


def test_the_deadline_is_computed_at_start():
    _, attempt, _ = timed_quiz()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)


def test_after_the_deadline_autosubmit_grades_what_was_saved_in_time():
    _, attempt, learner = timed_quiz(overdue_handling=Quiz.Overdue.AUTOSUBMIT)
    late = attempt.started_at + timedelta(minutes=11)

    with pytest.raises(AttemptClosed):
        attempt_save(attempt_id=attempt.pk, user=learner, responses={1: 1}, revision=1, now=late)

    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == D(1)


def test_a_grace_period_allows_submitting_but_not_changing_answers():
    _, attempt, learner = timed_quiz(
        overdue_handling=Quiz.Overdue.GRACE, grace_period=timedelta(minutes=5)
    )
    late = attempt.started_at + timedelta(minutes=12)

    with pytest.raises(AttemptClosed):
        attempt_save(attempt_id=attempt.pk, user=learner, responses={1: 1}, revision=1, now=late)
    submitted = attempt_submit(
        attempt_id=attempt.pk, user=learner, responses={1: 1}, revision=1, now=late
    )

    assert submitted.state == Attempt.State.SUBMITTED
    assert submitted.score == D(1)  # the answer saved in time, not the late change


def test_after_the_grace_period_the_attempt_is_abandoned():
    _, attempt, learner = timed_quiz(
        overdue_handling=Quiz.Overdue.GRACE, grace_period=timedelta(minutes=5)
    )
    too_late = attempt.started_at + timedelta(minutes=16)

    result = attempt_submit(attempt_id=attempt.pk, user=learner, now=too_late)

    assert result.state == Attempt.State.ABANDONED
    assert result.score is None


def test_abandon_rule_leaves_a_late_attempt_ungraded():
    _, attempt, learner = timed_quiz(overdue_handling=Quiz.Overdue.ABANDON)
    late = attempt.started_at + timedelta(minutes=11)

    result = attempt_submit(attempt_id=attempt.pk, user=learner, now=late)

    assert result.state == Attempt.State.ABANDONED


def test_shuffled_choices_keep_their_order_for_the_whole_attempt():
    quiz = quiz_with_questions([CAPITAL], shuffle_answers=True)
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner, seed=3)
    order = attempt.questions.get().choice_order

    resumed = attempt_start(quiz=quiz, user=learner, seed=99)

    assert sorted(order) == [0, 1, 2]
    assert resumed.questions.get().choice_order == order


def test_random_slots_draw_distinct_published_questions_from_their_category():
    quiz = quiz_with_questions([CAPITAL])
    category = QuestionCategory.objects.get(course=quiz.course)
    Question.objects.update(status=Question.Status.PUBLISHED)
    extra = [
        QuestionData(type=QuestionType.SHORT_ANSWER, stem=f"Q{n}", answers=(Answer("x", D(1)),))
        for n in range(5)
    ]
    from quizzes.bank import questions_create

    questions_create(course=quiz.course, questions=extra)
    QuizSlot.objects.create(quiz=quiz, position=2, random_category=category, random_count=3)

    attempt = attempt_start(quiz=quiz, user=UserFactory(), seed=1)

    ids = list(attempt.questions.values_list("question_id", flat=True))
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_an_essay_waits_for_a_grader():
    quiz = quiz_with_questions([CAPITAL, ESSAY])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)

    result = attempt_submit(
        attempt_id=attempt.pk, user=learner, responses={1: 0, 2: "My essay."}, revision=0
    )

    assert result.needs_grading
    assert result.max_score == D(6)


def test_a_corrected_key_regrades_every_submitted_attempt():
    quiz = quiz_with_questions([CAPITAL])
    learners = [UserFactory() for _ in range(3)]
    for learner in learners:
        attempt = attempt_start(quiz=quiz, user=learner)
        attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: 1}, revision=0)
    assert set(Attempt.objects.values_list("score", flat=True)) == {D(0)}

    question = Question.objects.get()
    corrected = QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem=CAPITAL.stem,
        answers=(Answer("Paris", D(1)), Answer("Lyon", D(1)), Answer("Nice", D(0))),
    )
    question_update(question=question, data=corrected)
    changed = quiz_regrade(quiz=quiz)

    assert changed == 3
    assert set(Attempt.objects.values_list("score", flat=True)) == {D(1)}


@pytest.mark.parametrize(
    ("when", "quiz_closed", "visible"),
    [
        (ReviewWhen.IMMEDIATELY, False, True),
        (ReviewWhen.AFTER_CLOSE, False, False),
        (ReviewWhen.AFTER_CLOSE, True, True),
        (ReviewWhen.NEVER, True, False),
    ],
)
def test_review_follows_the_quiz_policy(when, quiz_closed, visible):
    quiz = quiz_with_questions([CAPITAL], review_correct_answers=when)
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt = attempt_submit(attempt_id=attempt.pk, user=learner)
    if quiz_closed:
        Quiz.objects.filter(pk=quiz.pk).update(close_at=timezone.now())
        attempt.quiz.refresh_from_db()

    options = review_options(attempt=attempt, now=timezone.now() + timedelta(seconds=1))

    assert options.correct_answers is visible


@pytest.mark.parametrize("score", list(ReviewWhen))
@pytest.mark.parametrize("correct_answers", list(ReviewWhen))
@pytest.mark.parametrize("closes_in", [None, timedelta(hours=-1), timedelta(hours=1)])
def test_the_queue_reads_answers_as_revealed_exactly_when_the_review_shows_them(
    score, correct_answers, closes_in
):
    """The review queue's filter and reveal date agree with the review page's policy: marks
    and right answers both shown."""
    quiz = quiz_with_questions(
        [CAPITAL], review_score=score, review_correct_answers=correct_answers
    )
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt = attempt_submit(attempt_id=attempt.pk, user=learner)
    now = timezone.now()
    if closes_in is not None:
        Quiz.objects.filter(pk=quiz.pk).update(close_at=now + closes_in)
        attempt.quiz.refresh_from_db()

    options = review_options(attempt=attempt, now=now)
    revealed_from = answers_revealed_from(quiz=attempt.quiz)

    revealed = Quiz.objects.filter(answers_revealed_filter(now=now), pk=quiz.pk).exists()
    assert revealed is options.answers_revealed is (options.score and options.correct_answers)
    assert revealed is (revealed_from is not None and now >= revealed_from)
    hidden = Quiz.objects.exclude(answers_revealed_filter(now=now)).filter(pk=quiz.pk).exists()
    assert hidden is not revealed  # the negation, as the queue reads hidden cards, too


def test_nothing_is_reviewable_while_the_attempt_is_open():
    quiz = quiz_with_questions([CAPITAL])
    attempt = attempt_start(quiz=quiz, user=UserFactory())

    options = review_options(attempt=attempt)

    assert options == ReviewOptions(
        score=False, responses=False, correct_answers=False, feedback=False
    )


def test_grading_an_essay_completes_the_attempts_score():
    from quizzes.attempts import attempt_question_grade

    quiz = quiz_with_questions([CAPITAL, ESSAY])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt = attempt_submit(
        attempt_id=attempt.pk, user=learner, responses={1: 0, 2: "My essay."}, revision=0
    )
    essay_row = attempt.questions.get(position=2)

    graded = attempt_question_grade(row_id=essay_row.pk, fraction=D("0.6"), comment="Good.")

    assert not graded.needs_grading
    assert graded.score == D(4)  # 1 for the choice + 0.6 × 5 for the essay
    essay_row.refresh_from_db()
    assert essay_row.grader_comment == "Good."


def test_a_grade_outside_the_points_is_refused():
    from quizzes.attempts import AttemptError, attempt_question_grade

    quiz = quiz_with_questions([ESSAY])
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt_submit(attempt_id=attempt.pk, user=learner)

    with pytest.raises(AttemptError):
        attempt_question_grade(row_id=attempt.questions.get().pk, fraction=D("1.5"))
