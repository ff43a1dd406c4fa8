"""Plain text → Outline: which bare lines are headings, and that no text is lost. No database."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest

from courses.importers.plaintext import parse_text
from courses.outline import Outline
from courses.planning import plan_course

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed-document.txt"

SEED_TITLES = [
    "Military Cooperation in Counter-Terrorism: An Overview",
    "The Importance of Military Diplomacy",
    "Historical Context of Military Cooperation",
    "Key Components of Effective Military Cooperation",
    "Case Studies of Successful Military Cooperation",
    "Challenges Faced in Military Cooperation",
    "Political Differences",
    "Legal and Ethical Issues",
    "The Role of Technology in Counter-Terrorism",
    "Future Trends in Military Cooperation",
    "Diplomatic Strategies for Enhancing Cooperation",
    "Building Trust Among Nations",
    "Communication and Coordination",
    "The Path Forward in Military Cooperation for Counter-Terrorism",
]

# --- realistic documents ---------------------------------------------------------------------

README = """\
Docent
Docent turns a document into an online course: every section becomes a lesson.

Installation
Docent needs Python 3.11 or newer. Install it with pip:
pip install docent
Then create the database:
docent migrate

Usage
Import a document from the command line:
docent import notes.txt --title "My course"
Supported formats:
- Plain text and Markdown
- HTML and Word documents
- PDF files with a text layer

Contributing
Bug reports and pull requests are welcome on the issue tracker.
See https://github.com/example/docent for details.

License
MIT License. Copyright 2024 The Docent Authors.
"""

_REPORT_PARAGRAPHS = {
    "Summary": [
        "The board met eleven times during the year and approved a new five-year plan for "
        "the maintenance of the river embankments. Spending stayed within the budget agreed "
        "in the spring, although the cost of materials rose sharply in the second half of "
        "the year.",
        "The committee thanks everyone who took part, and in particular Margaret Thompson, "
        "who chaired the working group for its first three years.",
    ],
    "Finances": [
        "Income from the levy rose by four per cent, in line with the forecast. The board "
        "kept its reserve at the level required by the regional authority and did not need "
        "to borrow.",
    ],
    "Delays": [
        "Work on the northern embankment stopped for six weeks in October because of high "
        "water. The contractor has agreed to add a second crew in the new year so that the "
        "work is finished before the spring floods.",
    ],
}
# Hard-wrapped at 72 columns, blank lines between paragraphs, short headings.
WRAPPED_REPORT = "\n\n".join(
    f"{heading}\n\n" + "\n\n".join(textwrap.fill(text, 72) for text in paragraphs)
    for heading, paragraphs in _REPORT_PARAGRAPHS.items()
)

ARTICLE = """\
The Quiet Return of the Night Train
By Jane Doe
March 3, 2024
https://example.com/articles/night-trains

Sleeper trains are coming back across Europe.
After decades of cuts, operators are adding routes and buying new carriages for long journeys.

Why Travellers Choose Them
Flying is faster, but many travellers now weigh the climate cost of a short flight.
A night train turns travel time into sleeping time.

What Comes Next
Several new routes open next year, and more are planned before the end of the decade.

Best regards,
Jane Doe
Transport Correspondent
jane.doe@example.com
"""

LETTER = """\
12 March 2024

Dear Ms Patel,

Thank you for your letter about the library's opening hours.

From April the library will open at eight in the morning on weekdays.

Sincerely

Tom Baker
Head Librarian
"""

NUMBERED = """\
This report sets out how the survey was run and what it found.

1 Introduction
This report describes the survey and its results.
1.1 Background
The survey was first run in 2019.
1.2 Scope
It covers all schools in the district.
2 Method
We sent a questionnaire to every teacher.
2.1 Sampling
Schools were chosen at random.
2.1.1 Weighting
Answers were weighted by school size.
3 Results
Most teachers answered within a week.
"""

UNDERLINED = """\
Field Guide
===========

A short guide to the birds of the estuary.

Waders
------

Waders feed on the mud at low tide.

Ducks and Geese
---------------

Most ducks arrive in October and leave in March.

