"""Taking a quiz through the test client: intro → start → answer → save → submit → review."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Course, Lesson
from quizzes.attempts import attempt_start, attempt_submit
from quizzes.display import fill_gaps
from quizzes.models import Attempt, AttemptQuestion, Question, Quiz, ReviewWhen
from quizzes.questions import (
    Answer,
    ClozeGap,
    GapKind,
    MatchPair,
    QuestionData,
    QuestionType,
    TextFormat,
)
from quizzes.selectors import preview_questions, quiz_preview_questions
from tests.caches import caches_clear
from tests.factories import LessonFactory, UserFactory, enrolled, quiz_with_questions

pytestmark = pytest.mark.django_db

D = Decimal
FETCH = {"X-Requested-With": "fetch"}

EVERY_TYPE = [
    QuestionData(type=QuestionType.DESCRIPTION, stem="Read this first.", points=D(0)),
    QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="<p>Capital of France?</p>",
        stem_format=TextFormat.HTML,
        answers=(Answer("Paris", D(1)), Answer("Lyon", D(0)), Answer("Nice", D(0))),
    ),
    QuestionData(
        type=QuestionType.MULTIPLE_RESPONSE,
        stem="Primary colours?",
        answers=(Answer("red", D("0.5")), Answer("blue", D("0.5")), Answer("green", D(-1))),
    ),
    QuestionData(
        type=QuestionType.TRUE_FALSE,
        stem="The sun rises in the east.",
        answers=(Answer("true", D(1)), Answer("false", D(0))),
    ),
    QuestionData(
        type=QuestionType.SHORT_ANSWER, stem="Two plus two?", answers=(Answer("four", D(1)),)
    ),
    QuestionData(
        type=QuestionType.NUMERICAL,
        stem="Pi to two places?",
        answers=(Answer("3.14", D(1), tolerance=D("0.005")),),
    ),
    QuestionData(
        type=QuestionType.MATCHING,
        stem="Match the animal to its sound.",
        pairs=(MatchPair("cat", "meow"), MatchPair("dog", "woof"), MatchPair("", "moo")),
    ),
    QuestionData(type=QuestionType.ORDERING, stem="Count up.", items=("one", "two", "three")),
    QuestionData(
        type=QuestionType.CLOZE,
        stem="The capital is {{1}} and two plus two is {{2}}.",
        gaps=(
            ClozeGap(GapKind.CHOICE, (Answer("Paris", D(1)), Answer("Rome", D(0)))),
            ClozeGap(GapKind.TEXT, (Answer("four", D(1)),)),
        ),
    ),
    QuestionData(type=QuestionType.ESSAY, stem="Discuss.", points=D(2)),
]
# Positions of the questions above in the attempt (1-based; the description is 1).
SINGLE, MULTI, TF, SHORT, NUM, MATCH, ORDER, CLOZE, ESSAY = range(2, 11)


def every_type_quiz(**settings) -> Quiz:
    lesson = LessonFactory()
    return quiz_with_questions(
        EVERY_TYPE, course=lesson.course, lesson=lesson, shuffle_answers=False, **settings
    )


def logged_in(client, user=None):
    """A learner, signed in and enrolled in every course made so far (quizzes need it)."""
    user = user or UserFactory()
    for course in Course.objects.all():
        enrolled(course, user)
    client.force_login(user)
    return user


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])
    return attempt


def right_answers(revision: int, shown: Attempt | dict[int, list]) -> dict[str, object]:
    """Every question answered right, as the form posts them: choices by their place on the
    page, ordering fields named by the place each item is shown in. ``shown`` is the attempt,
    or each question's display order (choice_order) by position."""
    orders = (
        dict(shown.questions.values_list("position", "choice_order"))
        if isinstance(shown, Attempt)
        else shown
    )
    # Each matching answer is distinct here: offered once each, in the pairs' display order.
    matches = orders[MATCH]
    return {
        "revision": revision,
        f"q{SINGLE}": str(orders[SINGLE].index(0)),
        f"q{MULTI}": sorted([str(orders[MULTI].index(0)), str(orders[MULTI].index(1))]),
        f"q{TF}": "true",
        f"q{SHORT}": "Four",
        f"q{NUM}": "3.14",
        f"q{MATCH}_0": str(matches.index(0)),  # meow
        f"q{MATCH}_1": str(matches.index(1)),  # woof
        **{f"q{ORDER}_{shown}": str(item + 1) for shown, item in enumerate(orders[ORDER])},
        f"q{CLOZE}_0": str(orders[CLOZE][0].index(0)),
        f"q{CLOZE}_1": "four",
        f"q{ESSAY}": "Essays are long.",
    }


