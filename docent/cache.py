"""Django's Redis cache, with one redis-py client per connection pool instead of one per call.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache operation. The
client is only a handle on the connection pool, which is shared and thread-safe, but building
one fills its table of some two hundred response callbacks: that cost more than the round
trip to Redis itself, and a learner's page makes five or six cache reads (``bench/pages.py``
with ``REDIS_URL``). Keeping the client changes nothing else: the same pools, connections,
serializer and options.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
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
    ``LOCATION`` and ``OPTIONS``."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
