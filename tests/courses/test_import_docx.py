"""Word (.docx) → Outline: real documents built with python-docx, no database."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from courses.importers.detect import DocumentError, read_document
from courses.importers.docx import parse_docx
from courses.planning import plan_course


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def structured_document():
    document = Document()
    document.add_paragraph("Opening words before any heading.")  # paragraph 1
    document.add_heading("Declared Title", 0)  # 2: the "Title" style
    document.add_heading("Module A", 1)  # 3
    document.add_heading("Lesson 1", 2)  # 4
    document.add_paragraph("Lesson one text.")  # 5
    document.add_heading("Deeper", 3)  # 6
    document.add_paragraph("Deep text.")  # 7
    document.add_heading("Lesson 2", 2)  # 8
    document.add_paragraph("Lesson two text.")  # 9
    document.add_heading("Module B", 1)  # 10
    document.add_heading("Lesson 3", 2)  # 11
    document.add_paragraph("Lesson three text.")  # 12
    return document


def test_heading_styles_give_sections_with_levels_and_paragraph_positions():
    outline = parse_docx(save(structured_document()))

    assert outline.format == "docx"
    assert outline.title == "Declared Title"
    assert [(s.title, s.level, s.position) for s in outline.sections] == [
        ("", 0, 1),
        ("Module A", 1, 3),
        ("Lesson 1", 2, 4),
        ("Deeper", 3, 6),
        ("Lesson 2", 2, 8),
        ("Module B", 1, 10),
        ("Lesson 3", 2, 11),
    ]
    assert outline.sections[0].html == "<p>Opening words before any heading.</p>"


def test_heading_levels_give_modules_and_lessons_and_deeper_headings_stay_inside():
    plan = plan_course(parse_docx(save(structured_document())))

    assert plan.title == "Declared Title"
    assert [(m.title, [lesson.title for lesson in m.lessons]) for m in plan.modules] == [
        ("Declared Title", ["Introduction"]),
        ("Module A", ["Lesson 1", "Lesson 2"]),
        ("Module B", ["Lesson 3"]),
    ]
    lesson_one = plan.modules[1].lessons[0]
    assert "<h3>Deeper</h3>" in lesson_one.html
    assert "Deep text." in lesson_one.text


def test_a_single_top_heading_names_the_course():
    document = Document()
    document.add_heading("Only Top", 1)
    document.add_paragraph("Welcome.")
    document.add_heading("One", 2)
    document.add_heading("Two", 2)
    plan = plan_course(parse_docx(save(document)))

    assert plan.title == "Only Top"
    assert [lesson.title for lesson in plan.lessons] == ["Introduction", "One", "Two"]


def test_core_title_property_is_the_title_when_no_title_paragraph():
    document = Document()
    document.core_properties.title = "From Properties"
    document.add_heading("A", 1)
    assert parse_docx(save(document)).title == "From Properties"

    untitled = Document()
    untitled.add_paragraph("x")
    assert parse_docx(save(untitled)).title == ""


def test_bold_italic_underline_and_links_are_kept():
    document = Document()
    document.add_heading("Lesson", 1)
    paragraph = document.add_paragraph("plain ")
    paragraph.add_run("bold").bold = True
    paragraph.add_run(" and ")
    paragraph.add_run("italic").italic = True
    paragraph.add_run(" and ")
    both = paragraph.add_run("both")
    both.bold = both.italic = True
    paragraph.add_run(" ")
    paragraph.add_run("under").underline = True
    paragraph.add_run(" <not a tag> ")
    link = OxmlElement("w:hyperlink")
    link.set(
        qn("r:id"),
        document.part.relate_to(
            "https://example.com/",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            is_external=True,
        ),
    )
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "a link"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    html = parse_docx(save(document)).sections[0].html

    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<strong><em>both</em></strong>" in html
    assert "<u>under</u>" in html
    assert "&lt;not a tag&gt;" in html
    assert '<a href="https://example.com/">a link</a>' in html


def test_list_styles_become_nested_bulleted_and_numbered_lists():
    document = Document()
    document.add_heading("Lists", 1)
    document.add_paragraph("bullet one", style="List Bullet")
    document.add_paragraph("nested", style="List Bullet 2")
    document.add_paragraph("bullet two", style="List Bullet")
    document.add_paragraph("between")
    document.add_paragraph("step one", style="List Number")
    document.add_paragraph("step two", style="List Number")
    html = parse_docx(save(document)).sections[0].html

    assert html == (
        "<ul><li>bullet one<ul><li>nested</li></ul></li><li>bullet two</li></ul>"
        "<p>between</p>"
        "<ol><li>step one</li><li>step two</li></ol>"
    )


def test_numbering_properties_on_a_plain_paragraph_make_a_list_item():
    document = Document()
    numbered_style = document.styles["List Number"].element
    num_id = numbered_style.pPr.numPr.numId.val
    paragraph = document.add_paragraph("numbered by numPr")
    num_pr = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), str(num_id))
    num_pr.append(level)
    num_pr.append(number)
    paragraph._p.get_or_add_pPr().append(num_pr)

    assert parse_docx(save(document)).sections[0].html == "<ol><li>numbered by numPr</li></ol>"


def test_tables_keep_their_place_between_paragraphs_and_merged_cells_lose_nothing():
    document = Document()
    document.add_heading("Data", 1)
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, ["ABC", "123", "xyz"], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(0, 1).merge(table.cell(0, 2))  # across: one cell spanning two columns
    table.cell(1, 0).merge(table.cell(2, 0))  # down: the lower cell is covered
    document.add_paragraph("After the table.")
    html = parse_docx(save(document)).sections[0].html

    assert html == (
        "<p>Before the table.</p>"
        '<table><tr><td>A</td><td colspan="2"><p>B</p><p>C</p></td></tr>'
        "<tr><td><p>1</p><p>x</p></td><td>2</td><td>3</td></tr>"
        "<tr><td></td><td>y</td><td>z</td></tr></table>"
        "<p>After the table.</p>"
    )


def test_custom_styles_based_on_headings_and_outline_levels_are_headings():
    document = Document()
    custom = document.styles.add_style("Kapitel", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    outlined = document.styles.add_style("Chapter Head", WD_STYLE_TYPE.PARAGRAPH)
    outline_level = OxmlElement("w:outlineLvl")
    outline_level.set(qn("w:val"), "0")
    outlined.element.get_or_add_pPr().append(outline_level)
    document.add_paragraph("Big Chapter", style="Chapter Head")
    document.add_paragraph("Custom Section", style="Kapitel")
    document.add_paragraph("text")
    outline = parse_docx(save(document))

    assert [(s.title, s.level) for s in outline.sections] == [
        ("Big Chapter", 1),
        ("Custom Section", 2),
    ]


def test_every_paragraph_lands_in_exactly_one_section_in_order():
    document = Document()
    paragraphs = [f"word{n}a word{n}b word{n}c." for n in range(30)]
    for n, text in enumerate(paragraphs):
        if n and n % 4 == 0:
            document.add_heading(f"Heading {n}", 1 + n % 3)
        document.add_paragraph(text)
    outline = parse_docx(save(document))

    joined = "".join(section.html for section in outline.sections)
    for text in paragraphs:
        assert len([s for s in outline.sections if text in s.html]) == 1, text
    positions = [joined.index(text) for text in paragraphs]
    assert positions == sorted(positions)


def test_empty_heading_paragraphs_do_not_cut_sections():
    document = Document()
    document.add_heading("Real", 1)
    document.add_paragraph("before")
    document.add_heading("", 1)
    document.add_paragraph("after")
    outline = parse_docx(save(document))

    assert [s.title for s in outline.sections] == ["Real"]
    assert outline.sections[0].html == "<p>before</p><p>after</p>"


def wrap_in_content_control(document, paragraphs, gallery: str = "") -> None:
    """Move ``paragraphs`` into a content control (w:sdt), as Word does for a TOC."""
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    if gallery:
        part = OxmlElement("w:docPartObj")
        kind = OxmlElement("w:docPartGallery")
        kind.set(qn("w:val"), gallery)
        part.append(kind)
        properties.append(part)
    content = OxmlElement("w:sdtContent")
    sdt.append(properties)
    sdt.append(content)
    paragraphs[0]._p.addprevious(sdt)
    for paragraph in paragraphs:
        content.append(paragraph._p)


def test_table_of_contents_is_skipped_but_other_content_controls_are_read():
    document = Document()
    toc = [
        document.add_paragraph("Contents", style="TOC Heading"),
        document.add_paragraph("Only Top\t1"),
    ]
    wrap_in_content_control(document, toc, gallery="Table of Contents")
    document.add_heading("Only Top", 1)
    control = [document.add_paragraph("Inside a content control.")]
    wrap_in_content_control(document, control)
    document.add_heading("Part", 2)
    outline = parse_docx(save(document))

    assert [(s.title, s.level) for s in outline.sections] == [("Only Top", 1), ("Part", 2)]
    assert outline.sections[0].html == "<p>Inside a content control.</p>"
    assert plan_course(outline).title == "Only Top"


def test_truncated_docx_raises_a_clear_document_error():
    data = save(structured_document())
    with pytest.raises(DocumentError, match="damaged or incomplete"):
        parse_docx(data[: len(data) // 2])


def test_zip_without_a_word_document_raises_a_clear_document_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    with pytest.raises(DocumentError, match="not a Word"):
        parse_docx(buffer.getvalue())


def test_package_claiming_word_content_but_missing_its_document_part_is_reported_damaged():
    data = save(structured_document())
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
    with pytest.raises(DocumentError, match="damaged"):
        parse_docx(buffer.getvalue())


def test_malformed_document_xml_raises_a_document_error():
    data = save(structured_document())
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content[: len(content) // 2]  # cut mid-element
            target.writestr(item, content)
    with pytest.raises(DocumentError, match="damaged"):
        parse_docx(buffer.getvalue())


def test_non_docx_bytes_raise_a_document_error():
    with pytest.raises(DocumentError):
        parse_docx(b"this is plain text, not a zip")


def test_read_document_sends_docx_files_to_the_docx_parser():
    outline = read_document(data=save(structured_document()), filename="course.docx")

    assert outline.format == "docx"
    assert outline.title == "Declared Title"
