"""Django's SQLite backend, with the real bound-parameter limit of the linked SQLite.

Django 5.2 assumes SQLite's old default of 999 parameters per statement, which splits a bulk
insert of a 10,000-lesson course into a hundred statements; SQLite 3.32+ allows 32,766 or more.
Django 6.0 asks SQLite for its limit in the same way.
"""

from __future__ import annotations

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:  # type: ignore[override]
        self.connection.ensure_connection()
        return int(self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
