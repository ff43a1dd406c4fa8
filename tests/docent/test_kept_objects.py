"""docent.cache.KeptObjectCache: Django's local-memory cache, holding values unpickled."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.cache.backends import locmem

from docent.cache import KeptObjectCache


def kept(max_entries: int = 100) -> KeptObjectCache:
    params = {"TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": max_entries}}
    return KeptObjectCache(f"kept-{id(params)}", params)


def test_a_value_is_handed_out_as_it_was_kept_not_a_copy():
    cache = kept()
    outline = (("Rivers", 1), ("Lakes", 2))

    cache.set("outline:7:1700000000.0", outline)

    assert cache.get("outline:7:1700000000.0") is outline
    assert cache.get_many(["outline:7:1700000000.0"])["outline:7:1700000000.0"] is outline


def test_the_versioned_alias_keeps_objects_without_redis():
    """Without REDIS_URL (the tests' settings) the versioned copies live in this cache."""
    assert isinstance(caches["versioned"], KeptObjectCache)


def test_a_value_expires_as_in_djangos_local_memory_cache(monkeypatch):
    cache = kept()
    cache.set("plan:1", ("lessons",), timeout=10)
    now = locmem.time.time()

    monkeypatch.setattr(locmem.time, "time", lambda: now + 11)

    assert cache.get("plan:1", "expired") == "expired"
    assert cache.add("plan:1", ("again",)) is True
    assert cache.get("plan:1") == ("again",)


def test_add_keeps_the_first_value():
    cache = kept()
    first = ("first",)
    assert cache.add("k", first) is True
    assert cache.add("k", ("second",)) is False
    assert cache.get("k") is first


def test_at_most_max_entries_are_kept_the_least_recently_read_out_first():
    cache = kept(max_entries=3)
    for n in range(3):
        cache.set(f"k:{n}", n)
    cache.get("k:0")  # read: kept over k:1, which nothing read

    cache.set("k:3", 3)
    cache.set("k:4", 4)

    assert cache.get("k:0") == 0
    assert cache.get("k:4") == 4
    assert cache.get("k:1", "gone") == "gone"


def test_incr_counts_from_the_kept_number():
    cache = kept()
    cache.set("views", 1)
    assert cache.incr("views", 2) == 3
    assert cache.get("views") == 3
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
