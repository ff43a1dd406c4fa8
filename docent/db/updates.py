"""Writing fields of rows already in the database, at the cost the request can bear."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models

# Past this many distinct sets of values, one bulk_update beats one UPDATE per set.
FEW_UPDATES = 3


def rows_update(
    model: type[models.Model], rows: Iterable[models.Model], fields: Sequence[str]
) -> None:
    """Write ``fields`` of ``rows``: one plain UPDATE per set of values the rows share when
    there are few such sets, else one ``bulk_update``.

    ``bulk_update`` builds a CASE with a branch per row for every field, and compiling it costs
    more CPU than a few round trips. The requests that write most (an autosave changing one
    answer, a submit grading every answer right or wrong, one learner's course summary) write
    one set of values, or two.
    """
    rows = list(rows)
    if not rows:
        return
    attnames = [_concrete_field(model, name).attname for name in fields]
    groups: dict[Any, tuple[tuple[Any, ...], list[Any]]] = {}
    for row in rows:
        values = tuple(getattr(row, attname) for attname in attnames)
        key = _group_key(values, row.pk)
        groups.setdefault(key, (values, []))[1].append(row.pk)
    if len(groups) > FEW_UPDATES:
        model._default_manager.bulk_update(rows, fields)
        return
    for values, pks in groups.values():
        model._default_manager.filter(pk__in=pks).update(**dict(zip(attnames, values, strict=True)))


def _concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _group_key(values: tuple[Any, ...], pk: Any) -> Any:
    # The type is part of the key: False == 0 and 1 == Decimal(1) in Python, but a JSON column
    # must keep false apart from 0. Values that cannot be hashed (a list, a dict) stay alone.
    key = tuple((type(value), value) for value in values)
    try:
        hash(key)
    except TypeError:
        return ("row", pk)
    return key
