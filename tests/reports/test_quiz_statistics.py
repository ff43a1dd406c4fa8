"""The question statistics page and its selector, from real attempts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.statistics import quiz_statistics_report
from tests.factories import UserFactory

from .conftest import take

pytestmark = pytest.mark.django_db


def test_it_counts_first_attempts_unless_asked_for_all(quiz):
    learner, other = UserFactory(), UserFactory()
    take(quiz, learner, {1: 1, 2: "five", 3: True})  # 0 of 3
    take(quiz, learner, {1: 0, 2: "four", 3: False})  # 3 of 3
    take(quiz, other, {1: 0, 2: "four", 3: True})  # 2 of 3

    first = quiz_statistics_report(quiz=quiz)
    every = quiz_statistics_report(quiz=quiz, all_attempts=True)

    assert first.stats.count == 2
    assert sorted(first.stats.totals) == [0, 2]
    assert every.stats.count == 3
    assert every.mean_percent == pytest.approx(100 * 5 / 9)


def test_it_leaves_out_attempts_not_yet_graded(quiz):
    from quizzes.attempts import attempt_start

    take(quiz, UserFactory(), {1: 0})
    attempt_start(quiz=quiz, user=UserFactory())  # still open

    assert quiz_statistics_report(quiz=quiz).stats.count == 1


def test_it_counts_each_answer_chosen(quiz):
    for choice in (0, 0, 1):
        take(quiz, UserFactory(), {1: choice, 2: " Four "})
    take(quiz, UserFactory(), {})

    report = quiz_statistics_report(quiz=quiz)
    capital, typed, sky = report.rows

    assert [(r.label, r.count) for r in capital.stats.responses] == [
        ("Paris", 2),
        ("Lyon", 1),
        ("Nice", 0),
        ("No answer", 1),
    ]
    assert ("Four", 3) in [(r.label, r.count) for r in typed.stats.responses]
    assert [(r.label, r.count) for r in sky.stats.responses][:2] == [("True", 0), ("False", 0)]


def test_the_page_shows_the_figures_and_flags_a_broken_question(owner_client, quiz):
    # The strong learners get "the sky is green" wrong, the weak ones right.
    take(quiz, UserFactory(), {1: 0, 2: "four", 3: True})
    take(quiz, UserFactory(), {1: 0, 2: "four", 3: True})
    take(quiz, UserFactory(), {1: 1, 2: "five", 3: False})
    take(quiz, UserFactory(), {1: 0, 2: "five", 3: False})

    response = owner_client.get(reverse("reports:quiz-statistics", args=[quiz.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Cronbach" in page
    assert "Probably broken: negative discrimination" in page
    sky = next(row for row in response.context["report"].rows if row.type == "true_false")
    assert sky.stats.discrimination_index < 0
    assert sky.stats.probably_broken


def test_the_score_chart_is_accessible_svg_with_its_data_as_a_table(owner_client, quiz):
    take(quiz, UserFactory(), {1: 0, 2: "four", 3: False})

    page = owner_client.get(reverse("reports:quiz-statistics", args=[quiz.pk])).content.decode()

    assert 'role="img"' in page
    assert '<title id="score-chart-title">Distribution of scores</title>' in page
    assert '<desc id="score-chart-desc">' in page
    assert '<th scope="row">90–100 %</th><td class="text-end">1</td>' in page


def test_only_those_who_manage_the_course_see_statistics(client, quiz):
    client.force_login(UserFactory())

    assert client.get(reverse("reports:quiz-statistics", args=[quiz.pk])).status_code == 404
    assert client.get(reverse("reports:statistics", args=[quiz.course.slug])).status_code == 404


def test_the_course_page_lists_quizzes_with_their_graded_attempts(owner_client, quiz):
    take(quiz, UserFactory(), {1: 0})

    response = owner_client.get(reverse("reports:statistics", args=[quiz.course.slug]))

    assert response.context["quizzes"] == [(quiz, 1)]


@pytest.mark.parametrize("learners", [2, 6])
def test_the_page_reads_a_fixed_number_of_queries(
    owner_client, quiz, learners, django_assert_num_queries
):
    for n in range(learners):
        take(quiz, UserFactory(), {1: n % 3, 2: "four" if n % 2 else "x", 3: bool(n % 2)})
    url = reverse("reports:quiz-statistics", args=[quiz.pk])
    owner_client.get(url)  # the questions' structure is cached from here on

    # Session, user, quiz, the chosen attempts' questions, question versions (the menu's
    # permission is kept from the first request).
    with django_assert_num_queries(5):
        owner_client.get(url)


def test_a_quiz_nobody_has_finished_says_so(owner_client, quiz):
    response = owner_client.get(reverse("reports:quiz-statistics", args=[quiz.pk]))

    assert response.status_code == 200
    assert "No graded attempts yet" in response.content.decode()


def test_the_page_can_use_every_attempt(owner_client, quiz):
    learner = UserFactory()
    take(quiz, learner, {1: 1})
    take(quiz, learner, {1: 0})
    url = reverse("reports:quiz-statistics", args=[quiz.pk])

    assert owner_client.get(url).context["report"].stats.count == 1
    assert owner_client.get(url, {"attempts": "all"}).context["report"].stats.count == 2
