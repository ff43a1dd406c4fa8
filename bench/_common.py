"""What every benchmark shares: Django set-up on a throw-away database, and reporting.

Benchmarks run on SQLite (a temporary file) unless DATABASE_URL names another database; for
PostgreSQL a throw-away ``test_…`` database is created and dropped, as the test runner does.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "docent.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-used-for-anything-real")


@contextlib.contextmanager
def bench_database() -> Iterator[str]:
    """Set Django up on a fresh database; yield a line describing it and the machine."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    with tempfile.TemporaryDirectory() as folder:
        if connection.vendor == "sqlite":
            # A file, not the test runner's in-memory database: that is what production uses.
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            yield f"database: {connection.vendor}; CPU cores: {os.cpu_count()}"
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


def record(figures: dict[str, float]) -> None:
    """Print the figures; under ``make bench`` also merge them into bench/results.json."""
    target = os.environ.get("BENCH_RESULTS")
    if target:
        path = Path(target)
        existing = json.loads(path.read_text()) if path.exists() else {}
        existing.update(figures)
        path.write_text(json.dumps(existing, indent=2, sort_keys=True) + "\n")
    print(json.dumps(figures, indent=2, sort_keys=True))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(port: int, seconds: float = 20.0) -> None:
    """Wait until the server on ``port`` answers ``/healthz``, as a load balancer's readiness
    check would. gunicorn's master listens as soon as it starts, seconds before its workers
    have loaded the app; requests sent meanwhile would time the boot, not the app."""
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"X-Forwarded-Proto": "https"},  # as behind a TLS proxy
    )
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # nosec B310
                if response.status == 200:
                    return
        except OSError:  # not listening yet, or an error status while it starts
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no healthy server on port {port} after {seconds:.0f} s")


def postgres_database_url(name: str) -> str:
    """The URL of database ``name`` on the PostgreSQL server DATABASE_URL names, else the
    local one: the benchmarks that drive a server over HTTP run on PostgreSQL, as production."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        base = "postgres://postgres@127.0.0.1:5432/docent"
    return base.rsplit("/", 1)[0] + "/" + name


def postgres_database_recreate(name: str) -> str:
    """Drop and create database ``name`` (see ``postgres_database_url``); returns its URL."""
    import psycopg

    url = postgres_database_url(name)
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return url