def responses(attempt: Attempt) -> dict[int, object]:
    return dict(attempt.questions.values_list("position", "response"))


def test_it_takes_a_quiz_with_every_question_type_from_start_to_review(client):
    quiz = every_type_quiz(review_correct_answers=ReviewWhen.IMMEDIATELY)
    logged_in(client)

    intro = client.get(reverse("quizzes:quiz", args=[quiz.pk]))
    assert intro.status_code == 200
    assert b"Start the quiz" in intro.content
    attempt = start(client, quiz)

    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert page.count("<fieldset") == 9  # every question but the description
    for number in range(1, 10):
        assert f"Question {number}</legend>" in page
    assert "Read this first." in page
    assert 'role="timer"' not in page  # no time limit
    assert 'aria-label="Gap 1"' in page
    assert 'aria-label="Gap 2"' in page
    assert "{{1}}" not in page
    assert "{{2}}" not in page
    assert 'name="revision" value="0"' in page

    saved = client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]),
        right_answers(0, attempt),
        headers=FETCH,
    )
    assert saved.status_code == 200
    body = saved.json()
    assert set(body) == {"revision", "saved_at"}
    assert body["revision"] == 1

    reloaded = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert 'name="revision" value="1"' in reloaded
    assert re.search(rf'name="q{SHORT}" value="Four"', reloaded)
    assert re.search(rf'type="radio" name="q{SINGLE}" value="0"[^>]*checked', reloaded)
    assert re.search(r'<option value="3" selected>3</option>', reloaded)
    assert "Essays are long." in reloaded

    submitted = client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        right_answers(1, attempt),
    )
    assert submitted.status_code == 302
    assert submitted.url == reverse("quizzes:attempt-review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == D(8)  # everything right; the essay waits for a grader
    assert attempt.max_score == D(10)

    review = client.get(submitted.url).content.decode()
    assert "8 out of 10 points" in review
    assert "(80%)" in review
    assert "not final" in review
    assert "waiting to be graded" in review
    assert "Correct answer" in review

    attempt_page = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert attempt_page.url == submitted.url  # a closed attempt shows its review


def test_a_save_without_javascript_redirects_back_with_a_message(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)

    response = client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]),
        right_answers(0, attempt),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("quizzes:attempt", args=[attempt.pk])
    assert b"Your answers were saved." in response.content
    assert responses(attempt)[SHORT] == "Four"


def test_a_double_submit_grades_once(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    url = reverse("quizzes:attempt-submit", args=[attempt.pk])

    first = client.post(url, right_answers(0, attempt))
    attempt.refresh_from_db()
    submitted_at = attempt.submitted_at
    wrong = {**right_answers(0, attempt), f"q{SINGLE}": "1"}
    second = client.post(url, wrong)

    assert first.url == second.url == reverse("quizzes:attempt-review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.submitted_at == submitted_at
    assert attempt.score == D(8)
    assert responses(attempt)[SINGLE] == 0


def test_submitting_with_blank_questions_shows_them_first_and_keeps_the_answers(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    # Every question answered but the true/false and the essay, which is left blank.
    partial = {key: value for key, value in right_answers(0, attempt).items() if key != f"q{TF}"}
    partial[f"q{ESSAY}"] = "   "

    submitted = client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), partial)

    # Post/redirect/get: reloading the summary sends nothing again.
    assert submitted.url == reverse("quizzes:attempt-summary", args=[attempt.pk])
    summary = client.get(submitted.url)
    assert summary.status_code == 200
    page = summary.content.decode()
    assert "2 questions are not answered yet." in page
    # Questions are numbered without the description: the true/false is question 3.
    rows = re.findall(r"Question (\d+)</a></th>\s*<td>(.*?)</td>", page)
    blank = [number for number, status in rows if "Not answered" in status]
    assert blank == ["3", "9"]
    assert len(rows) == 9
    assert f'href="/attempts/{attempt.pk}/#question-{TF}"' in page
    assert "Paris" not in page  # no question text, and nothing graded
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    assert attempt.revision == 1
    assert responses(attempt)[SHORT] == "Four"  # what the page sent is saved

    finished = client.post(reverse("quizzes:attempt-finish", args=[attempt.pk]))

    assert finished.url == reverse("quizzes:attempt-review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    assert attempt.score == D(7)  # all right but the blank true/false; the essay scores 0
    again = client.post(reverse("quizzes:attempt-finish", args=[attempt.pk]))
    assert again.url == finished.url


def test_the_summary_reads_what_is_saved_and_closes_with_the_attempt(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    summary_url = reverse("quizzes:attempt-summary", args=[attempt.pk])

    blank = client.get(summary_url).content.decode()
    assert "9 questions are not answered yet." in blank
    client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]),
        right_answers(0, attempt),
        headers=FETCH,
    )
    answered = client.get(summary_url).content.decode()
    assert "Every question is answered." in answered
    assert "Not answered" not in answered
    assert f'href="/attempts/{attempt.pk}/"' in answered  # back to the top: nothing blank

    client.post(reverse("quizzes:attempt-finish", args=[attempt.pk]))
    closed = client.get(summary_url)
    assert closed.url == reverse("quizzes:attempt-review", args=[attempt.pk])


