from __future__ import annotations

from pathlib import Path

import pytest

from tests.access.fixtures import access_world  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCUMENT = ROOT / "fixtures" / "seed-document.txt"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploaded files go to a per-test folder, never the developer's var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_DOCUMENT.read_bytes()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: cached outlines never leak between tests."""
    from tests.caches import caches_clear

    caches_clear()
