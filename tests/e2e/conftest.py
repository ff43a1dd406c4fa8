"""Browser journeys: headless Chromium (Debian's package) drives the app on a live server.

- Chromium is looked for at ``DOCENT_CHROMIUM``, then ``chromium`` on the PATH. Without it
  every ``browser`` test is skipped and the run ends with a line saying so; with
  ``DOCENT_REQUIRE_BROWSER=1`` (CI) a missing browser fails them instead.
- One browser for the session, a fresh context (cookies, storage) per journey: a test may
  follow two people (``journeys``), each in a browser of their own.
- Playwright's sync API runs an asyncio loop in the test's thread, which Django's ORM would
  refuse ("SynchronousOnlyOperation"); ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set while the browser
  is up, in this test process only. Browser tests run last, so the rest of the suite never
  sees it.
- Each journey saves screenshots of its key pages under ``var/e2e/<test>/`` (or
  ``DOCENT_E2E_DIR``); a failing test also keeps the page's HTML and a screenshot there.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .demo_quiz import demo_course
from .journey import Journey

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("DOCENT_E2E_DIR", ROOT / "var" / "e2e"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
# Reduced motion: no smooth scrolling, so a focused control is where it ends up at once.
CONTEXT: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce"}
REQUIRE = os.environ.get("DOCENT_REQUIRE_BROWSER", "") in {"1", "true", "yes"}


def chromium_path() -> str | None:
    explicit = os.environ.get("DOCENT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing_reason() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return "Chromium not found (apt-get install chromium, or set DOCENT_CHROMIUM)"
    return None


MISSING = _missing_reason()
_outcomes: dict[str, str] = {}  # browser test id → "passed" / "failed" / "skipped"
_folders: dict[str, Path] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last; skipped (or failed under DOCENT_REQUIRE_BROWSER) without Chromium."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    others = [item for item in items if not item.get_closest_marker("browser")]
    items[:] = others + browser
    if MISSING and not REQUIRE:
        for item in browser:
            item.add_marker(pytest.mark.skip(reason=f"browser journeys: {MISSING}"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    settled = report.when == "call" or (report.when == "setup" and not report.passed)
    if settled and item.get_closest_marker("browser"):
        _outcomes[item.nodeid] = "skipped" if report.skipped else report.outcome
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _outcomes:
        return
    counts = {kind: list(_outcomes.values()).count(kind) for kind in ("passed", "failed")}
    skipped = list(_outcomes.values()).count("skipped")
    write = terminalreporter.write_line
    if MISSING and REQUIRE:
        write(f"browser journeys: FAILED, not run — {MISSING} (DOCENT_REQUIRE_BROWSER=1)", red=True)
        return
    if MISSING:
        write(f"browser journeys: SKIPPED, {len(_outcomes)} tests not run — {MISSING}", yellow=True)
        return
    write(
        f"browser journeys: {counts['passed']} passed, {counts['failed']} failed, "
        f"{skipped} skipped or pending (Chromium at {chromium_path()}); "
        f"screenshots in {ARTIFACTS}",
        green=not counts["failed"],
        red=bool(counts["failed"]),
    )
    for nodeid, folder in _folders.items():
        shots = len(list(folder.rglob("[0-9]*.png")))
        if _outcomes.get(nodeid) == "failed":
            write(f"  {folder}: {shots} pages, failure.png and failure.html kept", red=True)
        else:
            write(f"  {folder}: {shots} pages")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if MISSING:
        pytest.fail(f"browser journeys required (DOCENT_REQUIRE_BROWSER=1): {MISSING}")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """This test's folder of screenshots, emptied first."""
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("tests/e2e/")[-1])
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _folders[request.node.nodeid] = folder
    return folder


@pytest.fixture
def journeys(
    request: pytest.FixtureRequest, browser: Any, live_server: Any, artifacts: Path
) -> Iterator[Callable[[str], Journey]]:
    """Opens journeys, each in a fresh browser context (another person, another browser);
    the first saves its pages in the test's folder, the others in a folder of their name.
    On failure each keeps the page it was on."""
    trips: list[Journey] = []

    def open_journey(name: str) -> Journey:
        folder = artifacts / name if trips else artifacts
        folder.mkdir(exist_ok=True)
        context = browser.new_context(**CONTEXT)
        context.set_default_timeout(15_000)
        trip = Journey(context=context, base_url=live_server.url, folder=folder)
        trips.append(trip)
        return trip

    yield open_journey
    report = getattr(request.node, "report_call", None)
    for trip in trips:
        if report is not None and report.failed:
            trip.keep_failure()
        trip.context.close()


@pytest.fixture
def journey(journeys: Callable[[str], Journey]) -> Journey:
    """One person's trip on the live server."""
    return journeys("main")


@pytest.fixture
def demo(transactional_db: None) -> Any:
    """The demo course and accounts (admin, instructor, student), as ``make run`` has them."""
    return demo_course()
