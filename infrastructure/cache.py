"""The project's cache backend and its cache of versioned copies.

- ``RedisCache``: Django's Redis cache, for which a Redis that cannot be reached is a miss,
  not an error.
- ``versioned_cache``: copies kept under a key that names their version (a course's
  ``updated_at``, a learner summary's ``stamp``), so that a key never gets other content: the
  ``versioned`` alias, Redis in production. Values are pickled there, as everywhere in
  Django's caches: each reader gets its own copy.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.connection import ConnectionProxy
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis is down, restarting or out of reach (socket timeouts in settings.CACHES).
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache``, the same ``LOCATION`` and ``OPTIONS``.

    The cache is a soft dependency: everything in it is a copy of something the database
    holds (sessions too, with Django's ``cached_db`` session store). So when Redis cannot be
    reached, a read is a miss and a write is dropped, with a warning in the log, and the
    pages go on from the database instead of answering 500. ``/healthz`` still reports the
    cache down: what it writes does not come back.
    """

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


versioned_cache: BaseCache = ConnectionProxy(caches, "versioned")  # type: ignore[assignment]
