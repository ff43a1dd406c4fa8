"""The Redis cache as production configures it (REDIS_URL): Django's backend, which a Redis
that is down turns into misses (infrastructure/cache.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from infrastructure.cache import RedisCache
from tests.infrastructure.test_two_servers import redis_up

pytestmark = pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")

LOCATION = "redis://127.0.0.1:6379/6"  # a database of the tests' own


@pytest.fixture
def cache() -> Iterator[RedisCache]:
    backend = RedisCache(LOCATION, {"KEY_PREFIX": "test-cache"})
    backend.clear()
    yield backend
    backend.clear()


def test_it_keeps_and_returns_values_as_djangos_backend_does(cache):
    cache.set("plan", {"lessons": [1, 2, 3]}, 60)
    cache.set_many({"a": 1, "b": "two"}, 60)
    cache.incr("a")

    assert cache.get("plan") == {"lessons": [1, 2, 3]}
    assert cache.get_many(["a", "b", "missing"]) == {"a": 2, "b": "two"}
    cache.delete("plan")
    assert cache.get("plan") is None
    # What one backend wrote, the other reads: a deploy that changes backend loses nothing.
    django_side = DjangoRedisCache(LOCATION, {"KEY_PREFIX": "test-cache"})
    assert django_side.get("b") == "two"
    django_side.set("from-django", [4, 5], 60)
    assert cache.get("from-django") == [4, 5]
