"""PDF → Outline: real PDFs built with fpdf2, no database."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from courses.importers import plaintext
from courses.importers.detect import DocumentError, read_document
from courses.importers.pdf import parse_pdf
from courses.planning import plan_course

HEADING_SIZES = {1: 24, 2: 18, 3: 14}
BODY_SIZE = 11


class _Pdf(FPDF):
    running_header = ""
    page_numbers = False

    def header(self) -> None:
        if self.running_header:
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, self.running_header, new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        if self.page_numbers:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 10, str(self.page_no()), align="C")


def build_pdf(
    blocks: list[tuple], *, running_header: str = "", page_numbers: bool = False, **encryption
) -> bytes:
    """("h", level, text) headings, ("p", text) paragraphs, ("page",) page breaks."""
    pdf = _Pdf()
    pdf.running_header = running_header
    pdf.page_numbers = page_numbers
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.add_page()
    for block in blocks:
        if block[0] == "page":
            pdf.add_page()
        elif block[0] == "h":
            size = HEADING_SIZES[block[1]]
            pdf.set_font("Helvetica", "B", size)
            pdf.multi_cell(0, size * 0.5, block[2], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        else:
            pdf.set_font("Helvetica", size=block[2] if len(block) > 2 else BODY_SIZE)
            pdf.multi_cell(0, 6, block[1], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    return bytes(pdf.output())


LONG = "This sentence is long enough that several of them wrap onto new lines. " * 4

STRUCTURED = [
    ("h", 1, "The Handbook"),
    ("p", "Welcome to the handbook. " + LONG),
    ("h", 2, "Module A"),
    ("h", 3, "Lesson 1"),
    ("p", "Lesson one text. " + LONG),
    ("page",),
    ("h", 3, "Lesson 2"),
    ("p", "Lesson two text."),
    ("page",),
    ("h", 2, "Module B"),
    ("h", 3, "Lesson 3"),
    ("p", "Lesson three text."),
]


def test_larger_fonts_are_headings_with_levels_by_size_and_page_positions():
    outline = parse_pdf(build_pdf(STRUCTURED))

    assert outline.format == "pdf"
    assert [(s.title, s.level, s.position) for s in outline.sections] == [
        ("The Handbook", 1, 1),
        ("Module A", 2, 1),
        ("Lesson 1", 3, 1),
        ("Lesson 2", 3, 2),
        ("Module B", 2, 3),
        ("Lesson 3", 3, 3),
    ]


def test_heading_sizes_give_course_title_modules_and_lessons():
    plan = plan_course(parse_pdf(build_pdf(STRUCTURED)))

    assert plan.title == "The Handbook"
    assert [(m.title, [lesson.title for lesson in m.lessons]) for m in plan.modules] == [
        ("The Handbook", ["Introduction"]),
        ("Module A", ["Lesson 1", "Lesson 2"]),
        ("Module B", ["Lesson 3"]),
    ]


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    outline = parse_pdf(build_pdf(STRUCTURED))

    html = outline.sections[2].html
    assert html == f"<p>{('Lesson one text. ' + LONG).strip()}</p>"


def test_text_before_the_first_heading_is_a_level_zero_preamble():
    outline = parse_pdf(build_pdf([("p", "Opening words."), ("h", 2, "First"), ("p", "Body.")]))

    assert [(s.title, s.level, s.html) for s in outline.sections] == [
        ("", 0, "<p>Opening words.</p>"),
        ("First", 1, "<p>Body.</p>"),  # levels rank the sizes used: the largest is 1
    ]


def test_running_headers_and_page_numbers_are_dropped():
    blocks = [("h", 1, "Part"), ("p", "Page one text."), ("page",), ("p", "Page two text.")]
    blocks += [("page",), ("p", "Page three text.")]
    outline = parse_pdf(build_pdf(blocks, running_header="ACME Handbook 2024", page_numbers=True))

    everything = " ".join(s.title + " " + s.html for s in outline.sections)
    assert "ACME" not in everything
    for number in ("1", "2", "3"):
        assert f"<p>{number}</p>" not in everything
    assert "Page one text." in everything
    assert "Page three text." in everything


def test_a_paragraph_broken_by_a_page_continues_mid_sentence():
    pdf = _Pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, "Topic", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=BODY_SIZE)
    pdf.multi_cell(0, 6, "This sentence starts on one page and", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 6, "ends on the next one.", new_x="LMARGIN", new_y="NEXT")
    outline = parse_pdf(bytes(pdf.output()))

    assert outline.sections[0].html == (
        "<p>This sentence starts on one page and ends on the next one.</p>"
    )


def test_words_hyphenated_at_a_line_end_are_rejoined():
    outline = parse_pdf(
        build_pdf([("h", 1, "Words"), ("p", "A hyphenated exam-\nple of joining.")])
    )

    assert outline.sections[0].html == "<p>A hyphenated example of joining.</p>"


def test_bullet_lines_become_a_list():
    outline = parse_pdf(build_pdf([("h", 1, "List"), ("p", "- first item\n- second item")]))

    assert outline.sections[0].html == "<ul><li>first item</li><li>second item</li></ul>"


def test_every_paragraph_lands_in_exactly_one_section_in_order():
    paragraphs = [f"word{n}a word{n}b word{n}c word{n}d." for n in range(24)]
    blocks: list[tuple] = []
    for n, text in enumerate(paragraphs):
        if n and n % 4 == 0:
            blocks.append(("h", 1 + n % 3, f"Heading {n}"))
        if n and n % 10 == 0:
            blocks.append(("page",))
        blocks.append(("p", text))
    outline = parse_pdf(build_pdf(blocks, page_numbers=True))

    joined = "".join(section.html for section in outline.sections)
    for text in paragraphs:
        assert len([s for s in outline.sections if text in s.html]) == 1, text
    positions = [joined.index(text) for text in paragraphs]
    assert positions == sorted(positions)


def test_uniform_font_falls_back_to_the_plain_text_parser(monkeypatch):
    calls: list[str] = []
    original = plaintext.parse_text

    def spy(text: str):
        calls.append(text)
        return original(text)

    monkeypatch.setattr(plaintext, "parse_text", spy)
    data = build_pdf([("p", "Introduction"), ("p", LONG), ("page",), ("p", "Closing words.")])
    outline = parse_pdf(data)

    assert len(calls) == 1
    assert calls[0].strip().split("\n\n") == ["Introduction", LONG.strip(), "Closing words."]
    assert outline.format == "pdf"
    assert {s.position for s in outline.sections} <= {1, 2}
    assert "Closing words." in "".join(s.title + s.html for s in outline.sections)


def test_pdf_without_a_text_layer_asks_for_ocr():
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing only, like a scanned image
    pdf.add_page()
    pdf.line(10, 10, 100, 100)

    with pytest.raises(DocumentError, match="no text layer") as caught:
        parse_pdf(bytes(pdf.output()))
    assert "OCR" in str(caught.value)


def test_pdf_with_only_whitespace_text_has_no_text_layer():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "   ")
    with pytest.raises(DocumentError, match="no text layer"):
        parse_pdf(bytes(pdf.output()))


@pytest.mark.parametrize("fraction", [0.9, 0.5, 0.1])
def test_truncated_pdf_raises_a_clear_document_error(fraction):
    data = build_pdf(STRUCTURED)
    with pytest.raises(DocumentError, match=r"damaged|no text layer"):
        parse_pdf(data[: int(len(data) * fraction)])


def test_garbage_after_the_pdf_header_raises_a_document_error():
    with pytest.raises(DocumentError, match="damaged"):
        parse_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 4)


def test_password_protected_pdf_raises_a_clear_document_error():
    data = build_pdf(STRUCTURED, owner_password="owner", user_password="secret")
    with pytest.raises(DocumentError, match="password"):
        parse_pdf(data)


def test_pdf_encrypted_without_a_user_password_opens():
    outline = parse_pdf(build_pdf(STRUCTURED, owner_password="owner"))

    assert outline.sections[0].title == "The Handbook"


def test_read_document_sends_pdf_files_to_the_pdf_parser():
    outline = read_document(data=build_pdf(STRUCTURED), filename="handbook.pdf")

    assert outline.format == "pdf"
    assert outline.sections[0].title == "The Handbook"


def raw_pdf(content: bytes) -> bytes:
    """A one-page PDF around a hand-written content stream (as other producers write them)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_font_size_counts_text_and_transformation_matrices():
    content = b"""\
BT /F1 1 Tf 24 0 0 24 72 700 Tm (Big Heading) Tj ET
BT /F1 1 Tf 11 0 0 11 72 660 Tm (Body text line one that goes on) Tj ET
BT /F1 1 Tf 11 0 0 11 72 647 Tm (and continues here.) Tj ET
q 2 0 0 2 0 0 cm BT /F1 8 Tf 36 300 Td (Scaled Sub) Tj ET Q
BT /F1 11 Tf 72 560 Td (More body after the scaled heading.) Tj ET"""
    outline = parse_pdf(raw_pdf(content))

    assert [(s.title, s.level, s.html) for s in outline.sections] == [
        ("Big Heading", 1, "<p>Body text line one that goes on and continues here.</p>"),
        ("Scaled Sub", 2, "<p>More body after the scaled heading.</p>"),
    ]