* * *

Written for the estuary trust by its volunteers.
"""

ALL_CAPS = """\
SAFETY INSTRUCTIONS
Read these instructions before using the machine.

BEFORE YOU START
Check that the guard is in place and that the power cable is not damaged.

IN AN EMERGENCY
Press the red button on the front panel. The machine stops at once.
WARNING: NEVER OPEN THE CASE.
"""

NO_HEADINGS = """\
The meeting started at ten and ended at noon.
Everyone agreed to meet again next week.

The budget will be discussed at the next meeting.
"""

# name → (text, expected (title, level) of the headed sections, whether a preamble exists)
DOCUMENTS: dict[str, tuple[str, list[tuple[str, int]], bool]] = {
    "readme": (
        README,
        [("Docent", 1), ("Installation", 1), ("Usage", 1), ("Contributing", 1), ("License", 1)],
        False,
    ),
    "wrapped-report": (
        WRAPPED_REPORT,
        [("Summary", 1), ("Finances", 1), ("Delays", 1)],
        False,
    ),
    "article": (
        ARTICLE,
        [
            ("The Quiet Return of the Night Train", 1),
            ("Why Travellers Choose Them", 1),
            ("What Comes Next", 1),
        ],
        False,
    ),
    "letter": (LETTER, [], True),
    "numbered": (
        NUMBERED,
        [
            ("1 Introduction", 1),
            ("1.1 Background", 2),
            ("1.2 Scope", 2),
            ("2 Method", 1),
            ("2.1 Sampling", 2),
            ("2.1.1 Weighting", 3),
            ("3 Results", 1),
        ],
        True,
    ),
    "underlined": (
        UNDERLINED,
        [("Field Guide", 1), ("Waders", 2), ("Ducks and Geese", 2)],
        False,
    ),
    "all-caps": (
        ALL_CAPS,
        [("SAFETY INSTRUCTIONS", 1), ("BEFORE YOU START", 1), ("IN AN EMERGENCY", 1)],
        False,
    ),
    "no-headings": (NO_HEADINGS, [], True),
}

# --- helpers ---------------------------------------------------------------------------------

_MARKER = re.compile(r"^(?:[-*•]|\d+[.)]|[a-z]\))\s+")
_TAG = re.compile(r"<[^>]+>")


def headed(outline: Outline) -> list[tuple[str, int]]:
    return [(s.title, s.level) for s in outline.sections if s.level > 0]


def section(outline: Outline, title: str):
    (found,) = [s for s in outline.sections if s.title == title]
    return found


def plain(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def source_words(text: str) -> list[str]:
    """The words of a document, in order: list markers, "#" marks and rule lines left out."""
    words: list[str] = []
    for line in text.splitlines():
        line = _MARKER.sub("", line.strip().lstrip("#").strip())
        if any(c.isalnum() for c in line):
            words.extend(line.split())
    return words


def outline_words(outline: Outline) -> list[str]:
    """The words of an outline, in order: each section's title, then its body."""
    return [word for s in outline.sections for word in f"{s.title} {plain(s.html)}".split()]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# --- the seed document -----------------------------------------------------------------------


def test_the_seed_has_a_preamble_then_its_fourteen_headings_in_order(seed_text):
    outline = parse_text(seed_text)
    lines = [line.strip() for line in seed_text.splitlines()]

    assert outline.format == "text"
    assert all(title in lines for title in SEED_TITLES)  # the expected titles are the file's
    assert headed(outline) == [(title, 1) for title in SEED_TITLES]
    preamble = outline.sections[0]
    assert (preamble.title, preamble.level, preamble.position) == ("", 0, 1)
    assert preamble.html == f"<p>{html.escape(lines[0], quote=False)}</p>" + (
        f"<p>{html.escape(lines[1], quote=False)}</p>"
    )
    assert [s.position for s in outline.sections[1:]] == [
        lines.index(title) + 1 for title in SEED_TITLES
    ]


def test_the_seed_plans_into_fifteen_lessons(seed_text):
    plan = plan_course(parse_text(seed_text))

    titles = [lesson.title for lesson in plan.lessons]
    assert len(titles) == 15
    assert titles[0] == "Introduction"
    assert titles[1:] == SEED_TITLES


