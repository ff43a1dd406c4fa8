"""Keys, fractions and feedback reach no page before the review policy allows them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.models import Attempt, Quiz, ReviewWhen
from quizzes.questions import (
    Answer,
    ClozeGap,
    GapKind,
    MatchPair,
    QuestionData,
    QuestionType,
    TextFormat,
)
from tests.factories import enrolled, quiz_with_questions

pytestmark = pytest.mark.django_db

D = Decimal
FETCH = {"X-Requested-With": "fetch"}
PARTIAL = D("0.3141593")  # a distinctive fraction: neither it nor its percentage may show


def general(kind: str) -> str:
    return f"SECRET-GF-{kind}"


QUESTIONS = [
    QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="Capital of France?",
        answers=(
            Answer("Paris", D(1), "SECRET-FB-SC-RIGHT"),
            Answer("Lyon", D(0), "SECRET-FB-SC-WRONG"),
            Answer("Nice", PARTIAL, "SECRET-FB-SC-PARTIAL"),
        ),
        general_feedback=general("SC"),
    ),
    QuestionData(
        type=QuestionType.MULTIPLE_RESPONSE,
        stem="Primary colours?",
        answers=(
            Answer("red", D("0.5"), "SECRET-FB-MR-RED"),
            Answer("blue", D("0.5"), "SECRET-FB-MR-BLUE"),
            Answer("green", D(-1), "SECRET-FB-MR-WRONG"),
        ),
        general_feedback=general("MR"),
    ),
    QuestionData(
        type=QuestionType.TRUE_FALSE,
        stem="The sun rises in the west.",
        answers=(Answer("true", D(0), "SECRET-FB-TF-WRONG"), Answer("false", D(1))),
        general_feedback=general("TF"),
    ),
    QuestionData(
        type=QuestionType.SHORT_ANSWER,
        stem="The password?",
        answers=(Answer("SECRETKEYWORD", D(1), "SECRET-FB-SA-RIGHT"),),
        general_feedback=general("SA"),
    ),
    QuestionData(
        type=QuestionType.NUMERICAL,
        stem="e times ten thousand?",
        answers=(Answer("27182.818", D(1), "SECRET-FB-NUM", tolerance=D("0.001")),),
        general_feedback=general("NUM"),
    ),
    QuestionData(
        type=QuestionType.MATCHING,
        stem="Match.",
        pairs=(MatchPair("cat", "meow"), MatchPair("dog", "woof")),
        general_feedback=general("MATCH"),
    ),
    QuestionData(
        type=QuestionType.ORDERING,
        stem="Order.",
        items=("first", "second", "third"),
        general_feedback=general("ORDER"),
    ),
    QuestionData(
        type=QuestionType.CLOZE,
        stem="Pick {{1}} and type {{2}}.",
        gaps=(
            ClozeGap(
                GapKind.CHOICE,
                (Answer("good", D(1)), Answer("bad", D(0), "SECRET-FB-CLOZE-WRONG")),
            ),
            ClozeGap(GapKind.TEXT, (Answer("SECRETCLOZEWORD", D(1)),)),
        ),
        general_feedback=general("CLOZE"),
    ),
    QuestionData(type=QuestionType.ESSAY, stem="Discuss.", general_feedback=general("ESSAY")),
]
# Wrong answers, so that the wrong answers' feedback is what a review would show.
WRONG_ANSWERS = {
    "q1": "1",
    "q2": ["0", "2"],
    "q3": "true",
    "q4": "guess",
    "q5": "1",
    "q6_0": "1",
    "q6_1": "0",
    "q7_0": "2",
    "q7_1": "1",
    "q7_2": "3",
    "q8_0": "1",
    "q8_1": "",
    "q9": "An essay.",
}
NEVER_SHOWN = [PARTIAL, "31.41593", "fraction"]
SECRETS = [
    "SECRET-",
    "SECRETKEYWORD",
    "27182",
    "SECRETCLOZEWORD",
    *(str(item) for item in NEVER_SHOWN),
]
# What an IMMEDIATELY review shows of the above.
REVIEWED = [
    "SECRET-FB-SC-WRONG",
    "SECRET-FB-MR-RED",
    "SECRET-FB-MR-WRONG",
    "SECRET-FB-TF-WRONG",
    "SECRET-FB-CLOZE-WRONG",
    "SECRETKEYWORD",
    "27182.818",
    "SECRETCLOZEWORD",
    *(general(kind) for kind in ("SC", "MR", "TF", "SA", "NUM", "MATCH", "ORDER", "CLOZE")),
    general("ESSAY"),
]


def policy(when: str) -> dict[str, str]:
    return {
        "review_score": when,
        "review_responses": when,
        "review_correct_answers": when,
        "review_feedback": when,
    }


def assert_hidden(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


def take_quiz(client, quiz: Quiz) -> tuple[Attempt, dict[str, str]]:
    """Every page a learner meets up to the review, with what each one sent."""
    client.force_login(enrolled(quiz.course))
    pages = {"intro": client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()}
    started = client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    pages["start"] = started.content.decode() + started["Location"]
    pages["attempt"] = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    save = reverse("quizzes:attempt-save", args=[attempt.pk])
    pages["save JSON"] = client.post(
        save, {"revision": 0, **WRONG_ANSWERS}, headers=FETCH
    ).content.decode()
    pages["stale save JSON"] = client.post(
        save, {"revision": 0, **WRONG_ANSWERS}, headers=FETCH
    ).content.decode()
    pages["invalid save JSON"] = client.post(
        save, {"revision": 1, **WRONG_ANSWERS, "q1": "99"}, headers=FETCH
    ).content.decode()
    pages["invalid save page"] = client.post(
        save, {"revision": 1, **WRONG_ANSWERS, "q1": "99"}
    ).content.decode()
    pages["reloaded attempt"] = client.get(
        reverse("quizzes:attempt", args=[attempt.pk])
    ).content.decode()
    submit = reverse("quizzes:attempt-submit", args=[attempt.pk])
    summary = client.post(submit, {"revision": 1, **WRONG_ANSWERS, "q1": ""}, follow=True)
    assert summary.redirect_chain  # a blank question: the summary comes first
    pages["summary before submitting"] = summary.content.decode()
    submitted = client.post(submit, {"revision": 2, **WRONG_ANSWERS})
    pages["submit"] = submitted.content.decode() + submitted["Location"]
    pages["intro after"] = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
    pages["review"] = client.get(submitted["Location"]).content.decode()
    return attempt, pages


def test_nothing_secret_reaches_any_page_under_a_never_policy(client):
    quiz = quiz_with_questions(QUESTIONS, shuffle_answers=False, **policy(ReviewWhen.NEVER))

    attempt, pages = take_quiz(client, quiz)

    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    for where, text in pages.items():
        assert_hidden(text, where)
    assert "does not show results" in pages["review"]


def test_nothing_secret_shows_before_the_quiz_closes_under_after_close(client):
    quiz = quiz_with_questions(QUESTIONS, shuffle_answers=False, **policy(ReviewWhen.AFTER_CLOSE))

    _, pages = take_quiz(client, quiz)

    for where, text in pages.items():
        assert_hidden(text, where)
    assert "once the quiz closes" in pages["review"]


def test_the_review_shows_them_once_the_policy_allows(client):
    quiz = quiz_with_questions(QUESTIONS, shuffle_answers=False, **policy(ReviewWhen.IMMEDIATELY))

    _, pages = take_quiz(client, quiz)

    for where, text in pages.items():
        if where != "review":
            assert_hidden(text, where)
    review = pages["review"]
    for shown in REVIEWED:
        assert shown in review, f"{shown!r} missing from the review"
    for secret in NEVER_SHOWN:
        assert str(secret) not in review
    # Feedback of answers the learner did not choose stays hidden.
    assert "SECRET-FB-SC-RIGHT" not in review
    assert "SECRET-FB-SA-RIGHT" not in review


def test_hostile_question_text_is_sanitized_on_every_page(client):
    hostile = QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem='<p>Pick<script>alert("stem")</script></p><img src=x onerror="alert(1)">',
        stem_format=TextFormat.HTML,
        answers=(
            Answer("<b>ok</b><script>alert('answer')</script>", D(1), "<script>fb()</script>"),
            Answer("no", D(0)),
        ),
        general_feedback="<script>gf()</script>",
    )
    quiz = quiz_with_questions([hostile], **policy(ReviewWhen.IMMEDIATELY))

    _, pages = take_quiz(client, quiz)

    for where, text in pages.items():
        assert "<script>alert" not in text, where
        assert "<script>fb" not in text, where
        assert "<script>gf" not in text, where
        assert 'onerror="' not in text, where
