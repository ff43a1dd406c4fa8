"""Quiz load over real HTTP: gunicorn on PostgreSQL, logged-in learners, two scenarios.

Exam: LEARNERS learners start the same 16-question quiz within a 10-second window, answer
each question after 2–6 s of thinking (every answer autosaves), then submit.
Burst: BURST learners press start at the same instant and, later, submit at the same instant,
a third of them twice.

Prints requests per second and p50/p95/p99 latency per kind of request, errors, and then
checks in the database that every learner has exactly one graded attempt holding every answer
they sent. Targets (2 cores): exam with 1,000 learners starting within 10 s (four times
Moodle's published exam-start load per core) — 0 errors, 0 lost answers, 0 duplicates, p95
under 1 s for every kind; burst — 0 errors, 0 duplicates.

Run: .venv/bin/python bench/quiz_load.py (LEARNERS=50 for a quick run). Always on PostgreSQL
(the server in DATABASE_URL if it names one, else 127.0.0.1:5432), in a database of its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import (  # noqa: E402
    free_port,
    postgres_database_recreate,
    record,
    wait_until_healthy,
)
from bench._courses import exam_quiz  # noqa: E402
from docent import gunicorn_conf  # noqa: E402

LEARNERS = int(os.environ.get("LEARNERS", "1000"))
BURST = int(os.environ.get("BURST", "200"))
QUESTIONS = 16
START_WINDOW_S = 10.0
THINK_S = (2.0, 6.0)
CSRF_TOKEN = "b" * 32  # any 32-character secret works when cookie and header agree
BENCH_DB = "docent_quiz_load"


def setup(env: dict[str, str]) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)


def populate(learners: int) -> tuple[int, list[tuple[str, int]]]:
    """A quiz of 16 single-choice questions and ``learners`` users with sessions.

    Returns the quiz id and (session key, user id) per learner. Sessions are written
    directly: logging in is not what this benchmark measures.
    """
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from accounts.models import User
    from courses.models import Course
    from progress.models import Enrolment

    course = Course.objects.create(title="Load", slug="load")
    quiz = exam_quiz(course=course, questions=QUESTIONS)
    users = User.objects.bulk_create(
        User(username=f"learner{n}", password="!") for n in range(learners)
    )
    # Quizzes are for the course's learners: each is enrolled, as a class would be.
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(course=course, user=user, enrolled_at=now) for user in users
    )
    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "accounts.backends.AccountBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append((store.session_key or "", user.pk))
    return quiz.pk, sessions


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: bytes


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.latency[kind].append(seconds)
        if not ok:
            self.errors[kind] += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{kind}: {detail}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Learner:
    def __init__(
        self, client: aiohttp.ClientSession, base_url: str, session: str, stats: Stats
    ) -> None:
        self.client = client
        self.base_url = base_url
        self.headers = {
            "Cookie": f"sessionid={session}; csrftoken={CSRF_TOKEN}",
            "X-CSRFToken": CSRF_TOKEN,
            "Referer": base_url + "/",
        }
        self.stats = stats
        self.attempt_id = 0
        self.revision = 0
        self.answers: dict[str, str] = {}
        # Answers the server acknowledged (a 200 save or a submit redirect): the ones that
        # must be in the database afterwards. A refused request is counted as an error.
        self.confirmed: dict[str, str] = {}

    async def _post(self, kind: str, url: str, data: dict[str, Any], fetch: bool) -> Reply | None:
        headers = dict(self.headers)
        if fetch:
            headers["X-Requested-With"] = "fetch"
            headers["Accept"] = "application/json"
        started = time.perf_counter()
        try:
            async with self.client.post(
                self.base_url + url, data=data, headers=headers, allow_redirects=False
            ) as response:
                body = await response.read()
                reply = Reply(response.status, response.headers.get("Location", ""), body)
        except (TimeoutError, aiohttp.ClientError) as error:
            self.stats.add(kind, time.perf_counter() - started, False, repr(error))
            return None
        ok = reply.status in (200, 302)
        self.stats.add(kind, time.perf_counter() - started, ok, f"{reply.status} {url}")
        return reply if ok else None

    async def start(self, quiz_id: int) -> bool:
        response = await self._post("start", f"/quizzes/{quiz_id}/start/", {}, fetch=False)
        if response is None:
            return False
        location = response.location
        try:
            self.attempt_id = int(location.rstrip("/").split("/")[-1])
        except ValueError:
            self.stats.add("start", 0.0, False, f"no attempt in redirect {location!r}")
            return False
        return True

    def form(self) -> dict[str, Any]:
        return {"revision": str(self.revision), **self.answers}

    async def answer(self, position: int, choice: int) -> None:
        self.answers[f"q{position}"] = str(choice)
        response = await self._post(
            "save", f"/attempts/{self.attempt_id}/save/", self.form(), fetch=True
        )
        if response is not None:
            self.revision = int(json.loads(response.body)["revision"])
            self.confirmed = dict(self.answers)

    async def submit(self) -> None:
        response = await self._post(
            "submit", f"/attempts/{self.attempt_id}/submit/", self.form(), fetch=False
        )
        if response is not None:
            self.confirmed = dict(self.answers)


def _client(limit: int) -> aiohttp.ClientSession:
    # Cookies are sent by hand per learner; the shared session must not mix them up.
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit),
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=120),
    )


async def exam(
    base_url: str, quiz_id: int, sessions: list[tuple[str, int]], stats: Stats
) -> dict[int, dict[str, str]]:
    sent: dict[int, dict[str, str]] = {}
    async with _client(limit=200) as client:

        async def one(session: str, user_id: int, rng: random.Random) -> None:
            await asyncio.sleep(rng.uniform(0, START_WINDOW_S))
            learner = Learner(client, base_url, session, stats)
            if not await learner.start(quiz_id):
                return
            for position in range(1, QUESTIONS + 1):
                await asyncio.sleep(rng.uniform(*THINK_S))
                await learner.answer(position, rng.randrange(4))
            await learner.submit()
            sent[user_id] = learner.confirmed

        await asyncio.gather(*(one(s, u, random.Random(u)) for s, u in sessions))
    return sent


async def burst(
    base_url: str, quiz_id: int, sessions: list[tuple[str, int]], stats: Stats
) -> dict[int, dict[str, str]]:
    sent: dict[int, dict[str, str]] = {}
    async with _client(limit=400) as client:
        learners = [Learner(client, base_url, s, stats) for s, _ in sessions]
        # Everyone presses start at the same instant…
        started = await asyncio.gather(*(learner.start(quiz_id) for learner in learners))
        for learner, ok in zip(learners, started, strict=True):
            if ok:
                learner.answers = {f"q{p}": "0" for p in range(1, QUESTIONS + 1)}
        await asyncio.sleep(1)
        # …and later submits at the same instant, every third learner twice.
        presses = [
            learner.submit()
            for index, learner in enumerate(learners)
            if learner.attempt_id
            for _ in range(2 if index % 3 == 0 else 1)
        ]
        await asyncio.gather(*presses)
        for learner, (_, user_id) in zip(learners, sessions, strict=True):
            if learner.attempt_id:
                sent[user_id] = learner.confirmed
    return sent


def check(quiz_id: int, sent: dict[int, dict[str, str]], users: list[int]) -> dict[str, int]:
    """Count learners without exactly one graded attempt, and answers not stored."""
    from django.db import connections

    from quizzes.models import Attempt, AttemptQuestion

    connections.close_all()
    attempts = defaultdict(list)
    for attempt in Attempt.objects.filter(quiz_id=quiz_id, user_id__in=users):
        attempts[attempt.user_id].append(attempt)
    # A choice is sent as its place on the page; the attempt stores it in the question's
    # own order, which choice_order maps the page's places to.
    stored: dict[int, dict[int, Any]] = defaultdict(dict)
    shown: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for row in AttemptQuestion.objects.filter(attempt__quiz_id=quiz_id).values(
        "attempt__user_id", "position", "response", "choice_order"
    ):
        stored[row["attempt__user_id"]][row["position"]] = row["response"]
        shown[row["attempt__user_id"]][row["position"]] = row["choice_order"]
    duplicates = sum(1 for user in users if len(attempts[user]) > 1)
    missing = sum(1 for user in users if not attempts[user])
    ungraded = sum(
        1
        for user in users
        for attempt in attempts[user]
        if attempt.state != Attempt.State.SUBMITTED or attempt.score is None
    )
    lost = 0
    for user, answers in sent.items():
        for field, value in answers.items():
            position = int(field[1:])
            if stored[user].get(position) != shown[user][position][int(value)]:
                lost += 1
    return {"duplicates": duplicates, "missing": missing, "ungraded": ungraded, "lost": lost}


def report(name: str, stats: Stats, seconds: float, checks: dict[str, int]) -> dict[str, float]:
    figures: dict[str, float] = {}
    total = sum(len(v) for v in stats.latency.values())
    print(f"\n{name}: {total} requests in {seconds:.1f} s = {total / seconds:.1f} req/s")
    print(f"{'kind':<8} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    worst_p95 = 0.0
    for kind in ("start", "save", "submit"):
        values = stats.latency.get(kind, [])
        if not values:
            continue
        p50, p95, p99 = (percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99))
        worst_p95 = max(worst_p95, p95 / 1000)
        failed = stats.errors[kind]
        print(f"{kind:<8} {len(values):>6} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} {failed:>7}")
        figures[f"{name}_p95_s_{kind}"] = round(p95 / 1000, 3)
    errors = sum(stats.errors.values())
    for sample in stats.error_samples:
        print(f"  error: {sample}")
    print(
        f"checks: {checks['duplicates']} duplicates, {checks['missing']} learners without an "
        f"attempt, {checks['ungraded']} ungraded, {checks['lost']} lost answers"
    )
    figures.update(
        {
            f"{name}_requests_per_s": round(total / seconds, 1),
            f"{name}_errors": errors,
            f"{name}_duplicates": checks["duplicates"],
            f"{name}_lost_answers": checks["lost"],
            f"{name}_p95_s": round(worst_p95, 3),
        }
    )
    return figures


def main() -> None:
    url = postgres_database_recreate(BENCH_DB)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "quiz-load-benchmark-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        # Production keeps sessions and the cache in Redis.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
        "SECURE_SSL_REDIRECT": "0",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "docent.settings")
    setup(env)
    quiz_id, sessions = populate(LEARNERS + BURST)
    exam_sessions, burst_sessions = sessions[:LEARNERS], sessions[LEARNERS:]

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "docent.wsgi:application",
            # The production settings, as make serve runs them (WEB_CONCURRENCY workers,
            # GUNICORN_THREADS threads).
            "--config", gunicorn_conf.__file__, "--bind", f"127.0.0.1:{port}",
            "--backlog", "2048", "--keep-alive", "75", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(port)
        print(
            f"quiz load — database: postgresql; CPU cores: {os.cpu_count()}; "
            f"gunicorn {gunicorn_conf.workers} workers × {gunicorn_conf.threads} threads; "
            f"{LEARNERS} exam learners, {BURST} burst learners"
        )
        figures: dict[str, float] = {}
        stats = Stats()
        began = time.perf_counter()
        client_cpu = time.process_time()
        sent = asyncio.run(exam(base_url, quiz_id, exam_sessions, stats))
        print(f"load generator CPU: {time.process_time() - client_cpu:.1f} s")
        checks = check(quiz_id, sent, [user for _, user in exam_sessions])
        figures |= report("quiz_load", stats, time.perf_counter() - began, checks)

        stats = Stats()
        began = time.perf_counter()
        sent = asyncio.run(burst(base_url, quiz_id, burst_sessions, stats))
        checks = check(quiz_id, sent, [user for _, user in burst_sessions])
        figures |= report("quiz_burst", stats, time.perf_counter() - began, checks)
        record(figures)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
