"""One structured line per request and per task; errors carry their traceback."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from infrastructure.logs import JsonFormatter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_lines(caplog) -> list[dict]:
    return [r.fields for r in caplog.records if r.name == "docent.request"]


def test_it_logs_one_line_per_request_with_method_path_status_duration_and_user(client, caplog):
    user = UserFactory()
    client.force_login(user)
    caplog.set_level(logging.INFO, logger="docent.request")

    client.get(reverse("courses:catalogue"))
    client.get("/no-such-page/")

    first, second = request_lines(caplog)
    assert first["method"] == "GET"
    assert first["path"] == "/"
    assert first["status"] == 200
    assert first["user_id"] == user.pk
    assert first["duration_ms"] >= 0
    assert second["status"] == 404


def test_an_anonymous_request_has_no_user_id(client, caplog):
    caplog.set_level(logging.INFO, logger="docent.request")

    client.get("/healthz")

    assert request_lines(caplog)[0]["user_id"] is None


def test_the_formatter_writes_one_json_line_with_the_fields_and_the_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "docent.tasks", logging.ERROR, __file__, 1, "task failed", None, sys.exc_info()
        )
    record.fields = {"task": "quiz_regrade", "status": "failed"}

    line = JsonFormatter().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["task"] == "quiz_regrade"
    assert parsed["level"] == "ERROR"
    assert "ValueError: broken" in parsed["traceback"]


def test_an_error_is_logged_with_its_traceback_and_its_request_line_says_500(
    client, caplog, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("catalogue on fire")

    monkeypatch.setattr("courses.views.selectors.course_catalogue", broken)
    client.raise_request_exception = False
    caplog.set_level(logging.INFO)

    response = client.get(reverse("courses:catalogue"))

    assert response.status_code == 500
    [error] = [r for r in caplog.records if r.name == "django.request"]
    parsed = json.loads(JsonFormatter().format(error))
    assert "RuntimeError: catalogue on fire" in parsed["traceback"]
    assert request_lines(caplog)[0]["status"] == 500
