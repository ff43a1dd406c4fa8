"""Plain text whose headings are bare lines. (Placeholder: naive rules, to be replaced.)"""

from __future__ import annotations

from courses.outline import Outline, Section
from courses.sanitize import text_to_html


def _looks_like_heading(line: str) -> bool:
    return len(line.split()) <= 12 and not line.rstrip().endswith((".", ":", ",", ";", "!", "?"))


def parse_text(text: str) -> Outline:
    sections: list[Section] = []
    title, level, position, body = "", 0, 1, list[str]()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if _looks_like_heading(line):
            if title or body:
                sections.append(Section(title, level, "".join(body), position))
            title, level, position, body = line, 1, number, []
        else:
            body.append(f"<p>{text_to_html(line)}</p>")
    if title or body:
        sections.append(Section(title, level, "".join(body), position))
    return Outline(format="text", sections=tuple(sections))
