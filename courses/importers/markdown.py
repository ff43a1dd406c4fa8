"""Markdown (CommonMark plus tables) → Outline, split at the document's own headings.

markdown-it parses the text once; the top-level heading tokens cut the token stream into
sections, and each section's tokens are rendered to HTML on their own. Headings nested inside
block quotes or lists stay part of the body. Raw HTML is kept as written: the planner sanitizes.
Positions are 1-based Markdown source lines (markdown-it's ``Token.map``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from courses.outline import Outline, Section

# A YAML front-matter block (``---`` … ``---``/``...``) as static site generators write it.
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
_FRONT_MATTER_TITLE = re.compile(r"^title\s*:\s*(.*?)\s*$", re.I)
_FRONT_MATTER_MAX_LINES = 200


def _markdown() -> MarkdownIt:
    # "commonmark" allows raw HTML (html=True); GFM tables and ~~strikethrough~~ on top.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _strip_front_matter(text: str) -> tuple[str, str]:
    """Blank out a leading YAML front-matter block (keeping line numbers); return its title."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return text, ""
    end = None
    for index in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        if lines[index].rstrip() in ("---", "..."):
            end = index
            break
    if end is None or end == 1:
        return text, ""
    inner = lines[1:end]
    first = next((line for line in inner if line.strip()), "")
    if not _FRONT_MATTER_KEY.match(first):
        return text, ""  # a thematic break followed by ordinary text, not front matter
    title = ""
    for line in inner:
        match = _FRONT_MATTER_TITLE.match(line)
        if match:
            title = match.group(1).strip().strip("\"'").strip()
            break
    return "\n" * end + "\n" + "\n".join(lines[end + 1 :]), title


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: text, code and image alt text; markup and HTML dropped."""
    parts: list[str] = []
    stack = list(reversed(token.children or []))
    while stack:
        child = stack.pop()
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            stack.extend(reversed(child.children or []))
    return " ".join("".join(parts).split())


def _render(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]) -> str:
    if not tokens:
        return ""
    return md.renderer.render(list(tokens), md.options, env)


def parse_markdown(text: str) -> Outline:
    """Split Markdown into sections at its top-level headings (``#`` … ``######``, setext)."""
    text = text.lstrip("\ufeff")
    text, declared_title = _strip_front_matter(text)
    md = _markdown()
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)

    sections: list[Section] = []
    title, level, position, start = "", 0, 1, 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token.type == "heading_open"
            and token.level == 0
            and index + 2 < len(tokens)
            and tokens[index + 1].type == "inline"
        ):
            heading_title = _inline_text(tokens[index + 1])
            if heading_title:  # an empty heading ("#" alone) cuts nothing: it stays body
                body = _render(md, tokens[start:index], env)
                if title or body.strip():
                    sections.append(Section(title, level, body, position))
                title = heading_title
                level = int(token.tag[1:])
                position = (token.map[0] + 1) if token.map else position
                index += 3  # heading_open, inline, heading_close
                start = index
                continue
        elif start == index and not title and token.map and not sections:
            position = token.map[0] + 1  # the preamble starts at its first block
        index += 1

    body = _render(md, tokens[start:], env)
    if title or body.strip():
        sections.append(Section(title, level, body, position))
    return Outline(format="markdown", sections=tuple(sections), title=declared_title)
