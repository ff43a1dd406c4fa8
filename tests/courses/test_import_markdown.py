"""Markdown → Outline: pure parsing, no database."""

from __future__ import annotations

import re

from courses.importers.detect import read_document
from courses.importers.markdown import parse_markdown
from courses.planning import plan_course

STRUCTURED = """\
# The Course

Welcome to the course.

## Module A

### Lesson 1

Lesson one text.

#### Deeper

Deep text stays in lesson one.

### Lesson 2

Lesson two text.

## Module B

### Lesson 3

Lesson three text.
"""


def test_sections_have_markdown_titles_levels_and_source_lines():
    outline = parse_markdown(STRUCTURED)

    assert outline.format == "markdown"
    assert [(s.title, s.level, s.position) for s in outline.sections] == [
        ("The Course", 1, 1),
        ("Module A", 2, 5),
        ("Lesson 1", 3, 7),
        ("Deeper", 4, 11),
        ("Lesson 2", 3, 15),
        ("Module B", 2, 19),
        ("Lesson 3", 3, 21),
    ]
    assert outline.sections[0].html.strip() == "<p>Welcome to the course.</p>"


def test_heading_levels_give_modules_and_lessons_and_deeper_headings_stay_inside():
    plan = plan_course(parse_markdown(STRUCTURED))

    assert plan.title == "The Course"  # the single top heading names the course
    assert [(m.title, [lesson.title for lesson in m.lessons]) for m in plan.modules] == [
        ("The Course", ["Introduction"]),
        ("Module A", ["Lesson 1", "Lesson 2"]),
        ("Module B", ["Lesson 3"]),
    ]
    lesson_one = plan.modules[1].lessons[0]
    assert "<h3>Deeper</h3>" in lesson_one.html
    assert "Deep text stays in lesson one." in lesson_one.text


def test_text_before_the_first_heading_is_a_level_zero_section_with_empty_title():
    outline = parse_markdown("\n\nSome opening words.\n\n# First\n\nBody.\n")

    preamble = outline.sections[0]
    assert (preamble.title, preamble.level, preamble.position) == ("", 0, 3)
    assert "Some opening words." in preamble.html
    assert [lesson.title for lesson in plan_course(outline).lessons] == ["Introduction", "First"]


def test_setext_headings_and_inline_markup_give_plain_titles():
    outline = parse_markdown(
        "Title *with* `code` and ![an image](x.png)\n=====\n\nText.\n\nPart\n----\n\nMore.\n"
    )

    assert [(s.title, s.level) for s in outline.sections] == [
        ("Title with code and an image", 1),
        ("Part", 2),
    ]


def test_lists_tables_emphasis_links_and_code_blocks_are_kept_as_html():
    outline = parse_markdown(
        "# Lesson\n\n"
        "Some **bold** and *italic* ~~struck~~ text with a [link](https://example.com).\n\n"
        "- one\n- two\n\n"
        "1. first\n2. second\n\n"
        "| Name | Value |\n|------|-------|\n| a    | 1     |\n\n"
        "```python\nprint('hi')\n```\n"
    )

    html = outline.sections[0].html
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<s>struck</s>" in html
    assert '<a href="https://example.com">link</a>' in html
    assert "<ul>" in html
    assert "<li>one</li>" in html
    assert "<ol>" in html
    assert "<li>second</li>" in html
    assert "<table>" in html
    assert "<th>Name</th>" in html
    assert "<td>1</td>" in html
    assert "<pre><code" in html
    assert "print('hi')" in html


def test_headings_inside_block_quotes_lists_and_code_do_not_cut_sections():
    outline = parse_markdown(
        "# Only\n\n> ## Quoted heading\n\n- ## Listed heading\n\n```\n# not a heading\n```\n"
    )

    assert [s.title for s in outline.sections] == ["Only"]
    html = outline.sections[0].html
    assert "Quoted heading" in html
    assert "Listed heading" in html
    assert "# not a heading" in html


def test_an_empty_heading_does_not_cut_a_section():
    outline = parse_markdown("# Real\n\nbefore\n\n#\n\nafter\n")

    assert [s.title for s in outline.sections] == ["Real"]
    assert "before" in outline.sections[0].html
    assert "after" in outline.sections[0].html


def test_every_paragraph_lands_in_exactly_one_section_in_order():
    paragraphs = [f"word{n}a word{n}b word{n}c." for n in range(30)]
    parts = [paragraphs[0]]
    for n, paragraph in enumerate(paragraphs[1:], start=1):
        if n % 5 == 0:
            parts.append(f"{'#' * (1 + n % 3)} Heading {n}")
        parts.append(paragraph)
    outline = parse_markdown("\n\n".join(parts))

    joined = "".join(section.html for section in outline.sections)
    for paragraph in paragraphs:
        holders = [s for s in outline.sections if paragraph in s.html]
        assert len(holders) == 1, paragraph
    positions = [joined.index(paragraph) for paragraph in paragraphs]
    assert positions == sorted(positions)


def test_scripts_styles_and_event_handlers_in_raw_html_are_gone_after_planning():
    outline = parse_markdown(
        "# Lesson\n\n"
        "<script>alert('x')</script>\n\n"
        "<style>body { display: none }</style>\n\n"
        'Text with <img src="https://example.com/a.png" onerror="alert(1)"> and '
        '<a href="javascript:alert(2)" onclick="alert(3)">a link</a>.\n'
    )
    assert "<script>" in outline.sections[0].html  # the parser keeps raw HTML as written

    lesson = plan_course(outline).lessons[0]
    assert "script" not in lesson.html
    assert "alert" not in lesson.html
    assert "display" not in lesson.html
    assert "onerror" not in lesson.html
    assert "javascript" not in lesson.html
    assert "a link" in lesson.text


def test_yaml_front_matter_gives_the_title_and_is_not_a_section():
    outline = parse_markdown('---\ntitle: "Front Matter Title"\ntags: [a, b]\n---\n\n# One\n\nx\n')

    assert outline.title == "Front Matter Title"
    assert [(s.title, s.position) for s in outline.sections] == [("One", 6)]
    assert "tags" not in outline.sections[0].html


def test_a_document_starting_with_a_thematic_break_keeps_it():
    outline = parse_markdown("---\n\nJust text.\n\n# Heading\n\nbody\n")

    assert outline.title == ""
    assert outline.sections[0].level == 0
    assert "<hr" in outline.sections[0].html
    assert "Just text." in outline.sections[0].html


def test_read_document_sends_md_files_to_the_markdown_parser():
    outline = read_document(data=b"# Hello\n\nWorld\n", filename="notes.md")

    assert outline.format == "markdown"
    assert outline.sections[0].title == "Hello"


def test_ten_thousand_sections_all_arrive_in_order():
    text = "".join(
        f"## Section {n}\n\nSome *text* for section {n} with a [link](https://x.org/{n}).\n\n"
        for n in range(10_000)
    )
    # How fast is bench/import_scaling.py's business; this checks nothing is dropped at size.
    outline = parse_markdown(text)

    assert len(outline.sections) == 10_000
    assert re.search(r"section 9999\b", outline.sections[-1].html)
