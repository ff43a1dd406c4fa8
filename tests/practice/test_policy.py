"""The quiz's review policy decides when its answers feed the review queue: never before the
learner may see whether each was right and what the right answer is, and the queue's cards
and counts follow the policy as it is now. Checked through the learner's real pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from fsrs import Rating

from pipeline import attempt_after_grading
from practice.models import FedAttempt, ReviewCard, ReviewLog
from practice.services import review_cards_catch_up
from quizzes.models import Quiz, QuizSlot, ReviewWhen
from tests.factories import QuizFactory, UserFactory
from tests.practice.factories import CAPITAL, SUN, graded_attempt, practice_quiz

pytestmark = pytest.mark.django_db

IMMEDIATELY, AFTER_CLOSE, NEVER = ReviewWhen.IMMEDIATELY, ReviewWhen.AFTER_CLOSE, ReviewWhen.NEVER
WRONG = {1: 1}  # Lyon: wrong
RIGHT = {1: 0}  # Paris


def queue_page(client) -> str:
    return client.get(reverse("practice:queue")).content.decode()


def dashboard_page(client) -> str:
    return client.get(reverse("progress:dashboard")).content.decode()


def submitted(client, quiz: Quiz, responses=WRONG, user=None, minutes_ago: int = 10):
    """The learner's attempt at ``quiz``, graded through the pipeline as a submit is; the
    learner is logged in."""
    user = user or UserFactory()
    when = timezone.now() - timedelta(minutes=minutes_ago)
    attempt = graded_attempt(quiz, user, responses, now=when)
    attempt_after_grading(attempt=attempt)
    client.force_login(user)
    return attempt


def assert_nothing_queued(client) -> None:
    assert not ReviewCard.objects.exists()
    assert "Your review queue is empty" in queue_page(client)
    assert "Nothing is due for practice." in dashboard_page(client)
    assert "question is due" not in dashboard_page(client)


def assert_one_due(client) -> None:
    assert "1 question is due for practice." in queue_page(client)
    assert "1 question is due for practice." in dashboard_page(client)


@pytest.mark.parametrize(
    ("score", "correct_answers"),
    [
        (IMMEDIATELY, NEVER),  # whether it was right shown, the right answer never
        (NEVER, IMMEDIATELY),  # the right answer shown, the marks never
        (NEVER, NEVER),
        (IMMEDIATELY, AFTER_CLOSE),  # a quiz with no close date never closes
        (AFTER_CLOSE, IMMEDIATELY),
    ],
)
def test_a_wrong_answer_stays_out_of_the_queue_while_the_policy_hides_it(
    client, score, correct_answers
):
    quiz = practice_quiz([CAPITAL], review_score=score, review_correct_answers=correct_answers)

    submitted(client, quiz)

    assert_nothing_queued(client)
    assert client.get(reverse("practice:next")).status_code == 302


def test_a_policy_that_shows_answers_at_once_queues_a_wrong_one_at_once(client):
    quiz = practice_quiz([CAPITAL], review_score=IMMEDIATELY, review_correct_answers=IMMEDIATELY)

    attempt = submitted(client, quiz)

    assert ReviewCard.objects.get().due == attempt.submitted_at
    assert_one_due(client)


def test_after_close_the_question_joins_the_queue_at_the_close_while_the_quiz_is_open(client):
    closes = timezone.now() + timedelta(hours=1)
    quiz = practice_quiz(
        [CAPITAL],
        review_score=AFTER_CLOSE,
        review_correct_answers=AFTER_CLOSE,
        close_at=closes,
        attempts_allowed=0,
    )

    submitted(client, quiz)

    assert_nothing_queued(client)
    # The quiz closes (its close date passes): the learner's next page feeds the queue.
    closed = timezone.now() - timedelta(seconds=1)
    Quiz.objects.filter(pk=quiz.pk).update(close_at=closed)
    assert_one_due(client)
    card = ReviewCard.objects.get()
    assert card.due == closed  # due from the close, not from the attempt
    assert card.logs.get().reviewed_at == closed


def test_the_practice_button_feeds_a_closed_quiz_too(client):
    quiz = practice_quiz(
        [CAPITAL], review_score=AFTER_CLOSE, review_correct_answers=AFTER_CLOSE,
        close_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    submitted(client, quiz)
    Quiz.objects.filter(pk=quiz.pk).update(close_at=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("practice:next"))

    assert response["Location"] == reverse("practice:card", args=[ReviewCard.objects.get().pk])


def test_feeding_a_revealed_attempt_twice_reviews_its_answers_once(client):
    quiz = practice_quiz([CAPITAL], review_correct_answers=NEVER)
    attempt = submitted(client, quiz)
    Quiz.objects.filter(pk=quiz.pk).update(review_correct_answers=IMMEDIATELY)

    queue_page(client)
    dashboard_page(client)
    queue_page(client)

    assert ReviewLog.objects.get().attempt_question.attempt == attempt
    assert FedAttempt.objects.get().attempt == attempt
    assert review_cards_catch_up(user_id=attempt.user_id, now=timezone.now()) == 0


def test_a_right_answer_to_a_queued_question_is_no_review_while_its_quiz_hides_it(client):
    shown = practice_quiz([CAPITAL])
    question = shown.slots.get().question
    hidden = QuizFactory(
        course=shown.course,
        review_score=AFTER_CLOSE,
        review_correct_answers=AFTER_CLOSE,
        close_at=timezone.now() + timedelta(hours=1),
    )
    QuizSlot.objects.create(quiz=hidden, position=1, question=question)
    first = submitted(client, shown, WRONG, minutes_ago=30)
    card = ReviewCard.objects.get()
    before = (card.due, card.revision, card.stability)

    submitted(client, hidden, RIGHT, user=first.user)

    card.refresh_from_db()
    assert (card.due, card.revision, card.stability) == before
    assert card.logs.count() == 1
    assert_one_due(client)  # the count is the one the shown quiz explains
    Quiz.objects.filter(pk=hidden.pk).update(close_at=timezone.now() - timedelta(seconds=1))
    queue_page(client)
    assert card.logs.latest("reviewed_at").rating == Rating.Good


def test_a_card_leaves_the_queue_when_the_instructor_hides_answers_after_it_joined(client):
    quiz = practice_quiz([CAPITAL])
    submitted(client, quiz)
    card = ReviewCard.objects.get()
    client.post(reverse("practice:card", args=[card.pk]), {"revision": card.revision, "q1": "1"})
    result = reverse("practice:result", args=[ReviewLog.objects.latest("pk").pk])
    assert client.get(result).status_code == 200

    Quiz.objects.filter(pk=quiz.pk).update(review_correct_answers=NEVER)

    assert "Your review queue is empty" in queue_page(client)
    assert "question is due" not in dashboard_page(client)
    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 404
    assert client.get(result).status_code == 404  # its key and feedback with it
    assert client.get(reverse("practice:next"))["Location"] == reverse("practice:queue")
    # Revealed again (at a close that has passed): the card is back as it was.
    Quiz.objects.filter(pk=quiz.pk).update(
        review_correct_answers=AFTER_CLOSE, close_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 200


def test_an_attempt_taken_while_answers_were_hidden_feeds_the_queue_once_they_are_shown(client):
    quiz = practice_quiz([CAPITAL, SUN], review_score=NEVER)
    submitted(client, quiz, {1: 1, 2: True})
    assert_nothing_queued(client)

    Quiz.objects.filter(pk=quiz.pk).update(review_score=IMMEDIATELY)

    assert "2 questions are due for practice." in dashboard_page(client)


def test_an_old_right_answer_is_not_counted_against_a_card_that_joined_later(client):
    quiz = practice_quiz([CAPITAL])
    first = submitted(client, quiz, RIGHT, minutes_ago=30)  # fed: nothing to queue
    submitted(client, quiz, WRONG, user=first.user)

    queue_page(client)

    assert [log.rating for log in ReviewLog.objects.all()] == [Rating.Again]


def test_a_card_of_a_hidden_quiz_leaves_the_dashboard_query_count_alone(
    client, django_assert_num_queries
):
    user = UserFactory()

    def hidden_cards(courses: int) -> None:
        for _ in range(courses):
            quiz = practice_quiz([CAPITAL, SUN])
            submitted(client, quiz, {1: 1, 2: True}, user=user)
            Quiz.objects.filter(pk=quiz.pk).update(review_correct_answers=NEVER)

    hidden_cards(1)
    dashboard_page(client)
    with CaptureQueriesContext(connection) as context:
        assert "Nothing is due for practice." in dashboard_page(client)
    few = len(context)
    hidden_cards(3)
    dashboard_page(client)
    with django_assert_num_queries(few):
        assert "Nothing is due for practice." in dashboard_page(client)
