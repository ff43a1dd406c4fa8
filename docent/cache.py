"""The project's cache backends and its cache of versioned copies.

- ``RedisCache``: Django's Redis cache, with one redis-py client per connection pool; a
  Redis that cannot be reached is a miss, not an error.
- ``KeptObjectCache``: Django's local-memory cache holding values as they are, unpickled.
- ``NearCache``: copies kept under a key that names their version, held in each worker's
  memory (a ``KeptObjectCache``) in front of the shared cache.
- ``versioned_cache``: where such copies go (the ``versioned`` alias: ``NearCache`` with
  Redis; without Redis, a ``KeptObjectCache`` alone).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.connection import ConnectionProxy
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis is down, restarting or out of reach (socket timeouts in settings.CACHES).
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class RedisCacheClient(django_redis.RedisCacheClient):
    """Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache operation.
    The client is only a handle on the connection pool, which is shared and thread-safe, but
    building one fills its table of some two hundred response callbacks: that cost more than
    the round trip to Redis itself (``bench/pages.py`` with ``REDIS_URL``). Keeping the client
    changes nothing else: the same pools, connections, serializer and options."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}  # by id() of the connection pool they use

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # The pool as Django picks it (a replica at random for a read, with several servers).
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[id(pool)] = client
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with the client above; the same
    ``LOCATION`` and ``OPTIONS``.

    The cache is a soft dependency: everything in it is a copy of something the database
    holds (sessions too, with Django's ``cached_db`` session store). So when Redis cannot be
    reached, a read is a miss and a write is dropped, with a warning in the log, and the
    pages go on from the database instead of answering 500. ``/healthz`` still reports the
    cache down: what it writes does not come back.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def _down(self, operation: str, error: Exception) -> None:
        logger.warning("cache %s: Redis unreachable (%s); going on without it", operation, error)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except REDIS_DOWN as error:
            self._down("get", error)
            return default

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        try:
            found: dict[str, Any] = super().get_many(keys, version)
        except REDIS_DOWN as error:
            self._down("get_many", error)
            return {}
        return found

    def has_key(self, key: str, version: int | None = None) -> bool:
        try:
            return bool(super().has_key(key, version))
        except REDIS_DOWN as error:
            self._down("has_key", error)
            return False

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except REDIS_DOWN as error:
            self._down("set", error)

    def set_many(
        self,
        data: dict[str, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        try:
            failed: list[str] = super().set_many(data, timeout, version)
        except REDIS_DOWN as error:
            self._down("set_many", error)
            return list(data)  # as the cache API says: the keys that were not set
        return failed

    def add(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        try:
            return bool(super().add(key, value, timeout, version))
        except REDIS_DOWN as error:
            self._down("add", error)
            return False

    def touch(
        self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return bool(super().touch(key, timeout, version))
        except REDIS_DOWN as error:
            self._down("touch", error)
            return False

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        try:
            value: int = super().incr(key, delta, version)
        except REDIS_DOWN as error:
            self._down("incr", error)
            raise ValueError(f"Key '{key}' not found") from error  # what a missing key raises
        return value

    def delete(self, key: str, version: int | None = None) -> bool:
        try:
            return bool(super().delete(key, version))
        except REDIS_DOWN as error:
            self._down("delete", error)
            return False

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except REDIS_DOWN as error:
            self._down("delete_many", error)

    def clear(self) -> None:
        try:
            super().clear()
        except REDIS_DOWN as error:
            self._down("clear", error)


_MISSING = object()


class KeptObjectCache(LocMemCache):
    """Django's local-memory cache without the pickling: a value is kept as it was given
    and handed out as it is, the same object to every request of the process.

    ``LocMemCache`` pickles each value when it is set and unpickles it at every read, so that
    a caller who changes what it got does not change the cached copy. For a 50-lesson course
    a page unpickled its outline, its plan, the learner's facts and its kept fragments on
    every view: about 160 µs per outline page and 90 µs per lesson page, timed per request.

    So only values nobody changes belong here: strings, numbers, tuples, frozensets and frozen
    dataclasses (the learner facts' grades are a dict inside one, which every caller only
    reads), never a model instance or a list that a caller might change (``lesson_for_page``
    keeps its lesson here and hands out copies). The methods are ``LocMemCache``'s less the
    pickling, so the lock, the expiry and the bound on entries (least recently read out
    first) are Django's.
    """

    def add(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:  # type: ignore[attr-defined]
            if self._has_expired(key):  # type: ignore[attr-defined]
                self._set(key, value, timeout)  # type: ignore[attr-defined]
                return True
            return False

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:  # type: ignore[attr-defined]
            if self._has_expired(key):  # type: ignore[attr-defined]
                self._delete(key)  # type: ignore[attr-defined]
                return default
            value = self._cache[key]  # type: ignore[attr-defined]
            self._cache.move_to_end(key, last=False)  # type: ignore[attr-defined]
        return value

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:  # type: ignore[attr-defined]
            self._set(key, value, timeout)  # type: ignore[attr-defined]

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:  # type: ignore[attr-defined]
            if self._has_expired(key):  # type: ignore[attr-defined]
                self._delete(key)  # type: ignore[attr-defined]
                raise ValueError(f"Key '{key}' not found")
            value: int = self._cache[key] + delta  # type: ignore[attr-defined]
            self._cache[key] = value  # type: ignore[attr-defined]
            self._cache.move_to_end(key, last=False)  # type: ignore[attr-defined]
        return value


class NearCache(BaseCache):
    """Copies kept under a key that names what they were made from, held in the worker's
    memory in front of the shared cache (``OPTIONS["SHARED"]``, Redis in production).

    Such a key (a course's ``updated_at``, a learner summary's stamp, a lesson's version in
    a template fragment's keys) never gets other content: a change makes a new key, and the
    old copy is simply no longer asked for. So a worker's own copy is always as good as the
    shared one, and every worker may still answer any request. A learner's page reads five or
    six such copies, and each read from Redis cost a round trip (``bench/pages.py`` with
    ``REDIS_URL``); from the worker's memory (a ``KeptObjectCache``) it costs a dictionary
    lookup, as the values are not copied: none may be changed.

    Only keys like these may be kept here. An answer that changes under its key stays in the
    shared cache alone, where one delete reaches every worker; or it is kept here only as
    long as it may be out of date (whether a user imports documents: keyed by their
    ``roles_version``, and a group's new permissions show within its timeout). The memory is
    bounded: at most ``OPTIONS["MAX_ENTRIES"]`` copies, the least recently read out first.
    """

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias: str = options.get("SHARED", DEFAULT_CACHE_ALIAS)
        near_params = {
            "TIMEOUT": self.default_timeout,  # as BaseCache read it from params
            "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 1000)},
        }
        self._near = KeptObjectCache(f"docent.cache.NearCache:{location}", near_params)

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        value = self._near.get(key, _MISSING, version)
        if value is _MISSING:
            value = self._shared.get(key, _MISSING, version)
            if value is _MISSING:
                return default
            self._near.set(key, value, version=version)
        return value

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        keys = list(keys)
        found = self._near.get_many(keys, version)
        missing = [key for key in keys if key not in found]
        if missing:
            shared = self._shared.get_many(missing, version)
            self._near.set_many(shared, version=version)
            found.update(shared)
        return found

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self._shared.set(key, value, timeout, version)
        self._near.set(key, value, timeout, version)

    def set_many(
        self,
        data: dict[str, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        failed: list[str] = self._shared.set_many(data, timeout, version)
        self._near.set_many(data, timeout, version)
        return failed

    def add(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        added: bool = self._shared.add(key, value, timeout, version)
        if added:
            self._near.set(key, value, timeout, version)
        return added

    def touch(
        self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        self._near.touch(key, timeout, version)
        touched: bool = self._shared.touch(key, timeout, version)
        return touched

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self._near.has_key(key, version) or bool(self._shared.has_key(key, version))

    def delete(self, key: str, version: int | None = None) -> bool:
        """Deletes the shared copy and this worker's; other workers keep theirs (which is
        why only keys that never get other content belong here)."""
        self._near.delete(key, version)
        deleted: bool = self._shared.delete(key, version)
        return deleted

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        keys = list(keys)
        self._near.delete_many(keys, version)
        self._shared.delete_many(keys, version)

    def clear(self) -> None:
        self._near.clear()
        self._shared.clear()


# Where copies kept under a version key go (``NearCache``): a proxy, as ``django.core.cache.cache``.
versioned_cache: BaseCache = ConnectionProxy(caches, "versioned")  # type: ignore[assignment]
