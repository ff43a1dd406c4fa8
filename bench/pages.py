"""Page throughput: each page against the cheapest Django view, under the same load.

gunicorn (2 workers) serves a 50-lesson course to a logged-in learner. One load generator
(aiohttp, CONCURRENCY connections) requests each page for DURATION_S seconds after a short
warm-up: (a) ``/bench/ping``, a view that only answers, (b) a lesson page, (c) the course
outline, and (d) the learner dashboard, as a learner half-way through the course. The time is
cut into ROUNDS rounds that take the pages in turn, so that a machine busier at one moment
than at another weighs on every page alike, not on whichever page ran then.

The server runs with the production settings (DEBUG off, HTTPS required, secure cookies) as
it would behind a proxy that ends TLS: the proxy's ``X-Forwarded-Proto: https`` is sent and
``SECURE_PROXY_SSL_HEADER`` trusts it. A redirect or any other status than 200 is an error.

Prints requests per second and p95 per page and each page's ratio to (a); records
``page_rps_<page>``, ``page_p95_ms_<page>`` and ``page_ratio_<page>``. Target: every ratio at
least 0.5. Beside them, the machine's CPU time per request (``page_cpu_ms_<page>``) and (a)'s
over each page's (``page_cpu_ratio_<page>``): a steadier reading on a noisy machine. The load
generator shares the machine's cores with the server: ratios are the figure to compare, not
absolute rates.

The server is gunicorn's default sync worker, one connection per request, unless
``SERVER=production``: then it is ``make serve``'s (docent/gunicorn_conf.py: gthread workers,
which keep connections open), still with 2 workers. A kept connection makes the minimal view
cheaper, so the same pages measure lower ratios there, and how the kept connections happen to
split between the workers moves them by a third from run to run. The target is the sync
worker's.

Run: .venv/bin/python bench/pages.py (SQLite file; DATABASE_URL=postgres://… for PostgreSQL).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import bench_database, free_port, record, wait_until_healthy  # noqa: E402
from bench._courses import BenchCourse, build_course, session_for  # noqa: E402

WORKERS = 2
# "production": make serve's gunicorn settings (gthread, keep-alive); otherwise gunicorn's own.
SERVER = os.environ.get("SERVER", "sync")
CONCURRENCY = int(os.environ.get("CONCURRENCY", "8"))
DURATION_S = float(os.environ.get("DURATION_S", "8"))
ROUNDS = int(os.environ.get("ROUNDS", "4"))
WARMUP_S = 1.5
LESSONS = 50
TARGET_RATIO = 0.5
CSRF_COOKIE = "b" * 32  # any 32-character secret, as bench/quiz_load.py


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[BenchCourse], str]
    pending: str = ""  # why it cannot be measured on this branch yet


PAGES = [
    Page("ping", lambda c: "/bench/ping"),  # (a): the baseline, keep it first
    Page("lesson", lambda c: c.middle_lesson.get_absolute_url()),
    Page("outline", lambda c: c.course.get_absolute_url()),
    Page("dashboard", lambda c: "/dashboard/"),  # learners[0] is half-way through
]


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    busy_seconds: float = 0.0  # the machine's CPU time meanwhile (``busy_cpu_seconds``)

    def add(self, other: Result) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.busy_seconds += other.busy_seconds

    @property
    def cpu_ms(self) -> float:
        """The machine's CPU time per request: server, database, cache and load generator."""
        return self.busy_seconds / max(self.requests, 1) * 1000

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


