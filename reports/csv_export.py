"""CSV that a spreadsheet opens as data, never as formulas.

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) is prefixed with an apostrophe, as OWASP advises: learner names and quiz
titles are hostile text. Numbers the report computes itself are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | None


def safe_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_lines(rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """Each row as one CSV line (for a streaming response or a command's output)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
