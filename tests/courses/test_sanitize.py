"""Lesson HTML is cleaned of everything that could run in a reader's browser."""

from __future__ import annotations

import pytest

from courses.sanitize import html_to_text, sanitize_html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<script>alert(1)</script><p>x</p>", "alert"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">go</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">go</a>', "alert"),
        ('<svg onload="alert(1)"><circle/></svg>', "onload"),
        ("<style>body{display:none}</style><p>x</p>", "display"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ('<form action="/steal"><input name="p"></form>', "<input"),
    ],
)
def test_hostile_markup_is_removed(dirty, forbidden):
    assert forbidden.lower() not in sanitize_html(dirty).lower()


def test_ordinary_formatting_survives():
    html = '<h3>T</h3><p>A <strong>b</strong> <em>c</em> <a href="https://x.org">d</a></p><ul><li>e</li></ul>'
    clean = sanitize_html(html)
    for part in (
        "<h3>T</h3>",
        "<strong>b</strong>",
        "<em>c</em>",
        'href="https://x.org"',
        "<li>e</li>",
    ):
        assert part in clean


def test_plain_text_keeps_one_line_per_block_and_list_items():
    assert html_to_text("<p>One  two</p><ul><li>three</li><li>four</li></ul>") == (
        "One two\n- three\n- four"
    )