def test_a_confirmed_submit_or_one_at_the_deadline_skips_the_summary(client):
    quiz = every_type_quiz(time_limit=timedelta(minutes=10))
    logged_in(client)
    url = lambda attempt: reverse("quizzes:attempt-submit", args=[attempt.pk])  # noqa: E731
    blank = {"revision": 0}

    confirmed = start(client, quiz)
    response = client.post(url(confirmed), {**blank, "confirm": "1"})
    assert response.url == reverse("quizzes:attempt-review", args=[confirmed.pk])
    confirmed.refresh_from_db()
    assert confirmed.state == Attempt.State.SUBMITTED

    at_deadline = start(client, quiz)
    Attempt.objects.filter(pk=at_deadline.pk).update(deadline=timezone.now())
    response = client.post(url(at_deadline), {**right_answers(0, at_deadline), f"q{TF}": ""})
    assert response.url == reverse("quizzes:attempt-review", args=[at_deadline.pk])
    at_deadline.refresh_from_db()
    assert at_deadline.state == Attempt.State.SUBMITTED
    assert responses(at_deadline)[SHORT] == "Four"


def test_finishing_someone_elses_attempt_is_a_404(client):
    quiz = every_type_quiz()
    owner = logged_in(client)
    attempt = attempt_start(quiz=quiz, user=owner)
    logged_in(client)

    response = client.post(reverse("quizzes:attempt-finish", args=[attempt.pk]))

    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS


def test_a_stale_revision_is_refused_and_changes_nothing(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    save_url = reverse("quizzes:attempt-save", args=[attempt.pk])
    client.post(save_url, right_answers(0, attempt), headers=FETCH)

    stale = client.post(save_url, {**right_answers(0, attempt), f"q{SHORT}": "five"}, headers=FETCH)

    assert stale.status_code == 409
    assert set(stale.json()) == {"error"}
    assert "older copy" in stale.json()["error"]
    attempt.refresh_from_db()
    assert attempt.revision == 1
    assert responses(attempt)[SHORT] == "Four"

    submit = client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        {**right_answers(0, attempt), f"q{SHORT}": "five"},
        follow=True,
    )
    assert submit.redirect_chain[-1][0] == reverse("quizzes:attempt", args=[attempt.pk])
    assert b"out of date" in submit.content
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    assert responses(attempt)[SHORT] == "Four"


@pytest.mark.parametrize(
    ("field", "value"),
    [(f"q{SINGLE}", "7"), (f"q{MULTI}", ["0", "9"]), (f"q{MATCH}_0", "5"), (f"q{ORDER}_0", "x")],
)
def test_a_tampered_value_is_refused_with_400_and_nothing_is_saved(client, field, value):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    url = reverse("quizzes:attempt-save", args=[attempt.pk])
    tampered = {**right_answers(0, attempt), field: value}

    as_json = client.post(url, tampered, headers=FETCH)
    as_page = client.post(url, tampered)

    assert as_json.status_code == 400
    assert field in as_json.json()["errors"]
    assert as_page.status_code == 400
    assert b"were not saved" in as_page.content
    attempt.refresh_from_db()
    assert attempt.revision == 0
    assert all(value is None for value in responses(attempt).values())


