"""Django's database session stores, reading a session through a prepared read.

Every signed-in page reads its session first. Django's store builds and compiles that read
(``Session.objects.get(session_key=…, expire_date__gt=now)``) on every request, which cost
more than running it (bench/pages.py). The same read, prepared once per process
(docent/db/prepared.py), gives the same row; everything else is Django's store as it is.

``accounts.sessions.db`` is the plain database store (the default); ``accounts.sessions.cached_db``
puts Redis in front of it (production), and reads the database only when Redis has no copy.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from docent.db.prepared import PreparedRead

if TYPE_CHECKING:
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
else:
    DatabaseStore = object


def _live_session(*, session_key: str, now: datetime) -> QuerySet[Session]:
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


_LIVE_SESSION = PreparedRead(_live_session)


class PreparedSessionRead(DatabaseStore):
    """Reads the session row as Django's ``db.SessionStore`` does: an unknown or expired key
    loads nothing and is dropped, so the next save starts a new session."""

    def _get_session_from_db(self) -> Session | None:
        session_key = self.session_key
        session = None
        if session_key is not None:
            session = _LIVE_SESSION.first(session_key=session_key, now=timezone.now())
        if session is None:
            self._session_key = None
        return session
