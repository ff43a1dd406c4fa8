"""Hostile text and the check that a page holds it inert.

Every payload carries the marker ``xss-probe``. A page is inert when, parsed as a browser
would, it has no script element whose code holds the marker, no event-handler attribute
(``on…``), and no ``javascript:`` URL in any attribute: escaped or stripped, either is fine.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

MARK = "xss-probe"
SCRIPT = f'<script>alert("{MARK}")</script>'
IMG = f'<img src=x onerror=alert("{MARK}")>'
LINK = f"<a href=\"javascript:alert('{MARK}')\">{MARK} link</a>"
SVG = f'<svg onload=alert("{MARK}")>'
PAYLOADS = (SCRIPT, IMG, LINK, SVG)
ALL = " ".join(PAYLOADS)

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20]+")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and value is not None:
                url = _SPACE_AND_CONTROL.sub("", value).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and MARK in data:
            self.found.append(f"<script>{data}</script>")


def live_payloads(html: str) -> list[str]:
    """The active pieces of markup in ``html``: scripts, event handlers, script URLs."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def assert_inert(html: str, where: str = "") -> None:
    found = live_payloads(html)
    assert not found, f"live markup on {where}: {found}"


def check_pages(client: Any, urls: list[str]) -> list[bool]:
    """GET each URL with ``client``: each must answer 200 and be inert. Whether each page
    shows the marker at all (escaped), so a test can tell it proved something."""
    shown = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert_inert(page, url)
        shown.append(MARK in page)
    return shown
