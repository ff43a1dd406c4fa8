"""Import time and SQL queries for plain-text documents of 100, 1,000 and 10,000 sections.

Targets: the 10,000-section document imports in under 30 s, costs at most 1.3× per section
what the 1,000-section one does, and the number of SQL queries does not grow with the number
of sections (bulk writes).
Run: .venv/bin/python bench/import_scaling.py   (DATABASE_URL=postgres://… for PostgreSQL)
"""

from __future__ import annotations

import random
import statistics
import time

from _common import bench_database, record

REPEATS = 3
WORDS = (
    "alliance",
    "analysis",
    "border",
    "capability",
    "coalition",
    "command",
    "communication",
    "cooperation",
    "coordination",
    "defence",
    "diplomacy",
    "doctrine",
    "exercise",
    "framework",
    "intelligence",
    "interoperability",
    "logistics",
    "mission",
    "network",
    "operation",
    "partnership",
    "policy",
    "readiness",
    "resilience",
    "security",
    "strategy",
    "surveillance",
    "threat",
    "training",
    "transparency",
    "trust",
)


def make_document(sections: int, seed: int = 7) -> bytes:
    """Plain text as instructors have it: a title-like line, then two paragraphs, repeated."""
    rng = random.Random(seed)
    lines = []
    for number in range(1, sections + 1):
        topic = " ".join(word.capitalize() for word in rng.sample(WORDS, 3))
        lines.append(f"{topic} in Practice {number}")
        for _ in range(2):
            sentence_count = rng.randint(2, 4)
            sentences = [
                " ".join(rng.choices(WORDS, k=rng.randint(10, 18))).capitalize() + "."
                for _ in range(sentence_count)
            ]
            lines.append(" ".join(sentences))
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    with bench_database() as where:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from courses.services import document_import

        print(f"import scaling — {where}")
        figures: dict[str, float] = {}
        per_section: dict[int, float] = {}
        queries: dict[int, int] = {}
        for sections in (100, 1_000, 10_000):
            data = make_document(sections)
            # Median of three imports (each into a new course): one run of a small document
            # is too short to time reliably on a shared machine.
            runs = []
            for run in range(REPEATS):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    result = document_import(
                        data=data, filename=f"doc-{sections}.txt", slug=f"doc-{sections}-{run}"
                    )
                runs.append(time.perf_counter() - started)
                assert len(result.added) == sections, f"expected {sections} lessons"
            seconds = statistics.median(runs)
            per_section[sections] = seconds / sections
            queries[sections] = len(captured)
            print(
                f"{sections:>6} sections: {seconds:7.2f} s  {sections / seconds:9.0f} sections/s  "
                f"{len(captured):3d} queries"
            )
            figures[f"import_s_{sections}_sections"] = round(seconds, 3)
            figures[f"import_queries_{sections}_sections"] = len(captured)

        ratio = per_section[10_000] / per_section[1_000]
        figures["import_s_per_1000_sections"] = round(per_section[10_000] * 1000, 3)
        figures["import_per_section_ratio_10k_vs_1k"] = round(ratio, 3)
        print(f"per-section cost, 10,000 vs 1,000: {ratio:.2f}× (target ≤ 1.3×)")
        print(f"10,000 sections in {figures['import_s_10000_sections']:.2f} s (target < 30 s)")
        print(f"queries: {queries[100]} / {queries[1_000]} / {queries[10_000]} (target: equal)")
        record(figures)


if __name__ == "__main__":
    main()