@pytest.mark.parametrize(
    ("title", "introduction", "items"),
    [
        (
            "Legal and Ethical Issues",
            "The resolution of these issues can be approached through measures such as:",
            3,
        ),
        (
            "The Role of Technology in Counter-Terrorism",
            "Key technological tools contributing to effective military cooperation include:",
            3,
        ),
    ],
)
def test_the_seeds_lists_render_as_lists_after_their_introducing_paragraph(
    seed_text, title, introduction, items
):
    body = section(parse_text(seed_text), title).html

    assert f"<p>{introduction}</p><ul>" in body
    assert body.count("<li>") == items
    assert "<li>- " not in body  # the marker is not part of the item


def test_every_line_of_the_seed_lands_in_exactly_one_section(seed_text):
    outline = parse_text(seed_text)
    texts = [plain(s.html) for s in outline.sections]
    titles = [s.title for s in outline.sections]

    for raw in seed_text.splitlines():
        line = raw.strip().removeprefix("- ")
        if not line:
            continue
        in_titles = titles.count(line)
        in_bodies = sum(html.escape(line, quote=False) in s.html for s in outline.sections)
        assert in_titles + in_bodies == 1, line
        if not in_titles:
            assert sum(line in text for text in texts) == 1, line


# --- realistic documents ---------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTS)
def test_it_finds_the_headings_a_reader_sees(name):
    text, expected, has_preamble = DOCUMENTS[name]
    outline = parse_text(text)

    assert headed(outline) == expected
    assert (outline.sections[0].level == 0) is has_preamble


@pytest.mark.parametrize("name", [*DOCUMENTS, "seed"])
def test_nothing_is_lost_every_word_lands_once_in_document_order(name, seed_text):
    text = seed_text if name == "seed" else DOCUMENTS[name][0]

    assert outline_words(parse_text(text)) == source_words(text)


def test_the_readme_keeps_commands_and_links_in_their_sections():
    outline = parse_text(README)

    assert "<p>pip install docent</p>" in section(outline, "Installation").html
    assert "<p>docent migrate</p>" in section(outline, "Installation").html
    usage = section(outline, "Usage").html
    assert "<p>Supported formats:</p><ul><li>Plain text and Markdown</li>" in usage
    assert "https://github.com/example/docent" in section(outline, "Contributing").html


def test_a_hard_wrapped_paragraph_is_one_paragraph_and_its_first_line_no_heading():
    lines = WRAPPED_REPORT.splitlines()
    # The report really is wrapped at 72, and one paragraph's first line looks like a title
    # (short, capitalised, no full stop) with a capitalised name starting the next line.
    assert max(len(line) for line in lines) <= 72
    first = next(line for line in lines if line.startswith("The committee thanks"))
    assert not first.endswith((".", ","))
    assert len(first.split()) <= 12
    assert lines[lines.index(first) + 1][0].isupper()

    outline = parse_text(WRAPPED_REPORT)

    summary = section(outline, "Summary").html
    assert summary.count("<p>") == 2
    for paragraph in _REPORT_PARAGRAPHS["Summary"]:
        assert f"<p>{paragraph}</p>" in summary
    assert "five-year plan" in summary  # a hyphen at a line end stays, joined without a space


@pytest.mark.parametrize(
    "text",
    [
        # the first line of a wrapped paragraph: the sentence goes on in lowercase
        "Intro sentence.\nThe board thanked its Chair\nand the audit committee for their work.\n",
        # the short last line of a wrapped paragraph: the previous line does not end a sentence
        "Intro sentence.\nThe meeting was chaired this year by our\nMargaret Thompson\n"
        "She opened the meeting at ten.\n",
    ],
    ids=["first-line", "last-line"],
)
def test_lines_of_a_wrapped_paragraph_are_not_headings(text):
    outline = parse_text(text)

    assert headed(outline) == []
    assert outline_words(outline) == source_words(text)


