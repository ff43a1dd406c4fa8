"""The database session store (``SESSION_ENGINE`` by default); see accounts/sessions."""

from django.contrib.sessions.backends import db

from accounts.sessions import PreparedSessionRead


class SessionStore(PreparedSessionRead, db.SessionStore):
    pass
