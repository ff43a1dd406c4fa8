"""The cached database session store (``SESSION_ENGINE`` with Redis); see accounts/sessions."""

from django.contrib.sessions.backends import cached_db

from accounts.sessions import PreparedSessionRead


class SessionStore(PreparedSessionRead, cached_db.SessionStore):
    pass