def test_author_date_url_and_signature_lines_stay_in_the_body():
    outline = parse_text(ARTICLE)

    first = section(outline, "The Quiet Return of the Night Train").html
    assert "<p>By Jane Doe</p><p>March 3, 2024</p>" in first
    assert "<p>https://example.com/articles/night-trains</p>" in first
    last = section(outline, "What Comes Next").html
    assert last.endswith(
        "<p>Best regards,</p><p>Jane Doe</p><p>Transport Correspondent</p>"
        "<p>jane.doe@example.com</p>"
    )


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "Written by Jane Doe and Sam Lee",
        "Author: Jane Doe",
        "12 March 2024",
        "2024-03-12",
        "Updated: May 3, 2024",
        "https://example.com/guide",
        "Jane Doe <jane@example.com>",
    ],
)
def test_metadata_lines_are_never_headings(line):
    text = f"Some opening words.\n{line}\nThe body text follows in a full sentence.\n"

    assert headed(parse_text(text)) == []


def test_a_title_starting_with_by_is_still_a_heading():
    outline = parse_text("Some opening words.\nBy the Numbers\nSales rose by a third.\n")

    assert headed(outline) == [("By the Numbers", 1)]


@pytest.mark.parametrize("sign_off", ["Best regards,", "Sincerely", "Thanks,", "Kind regards"])
def test_a_signature_at_the_end_is_not_a_heading(sign_off):
    text = (
        "Thank you for the update on the project.\n\n"
        f"{sign_off}\n\nJane Doe\nProject Lead\nPhone: 555 0100\n"
    )
    outline = parse_text(text)

    assert headed(outline) == []
    assert outline_words(outline) == source_words(text)


def test_a_name_at_the_end_with_nothing_after_it_is_not_a_heading():
    outline = parse_text("Thank you all for coming to the open day.\nJane Doe\n")

    assert headed(outline) == []


# --- lists -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "tag"),
    [("- ", "ul"), ("* ", "ul"), ("• ", "ul"), ("{n}. ", "ol"), ("{a}) ", "ol")],
)
@pytest.mark.parametrize("introduced", [True, False], ids=["with-colon-line", "bare"])
def test_list_items_are_never_headings_and_render_as_a_list(marker, tag, introduced):
    items = ["Warm Jacket", "Walking Boots", "Water Bottle"]
    lines = ["Packing List"]
    if introduced:
        lines.append("Bring the following:")
    lines += [marker.format(n=n, a="abc"[n - 1]) + item for n, item in enumerate(items, 1)]
    lines.append("The walk takes about four hours.")
    outline = parse_text("\n".join(lines))

    assert headed(outline) == [("Packing List", 1)]
    body = outline.sections[0].html
    intro = "<p>Bring the following:</p>" if introduced else ""
    lis = "".join(f"<li>{item}</li>" for item in items)
    assert body == f"{intro}<{tag}>{lis}</{tag}><p>The walk takes about four hours.</p>"


def test_a_line_ending_in_a_colon_is_never_a_heading_even_before_a_blank_line():
    text = "Please note the following:\n\nImportant Safety Information\nDo not run.\n"
    outline = parse_text(text)

    assert headed(outline) == []
    assert outline.sections[0].html.startswith("<p>Please note the following:</p>")


def test_numbered_headings_with_dots_are_told_apart_from_numbered_lists():
    text = """\
1. Introduction
This guide covers the basics.
Steps to follow:
1. Install the tool.
2. Run it.

2. Methods
We used two methods.

3. Results
Both worked.
"""
    outline = parse_text(text)

    assert headed(outline) == [("1. Introduction", 1), ("2. Methods", 1), ("3. Results", 1)]
    assert "<ol><li>Install the tool.</li><li>Run it.</li></ol>" in outline.sections[0].html


def test_a_table_of_contents_does_not_become_empty_headings():
    contents = "Contents\n1 Introduction\n2 Method\n2.1 Sampling\n3 Results\n\n"
    outline = parse_text(contents + NUMBERED.split("\n\n", 1)[1])

    assert headed(outline) == DOCUMENTS["numbered"][1]
    assert (
        plain(outline.sections[0].html) == "Contents 1 Introduction 2 Method 2.1 Sampling 3 Results"
    )