def test_ordering_items_must_take_different_places(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    answers = {**right_answers(0, attempt), f"q{ORDER}_0": "1", f"q{ORDER}_1": "1"}

    response = client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answers)

    assert response.status_code == 400
    assert b"give each item a different place" in response.content


def test_another_users_attempt_is_404_everywhere(client):
    quiz = every_type_quiz()
    owner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=owner)
    logged_in(client)

    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    for name in ("quizzes:attempt-save", "quizzes:attempt-submit"):
        assert (
            client.post(reverse(name, args=[attempt.pk]), right_answers(0, attempt)).status_code
            == 404
        )
    attempt_submit(attempt_id=attempt.pk, user=owner)
    assert client.get(reverse("quizzes:attempt-review", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert all(value is None for value in responses(attempt).values())


def test_anonymous_users_are_sent_to_log_in(client):
    quiz = every_type_quiz()
    attempt = attempt_start(quiz=quiz, user=UserFactory())
    urls = [
        reverse("quizzes:quiz", args=[quiz.pk]),
        reverse("quizzes:attempt", args=[attempt.pk]),
        reverse("quizzes:attempt-review", args=[attempt.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    assert response.url.startswith(reverse("login"))
    assert Attempt.objects.count() == 1


def test_a_quiz_of_an_unpublished_course_is_404_for_learners(client):
    quiz = every_type_quiz()
    quiz.course.is_published = False
    quiz.course.save()
    logged_in(client)

    assert client.get(reverse("quizzes:quiz", args=[quiz.pk])).status_code == 404
    assert client.post(reverse("quizzes:quiz-start", args=[quiz.pk])).status_code == 404


def test_an_open_attempt_cannot_go_on_once_its_learner_left_or_its_course_was_withdrawn(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    urls = {
        "page": lambda: client.get(reverse("quizzes:attempt", args=[attempt.pk])),
        "save": lambda: client.post(
            reverse("quizzes:attempt-save", args=[attempt.pk]),
            right_answers(0, attempt),
        ),
        "submit": lambda: client.post(
            reverse("quizzes:attempt-submit", args=[attempt.pk]),
            right_answers(0, attempt),
        ),
    }

    client.post(reverse("progress:leave", args=[quiz.course.slug]))
    for name, request in urls.items():
        response = request()
        assert response.status_code == 403, name
        assert reverse("progress:enrol", args=[quiz.course.slug]) in response.content.decode()
    Course.objects.filter(pk=quiz.course_id).update(is_published=False)
    for name, request in urls.items():
        assert request().status_code == 404, name
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    assert all(value is None for value in responses(attempt).values())


def test_the_intro_explains_the_rules(client):
    now = timezone.now()
    quiz = every_type_quiz(
        time_limit=timedelta(minutes=90),
        close_at=now + timedelta(days=3),
        attempts_allowed=2,
        grading_method=Quiz.GradingMethod.AVERAGE,
        pass_mark=D("62.5"),
    )
    logged_in(client)

    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()

    assert "You have 1 hour 30 minutes to finish" in page
    assert "The quiz closes on" in page
    assert "You may make 2 attempts; you have used 0." in page
    assert "average score of your attempts" in page
    assert "You need 62.5% to pass." in page
    assert quiz.lesson.title in page


def test_the_attempt_limit_is_explained_and_the_button_goes(client):
    quiz = every_type_quiz(attempts_allowed=1)
    logged_in(client)
    attempt = start(client, quiz)
    client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        right_answers(0, attempt),
    )

    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
    again = client.post(reverse("quizzes:quiz-start", args=[quiz.pk]), follow=True)

    assert "You have used all 1 attempts allowed" in page
    assert "quiz-start" not in page
    assert "Review attempt 1" in page
    assert b"You have used all 1 attempts allowed" in again.content
    assert Attempt.objects.count() == 1


def test_a_quiz_not_yet_open_says_when_and_offers_no_button(client):
    quiz = every_type_quiz(open_at=timezone.now() + timedelta(days=1))
    logged_in(client)

    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()

    assert "This quiz opens on" in page
    assert "quiz-start" not in page


def test_an_unpublished_quiz_does_not_exist_for_learners(client):
    quiz = every_type_quiz(is_published=False)
    logged_in(client)

    assert client.get(reverse("quizzes:quiz", args=[quiz.pk])).status_code == 404
    assert client.post(reverse("quizzes:quiz-start", args=[quiz.pk])).status_code == 404
    assert not Attempt.objects.exists()


def test_an_archived_lessons_quiz_does_not_exist_for_learners(client):
    quiz = every_type_quiz()
    Lesson.objects.filter(pk=quiz.lesson_id).update(is_archived=True)  # a re-import's doing
    logged_in(client)

    assert client.get(reverse("quizzes:quiz", args=[quiz.pk])).status_code == 404
    assert client.post(reverse("quizzes:quiz-start", args=[quiz.pk])).status_code == 404
    assert not Attempt.objects.exists()


def test_an_archived_lessons_quiz_cannot_be_started_by_its_managers_either(client):
    quiz = every_type_quiz()
    Lesson.objects.filter(pk=quiz.lesson_id).update(is_archived=True)
    client.force_login(quiz.course.owner)

    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
    started = client.post(reverse("quizzes:quiz-start", args=[quiz.pk]), follow=True)

    assert "This quiz is not available." in page
    assert "quiz-start" not in page
    assert b"This quiz is not available." in started.content
    assert not Attempt.objects.exists()


def test_an_open_attempt_cannot_go_on_once_its_lesson_is_archived(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    Lesson.objects.filter(pk=quiz.lesson_id).update(is_archived=True)

    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("quizzes:attempt-summary", args=[attempt.pk])).status_code == 404
    for action in ["attempt-save", "attempt-submit", "attempt-finish"]:
        response = client.post(
            reverse(f"quizzes:{action}", args=[attempt.pk]), right_answers(0, attempt)
        )
        assert response.status_code == 404, action
    saved = client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]), right_answers(0, attempt), headers=FETCH
    )
    assert saved.status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS
    assert all(value is None for value in responses(attempt).values())

    Lesson.objects.filter(pk=quiz.lesson_id).update(is_archived=False)  # back in the document
    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 200


def test_the_review_of_an_attempt_closes_with_its_quiz_and_its_course(client):
    """Moodle hides a hidden activity's grades; the instructor who unpublishes a quiz to
    rework it does not leave its answers readable through old review links."""
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)
    client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        right_answers(0, attempt),
    )
    review = reverse("quizzes:attempt-review", args=[attempt.pk])
    assert client.get(review).status_code == 200

    Quiz.objects.filter(pk=quiz.pk).update(is_published=False)
    assert client.get(review).status_code == 404

    Quiz.objects.filter(pk=quiz.pk).update(is_published=True)
    assert client.get(review).status_code == 200
    Course.objects.filter(pk=quiz.course_id).update(is_published=False)
    assert client.get(review).status_code == 404


