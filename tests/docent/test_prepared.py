"""A prepared read gives what its queryset gives, for each call's own values, while the ORM
writes its SQL only once (docent/db/prepared.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Course
from docent.db.prepared import PreparedRead
from progress.models import CourseProgress
from tests.factories import CourseFactory, CourseProgressFactory, UserFactory

pytestmark = pytest.mark.django_db


def _by_title(title: str) -> QuerySet[Course]:
    return Course.objects.filter(title=title).order_by("pk")


BY_TITLE = PreparedRead(_by_title)


def test_it_reads_the_rows_for_each_calls_values():
    first = CourseFactory(title="Bridges")
    second = CourseFactory(title="Tunnels")
    CourseFactory(title="Bridges and tunnels")

    assert BY_TITLE.all(title="Bridges") == [first]
    assert BY_TITLE.all(title="Tunnels") == [second]
    assert BY_TITLE.all(title="Roads") == []
    assert BY_TITLE.first(title="Tunnels") == second


def test_values_are_parameters_not_sql():
    title = "O'Brien's 100% \"safe\" course; DROP TABLE courses_course; --"
    course = CourseFactory(title=title)

    assert BY_TITLE.all(title=title) == [course]
    assert BY_TITLE.all(title="%") == []
    assert Course.objects.count() == 1


def _summaries(user_id: int) -> QuerySet[CourseProgress]:
    return CourseProgress.objects.filter(user_id=user_id).only(
        "course", "completed_at", "percent_complete"
    )


def test_rows_come_back_as_the_queryset_gives_them_and_the_rest_loads_on_demand():
    completed = timezone.now().replace(microsecond=123456)
    row = CourseProgressFactory(completed_at=completed, percent_complete=40, stamp="s-1")

    [read] = PreparedRead(_summaries).all(user_id=row.user_id)

    assert read == row
    assert read.completed_at == completed  # converted: an aware datetime, on every database
    assert read.percent_complete == 40
    assert read.course_id == row.course_id
    assert read.get_deferred_fields() >= {"stamp", "grade"}  # as only() leaves them
    with CaptureQueriesContext(connection) as queries:
        assert read.stamp == "s-1"
    assert len(queries) == 1


def _completed_by(moment: datetime) -> QuerySet[CourseProgress]:
    return CourseProgress.objects.filter(completed_at__lte=moment).order_by("completed_at")


def test_a_moment_is_compared_as_the_orm_compares_it():
    now = timezone.now()
    earlier = CourseProgressFactory(completed_at=now - timedelta(days=2, microseconds=1))
    later = CourseProgressFactory(completed_at=now - timedelta(days=1))
    read = PreparedRead(_completed_by)

    assert read.all(moment=now) == [earlier, later]
    assert read.all(moment=now - timedelta(days=1, microseconds=1)) == [earlier]
    assert read.all(moment=now - timedelta(days=2, microseconds=1)) == [earlier]
    assert read.all(moment=now - timedelta(days=2, microseconds=2)) == []
    # An aware moment in another zone is the same moment.
    elsewhere = (now - timedelta(days=1)).astimezone(ZoneInfo("Pacific/Auckland"))
    assert read.all(moment=elsewhere) == [earlier, later]


def test_the_orm_compiles_the_sql_once():
    built = []

    def by_slug(slug: str) -> QuerySet[Course]:
        built.append(slug)
        return Course.objects.filter(slug=slug)[:1]

    read = PreparedRead(by_slug)
    courses = [CourseFactory() for _ in range(3)]
    for course in courses:
        assert read.first(slug=course.slug) == course
    assert read.first(slug="no-such-course") is None

    assert len(built) == 2  # once to learn the model, once to compile; never with a value
    assert not {course.slug for course in courses} & set(built)


def _enrolled(user_id: int, course_id: int) -> QuerySet[CourseProgress, Any]:
    return CourseProgress.objects.filter(user_id=user_id, course_id=course_id).values("pk")[:1]


def test_exists_asks_for_one_row():
    row = CourseProgressFactory()
    other = UserFactory()
    read = PreparedRead(_enrolled)

    assert read.exists(user_id=row.user_id, course_id=row.course_id)
    assert not read.exists(user_id=other.pk, course_id=row.course_id)


def test_an_argument_the_sql_would_not_carry_as_it_is_fails_at_once():
    def containing(word: str) -> QuerySet[Course]:
        return Course.objects.filter(title__contains=word)  # the SQL gets "%word%"

    with pytest.raises(ValueError, match="does not carry word"):
        PreparedRead(containing).all(word="bridge")


def test_only_ids_and_strings_are_taken_and_by_name():
    def by_ids(ids: list[int]) -> QuerySet[Course]:
        return Course.objects.filter(pk__in=ids)

    with pytest.raises(TypeError, match="ids must be int, str or datetime"):
        PreparedRead(by_ids)
    with pytest.raises(TypeError, match="takes title"):
        BY_TITLE.all(name="Bridges")


def _summaries_with_course(user_id: int) -> QuerySet[CourseProgress]:
    return (
        CourseProgress.objects.filter(user_id=user_id)
        .select_related("course")
        .annotate(finished=ExpressionWrapper(Q(completed_at__isnull=False), BooleanField()))
        .order_by("course__title")
    )


def test_related_objects_and_annotations_come_as_the_queryset_gives_them():
    user = UserFactory()
    done = CourseProgressFactory(user=user, course=CourseFactory(title="A"))
    done.completed_at = timezone.now()
    done.save()
    CourseProgressFactory(user=user, course=CourseFactory(title="B"))

    expected = list(_summaries_with_course(user.pk))
    with CaptureQueriesContext(connection) as queries:
        read = PreparedRead(_summaries_with_course).all(user_id=user.pk)
        titles = [row.course.title for row in read]

    assert len(queries) == 1  # the courses came with their rows
    assert read == expected
    assert titles == ["A", "B"]
    # A database's 1 and 0 (SQLite) are converted to the annotation's booleans.
    assert [row.finished for row in read] == [True, False]
    assert all(isinstance(row.finished, bool) for row in read)


def test_a_read_of_values_is_only_asked_whether_it_has_rows():
    with pytest.raises(TypeError, match="reads values"):
        PreparedRead(_enrolled).all(user_id=1, course_id=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_plans_a_read_once_per_connection_and_runs_it_from_its_plan():
    """The read is a statement prepared on the server, so after PostgreSQL's first few runs
    (custom plans, each planned) it runs from the plan it keeps; other queries are not
    prepared. Counted by the server itself (``pg_prepared_statements``)."""
    first = CourseFactory(title="Bridges")
    read = PreparedRead(_by_title)

    with CaptureQueriesContext(connection) as queries:
        for _ in range(8):
            assert read.all(title="Bridges") == [first]
        assert read.all(title="Tunnels") == []

    assert len(queries) == 9  # still counted and logged by Django as any query is
    assert "= 'Bridges'" in queries[0]["sql"]
    assert "= 'Tunnels'" in queries[8]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, custom_plans, generic_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ['%FROM "courses_course"%WHERE%"courses_course"."title" = $1%'],
        )
        prepared = cursor.fetchall()
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement NOT LIKE %s", ["%$1%"]
        )
        unparameterised = cursor.fetchone()[0]
    assert len(prepared) == 1, prepared
    _statement, custom_plans, generic_plans = prepared[0]
    assert custom_plans + generic_plans == 9
    assert generic_plans >= 4  # planned once, then run from the plan it keeps
    assert unparameterised == 0  # Django's own queries (values in their text) are not kept
