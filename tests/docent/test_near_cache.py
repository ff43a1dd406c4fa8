"""docent.cache.NearCache: versioned copies held in the worker's memory in front of the
shared cache (Redis in production; Django's local-memory cache stands in for it here)."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from docent.cache import NearCache

SHARED = "shared-for-near-cache-tests"


@pytest.fixture(autouse=True)
def _caches(settings):
    settings.CACHES = {
        **settings.CACHES,
        SHARED: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": SHARED,
        },
    }
    caches[SHARED].clear()
    yield
    caches[SHARED].clear()


def worker(max_entries: int = 100) -> NearCache:
    """One worker's near cache; two calls stand for two workers sharing one Redis."""
    params = {"TIMEOUT": 60, "OPTIONS": {"SHARED": SHARED, "MAX_ENTRIES": max_entries}}
    return NearCache(f"worker-{id(params)}", params)


def test_a_copy_one_worker_keeps_is_read_by_another_through_the_shared_cache():
    first, second = worker(), worker()

    first.set("outline:7:1700000000.0", ["Rivers", "Lakes"])

    assert caches[SHARED].get("outline:7:1700000000.0") == ["Rivers", "Lakes"]
    assert second.get("outline:7:1700000000.0") == ["Rivers", "Lakes"]


def test_once_read_a_copy_is_served_from_the_workers_memory():
    near = worker()
    caches[SHARED].set("plan:7:1700000000.0", ("lessons", 3))
    assert near.get("plan:7:1700000000.0") == ("lessons", 3)

    caches[SHARED].delete("plan:7:1700000000.0")  # e.g. Redis evicted it, or restarted

    assert near.get("plan:7:1700000000.0") == ("lessons", 3)
    assert near.get("plan:7:1800000000.0", "not kept") == "not kept"


def test_get_many_reads_the_shared_cache_only_for_what_the_worker_lacks():
    near = worker()
    near.set("facts:1:a", "near and shared")
    caches[SHARED].set("facts:2:b", "shared only")
    caches[SHARED].delete("facts:1:a")  # so only the worker's copy can answer for it

    found = near.get_many(["facts:1:a", "facts:2:b", "facts:3:c"])

    assert found == {"facts:1:a": "near and shared", "facts:2:b": "shared only"}
    caches[SHARED].delete("facts:2:b")
    assert near.get_many(["facts:2:b"]) == {"facts:2:b": "shared only"}  # now kept near


def test_a_delete_reaches_the_shared_cache_and_this_worker():
    near = worker()
    near.set_many({"k:1": 1, "k:2": 2})

    near.delete("k:1")
    near.delete_many(["k:2"])

    assert near.get_many(["k:1", "k:2"]) == {}
    assert caches[SHARED].get_many(["k:1", "k:2"]) == {}


def test_add_keeps_the_copy_that_was_there_first():
    first, second = worker(), worker()

    assert first.add("stamp:9", "first") is True
    assert second.add("stamp:9", "second") is False
    assert second.get("stamp:9") == "first"


def test_the_workers_memory_holds_at_most_max_entries_copies():
    near = worker(max_entries=10)
    for n in range(40):
        near.set(f"lesson:{n}", n)
    caches[SHARED].clear()

    kept = near.get_many([f"lesson:{n}" for n in range(40)])

    assert 0 < len(kept) <= 10
    assert "lesson:39" in kept  # the newest stay; the oldest went first
    assert "lesson:0" not in kept
