"""Quiz answers feed the review queue; practice answers move cards and never touch grades."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from pipeline import attempt_after_grading
from practice.models import ReviewCard, ReviewLog
from practice.selectors import course_queues, due_cards, due_count
from practice.services import (
    PracticeError,
    StaleReview,
    practice_answer,
    review_cards_after_attempt,
)
from quizzes.models import Attempt, AttemptQuestion, Question
from tests.factories import UserFactory, enrolled
from tests.practice.factories import (
    ESSAY,
    INTRO,
    PASSWORD,
    SUN,
    graded_attempt,
    practice_quiz,
)

pytestmark = pytest.mark.django_db

SUBMITTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WRONG_PARTIAL_RIGHT = {1: 1, 2: True, 3: "swordfish"}  # Lyon (0), "true" (0), right
PARTIAL_RIGHT_RIGHT = {1: 2, 2: False, 3: "swordfish"}  # Nice (0.5), right, right


def questions(quiz):
    return [slot.question for slot in quiz.slots.order_by("position")]


def test_it_queues_wrong_and_partly_right_answers_only():
    quiz = practice_quiz()
    capital, sun, password = questions(quiz)
    user = UserFactory()
    attempt = graded_attempt(quiz, user, {1: 2, 2: True, 3: "swordfish"}, now=SUBMITTED)

    cards = review_cards_after_attempt(attempt=attempt)

    assert {card.question for card in cards} == {capital, sun}
    assert not ReviewCard.objects.filter(question=password).exists()
    for card in ReviewCard.objects.all():
        assert card.user == user
        assert card.course == quiz.course
        assert card.due == SUBMITTED  # due at once
        assert card.last_review == SUBMITTED
        assert card.stability is not None
    ratings = dict(ReviewLog.objects.values_list("card__question", "rating"))
    assert ratings == {capital.pk: Rating.Hard, sun.pk: Rating.Again}


def test_a_blank_answer_is_queued_as_wrong():
    quiz = practice_quiz([PASSWORD])
    attempt = graded_attempt(quiz, UserFactory(), {}, now=SUBMITTED)

    review_cards_after_attempt(attempt=attempt)

    assert ReviewLog.objects.get().rating == Rating.Again


def test_it_skips_essays_and_descriptions():
    quiz = practice_quiz([INTRO, ESSAY, SUN])
    attempt = graded_attempt(quiz, UserFactory(), {2: "", 3: True}, now=SUBMITTED)

    review_cards_after_attempt(attempt=attempt)

    assert [card.question.type for card in ReviewCard.objects.all()] == ["true_false"]


def test_a_right_answer_to_a_queued_question_counts_as_a_good_review():
    quiz = practice_quiz()
    user = UserFactory()
    review_cards_after_attempt(attempt=graded_attempt(quiz, user, WRONG_PARTIAL_RIGHT, SUBMITTED))
    later = SUBMITTED + timedelta(days=1)

    review_cards_after_attempt(attempt=graded_attempt(quiz, user, PARTIAL_RIGHT_RIGHT, later))

    sun_card = ReviewCard.objects.get(question__type="true_false")
    assert list(sun_card.logs.values_list("rating", flat=True)) == [Rating.Again, Rating.Good]
    assert sun_card.due > later
    assert ReviewCard.objects.count() == 2  # the password question never joined


def test_the_same_attempt_counts_once():
    quiz = practice_quiz()
    attempt = graded_attempt(quiz, UserFactory(), WRONG_PARTIAL_RIGHT, now=SUBMITTED)

    attempt_after_grading(attempt=attempt)
    attempt_after_grading(attempt=attempt)

    assert ReviewLog.objects.count() == 2
    assert set(ReviewCard.objects.values_list("revision", flat=True)) == {1}


def test_submitting_a_quiz_fills_the_queue(client):
    quiz = practice_quiz()
    client.force_login(user := enrolled(quiz.course))  # quizzes are for the enrolled
    client.post(f"/quizzes/{quiz.pk}/start/")
    attempt = Attempt.objects.get()

    # q1 wrong (the choice stored second, wherever it is shown); q2 left blank, and submitted
    # so (past the summary): a blank answer joins the queue too.
    wrong = attempt.questions.get(position=1).choice_order.index(1)
    client.post(
        f"/attempts/{attempt.pk}/submit/",
        {"revision": 0, "q1": str(wrong), "q3": "swordfish", "confirm": "1"},
    )

    assert ReviewCard.objects.filter(user=user).count() == 2
    assert due_count(user=user, now=datetime.now(UTC)) == 2


def _card(quiz, user, question_type="single_choice"):
    review_cards_after_attempt(attempt=graded_attempt(quiz, user, WRONG_PARTIAL_RIGHT, SUBMITTED))
    return ReviewCard.objects.get(user=user, question__type=question_type)


def test_a_practice_answer_reschedules_the_card():
    card = _card(practice_quiz(), UserFactory())
    now = SUBMITTED + timedelta(hours=1)

    log = practice_answer(card=card, response=0, now=now, revision=card.revision)

    assert log.rating == Rating.Good
    assert log.fraction == 1
    assert log.response == 0
    assert log.reviewed_at == now
    assert log.attempt_question is None
    card.refresh_from_db()
    assert card.last_review == now
    assert card.due == log.due_after > now
    assert card.revision == 2


@pytest.mark.parametrize(
    ("response", "rating"), [(1, Rating.Again), (2, Rating.Hard), (None, Rating.Again)]
)
def test_a_practice_answer_is_rated_by_its_grade(response, rating):
    card = _card(practice_quiz(), UserFactory())

    log = practice_answer(card=card, response=response, now=SUBMITTED + timedelta(hours=1))

    assert log.rating == rating


def test_practice_never_changes_grades():
    quiz = practice_quiz()
    user = UserFactory()
    card = _card(quiz, user)
    attempt = Attempt.objects.get()
    before_attempt = Attempt.objects.values().get()
    before_rows = list(AttemptQuestion.objects.order_by("pk").values())

    for hours in (1, 2, 30):
        practice_answer(card=card, response=0, now=SUBMITTED + timedelta(hours=hours))

    assert Attempt.objects.values().get() == before_attempt
    assert list(AttemptQuestion.objects.order_by("pk").values()) == before_rows
    assert attempt.score == Attempt.objects.get().score


def test_the_same_answer_twice_schedules_once():
    card = _card(practice_quiz(), UserFactory())
    revision = card.revision
    now = SUBMITTED + timedelta(hours=1)
    practice_answer(card=card, response=0, now=now, revision=revision)
    due = ReviewCard.objects.get(pk=card.pk).due

    with pytest.raises(StaleReview):
        practice_answer(card=card, response=0, now=now, revision=revision)

    assert ReviewCard.objects.get(pk=card.pk).due == due
    assert card.logs.count() == 2  # the quiz answer and one practice answer


def test_it_is_deterministic_given_now():
    first = _card(practice_quiz(), UserFactory())
    second = _card(practice_quiz(), UserFactory())
    now = SUBMITTED + timedelta(minutes=30)

    a = practice_answer(card=first, response=2, now=now)
    b = practice_answer(card=second, response=2, now=now)

    assert a.due_after == b.due_after
    assert (first.stability, first.difficulty) == (second.stability, second.difficulty)


def test_an_essay_card_cannot_be_practised():
    card = _card(practice_quiz(), UserFactory())
    card.question.type = "essay"
    card.question.save()  # a new version: the cached key of the old one is not used

    with pytest.raises(PracticeError):
        practice_answer(card=card, response="words", now=SUBMITTED)


def test_the_queue_selectors_see_only_due_published_own_cards():
    quiz = practice_quiz()
    user = UserFactory()
    capital_card = _card(quiz, user)
    _card(quiz, UserFactory())  # someone else's
    now = SUBMITTED + timedelta(minutes=1)
    practice_answer(card=capital_card, response=0, now=now)  # no longer due

    assert [card.question.type for card in due_cards(user=user, now=now)] == ["true_false"]
    assert due_count(user=user, now=now) == 1
    assert due_cards(user=user, course=quiz.course_id + 1, now=now).count() == 0

    Question.objects.filter(type="true_false").update(status=Question.Status.DRAFT)

    assert due_count(user=user, now=now) == 0
    [queue] = course_queues(user=user, now=now)
    assert (queue.due, queue.total, queue.next_due) == (0, 1, capital_card.due)


def test_a_deleted_question_leaves_the_queue():
    quiz = practice_quiz()
    card = _card(quiz, UserFactory())
    Attempt.objects.all().delete()  # attempts hold on to their questions

    Question.objects.filter(pk=card.question_id).delete()

    assert not ReviewCard.objects.filter(pk=card.pk).exists()
    assert ReviewLog.objects.filter(card__question__type="single_choice").count() == 0


@pytest.mark.parametrize("cards", [1, 6])
def test_due_count_is_two_queries(django_assert_num_queries, cards):
    user = UserFactory()
    review_cards_after_attempt(
        attempt=graded_attempt(practice_quiz([SUN] * cards), user, {}, SUBMITTED)
    )

    with django_assert_num_queries(2):
        count = due_count(user=user, now=SUBMITTED)

    assert count == cards


def test_due_count_is_one_query_when_nothing_is_due(django_assert_num_queries):
    user = UserFactory()
    review_cards_after_attempt(attempt=graded_attempt(practice_quiz([SUN]), user, {}, SUBMITTED))

    with django_assert_num_queries(1):
        count = due_count(user=user, now=SUBMITTED - timedelta(days=1))

    assert count == 0