def test_numbered_headings_give_modules_and_lessons_when_planned():
    plan = plan_course(parse_text(NUMBERED))

    assert [(m.title, [lesson.title for lesson in m.lessons]) for m in plan.modules][1:] == [
        ("1 Introduction", ["1 Introduction", "1.1 Background", "1.2 Scope"]),
        ("2 Method", ["2 Method", "2.1 Sampling"]),
        ("3 Results", ["3 Results"]),
    ]
    sampling = next(lesson for lesson in plan.lessons if lesson.title == "2.1 Sampling")
    assert "<h3>2.1.1 Weighting</h3>" in sampling.html


def test_a_chapter_label_above_a_title_makes_two_headings():
    text = "Chapter 2\nMethods\nWe measured everything twice.\n"

    assert headed(parse_text(text)) == [("Chapter 2", 1), ("Methods", 1)]


@pytest.mark.parametrize(
    ("question", "is_heading"),
    [("What Is Docent?", True), ("Why does this matter so much?", False)],
)
def test_a_question_is_a_heading_only_when_it_looks_like_a_title(question, is_heading):
    outline = parse_text(f"Some opening words.\n{question}\nIt turns documents into courses.\n")

    assert (headed(outline) == [(question, 1)]) is is_heading


# --- markup, rules, whitespace ---------------------------------------------------------------


def test_underlines_are_not_content_and_a_separator_becomes_a_rule():
    outline = parse_text(UNDERLINED)

    assert [s.position for s in outline.sections] == [1, 6, 11]
    assert not any("===" in s.html or "---" in s.html for s in outline.sections)
    assert section(outline, "Ducks and Geese").html == (
        "<p>Most ducks arrive in October and leave in March.</p><hr>"
        "<p>Written for the estuary trust by its volunteers.</p>"
    )


def test_a_setext_title_with_an_overline_and_markdown_hashes_are_headings():
    text = "=========\nTitle Doc\n=========\n\nIntro text.\n\n## Setup\nRun the installer.\n"
    outline = parse_text(text)

    assert headed(outline) == [("Title Doc", 1), ("Setup", 2)]
    assert [s.html for s in outline.sections] == ["<p>Intro text.</p>", "<p>Run the installer.</p>"]


def test_a_document_without_headings_is_one_preamble_with_a_paragraph_per_line():
    outline = parse_text(NO_HEADINGS)

    assert len(outline.sections) == 1
    assert (outline.sections[0].title, outline.sections[0].level) == ("", 0)
    assert outline.sections[0].html.count("<p>") == 3


@pytest.mark.parametrize("name", [*DOCUMENTS, "seed"])
def test_windows_line_endings_tabs_and_non_breaking_spaces_do_not_matter(name, seed_text):
    text = seed_text if name == "seed" else DOCUMENTS[name][0]
    messy = "\r\n".join(
        f"  {line.replace(' ', chr(0xA0), 1)}\t " if line.strip() else " \t"
        for line in text.split("\n")
    )

    assert parse_text(messy) == parse_text(text)


def test_empty_or_blank_text_has_no_sections():
    assert parse_text("").sections == ()
    assert parse_text(" \n\t\r\n").sections == ()


def test_body_text_is_escaped_for_html():
    outline = parse_text("Tags\nUse <b> & <i> for emphasis.\n")

    assert outline.sections[0].html == "<p>Use &lt;b&gt; &amp; &lt;i&gt; for emphasis.</p>"


def test_a_ten_thousand_section_document_keeps_every_section():
    # Speed is measured in bench/import_scaling.py, not asserted here.
    text = "".join(
        f"Section Number {n}\nThe body of section {n} explains one idea in a full sentence.\n"
        f"A second paragraph of section {n} adds a detail.\n\n"
        for n in range(10_000)
    )
    assert len(text.splitlines()) >= 40_000

    outline = parse_text(text)

    assert len(outline.sections) == 10_000
    assert outline.sections[-1].title == "Section Number 9999"