def test_a_quiz_without_questions_says_so(client):
    quiz = quiz_with_questions([])
    logged_in(client)

    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()

    assert "This quiz has no questions yet." in page
    assert "quiz-start" not in page


def test_the_intro_takes_the_same_queries_for_1_and_10_previous_attempts(client):
    counts = []
    for previous in (1, 10):
        quiz = every_type_quiz()
        user = logged_in(client)
        for _ in range(previous):
            attempt = attempt_start(quiz=quiz, user=user)
            attempt_submit(attempt_id=attempt.pk, user=user)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("quizzes:quiz", args=[quiz.pk]))
        assert page.content.decode().count("Review attempt") == previous
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_scores_show_on_the_intro_only_when_the_policy_allows(client):
    quiz = every_type_quiz(review_score=ReviewWhen.NEVER)
    logged_in(client)
    attempt = start(client, quiz)
    client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        right_answers(0, attempt),
    )

    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
    Quiz.objects.filter(pk=quiz.pk).update(review_score=ReviewWhen.IMMEDIATELY)
    shown = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()

    assert "8 / 10" not in page
    assert "Not shown" in page
    assert "8 / 10" in shown


def test_a_timed_attempt_shows_a_countdown_with_polite_announcements(client):
    quiz = every_type_quiz(time_limit=timedelta(minutes=30))
    logged_in(client)
    attempt = start(client, quiz)

    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()

    match = re.search(r'role="timer"[^>]*data-remaining-seconds="(\d+)"', page, re.S)
    assert match
    assert 1790 <= int(match[1]) <= 1800
    assert 'aria-live="polite" data-timer-announcer' in page
    assert "<script>" not in page  # no inline script: everything is in attempt.js
    assert "js/attempt.js" in page


