"""axe-core on a page, with the script the axe-playwright-python wheel ships (no network).

``page.evaluate`` injects it through the DevTools protocol, so a strict Content-Security-Policy
on the page does not block it.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

FAILING_IMPACTS = {"serious", "critical"}


def violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return list(results["violations"])


def serious_violations(page: Any) -> list[str]:
    """One readable line per failing rule, with up to three of the elements it flagged."""
    lines = []
    for violation in violations(page):
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        lines.append(f"- {violation['impact']} {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:3]:
            snippet = " ".join(node["html"].split())[:160]
            lines.append(f"    {', '.join(map(str, node['target']))}: {snippet}")
    return lines