async def load(base_url: str, path: str, session: str, seconds: float) -> Result:
    """CONCURRENCY clients request ``path`` back to back for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    # The cookies a browser sends back after its first page: the session, and the CSRF
    # cookie that page set (without it, every page would mint a new CSRF secret).
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={CSRF_COOKIE}",
        "X-Forwarded-Proto": "https",
    }
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    timeout = aiohttp.ClientTimeout(total=30)
    jar = aiohttp.DummyCookieJar()  # the cookies above, unchanged, on every request
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=jar
    ) as client:
        stop = time.perf_counter() + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                started = time.perf_counter()
                try:
                    request = client.get(base_url + path, headers=headers, allow_redirects=False)
                    async with request as response:
                        await response.read()
                        ok = response.status == 200
                except (TimeoutError, aiohttp.ClientError):
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += 0 if ok else 1

        began, busy = time.perf_counter(), busy_cpu_seconds()
        await asyncio.gather(*(one_client() for _ in range(CONCURRENCY)))
        seconds, busy = time.perf_counter() - began, busy_cpu_seconds() - busy
        return Result(len(latencies), errors, seconds, latencies, busy)


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent working, all cores (``/proc/stat``; 0 where there
    is none): not idle, not waiting for I/O, and not stolen by a virtual machine's host.

    Requests per second on a shared machine move with whatever else runs on it, and under
    gthread workers with the way kept connections happen to be split between the workers.
    CPU time per request moves much less with either, so each page's share of it is printed
    beside the ratio, as a steadier reading of the same comparison."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def database_url() -> str:
    """The URL of the benchmark's throw-away database, for the gunicorn workers."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    production = SERVER == "production"
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "docent.wsgi:application",
            *(["--config", str(ROOT / "docent" / "gunicorn_conf.py")] if production else []),
            "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    wait_until_healthy(port)
    return server, f"http://127.0.0.1:{port}"


def main() -> int:
    with bench_database() as machine:
        from django.db import connections

        bench = build_course(slug="bench-pages", lessons=LESSONS, learners=10)
        session = session_for(bench.learners[0])
        connections.close_all()
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DOCENT_BENCH_PING": "1",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        }
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        server, base_url = start_server(env)
        print(
            f"page throughput — {machine}; gunicorn {WORKERS} {SERVER} workers; "
            f"{CONCURRENCY} connections, {DURATION_S:.0f} s per page in {ROUNDS} rounds"
        )
        try:
            pages = [page for page in PAGES if not page.pending]
            for page in pages:
                asyncio.run(load(base_url, page.url(bench), session, WARMUP_S))
            results = {page.name: Result(0, 0, 0.0, []) for page in pages}
            for _ in range(ROUNDS):
                for page in pages:
                    url, seconds = page.url(bench), DURATION_S / ROUNDS
                    results[page.name].add(asyncio.run(load(base_url, url, session, seconds)))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return report(results)


def report(results: dict[str, Result]) -> int:
    baseline = results["ping"].rps
    figures: dict[str, float] = {}
    missed = []
    cpu_baseline = results["ping"].cpu_ms
    print(
        f"{'page':<10} {'req/s':>8} {'p95 ms':>8} {'ratio':>6} {'errors':>7}"
        f" {'cpu ms':>7} {'cpu ratio':>9}"
    )
    for page in PAGES:
        if page.pending:
            print(f"{page.name:<10} {'—':>8} {'—':>8} {'—':>6} {'—':>7}  pending: {page.pending}")
            continue
        result = results[page.name]
        ratio = result.rps / baseline
        if ratio < TARGET_RATIO or result.errors:
            missed.append(page.name)
        # Ping's CPU time per request over the page's: what the ratio would be if every
        # request only had to wait for the machine's cores.
        cpu_ratio = cpu_baseline / result.cpu_ms if result.cpu_ms else 0.0
        print(
            f"{page.name:<10} {result.rps:>8.0f} {result.p95_ms:>8.1f} {ratio:>6.2f} "
            f"{result.errors:>7} {result.cpu_ms:>7.2f} {cpu_ratio:>9.2f}"
        )
        figures[f"page_rps_{page.name}"] = round(result.rps, 1)
        figures[f"page_p95_ms_{page.name}"] = round(result.p95_ms, 1)
        figures[f"page_errors_{page.name}"] = result.errors
        figures[f"page_cpu_ms_{page.name}"] = round(result.cpu_ms, 2)
        if page.name != "ping":
            figures[f"page_ratio_{page.name}"] = round(ratio, 2)
            figures[f"page_cpu_ratio_{page.name}"] = round(cpu_ratio, 2)
    print(f"target: every page at least {TARGET_RATIO} of ping, no errors")
    if missed:
        print(f"below target: {', '.join(missed)}")
    record(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
