"""Enrolment from a list of e-mail addresses (a CSV file, or one address a line).

Parsing is pure (``roster_parse``); ``enrolments_from_csv`` then enrols every address that
names an account, in one transaction, and reports the rest. A file that cannot be read (not
text, a malformed address, too many rows) is refused whole: nothing is enrolled.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.models import User

from .services import enrolment_create

if TYPE_CHECKING:
    from courses.models import Course

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000


class RosterError(Exception):
    """The file was refused whole; ``problems`` lists each with its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Roster:
    addresses: list[str]  # distinct, lower case, in file order
    duplicates: list[tuple[int, str]]  # (line, address) repeated after its first line


def roster_parse(data: bytes | str) -> Roster:
    """The addresses of a CSV file: in every row, the cell that holds an "@" (a first row
    without one is a header). RosterError lists every problem."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise RosterError([_("The file is larger than 1 MB.")])
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RosterError([_("The file is not UTF-8 text.")]) from None
    problems: list[str] = []
    seen: dict[str, int] = {}
    duplicates: list[tuple[int, str]] = []
    rows = list(csv.reader(io.StringIO(data)))
    if len(rows) > MAX_ROWS:
        raise RosterError([_("The file has more than %(n)d rows.") % {"n": MAX_ROWS}])
    for line, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if not cells:
            continue
        found = [cell for cell in cells if "@" in cell]
        if not found:
            if line != 1:
                problems.append(_("Line %(line)d: no e-mail address.") % {"line": line})
            continue
        address = found[0].lower()
        try:
            validate_email(address)
        except ValidationError:
            problems.append(
                _("Line %(line)d: “%(address)s” is not an e-mail address.")
                % {"line": line, "address": address}
            )
            continue
        if address in seen:
            duplicates.append((line, address))
        else:
            seen[address] = line
    if problems:
        raise RosterError(problems)
    if not seen:
        raise RosterError([_("The file holds no e-mail address.")])
    return Roster(addresses=list(seen), duplicates=duplicates)


@dataclass
class RosterResult:
    enrolled: list[User] = field(default_factory=list)  # newly enrolled, or re-enrolled
    already: list[User] = field(default_factory=list)  # active enrolments left as they were
    unknown: list[str] = field(default_factory=list)  # no account has the address
    ambiguous: list[str] = field(default_factory=list)  # several accounts share it
    duplicates: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def enrolments_from_csv(*, course: Course, data: bytes | str, by: User | None) -> RosterResult:
    """Enrol the accounts the file's addresses name; report unknown, shared and repeated
    addresses. RosterError (nothing enrolled) for a file that cannot be read."""
    roster = roster_parse(data)
    accounts: dict[str, list[User]] = {}
    for user in User.objects.annotate(address=Lower("email")).filter(address__in=roster.addresses):
        accounts.setdefault(user.address, []).append(user)
    active = set(course.enrolments.filter(status="active").values_list("user_id", flat=True))
    result = RosterResult(duplicates=roster.duplicates)
    for address in roster.addresses:
        found = accounts.get(address, [])
        if not found:
            result.unknown.append(address)
        elif len(found) > 1:
            result.ambiguous.append(address)
        elif found[0].pk in active:
            result.already.append(found[0])
        else:
            enrolment_create(course=course, user=found[0], by=by)
            result.enrolled.append(found[0])
    return result
