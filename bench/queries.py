"""SQL queries per page, on a small course and a large one: the counts must be equal.

Small: 10 lessons and 10 learners. Large: 500 lessons and 2,000 learners. Each page is
requested twice and the second request's queries are counted.
A page whose count grows with the course has an N+1 somewhere. The first request of each
(cached course outline not yet built) is counted too, as ``…_cold``.

Prints the database and CPU cores, one line per page, and records ``queries_<page>_small``
and ``queries_<page>_large``. Exits 1 if any count differs between the sizes.

Run: .venv/bin/python bench/queries.py (SQLite; DATABASE_URL=postgres://… for PostgreSQL).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._common import bench_database, record
from bench._courses import BenchCourse, build_course

SIZES = {"small": (10, 10), "large": (500, 2000)}


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[BenchCourse], str]
    as_owner: bool = False  # requested by the course's instructor, not a learner
    pending: str = ""  # why it cannot be measured on this branch yet


PAGES = [
    Page("lesson", lambda c: c.middle_lesson.get_absolute_url()),
    Page("outline", lambda c: c.course.get_absolute_url()),
    Page("dashboard", lambda c: "/dashboard/"),
    Page("gradebook", lambda c: f"/courses/{c.course.slug}/reports/gradebook/", as_owner=True),
]


def count_queries(client: Any, url: str) -> tuple[int, int]:
    """Queries of the first request (caches cold) and of the second (caches warm)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for cache in caches.all():  # the default cache and the versioned copies (infrastructure.cache)
        cache.clear()
    counts = []
    for _ in ("cold", "warm"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)  # production requires HTTPS
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        counts.append(len(queries))
    return counts[0], counts[1]


def main() -> int:
    with bench_database() as machine:
        from django.test import Client, override_settings

        print(f"queries per page — {machine}")
        courses = {
            size: build_course(slug=f"bench-{size}", lessons=lessons, learners=learners)
            for size, (lessons, learners) in SIZES.items()
        }
        figures: dict[str, float] = {}
        unequal = []
        print(f"{'':<10} {'warm':>13}  {'cold':>13}")
        print(f"{'page':<10} {'small':>6} {'large':>6}  {'small':>6} {'large':>6}  equal")
        storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(STORAGES={"staticfiles": storage, "default": storage}):
            for page in PAGES:
                if page.pending:
                    dashes = f"{'—':>6} {'—':>6}"
                    print(f"{page.name:<10} {dashes}  {dashes}  pending: {page.pending}")
                    continue
                counts, cold = {}, {}
                for size, bench in courses.items():
                    client = Client()
                    client.force_login(bench.course.owner if page.as_owner else bench.learners[0])
                    cold[size], counts[size] = count_queries(client, page.url(bench))
                    figures[f"queries_{page.name}_{size}"] = counts[size]
                    figures[f"queries_{page.name}_{size}_cold"] = cold[size]
                equal = counts["small"] == counts["large"] and cold["small"] == cold["large"]
                if not equal:
                    unequal.append(page.name)
                print(
                    f"{page.name:<10} {counts['small']:>6} {counts['large']:>6}  "
                    f"{cold['small']:>6} {cold['large']:>6}  {'yes' if equal else 'NO'}"
                )
        record(figures)
    if unequal:
        print(f"queries grow with the course on: {', '.join(unequal)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
