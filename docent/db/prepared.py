"""Reads whose SQL the ORM writes once per process, then runs with each call's values.

Turning a queryset into SQL costs Django several times what the database takes to run a
small indexed read: about 0.4 ms to build and compile a one-row read of a course, against
0.04 ms to run it (``bench/pages.py`` pages make three or four such reads beside the session
and the user). A ``PreparedRead`` builds its queryset once, with marker values in place of
its arguments, keeps the SQL the ORM wrote for it, where each argument goes among the
parameters, and how the ORM turns its rows into model instances (the columns' converters, the
fields each instance gets, ``select_related`` objects and annotations). From then on it runs
that SQL with the call's values and makes the instances as a queryset would.

So the SQL is still the ORM's, written from the models as they are: no SQL is written by
hand. Only arguments that the ORM passes to the database as parameters of their own are
allowed: ``int`` and ``str`` as they are (ids, slugs), and ``datetime``, adapted as the ORM
adapts a datetime field's value. A read whose SQL would not carry each argument so (a
``contains`` lookup, a list for ``__in``) fails on its first call, not silently.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, Generic, TypeVar

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

# Django's own row makers (ModelIterable's), which django-stubs does not describe.
from django.db.models.query import (  # type: ignore[attr-defined]
    ModelIterable,
    RelatedPopulator,
    get_related_populators,
)

M = TypeVar("M", bound=models.Model)

# Markers no real value takes: negative ids, a string with a NUL in it, a moment in 1901.
_INT_MARKERS = itertools.count(-7_340_000_001, -1)
_STR_MARKER = "\x00prepared:{name}\x00"
_DATETIME_MARKERS = (
    datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC) + timedelta(microseconds=n) for n in itertools.count()
)
Value = int | str | datetime


@dataclass(frozen=True)
class _Rows:
    """How the ORM's ``ModelIterable`` makes a row into a model instance, for one query."""

    model: type[models.Model]
    # Converters by column position (database values to Python), as the compiler gives them.
    converters: tuple[tuple[int, tuple[list[Callable[..., Any]], Any]], ...]
    fields: slice  # the row's columns that are the model's fields...
    field_names: tuple[str, ...]  # ...and their attribute names
    related: tuple[RelatedPopulator, ...]  # select_related objects
    annotations: tuple[tuple[str, int], ...]  # (attribute, column position)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # For each SQL parameter: the argument's name, or None for a constant of the query...
    slots: tuple[str | None, ...]
    # ...and the constant itself (None where an argument goes).
    constants: tuple[Any, ...]
    rows: _Rows | None  # None for a queryset of values, not of model instances


