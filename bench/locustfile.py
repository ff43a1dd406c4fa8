"""Docent's capacity scenario for Locust: enrolled learners working through a course.

Each learner acts 5–15 s after their previous page arrived: the dashboard, the course outline,
a few lessons (and how far they read), a 16-question quiz answered one autosave at a time,
submitted and reviewed, then a practice session. One user in a hundred is an instructor who
opens the gradebook, the question statistics and the progress report now and then.

``bench/capacity.py`` builds a course, starts the production stack and runs this file at
growing numbers of learners. To point the same scenario at a deployment of your own, write a
scenario file (JSON) and run Locust yourself:

    {"course": "SLUG", "lessons": [LESSON_ID, ...], "quiz": QUIZ_ID,
     "learners": [{"username": "u1", "password": "…"}, ...],
     "instructors": [{"username": "t1", "password": "…"}]}

    DOCENT_SCENARIO=scenario.json .venv/bin/locust -f bench/locustfile.py \\
        --host https://docent.example.org --headless -u 500 -r 10 -t 10m

An account may give ``"session"`` (a session cookie) instead of a password: the benchmark
does, so that password hashing, which is not what it measures, does not load the server.
Learners must be enrolled in the course; the quiz needs 16 single-choice questions and no
limit on attempts.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from typing import Any

from locust import FastHttpUser, between, task

with open(os.environ.get("DOCENT_SCENARIO", "bench/scenario.json"), encoding="utf-8") as _file:
    _SCENARIO: dict[str, Any] = json.load(_file)
_NEXT = {"learners": itertools.count(), "instructors": itertools.count()}
_TAKE = threading.Lock()
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_REVISION = re.compile(r'name="revision" value="(\d+)"')
_RADIO = re.compile(r'type="radio" name="(q\d+)" value="(\d+)"')
QUESTIONS = 16


def _account(kind: str) -> dict[str, str]:
    with _TAKE:
        accounts = _SCENARIO[kind]
        return dict(accounts[next(_NEXT[kind]) % len(accounts)])


class _Docent(FastHttpUser):
    abstract = True
    # A person reads each page before acting on it: 5–15 s after it arrived.
    wait_time = between(5, 15)
    kind = "learners"

    def on_start(self) -> None:
        account = _account(self.kind)
        self.csrf = ""
        if "session" in account:
            # The token is any 32 characters the cookie and the header agree on.
            self.csrf = "c" * 32
            self.cookie = f"sessionid={account['session']}; csrftoken={self.csrf}"
        else:
            self.cookie = ""
            page = self.get("/accounts/login/", "login")
            self.post(
                "/accounts/login/",
                "login",
                {"username": account["username"], "password": account["password"]},
                page=page,
            )

    def _headers(self, fetch: bool = False) -> dict[str, str]:
        headers = {"Referer": f"{self.host}/"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf:
            headers["X-CSRFToken"] = self.csrf
        if fetch:
            headers |= {"X-Requested-With": "fetch", "Accept": "application/json"}
        return headers

    def get(self, path: str, name: str) -> str:
        with self.client.get(
            path, name=name, headers=self._headers(), catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {path}")
                return ""
            return response.text or ""

    def post(
        self,
        path: str,
        name: str,
        data: dict[str, Any],
        *,
        page: str = "",
        fetch: bool = False,
    ) -> Any:
        if not self.csrf and (found := _CSRF.search(page)):
            data = {**data, "csrfmiddlewaretoken": found[1]}
        with self.client.post(
            path,
            name=name,
            data=data,
            headers=self._headers(fetch),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 204, 302):
                response.failure(f"{response.status_code} {path}")
                return None
            return response


class Learner(_Docent):
    weight = 99

    def on_start(self) -> None:
        super().on_start()
        # A measurement lasts a minute or two, a pass through the course several minutes: each
        # learner starts somewhere along it (weighted by its requests), so that every part of
        # the course, the quiz most, is in the measured mix from the start.
        self.stage = random.choices(range(4), weights=(2, 6, 20, 4))[0]
        self.skipped_questions = random.randrange(QUESTIONS) if self.stage == 2 else 0

    def pause(self) -> None:
        self.wait()

    @task
    def work_through_the_course(self) -> None:
        stage, self.stage = self.stage, 0
        course, lessons = _SCENARIO["course"], _SCENARIO["lessons"]
        if stage <= 0:
            self.get("/dashboard/", "dashboard")
            self.pause()
            self.get(f"/courses/{course}/", "outline")
            self.pause()
        if stage <= 1:
            start = random.randrange(len(lessons))
            for lesson in lessons[start : start + 3]:
                page = self.get(f"/courses/{course}/lessons/{lesson}/", "lesson")
                self.post(
                    f"/courses/{course}/lessons/{lesson}/position/",
                    "lesson position",
                    {"position": str(random.randint(30, 100))},
                    page=page,
                    fetch=True,
                )
                self.pause()
        if stage <= 2:
            skipped, self.skipped_questions = self.skipped_questions, 0
            self.take_the_quiz(_SCENARIO["quiz"], skipped)
            self.pause()
        self.practise()

    def take_the_quiz(self, quiz: int, skipped: int) -> None:
        """Start the quiz, answer its questions one autosave each (but the first ``skipped``,
        for a learner who starts the benchmark part-way through), submit and review."""
        intro = self.get(f"/quizzes/{quiz}/", "quiz intro")
        self.pause()
        started = self.post(f"/quizzes/{quiz}/start/", "quiz start", {}, page=intro)
        if started is None or not started.headers.get("Location"):
            return
        attempt = started.headers["Location"]
        page = self.get(attempt, "attempt page")
        revision = int(found[1]) if (found := _REVISION.search(page)) else 0
        choices: dict[str, list[str]] = {}
        for name, value in _RADIO.findall(page):
            choices.setdefault(name, []).append(value)
        answers: dict[str, str] = {}
        for name, values in list(choices.items())[skipped:]:
            self.pause()
            answers[name] = random.choice(values)
            saved = self.post(
                f"{attempt}save/",
                "attempt save",
                {"revision": str(revision), **answers},
                page=page,
                fetch=True,
            )
            if saved is not None and saved.status_code == 200:
                revision = json.loads(saved.text)["revision"]
        self.pause()
        submitted = self.post(
            f"{attempt}submit/",
            "attempt submit",
            {"revision": str(revision), "confirm": "1", **answers},
            page=page,
        )
        if submitted is not None and submitted.headers.get("Location"):
            self.get(submitted.headers["Location"], "attempt review")

    def practise(self) -> None:
        self.get("/practice/", "practice queue")
        with self.client.get(
            "/practice/next/",
            name="practice next",
            headers=self._headers(),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302:
                response.failure(f"{response.status_code} /practice/next/")
        if not re.search(r"/practice/\d+/$", location):
            return  # nothing due
        self.pause()
        card = self.get(location, "practice card")
        found = _RADIO.findall(card)
        if not found:
            return
        self.pause()
        revision = int(rev[1]) if (rev := _REVISION.search(card)) else 0
        name = found[0][0]
        answered = self.post(
            location,
            "practice answer",
            {"revision": str(revision), name: random.choice([v for _, v in found])},
            page=card,
        )
        if answered is not None and answered.headers.get("Location"):
            self.get(answered.headers["Location"], "practice result")


class Instructor(_Docent):
    weight = 1
    kind = "instructors"

    @task
    def read_the_reports(self) -> None:
        course = _SCENARIO["course"]
        self.get(f"/courses/{course}/reports/gradebook/", "gradebook")
        self.wait()
        self.get(f"/quizzes/{_SCENARIO['quiz']}/statistics/", "statistics")
        self.wait()
        self.get(f"/courses/{course}/reports/progress/", "progress report")
