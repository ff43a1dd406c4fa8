"""The practice pages: the queue, one card, the result; own cards only, keys after answering."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from practice.models import ReviewCard, ReviewLog
from practice.selectors import card_question
from practice.services import review_cards_after_attempt
from quizzes.attempts import display_order
from quizzes.bank import question_data
from quizzes.models import Attempt, AttemptQuestion, Question
from tests.factories import LessonFactory, UserFactory
from tests.practice.factories import CAPITAL, ReviewCardFactory, graded_attempt, practice_quiz
from tests.quizzes.test_answer_leaks import QUESTIONS, SECRETS, WRONG_ANSWERS

pytestmark = pytest.mark.django_db

PAST = datetime(2026, 1, 1, tzinfo=UTC)


def own_card(client, **kwargs) -> ReviewCard:
    card = ReviewCardFactory(**kwargs)
    client.force_login(card.user)
    return card


def answer(client, card, choice, revision=None):
    """Post the answer stored at ``choice`` as the card page offers it: at its place on the
    page (any other value is posted as it is)."""
    order = card_question(card=ReviewCard.objects.get(pk=card.pk)).row.choice_order
    shown = order.index(choice) if choice in order else choice
    data = {"revision": card.revision if revision is None else revision, "q1": str(shown)}
    return client.post(reverse("practice:card", args=[card.pk]), data)


def test_it_needs_a_login(client):
    response = client.get(reverse("practice:queue"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_queue_shows_what_is_due_per_course(client):
    card = own_card(client)
    ReviewCardFactory(user=card.user, due=datetime.now(UTC) + timedelta(days=2))

    page = client.get(reverse("practice:queue")).content.decode()

    assert "1 question is due for practice." in page
    assert "Start practice" in page
    assert card.course.title in page
    assert 'aria-current="page">Practice</a>' in page  # the nav link


def test_the_queue_says_when_the_next_question_comes_back(client):
    own_card(client, due=datetime(2099, 5, 17, 10, 0, tzinfo=UTC))

    page = client.get(reverse("practice:queue")).content.decode()

    assert "Nothing is due now" in page
    assert "2099" in page
    assert "Start practice" not in page


def test_an_empty_queue_says_so(client):
    client.force_login(UserFactory())

    page = client.get(reverse("practice:queue")).content.decode()

    assert "Your review queue is empty" in page


def test_start_practice_opens_the_first_due_card(client):
    card = own_card(client)

    response = client.get(reverse("practice:next"))

    assert response["Location"] == reverse("practice:card", args=[card.pk])


def test_next_goes_back_to_the_queue_when_nothing_is_due(client):
    own_card(client, due=datetime(2099, 1, 1, tzinfo=UTC))

    response = client.get(reverse("practice:next"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("practice:queue")
    assert "Nothing more is due" in response.content.decode()


def test_another_users_card_is_not_found(client):
    card = ReviewCardFactory()
    client.force_login(UserFactory())

    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 404
    assert answer(client, card, 0).status_code == 404
    assert not ReviewLog.objects.exists()


def test_another_users_result_is_not_found(client):
    card = own_card(client)
    answer(client, card, 0)
    client.force_login(UserFactory())

    response = client.get(reverse("practice:result", args=[ReviewLog.objects.get().pk]))

    assert response.status_code == 404


def test_an_unpublished_question_leaves_the_queue(client):
    card = own_card(client)
    Question.objects.filter(pk=card.question_id).update(status=Question.Status.DRAFT)

    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 404
    assert "Your review queue is empty" in client.get(reverse("practice:queue")).content.decode()


def test_an_archived_lessons_questions_leave_the_queue_until_it_comes_back(client):
    card = own_card(client)
    answer(client, card, 1)
    result = reverse("practice:result", args=[ReviewLog.objects.get().pk])
    lesson = LessonFactory(course=card.course, is_archived=True)  # gone from the document
    Question.objects.filter(pk=card.question_id).update(lesson=lesson)

    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 404
    assert client.get(result).status_code == 404
    assert "Your review queue is empty" in client.get(reverse("practice:queue")).content.decode()
    lesson.is_archived = False  # a re-import brought it back
    lesson.save()
    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 200


def test_a_draft_course_hides_its_cards(client):
    card = own_card(client)
    card.course.is_published = False
    card.course.save()

    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 404


def test_leaving_a_course_takes_its_cards_out_of_practice_until_re_enrolling(client):
    card = own_card(client)
    answer(client, card, 1)
    result = reverse("practice:result", args=[ReviewLog.objects.get().pk])

    client.post(reverse("progress:leave", args=[card.course.slug]))

    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 404
    assert client.get(result).status_code == 404  # its key and feedback with it
    assert "Your review queue is empty" in client.get(reverse("practice:queue")).content.decode()
    client.post(reverse("progress:enrol", args=[card.course.slug]))
    assert client.get(reverse("practice:card", args=[card.pk])).status_code == 200


def test_answering_shows_the_result_and_when_it_comes_back(client):
    card = own_card(client)

    response = answer(client, card, 1)  # Lyon: wrong
    log = ReviewLog.objects.get()
    assert response["Location"] == reverse("practice:result", args=[log.pk])
    page = client.get(response["Location"]).content.decode()

    assert "Incorrect" in page
    assert "Correct answer" in page
    assert "<li>Paris</li>" in page
    assert "Lyon is not the capital." in page
    assert "Paris has been the capital since 987." in page
    assert "comes back for practice:" in page
    assert reverse("practice:next") in page
    card.refresh_from_db()
    assert card.due == log.due_after
    assert card.revision == 1


def test_a_double_post_schedules_once(client):
    card = own_card(client)
    answer(client, card, 0)

    second = answer(client, card, 1, revision=0)

    assert ReviewLog.objects.count() == 1
    assert second["Location"] == reverse("practice:result", args=[ReviewLog.objects.get().pk])


def test_an_unreadable_answer_is_refused(client):
    card = own_card(client)

    response = answer(client, card, 99)

    assert response.status_code == 400
    assert not ReviewLog.objects.exists()


def test_no_key_reaches_the_card_page_before_answering(client):
    quiz = practice_quiz(QUESTIONS, shuffle_answers=False)
    user = UserFactory()
    attempt = graded_attempt(quiz, user, {})
    review_cards_after_attempt(attempt=attempt)
    client.force_login(user)
    cards = ReviewCard.objects.filter(user=user)
    assert cards.count() == len(QUESTIONS) - 1  # every type but the essay

    for card in cards:
        page = client.get(reverse("practice:card", args=[card.pk])).content.decode()
        assert 'name="q1' in page
        for secret in SECRETS:
            assert secret not in page, f"{secret!r} leaked on the {card.question.type} card"


def test_every_type_of_question_can_be_practised(client):
    quiz = practice_quiz(QUESTIONS, shuffle_answers=False)
    user = UserFactory()
    review_cards_after_attempt(attempt=graded_attempt(quiz, user, {}))
    client.force_login(user)
    positions = {slot.question_id: slot.position for slot in quiz.slots.all()}

    for card in ReviewCard.objects.filter(user=user):
        prefix = f"q{positions[card.question_id]}"
        fields = {
            "q1" + name.removeprefix(prefix): value
            for name, value in WRONG_ANSWERS.items()
            if name == prefix or name.startswith(prefix + "_")
        }
        response = client.post(
            reverse("practice:card", args=[card.pk]), {"revision": card.revision, **fields}
        )

        assert response.status_code == 302, card.question.type
        log = card.logs.get(attempt_question__isnull=True)
        assert log.response not in (None, "", [], {}), card.question.type
        assert client.get(response["Location"]).status_code == 200


def test_a_practice_answer_leaves_the_attempt_alone(client):
    quiz = practice_quiz()
    user = UserFactory()
    review_cards_after_attempt(attempt=graded_attempt(quiz, user, {1: 1}))
    before = (list(Attempt.objects.values()), list(AttemptQuestion.objects.values()))
    client.force_login(user)

    for card in ReviewCard.objects.filter(user=user, question__type="single_choice"):
        answer(client, card, 0)

    assert ReviewLog.objects.filter(attempt_question__isnull=True).count() == 1
    assert (list(Attempt.objects.values()), list(AttemptQuestion.objects.values())) == before


def _queue_of(user, courses: int, cards_each: int) -> None:
    for _ in range(courses):
        for slot in practice_quiz([CAPITAL] * cards_each).slots.all():
            ReviewCardFactory(user=user, question=slot.question)


@pytest.mark.parametrize(("courses", "cards_each"), [(1, 1), (4, 5)])
def test_the_queue_page_costs_the_same_queries_however_big(
    client, django_assert_num_queries, courses, cards_each
):
    user = UserFactory()
    _queue_of(user, courses, cards_each)
    client.force_login(user)

    # The session, the user, attempts waiting to feed the queue, the queue, and the user's
    # permissions for the menu.
    with django_assert_num_queries(6):
        page = client.get(reverse("practice:queue")).content.decode()

    assert page.count('<th scope="row">') == courses


def test_the_dashboard_says_how_many_questions_are_due(client):
    card = own_card(client)
    ReviewCardFactory(user=card.user, due=datetime.now(UTC) + timedelta(days=2))

    page = client.get(reverse("progress:dashboard")).content.decode()

    assert "1 question is due for practice." in page


def test_the_dashboard_says_when_nothing_is_due(client):
    own_card(client, due=datetime.now(UTC) + timedelta(days=2))

    assert (
        "Nothing is due for practice." in client.get(reverse("progress:dashboard")).content.decode()
    )


def test_the_dashboard_of_someone_in_no_course_still_counts_the_cards_they_may_practise(client):
    # The course's owner practises its questions without an enrolment: the dashboard lists no
    # course of theirs to read their due cards with, so it asks on its own.
    card = ReviewCardFactory(enrolment=False)
    owner = card.course.owner
    ReviewCard.objects.filter(pk=card.pk).update(user=owner)
    client.force_login(owner)

    assert (
        "1 question is due for practice."
        in client.get(reverse("progress:dashboard")).content.decode()
    )


def test_the_card_page_gives_no_way_to_find_the_key_stored_first(client):
    """A learner sees the card's id (in the URL) and revision (in the form): an order they
    could compute from those would tell them where the answer stored first is shown."""
    learner = UserFactory()
    client.force_login(learner)
    found = 0
    cards = 60
    for _ in range(cards):
        card = ReviewCardFactory(user=learner)
        page = client.get(reverse("practice:card", args=[card.pk])).content.decode()
        shown = re.findall(r'<label class="form-check-label" for="[^"]+">([^<]+)</label>', page)
        guessed = random.Random(f"{card.pk}:{card.revision}")
        computed = display_order(question_data(card.question), True, guessed)
        found += shown[computed.index(0)] == "Paris"
    # Three answers shown in an order the learner cannot compute: about one in three.
    assert found < cards * 0.55
