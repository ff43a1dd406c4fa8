"""Every main page carries the Content-Security-Policy and needs nothing it forbids.

The policy allows no inline script or style, so a page that had an inline <script>, an
onclick= handler, a style="" attribute or a javascript: link would break under it.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from courses.models import Course
from jobs.models import Job
from quizzes.attempts import attempt_start, attempt_submit
from quizzes.models import Question, Quiz
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def policy(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


class InlineFinder(HTMLParser):
    """Collects whatever a strict CSP would block in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> attribute")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script":
            data_block = (found.get("type") or "").endswith("json")
            if not found.get("src") and not data_block:
                self._in_script = True
        if tag == "style":
            self.problems.append("<style> element")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def test_it_finds_what_the_policy_would_block():
    page = (
        '<script>alert(1)</script><a onclick="x()" href="javascript:void(0)">a</a>'
        '<p style="color: red">b</p><script src="/static/a.js"></script>'
        '<script type="application/json">{"a": 1}</script>'
    )
    assert len(inline_problems(page)) == 4


@pytest.fixture
def demo() -> tuple[User, Course]:
    call_command("setup_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.get(username="admin"), Course.objects.get()


def main_pages(admin: User, course: Course) -> list[str]:
    lesson = course.lessons.filter(quiz__isnull=False).order_by("position")[1]
    quiz = Quiz.objects.get(lesson=lesson)
    question = Question.objects.filter(course=course).first()
    assert question is not None
    open_attempt = attempt_start(quiz=quiz, user=UserFactory())
    done = attempt_start(quiz=quiz, user=admin)
    attempt_submit(attempt_id=done.pk, user=admin)
    queued = Job.objects.create(user=admin, kind=Job.Kind.IMPORT, title="Importing notes.txt")
    return [
        reverse("courses:catalogue"),
        reverse("courses:outline", args=[course.slug]),
        reverse("courses:lesson", args=[course.slug, lesson.pk]),
        reverse("courses:import"),
        reverse("quizzes:quiz", args=[quiz.pk]),
        reverse("quizzes:quiz-preview", args=[quiz.pk]),
        reverse("quizzes:attempt-review", args=[done.pk]),
        reverse("quizzes:quiz-settings", args=[quiz.pk]),
        reverse("quizzes:quiz-questions", args=[quiz.pk]),
        reverse("quizzes:bank", args=[course.slug]),
        reverse("quizzes:question-edit", args=[question.pk]),
        reverse("quizzes:question-preview", args=[question.pk]),
        reverse("quizzes:lesson-drafts", args=[lesson.pk]),
        reverse("quizzes:questions-import", args=[course.slug]),
        reverse("quizzes:grading-queue", args=[course.slug]),
        reverse("jobs:status", args=[queued.pk]),
        reverse("admin:index"),
        reverse("admin:courses_course_changelist"),
        reverse("admin:courses_course_change", args=[course.pk]),
        reverse("admin:quizzes_question_changelist"),
        reverse("admin:quizzes_question_change", args=[question.pk]),
        reverse("admin:quizzes_attempt_change", args=[open_attempt.pk]),
        reverse("admin:accounts_user_change", args=[admin.pk]),
        reverse("admin:jobs_job_changelist"),
    ]


def test_it_serves_every_main_page_under_the_policy_with_nothing_inline(client, demo):
    admin, course = demo
    pages = main_pages(admin, course)
    client.force_login(admin)

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == POLICY, url
        assert inline_problems(response.content.decode()) == [], url


def test_the_attempt_page_and_login_page_need_nothing_inline(client, demo):
    admin, course = demo
    quiz = Quiz.objects.filter(course=course, slots__isnull=False).distinct().first()
    attempt = attempt_start(quiz=quiz, user=admin)
    login_page = client.get(reverse("login"))
    client.force_login(admin)
    attempt_page = client.get(reverse("quizzes:attempt", args=[attempt.pk]))

    for response in (login_page, attempt_page):
        assert response.status_code == 200
        assert policy(response) == POLICY
        assert inline_problems(response.content.decode()) == []


def test_every_page_denies_framing_and_sets_a_referrer_policy(client):
    response = client.get(reverse("courses:catalogue"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
