"""Triggers that move a course's ``updated_at`` on whenever what the course holds changes.

Pages keep per-course copies under the course's ``updated_at`` (``course_cache_key``): the
outline (``courses.selectors.course_outline`` and its rendered rows), the plan of required
lessons and quizzes (``progress.selectors.course_plans``), the lesson page's lesson and
fragments (``courses.selectors.lesson_for_page``) and the co-instructors
(``courses.permissions.co_instructor_ids``). A copy is only right while every write to a
module, lesson, quiz, quiz slot or co-instructor moves the stamp on, whoever makes the write:
a service, an admin page or its bulk delete action, a re-import's bulk update, the cascade
when a question and so its slots are deleted. The database sees every one of those writes; a
call after each in Python has to be remembered at each, and the admin's bulk delete had been
missed.

The new stamp is the clock's time, and always later than the old one, by at least a
microsecond: two changes never leave the same stamp, so no copy outlives the change after
it. Deleting or saving the course itself needs no trigger: ``Course.updated_at`` is
``auto_now``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

if TYPE_CHECKING:
    from courses.models import Course


def course_cache_key(name: str, course: Course, *parts: object) -> str:
    """The cache key of a copy of something ``course`` holds: ``name``, the course and its
    ``updated_at``, then ``parts`` (a lesson, a language). The copy is current until the
    triggers below, or a save of the course, move the stamp on. ``course`` must have been
    read before the copy was made, as a view reads it at its start."""
    return ":".join([name, str(course.pk), str(course.updated_at.timestamp()), *map(str, parts)])


def course_touch_trigger(*, table: str, course_of: str) -> migrations.RunPython:
    """A migration operation that adds (and on reverse removes) the triggers on ``table``.

    ``course_of``: SQL for the course id of a row, with ``{row}`` standing for the row
    (``NEW`` or ``OLD``), e.g. ``{row}.course_id``.
    """

    def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for statement in _create_sql(schema_editor.connection.vendor, table, course_of):
            schema_editor.execute(statement, params=None)

    def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for statement in _drop_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)

    return migrations.RunPython(create, drop, elidable=False)


def course_touch_trigger_update(*, table: str, course_of: str) -> migrations.RunPython:
    """A migration operation that replaces the triggers on ``table`` with the ones this module
    now writes; reversed, it leaves them (the migration that added them removes them)."""

    def replace(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        for statement in [*_drop_sql(vendor, table), *_create_sql(vendor, table, course_of)]:
            schema_editor.execute(statement, params=None)

    return migrations.RunPython(replace, migrations.RunPython.noop, elidable=False)


def _create_sql(vendor: str, table: str, course_of: str) -> list[str]:
    def of(row: str) -> str:
        return course_of.format(row=row)

    if vendor == "postgresql":
        # Once per statement, over the rows it changed (transition tables): a bulk insert of
        # 10,000 lessons moves the course on once, not 10,000 times, each of which would
        # leave one more row version for the next to step over (bench/import_scaling.py).
        touch = (
            "UPDATE courses_course SET updated_at = "
            "GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN"
        )
        # Only this module's own SQL goes in, no input: nothing to inject.
        new = f"SELECT {of('r')} FROM new_rows r"  # nosec B608
        old = f"SELECT {of('r')} FROM old_rows r"  # nosec B608
        events = {
            "insert": "REFERENCING NEW TABLE AS new_rows",
            "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "REFERENCING OLD TABLE AS old_rows",
        }
        return [
            f"""CREATE OR REPLACE FUNCTION {table}_touch_course() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN {touch} ({new});
                ELSIF TG_OP = 'UPDATE' THEN {touch} ({new} UNION {old});
                ELSE {touch} ({old});
                END IF;
                RETURN NULL;
            END $$""",
            *(
                f"""CREATE TRIGGER {table}_touch_course_{event}
                AFTER {event.upper()} ON {table} {transition}
                FOR EACH STATEMENT EXECUTE FUNCTION {table}_touch_course()"""
                for event, transition in events.items()
            ),
        ]
    if vendor == "sqlite":
        # SQLite runs triggers once per row, and its clock stops at milliseconds and stands
        # still within a statement: stepping a millisecond per row left a 2,000-row insert's
        # course two seconds in the future. So the step is a microsecond, added to the text
        # by hand (Django writes "YYYY-MM-DD HH:MM:SS.ffffff"; strftime cannot); a stamp in
        # another form, or at .999999, steps a millisecond as before.
        later = (
            "CASE WHEN substr(updated_at, 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]' "
            "AND substr(updated_at, 21) < '999999' "
            "THEN substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) "
            "ELSE strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END"
        )
        # Only this module's own SQL goes in, no input: nothing to inject.
        touch = (
            "UPDATE courses_course SET updated_at = max("  # nosec B608
            f"strftime('%Y-%m-%d %H:%M:%f', 'now') || '000', {later}) WHERE id IN"
        )
        rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}
        return [
            f"""CREATE TRIGGER {table}_touch_course_{event.lower()} AFTER {event} ON {table}
            FOR EACH ROW BEGIN {touch} ({", ".join(of(row) for row in names)}); END"""
            for event, names in rows.items()
        ]
    raise NotImplementedError(f"course triggers for {vendor}")


def _drop_sql(vendor: str, table: str) -> list[str]:
    events = ("insert", "update", "delete")
    if vendor == "postgresql":
        return [
            *(f"DROP TRIGGER IF EXISTS {table}_touch_course_{e} ON {table}" for e in events),
            f"DROP FUNCTION IF EXISTS {table}_touch_course()",
        ]
    return [f"DROP TRIGGER IF EXISTS {table}_touch_course_{event}" for event in events]
