"""Two gunicorn servers, one PostgreSQL database: any request may go to any server.

A student logs in and starts an attempt on one server, then submits it (twice, a double
click) on the other, as behind a load balancer. The login carries over because sessions live
in the database (and Redis, when it is up); the attempt is graded once. The servers run in
production mode (DEBUG=0) behind a pretend TLS proxy (X-Forwarded-Proto).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SECRET = "two-servers-test-key-" + "f" * 10 + "0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD = "correct-horse-battery-staple"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"), reason="needs DATABASE_URL=postgres://…"
    ),
]

POPULATE = f"""
from decimal import Decimal
from accounts.models import User
from courses.models import Course
from progress.services import enrolment_create
from quizzes.bank import questions_create
from quizzes.models import Quiz, QuizSlot
from quizzes.questions import Answer, QuestionData, QuestionType

stella = User.objects.create_user("stella", password="{PASSWORD}")
course = Course.objects.create(title="Arithmetic", slug="arithmetic")
enrolment_create(course=course, user=stella)
quiz = Quiz.objects.create(course=course, title="Sums")
[question] = questions_create(course=course, questions=[QuestionData(
    type=QuestionType.SHORT_ANSWER, stem="Two plus two?", answers=(Answer("four", Decimal(1)),)
)])
QuizSlot.objects.create(quiz=quiz, position=1, question=question)
print(quiz.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def database() -> Iterator[str]:
    """A database of this test's own, dropped afterwards."""
    import psycopg

    base, _, name = DATABASE_URL.rpartition("/")
    name = f"{name.split('?')[0]}_two_servers"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def env(database, tmp_path) -> dict[str, str]:
    environ = dict(os.environ)
    environ.update(
        DEBUG="0",
        SECRET_KEY=SECRET,
        DATABASE_URL=database,
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        REDIS_URL="redis://127.0.0.1:6379/5" if redis_up() else "",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *command], env=environ, cwd=ROOT, check=True, timeout=300)
    return environ


@pytest.fixture
def two_servers(env) -> Iterator[tuple[int, int]]:
    ports = (free_port(), free_port())
    servers = [
        subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "docent.wsgi:application",
                *("--config", "docent/gunicorn_conf.py", "--workers", "2"),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_until_healthy(port)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def wait_until_healthy(port: int) -> None:
    for _ in range(120):  # at most a minute
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the server on port {port} never became healthy")


@dataclass
class Browser:
    """One person's browser: cookies are shared by every port of 127.0.0.1, as in a browser."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, port: int, method: str, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        origin = f"https://127.0.0.1:{port}"
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if method == "POST":
            headers.update(
                {
                    "Origin": origin,
                    "Referer": origin + path,
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                    "Content-Type": "application/x-www-form-urlencoded",
                }
            )
            body = urlencode(data or {})
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), response.read().decode()


def test_an_attempt_started_on_one_server_is_submitted_on_the_other_and_graded_once(
    env, two_servers
):
    import psycopg

    populate = [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", POPULATE]
    quiz_id = int(
        subprocess.run(
            populate, env=env, cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    first, second = two_servers
    browser = Browser()

    # Log in on the first server, through the real login form.
    status, _, page = browser.request(first, "GET", "/accounts/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    status, _, _ = browser.request(
        first,
        "POST",
        "/accounts/login/",
        {"username": "stella", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    assert status == 302
    assert "sessionid" in browser.cookies

    # Start the attempt on the first server…
    status, location, _ = browser.request(first, "POST", f"/quizzes/{quiz_id}/start/")
    assert status == 302
    attempt_id = int(location.rstrip("/").rsplit("/", 1)[-1])

    # …and see it, answer and submit on the second, twice (a double click).
    status, _, page = browser.request(second, "GET", f"/attempts/{attempt_id}/")
    assert status == 200
    assert "Two plus two?" in page
    revision = re.search(r'name="revision" value="(\d+)"', page)
    assert revision is not None
    answers = {"revision": revision.group(1), "q1": "four"}
    for _ in range(2):
        status, location, _ = browser.request(
            second, "POST", f"/attempts/{attempt_id}/submit/", answers
        )
        assert status == 302
        assert location.endswith(f"/attempts/{attempt_id}/review/")

    # The review shows on the first server again.
    status, _, page = browser.request(first, "GET", f"/attempts/{attempt_id}/review/")
    assert status == 200

    with psycopg.connect(env["DATABASE_URL"]) as connection:
        rows = connection.execute(
            "SELECT state, score FROM quizzes_attempt WHERE quiz_id = %s", [quiz_id]
        ).fetchall()
    assert len(rows) == 1
    state, score = rows[0]
    assert state == "submitted"
    assert score == 1
