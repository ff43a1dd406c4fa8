"""Production mode (DEBUG=0): a real SECRET_KEY or no start, and a clean deploy check.

Settings are read once per process, so each case runs manage.py in a process of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-for-tests-only-" + "abcdefghijklmnopqrstuvwxyz0123456789"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environ.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "key",
    [
        "",
        "django-insecure-docent-development-key-not-for-production",
        "too-short-to-be-a-secret",
        "a" * 60,
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = manage("check", DEBUG="0", SECRET_KEY=key)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_deploy_check_finds_nothing_in_production_mode(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        REDIS_URL="redis://127.0.0.1:6379/5",
        # A database without tables, as CI's before migrate: no account to check.
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_deploy_check_warns_when_production_keeps_its_cache_in_the_worker():
    result = manage("check", "--deploy", DEBUG="0", SECRET_KEY=GOOD_KEY, REDIS_URL="")

    assert "docent.W001" in result.stderr + result.stdout


def test_production_settings_are_secure():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, "
        "s.X_FRAME_OPTIONS, s.TASKS['default']['BACKEND'], s.DOCENT_DEMO_LOGINS)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        CSRF_TRUSTED_ORIGINS="https://docent.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "['https://docent.example.org']",
        "DENY",
        "django_tasks_db.DatabaseBackend",
        "False",  # the demo password logs no one in
    ]


@pytest.mark.parametrize("redis", ["", "redis://127.0.0.1:6379/0"])
def test_every_cache_key_names_the_release(redis):
    """A deploy never reads the fragments or pickled objects the previous release cached."""
    code = (
        "from django.conf import settings as s; "
        "print(*sorted({c['KEY_PREFIX'] for c in s.CACHES.values()}), s.RELEASE)"
    )
    named = manage("shell", "--no-imports", "-c", code, REDIS_URL=redis, DOCENT_RELEASE="r42")
    digest = manage("shell", "--no-imports", "-c", code, REDIS_URL=redis, DOCENT_RELEASE="")

    assert named.stdout.split() == ["r42", "r42"]
    prefix, release = digest.stdout.split()
    assert prefix == release
    assert len(release) == 12
