"""Capacity: how many learners, active at once, the production stack serves within its goals.

The stack is the one `make serve` runs: bin/serve (gunicorn with docent/gunicorn_conf.py and
the task worker) on PostgreSQL and Redis, DEBUG off. bench/locustfile.py plays the people:
learners who act 5–15 s after each page arrives (dashboard, outline, lessons, a 16-question
quiz saved answer by answer, submitted and reviewed, practice) and one instructor in a
hundred reading the reports. The number of learners steps up (STEPS); each step ramps up,
then is measured for STEP_SECONDS.

A step is within the goals when it had no errors, every kind of page answered with a p95
under 300 ms and every save or submit (any POST) under 500 ms. ``capacity_learners`` is the
largest such step; the run stops at the first step that misses. Everything (application,
database, Redis, load generator) shares this machine: the CPU each used is printed per step.

Run: .venv/bin/python bench/capacity.py (STEPS=250,500 STEP_SECONDS=30 for a quick look).
Always on PostgreSQL (DATABASE_URL's server, else 127.0.0.1:5432) in a database of its own,
and Redis (REDIS_URL, else redis://127.0.0.1:6379/6).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import (  # noqa: E402
    free_port,
    postgres_database_recreate,
    record,
    wait_until_healthy,
)

STEPS = [int(n) for n in os.environ.get("STEPS", "250,500,1000,2000,3000,4000").split(",")]
STEP_SECONDS = int(os.environ.get("STEP_SECONDS", "60"))
RAMP_SECONDS = int(os.environ.get("RAMP_SECONDS", "30"))
PAGE_P95_MS = 300
SAVE_P95_MS = 500
QUESTIONS = 16
LESSONS = 20
BENCH_DB = "docent_capacity"


def populate(learners: int) -> dict[str, object]:
    """A 20-lesson course, a 16-question quiz, ``learners`` enrolled learners and the
    course's owner, each with a session; returns the scenario bench/locustfile.py reads."""
    import django

    django.setup()
    from bench._courses import build_course, exam_quiz, session_for

    bench = build_course(slug="capacity", lessons=LESSONS, learners=learners)
    course = bench.course
    quiz = exam_quiz(course=course, questions=QUESTIONS)
    # Sessions written directly: logging in (password hashing) is not what this measures.
    keys = [session_for(user) for user in [*bench.learners, course.owner]]
    return {
        "course": course.slug,
        "lessons": [lesson.pk for lesson in bench.lessons],
        "quiz": quiz.pk,
        "learners": [{"session": key} for key in keys[:-1]],
        "instructors": [{"session": keys[-1]}],
    }


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """CPU (user and system) of ``processes`` and of the children they have reaped."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def named(*names: str) -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["name"]) if p.info["name"] in names]


@dataclass
class Step:
    learners: int
    requests: int
    per_second: float
    errors: int
    p50_ms: dict[str, float]
    p95_ms: dict[str, float]
    cpu: dict[str, float]  # share of one core, over the measured part

    def misses(self) -> list[str]:
        missed = [f"{self.errors} errors"] if self.errors else []
        for kind, p95 in self.p95_ms.items():
            if p95 >= goal_ms(kind):
                missed.append(f"{kind} p95 {p95:.0f} ms ≥ {goal_ms(kind)} ms")
        return missed


def goal_ms(kind: str) -> int:
    """A page (GET) within 300 ms, a save or submit (POST) within 500 ms, at the p95."""
    return SAVE_P95_MS if kind.startswith("POST") else PAGE_P95_MS


def run_step(
    learners: int, base_url: str, scenario: Path, folder: Path, server: psutil.Process
) -> Step:
    prefix = folder / f"step-{learners}"
    rate = max(1.0, learners / RAMP_SECONDS)
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--host", base_url, "-u", str(learners), "-r", f"{rate:.2f}",
        "-t", f"{RAMP_SECONDS + STEP_SECONDS}s", "--csv", str(prefix), "--reset-stats",
        "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "20",
    ]  # fmt: skip
    env = {**os.environ, "DOCENT_SCENARIO": str(scenario)}
    # CPU over the measured part only: locust resets its figures once every learner is in.
    app = [server, *server.children(recursive=True)]
    generator_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    log = open(f"{prefix}.log", "wb")  # noqa: SIM115 (closed once locust has ended)
    locust = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    time.sleep(RAMP_SECONDS)
    app = [server, *server.children(recursive=True)]
    database, redis = named("postgres"), named("redis-server")
    before = {"app": cpu_seconds(app), "database": cpu_seconds(database)}
    before["redis"] = cpu_seconds(redis)
    began = time.monotonic()
    locust.wait()
    log.close()
    seconds = time.monotonic() - began
    app = [server, *server.children(recursive=True)]
    after = {"app": cpu_seconds(app), "database": cpu_seconds(database)}
    after["redis"] = cpu_seconds(redis)
    generator_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    generator = (
        generator_after.ru_utime
        - generator_before.ru_utime
        + generator_after.ru_stime
        - generator_before.ru_stime
    )
    cpu = {kind: (after[kind] - before[kind]) / seconds for kind in before}
    # The generator's ramp is in its figure: spread over the whole run.
    cpu["load generator"] = generator / (seconds + RAMP_SECONDS)
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    kinds = [row for row in rows if row["Name"] != "Aggregated" and int(row["Request Count"])]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    if errors:
        print(Path(f"{prefix}.log").read_text()[-3000:])
    return Step(
        learners=learners,
        requests=int(total["Request Count"]),
        per_second=float(total["Requests/s"]),
        errors=errors,
        p50_ms={f"{row['Type']} {row['Name']}": float(row["50%"]) for row in kinds},
        p95_ms={f"{row['Type']} {row['Name']}": float(row["95%"]) for row in kinds},
        cpu=cpu,
    )


def print_step(step: Step) -> None:
    cpu = ", ".join(f"{kind} {share:.2f}" for kind, share in step.cpu.items())
    print(
        f"\n{step.learners} learners: {step.requests} requests, {step.per_second:.1f}/s, "
        f"{step.errors} errors; CPU in cores: {cpu}"
    )
    print(f"  {'kind':<24} {'p50 ms':>7} {'p95 ms':>7} {'goal':>6}")
    for kind in sorted(step.p95_ms):
        p50, p95 = step.p50_ms[kind], step.p95_ms[kind]
        print(f"  {kind:<24} {p50:>7.0f} {p95:>7.0f} {goal_ms(kind):>6}")
    missed = step.misses()
    print("  within the goals" if not missed else f"  missed: {'; '.join(missed)}")


def main() -> int:
    url = postgres_database_recreate(BENCH_DB)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"),
        "DEBUG": "0",
        "SECRET_KEY": "capacity-benchmark-secret-key-0123456789-abcdefghijklmnopqrs",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "docent.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "FLUSHDB"], check=False)
    scenario_data = populate(max(STEPS))
    from django.db import connections

    connections.close_all()

    # bin/serve, as make serve runs it after migrating and collecting static files.
    serve = subprocess.Popen(
        [str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, start_new_session=True
    )
    steps: list[Step] = []
    try:
        wait_until_healthy(port, seconds=60)
        server = psutil.Process(serve.pid)
        workers = (
            len([p for p in server.children(recursive=True) if "gunicorn" in " ".join(p.cmdline())])
            - 1
        )
        print(
            f"capacity — PostgreSQL and Redis; CPU cores: {os.cpu_count()}; make serve's "
            f"gunicorn ({workers} workers) and task worker; {STEP_SECONDS} s measured per step "
            f"after a {RAMP_SECONDS} s ramp"
        )
        with tempfile.TemporaryDirectory() as folder:
            scenario = Path(folder) / "scenario.json"
            scenario.write_text(json.dumps(scenario_data))
            for learners in STEPS:
                step = run_step(
                    learners, f"http://127.0.0.1:{port}", scenario, Path(folder), server
                )
                print_step(step)
                steps.append(step)
                if step.misses():
                    break
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=60)
    passed = [step.learners for step in steps if not step.misses()]
    capacity = max(passed, default=0)
    cores = os.cpu_count() or 1
    print(f"\ncapacity: {capacity} learners at once ({capacity / cores:.0f} per core)")
    figures: dict[str, float] = {
        "capacity_learners": capacity,
        "capacity_learners_per_core": round(capacity / cores),
    }
    for step in steps:
        pages = [p for kind, p in step.p95_ms.items() if goal_ms(kind) == PAGE_P95_MS]
        writes = [p for kind, p in step.p95_ms.items() if goal_ms(kind) == SAVE_P95_MS]
        figures[f"capacity_{step.learners}_p95_ms_pages"] = max(pages, default=0)
        figures[f"capacity_{step.learners}_p95_ms_writes"] = max(writes, default=0)
        figures[f"capacity_{step.learners}_errors"] = step.errors
        figures[f"capacity_{step.learners}_requests_per_s"] = step.per_second
    record(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
