"""Moving through a page with the keyboard alone: Tab, Shift+Tab, arrows, Space and Enter.

Each helper presses keys a bounded number of times and fails if it never gets there, and
checks at every stop that the focused control shows where the focus is.
"""

from __future__ import annotations

from typing import Any

TAB_LIMIT = 120


def focused_matches(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        )
    )


def focused_description(page: Any) -> str:
    return str(
        page.evaluate(
            "() => { const e = document.activeElement; if (!e) return 'nothing';"
            " return e.tagName + (e.id ? '#' + e.id : '') + ' ' +"
            " (e.innerText || e.value || '').trim().slice(0, 40); }"
        )
    )


# What covers the middle of the focused element ('' when nothing does): a sticky bar or a
# header over a field the keyboard reached hides the focus as surely as a missing outline.
COVERING = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) return 'off screen';
  const top = document.elementFromPoint(x, y);
  if (!top || e === top || e.contains(top)) return '';
  return top.tagName + '.' + [...top.classList].join('.');
}"""


def assert_focus_visible(page: Any) -> None:
    """The focused element draws an outline or a focus ring (box-shadow), in plain view."""
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow}; }"
    )
    ring = style["shadow"] not in ("none", "")
    outline = style["outline"] not in ("none", "") and style["width"] not in ("0px", "")
    assert ring or outline, f"no visible focus on {focused_description(page)}: {style}"
    covering = page.evaluate(COVERING)
    assert not covering, f"the focus on {focused_description(page)} is hidden: {covering}"


def tab_to(page: Any, selector: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if focused_matches(page, selector):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{key} never reached {selector}; focus is on {focused_description(page)}")


def arrow_to_radio(page: Any, selector: str) -> None:
    """Within a focused radio group, arrow down to the radio ``selector`` and select it."""
    for _ in range(20):
        if focused_matches(page, selector):
            page.keyboard.press("Space")
            assert page.locator(selector).is_checked()
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never reached {selector}")


def arrow_to_option(page: Any, label: str) -> None:
    """In a focused, closed <select>, press ArrowDown until the option ``label`` is chosen."""
    chosen = "() => document.activeElement.selectedOptions[0].text.trim()"
    for _ in range(30):
        if page.evaluate(chosen) == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r}; chosen: {page.evaluate(chosen)!r}")


def press_and_follow(page: Any, key: str = "Enter") -> None:
    """Press a key that loads another page (a link, a button, a form), and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def press_on(page: Any, selector: str, key: str = "Enter") -> None:
    """Tab to a link or button and press it."""
    tab_to(page, selector)
    press_and_follow(page, key)
