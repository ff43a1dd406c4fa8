"""rows_update writes what bulk_update would, whichever way it chooses to write it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from infrastructure.db.updates import MAX_UPDATES, rows_update
from quizzes.attempts import attempt_start
from quizzes.models import AttemptQuestion
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import UserFactory, quiz_with_questions

pytestmark = pytest.mark.django_db

QUESTION = QuestionData(
    type=QuestionType.SINGLE_CHOICE,
    stem="Which?",
    answers=(Answer("this", Decimal(1)), Answer("that", Decimal(0))),
)


def attempt_rows(count: int) -> list[AttemptQuestion]:
    attempt = attempt_start(quiz=quiz_with_questions([QUESTION] * count), user=UserFactory())
    return list(attempt.questions.order_by("position"))


def stored(rows: list[AttemptQuestion], field: str) -> list[object]:
    pks = [row.pk for row in rows]
    by_pk = dict(AttemptQuestion.objects.filter(pk__in=pks).values_list("pk", field))
    return [by_pk[pk] for pk in pks]


def test_equal_python_values_of_different_types_stay_apart_in_json():
    # False == 0 in Python; a true/false answer must still be stored as false, not 0.
    rows = attempt_rows(3)
    for row, response in zip(rows, [False, 0, [0, 1]], strict=True):
        row.response = response

    rows_update(AttemptQuestion, rows, ["response"])

    values = stored(rows, "response")
    assert values == [False, 0, [0, 1]]
    assert [type(value) for value in values] == [bool, int, list]


# 8 rows of 2 fields: plain UPDATEs while there are at most 2 + 16 // 5 = 5 sets of values.
@pytest.mark.parametrize(("distinct", "statements"), [(1, 1), (5, 5), (8, 1)])
def test_rows_get_their_own_values_however_they_are_written(
    distinct, statements, django_assert_num_queries
):
    rows = attempt_rows(8)
    for index, row in enumerate(rows):
        row.fraction = Decimal(index % distinct) / distinct
        row.points = Decimal(index % distinct)

    with django_assert_num_queries(statements):
        rows_update(AttemptQuestion, rows, ["fraction", "points"])

    assert stored(rows, "points") == [Decimal(i % distinct) for i in range(8)]
    assert stored(rows, "fraction") == [
        (Decimal(i % distinct) / distinct).quantize(Decimal("0.0000001")) for i in range(8)
    ]


def test_past_max_updates_sets_of_values_it_is_one_statement_however_wide(
    django_assert_num_queries,
):
    rows = attempt_rows(MAX_UPDATES + 1)
    now = timezone.now()
    for index, row in enumerate(rows):
        row.response, row.saved_at, row.grader_comment = index, now, f"comment {index}"
        row.points, row.fraction, row.max_points = Decimal(index), Decimal(0), Decimal(index + 1)
    fields = ["response", "saved_at", "grader_comment", "points", "fraction", "max_points"]

    with django_assert_num_queries(1):
        rows_update(AttemptQuestion, rows, fields)

    assert stored(rows, "response") == list(range(MAX_UPDATES + 1))


def test_other_fields_and_other_rows_are_left_alone():
    rows = attempt_rows(2)
    rows[0].response = 1
    rows[0].points = Decimal(7)  # changed in memory, but not among the fields written

    rows_update(AttemptQuestion, rows[:1], ["response"])

    assert stored(rows, "response") == [1, None]
    assert stored(rows, "points") == [None, None]


def test_a_large_set_of_rows_is_written_in_batches_the_database_can_take(
    monkeypatch, django_assert_num_queries
):
    rows = attempt_rows(5)
    for row in rows:
        row.response = 2
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 2)

    with django_assert_num_queries(3):
        rows_update(AttemptQuestion, rows, ["response"])

    assert stored(rows, "response") == [2] * 5
