"""A person's trip through the app in one browser context: pages, screenshots, axe checks.

Every page a journey reaches is announced with ``arrive(name)``: it waits for the page, saves
a numbered screenshot, and runs axe-core on it (serious and critical violations fail the
test). ``finish()`` fails if the browser showed a page that was never checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .axe import serious_violations

DEMO_PASSWORD = "docent-demo"
# A full-page screenshot draws a bottom-sticky element where the window's edge was, across
# the middle of the page: in the pictures the attempt's bar of buttons sits where the page
# puts it. (What the bar covers in a real window is checked by tests/e2e/keys.py.) Set
# through the CSSOM, which the Content-Security-Policy allows, unlike an injected <style>.
UNSTICK = (
    "flat => document.querySelectorAll('.attempt-actions')"
    ".forEach(e => { e.style.position = flat ? 'static' : ''; })"
)


class Journey:
    def __init__(self, *, context: Any, base_url: str, folder: Path) -> None:
        self.context = context
        self.base_url = base_url
        self.folder = folder
        self.shots: list[Path] = []
        self.visited: list[str] = []  # every page the browser showed, in order
        self.checked: set[str] = set()
        self.page = self.new_tab()

    # Pages and tabs ------------------------------------------------------------------------

    def new_tab(self) -> Any:
        """Open a tab (the previous one stays as it is) and make it the journey's page."""
        page = self.context.new_page()

        def navigated(frame: Any) -> None:
            if frame.parent_frame is None:
                self.visited.append(self._where(frame.url))

        page.on("framenavigated", navigated)
        self.page = page
        return page

    def close_tab(self) -> None:
        self.page.close()

    def goto(self, path: str) -> None:
        """Type an address in the address bar."""
        self.page.goto(self.base_url + path)

    def path(self) -> str:
        return self._where(self.page.url)

    def _where(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def arrive(self, name: str, *, heading: str | None = None) -> None:
        """The page the journey reached: wait, screenshot, check accessibility."""
        page = self.page
        page.wait_for_load_state("load")
        if heading is not None:
            h1 = page.locator("h1")
            assert h1.count() == 1, f"{name}: expected one h1, found {h1.count()}"
            assert heading in h1.inner_text(), f"{name}: h1 is {h1.inner_text()!r}"
        slug = re.sub(r"[^\w-]+", "-", name)
        shot = self.folder / f"{len(self.shots) + 1:02d}-{slug}.png"
        page.evaluate(UNSTICK, True)
        page.screenshot(path=str(shot), full_page=True)
        page.evaluate(UNSTICK, False)
        self.shots.append(shot)
        problems = serious_violations(page)
        assert not problems, f"{name} ({self.path()}) fails accessibility checks:\n" + (
            "\n".join(problems)
        )
        self.checked.add(self.path())

    def finish(self) -> None:
        """Every page the browser showed went through ``arrive``."""
        unchecked = [p for p in dict.fromkeys(self.visited) if p not in self.checked]
        unchecked = [p for p in unchecked if not p.startswith("blank")]
        assert not unchecked, f"pages shown but never checked: {unchecked}"

    def keep_failure(self) -> None:
        """Keep the page a failed test ended on: its screenshot and its HTML."""
        pages = [p for p in self.context.pages if not p.is_closed()]
        if not pages:
            return
        page = pages[-1]
        page.screenshot(path=str(self.folder / "failure.png"), full_page=True)
        (self.folder / "failure.html").write_text(page.content(), encoding="utf-8")

    # Steps every journey takes ---------------------------------------------------------------

    def log_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/accounts/login/")
        self.arrive("log in", heading="Log in")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.locator("main").get_by_role("button", name="Log in").click()
        self.page.wait_for_load_state("load")
        assert "/accounts/login/" not in self.page.url, f"{username} could not log in"
        self.arrive(f"logged in as {username}")