def test_the_review_says_when_it_becomes_available(client):
    close = timezone.now() + timedelta(days=2)
    quiz = every_type_quiz(
        close_at=close,
        review_score=ReviewWhen.AFTER_CLOSE,
        review_responses=ReviewWhen.AFTER_CLOSE,
        review_correct_answers=ReviewWhen.AFTER_CLOSE,
        review_feedback=ReviewWhen.AFTER_CLOSE,
    )
    logged_in(client)
    attempt = start(client, quiz)
    client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        right_answers(0, attempt),
    )

    page = client.get(reverse("quizzes:attempt-review", args=[attempt.pk])).content.decode()

    assert "will be shown after the quiz closes on" in page
    assert "out of 10 points" not in page
    assert "Your answer" not in page


def test_a_review_of_an_open_attempt_goes_back_to_the_attempt(client):
    quiz = every_type_quiz()
    logged_in(client)
    attempt = start(client, quiz)

    response = client.get(reverse("quizzes:attempt-review", args=[attempt.pk]))

    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])


def test_the_question_preview_is_for_managers_and_creates_no_attempt(client):
    quiz = every_type_quiz()
    question = Question.objects.get(type=QuestionType.CLOZE)
    url = reverse("quizzes:question-preview", args=[question.pk])
    logged_in(client)
    assert client.get(url).status_code == 404

    client.force_login(quiz.course.owner)
    page = client.get(url).content.decode()
    (asked,) = preview_questions(questions=[(question, None)], shuffle_answers=True, seed=1)
    paris = str(asked.row.choice_order[0].index(0))  # its place in the gap's shown order
    checked = client.post(url, {"revision": 0, "seed": 1, "q1_0": paris, "q1_1": "five"})

    assert 'aria-label="Gap 1"' in page
    assert "Question 1</legend>" in page
    assert checked.status_code == 200
    assert b"Partially correct" in checked.content
    assert b"Gap 2: four" in checked.content  # the correct answer, for the instructor
    assert Attempt.objects.count() == 0
    assert AttemptQuestion.objects.count() == 0


def test_the_quiz_preview_shows_every_question_and_checks_without_saving(client):
    quiz = every_type_quiz()
    url = reverse("quizzes:quiz-preview", args=[quiz.pk])
    logged_in(client)
    assert client.get(url).status_code == 404
    client.force_login(quiz.course.owner)

    page = client.get(url).content.decode()
    orders = {q.position: q.row.choice_order for q in quiz_preview_questions(quiz=quiz, seed=5)}
    checked = client.post(url, {**right_answers(0, orders), "seed": 5}).content.decode()

    assert page.count("<fieldset") == 9
    assert checked.count(">Correct<") == 8
    assert "Awaiting grading" in checked
    assert Attempt.objects.count() == 0
    assert AttemptQuestion.objects.count() == 0


def test_the_lesson_page_links_to_its_published_quiz_for_one_query(client):
    quiz = every_type_quiz()
    lesson = quiz.lesson
    other = LessonFactory(course=lesson.course, module=lesson.module)
    logged_in(client)
    counts = {}
    for name, shown in (("with", lesson), ("without", other)):
        caches_clear()  # both built from scratch: the course outline is cached
        with CaptureQueriesContext(connection) as queries:
            page = client.get(shown.get_absolute_url())
        assert page.status_code == 200
        counts[name] = len(queries)
        link = reverse("quizzes:quiz", args=[quiz.pk])
        assert (link in page.content.decode()) is (shown == lesson)
    assert counts["with"] == counts["without"]  # lesson.quiz is one query, present or not

    Quiz.objects.filter(pk=quiz.pk).update(is_published=False)
    assert b"Take the quiz" not in client.get(lesson.get_absolute_url()).content


def test_gap_markers_are_filled_in_text_but_never_inside_a_tag():
    html = '<p title="{{1}}">Say {{1}} or {{2}} and {{9}}</p>'

    filled, used = fill_gaps(html, lambda n: "<input>" if n < 3 else None)

    assert filled == '<p title="{{1}}">Say <input> or <input> and {{9}}</p>'
    assert used == {1, 2}