class PreparedRead(Generic[M]):
    """A read of ``build(**arguments)``'s rows. ``build`` takes keyword arguments annotated
    ``int``, ``str`` or ``datetime`` (aware) and returns a queryset of model instances; it
    is called once per database, with markers, never with a call's values."""

    def __init__(self, build: Callable[..., models.QuerySet[M, Any]]) -> None:
        self._build = build
        self._markers: dict[str, Value] = {}
        for name, parameter in inspect.signature(build).parameters.items():
            # The annotation as written: a string under ``from __future__ import annotations``.
            kind = getattr(parameter.annotation, "__name__", parameter.annotation)
            if kind == "int":
                self._markers[name] = next(_INT_MARKERS)
            elif kind == "str":
                self._markers[name] = _STR_MARKER.format(name=name)
            elif kind == "datetime":
                self._markers[name] = next(_DATETIME_MARKERS)
            else:
                raise TypeError(
                    f"{build.__qualname__}: {name} must be int, str or datetime, not {kind}"
                )
        self._compiled: dict[str, _Compiled] = {}  # by database alias

    @cached_property
    def model(self) -> type[M]:
        return self._build(**self._markers).model

    def _compile(self, alias: str) -> _Compiled:
        queryset = self._build(**self._markers)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_marker = {_adapted(alias, marker): name for name, marker in self._markers.items()}
        slots = tuple(
            by_marker.get(param) if isinstance(param, Value) else None for param in params
        )
        unplaced = set(self._markers) - set(slots)
        if unplaced:
            raise ValueError(
                f"{self._build.__qualname__}: its SQL does not carry "
                f"{', '.join(sorted(unplaced))} as a parameter of its own"
            )
        constants = tuple(
            None if slot is not None else param for slot, param in zip(slots, params, strict=True)
        )
        of_instances = queryset._iterable_class is ModelIterable  # not values()
        return _Compiled(sql, slots, constants, _rows(compiler, alias) if of_instances else None)

    def _statement(self, values: dict[str, Value]) -> tuple[str, _Compiled, tuple[Any, ...]]:
        if values.keys() != self._markers.keys():
            raise TypeError(f"{self._build.__qualname__} takes {', '.join(self._markers)}")
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        params = tuple(
            _adapted(alias, values[slot]) if slot is not None else constant
            for slot, constant in zip(compiled.slots, compiled.constants, strict=True)
        )
        return alias, compiled, params

    def all(self, **values: Value) -> list[M]:
        """The rows, as the queryset would give them (its ``only()`` fields loaded, its
        ``select_related`` objects and annotations set)."""
        alias, compiled, params = self._statement(values)
        rows = compiled.rows
        if rows is None:
            raise TypeError(f"{self._build.__qualname__} reads values, not model instances")
        connection = connections[alias]
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        instances = []
        for fetched_row in fetched:
            row = list(fetched_row)
            for position, (converters, expression) in rows.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            instance = rows.model.from_db(alias, rows.field_names, row[rows.fields])
            for populator in rows.related:
                populator.populate(row, instance)
            for name, position in rows.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances  # type: ignore[return-value]  # instances of self.model

    def first(self, **values: Value) -> M | None:
        """The first row, or None: for a queryset sliced to one row (``[:1]``)."""
        return next(iter(self.all(**values)), None)

    def exists(self, **values: Value) -> bool:
        """Whether there is a row, reading no column: for ``.values("pk")[:1]``."""
        alias, compiled, params = self._statement(values)
        with _cursor(connections[alias]) as cursor:
            cursor.execute(compiled.sql, params)
            return cursor.fetchone() is not None


def _cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor for a prepared read: on PostgreSQL, one that sends the values apart from the
    SQL, so that psycopg prepares the statement on the server at its first run and PostgreSQL
    plans it once per connection, not at every run.

    Planning was most of what PostgreSQL spent on these reads: 140 µs of the dashboard's
    courses and 170 µs of its recent attempts, against 12 µs and 34 µs to run them from a
    plan it keeps (scratch measurement in PL/pgSQL, ``plan_cache_mode``). Django's own
    cursors bind the values into the SQL text, which the server cannot keep a plan for; every
    other query still goes through them, and psycopg never prepares what they send.
    ``DATABASES["default"]["OPTIONS"]["prepare_threshold"]`` (docent/settings.py) lets it
    prepare ours. The cursor is wrapped as Django wraps its own, so the read is logged,
    counted by ``assertNumQueries`` and seen by ``execute_wrapper``."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    # Django's psycopg cursor class that binds on the server (django-stubs leaves it out).
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return _PreparedDebugCursor(cursor, connection)
    return connection.make_cursor(cursor)


class _PreparedDebugCursor(CursorDebugWrapper):
    """Django's query log (DEBUG, tests) for a prepared read: its SQL with the values in, as
    Django logs a query bound on the server. Django asks psycopg for the text it last sent,
    and a prepared statement's run sends none."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


def _adapted(alias: str, value: Value) -> Any:
    """``value`` as the ORM passes it to the database: a datetime as a datetime field's."""
    if isinstance(value, datetime):
        return connections[alias].ops.adapt_datetimefield_value(value)
    return value


def _rows(compiler: Any, alias: str) -> _Rows:
    """What ``ModelIterable`` works out from a compiled query before it reads the rows."""
    klass_info = compiler.klass_info
    select = compiler.select
    columns = [expression for expression, _sql, _alias in select[: compiler.col_count]]
    first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _Rows(
        model=klass_info["model"],
        converters=tuple(compiler.get_converters(columns).items()),
        fields=slice(first, last),
        field_names=tuple(column[0].target.attname for column in select[first:last]),
        related=tuple(get_related_populators(klass_info, select, alias)),
        annotations=tuple(compiler.annotation_col_map.items()),
    )
