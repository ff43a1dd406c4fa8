"""A learner who reads the attempt page's source learns nothing the page does not show.

Two learners answer many shuffled attempts. One answers only from what the markup encodes:
option values, field names and their order, as if they were places in the question's own
order (where authors and drafting store the right answer first, and an ordering question's
own order is its answer). The other answers only from what is shown: the first option on
screen, the items in the order they are shown. The first must do no better than the second.
"""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from quizzes.attempts import attempt_start
from quizzes.models import Attempt
from quizzes.questions import Answer, ClozeGap, GapKind, MatchPair, QuestionData, QuestionType
from tests.factories import LessonFactory, UserFactory, enrolled, quiz_with_questions

pytestmark = pytest.mark.django_db

D = Decimal
ATTEMPTS = 30

# Each question stores its key first, as drafted questions and most GIFT files do.
QUESTIONS = [
    QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="Which river flows through Paris?",
        answers=(
            Answer("Seine", D(1)),
            Answer("Loire", D(0)),
            Answer("Rhône", D(0)),
            Answer("Garonne", D(0)),
        ),
    ),
    QuestionData(
        type=QuestionType.MULTIPLE_RESPONSE,
        stem="Which are prime?",
        answers=(
            Answer("two", D("0.5")),
            Answer("three", D("0.5")),
            Answer("four", D(-1)),
            Answer("six", D(-1)),
        ),
    ),
    QuestionData(
        type=QuestionType.CLOZE,
        stem="Water boils at {{1}} degrees.",
        gaps=(
            ClozeGap(
                GapKind.CHOICE,
                (Answer("100", D(1)), Answer("90", D(0)), Answer("80", D(0)), Answer("70", D(0))),
            ),
        ),
    ),
    QuestionData(
        type=QuestionType.ORDERING, stem="Smallest first.", items=("one", "two", "three", "four")
    ),
    QuestionData(
        type=QuestionType.MATCHING,
        stem="Match each country to its capital.",
        pairs=(
            MatchPair("France", "Paris"),
            MatchPair("Italy", "Rome"),
            MatchPair("Spain", "Madrid"),
            MatchPair("Peru", "Lima"),
        ),
    ),
]


class _Fields(HTMLParser):
    """The attempt form's answer fields in page order: (kind, name, value or option values)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str, list[str]]] = []
        self._select: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        name = attributes.get("name", "")
        if tag == "input" and attributes.get("type") in ("radio", "checkbox"):
            self.fields.append((attributes["type"], name, [attributes.get("value", "")]))
        elif tag == "select":
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._select[1].append(attributes.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            self.fields.append(("select", *self._select))
            self._select = None


def fields_of(page: str) -> list[tuple[str, str, list[str]]]:
    parser = _Fields()
    parser.feed(page)
    return [field for field in parser.fields if field[1].startswith("q")]


def _index(name: str) -> int:
    return int(name.rsplit("_", 1)[1])


def from_markup(fields: list[tuple[str, str, list[str]]]) -> dict[str, object]:
    """Answers read off values and names as places in the question's own order: the first
    stored choice, the first two of a multiple response, each ordering item at the place its
    field name gives, each matching prompt with the answer stored beside it."""
    answers: dict[str, object] = {}
    for kind, name, values in fields:
        if kind == "radio":
            answers[name] = "0"
        elif kind == "checkbox":
            answers[name] = ["0", "1"]
        elif values[1:] == [str(place) for place in range(1, len(values))]:
            answers[name] = str(_index(name) + 1)  # an ordering item's place: 1, 2, …
        else:
            answers[name] = str(_index(name))  # a cloze gap's first answer; prompt i's own
    return answers


def from_screen(fields: list[tuple[str, str, list[str]]]) -> dict[str, object]:
    """Answers read off the page as a person sees it: the first option shown, the first two
    boxes, the items in the order shown, each prompt with the answer shown in its row."""
    answers: dict[str, object] = {}
    boxes: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    for kind, name, values in fields:
        question = name.split("_")[0]
        row = rows.get(question, 0)
        rows[question] = row + 1
        if kind == "radio":
            answers.setdefault(name, values[0])
        elif kind == "checkbox":
            boxes.setdefault(name, []).append(values[0])
        elif values[1:] == [str(p) for p in range(1, len(values))]:
            answers[name] = str(row + 1)  # ordering: the order shown
        else:
            offered = [value for value in values if value]
            answers[name] = offered[row % len(offered)]
    return answers | {name: values[:2] for name, values in boxes.items()}


def total_score(client, learner, answer) -> Decimal:
    quiz = quiz_with_questions(
        QUESTIONS, lesson=(lesson := LessonFactory()), course=lesson.course, shuffle_answers=True
    )
    enrolled(quiz.course, learner)
    total = D(0)
    for seed in range(ATTEMPTS):
        attempt = attempt_start(quiz=quiz, user=learner, seed=seed)
        page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
        answers = answer(fields_of(page))
        submitted = client.post(
            reverse("quizzes:attempt-submit", args=[attempt.pk]),
            {"revision": 0, "confirm": "1", **answers},
        )
        assert submitted.status_code == 302, submitted.content.decode()
        attempt.refresh_from_db()
        assert attempt.state == Attempt.State.SUBMITTED
        total += attempt.score
    return total


def test_it_answers_from_the_markup_no_better_than_from_the_screen(client):
    learner = UserFactory()
    client.force_login(learner)

    by_markup = total_score(client, learner, from_markup)
    by_screen = total_score(client, learner, from_screen)

    full_marks = ATTEMPTS * len(QUESTIONS)
    assert by_markup <= by_screen
    # The screen's own order is shuffled: reading it off scores like guessing.
    assert by_screen < full_marks / 2


def test_option_values_and_field_names_are_places_on_the_page(client):
    learner = UserFactory()
    client.force_login(learner)
    quiz = quiz_with_questions(QUESTIONS[:1] + QUESTIONS[3:4], shuffle_answers=True)
    enrolled(quiz.course, learner)
    keys_at = set()
    for seed in range(10):
        attempt = attempt_start(quiz=quiz, user=learner, seed=seed)
        page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
        fields = fields_of(page)
        radios = [values[0] for kind, _name, values in fields if kind == "radio"]
        ordering = [name for kind, name, _values in fields if kind == "select"]
        assert radios == ["0", "1", "2", "3"]  # in the order shown, whatever is stored
        assert ordering == ["q2_0", "q2_1", "q2_2", "q2_3"]
        keys_at.add(attempt.questions.get(position=1).choice_order.index(0))
        attempt.delete()
    assert len(keys_at) > 1  # the key's value moves with the shuffle
