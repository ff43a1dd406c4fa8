"""Format detection, decoding and dispatch: content decides, the extension must agree."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from fpdf import FPDF

from courses.importers.detect import DocumentError, decode_text, detect_format, read_document


def make_pdf(text: str = "Hello PDF") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def make_docx(text: str = "Hello DOCX") -> bytes:
    document = Document()
    document.add_heading(text, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "just an archive")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"Just some words.\nAnother line.\n", "notes.txt", "text"),
        (b"# Title\n\nBody\n", "notes.md", "markdown"),
        (b"# Title\n\nBody\n", "", "markdown"),
        (b"# Looks like Markdown\n\nBut named .txt\n", "notes.txt", "text"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "page.html", "html"),
        (b"<h1>A</h1><p>fragment</p>", "", "html"),
        (b"# Markdown\n\n<div>with</div><p>embedded html</p>\n", "notes.md", "markdown"),
        (None, "course.pdf", "pdf"),
        (None, "course.docx", "docx"),
        (None, "", "pdf"),
    ],
)
def test_detect_format_accepts_content_that_agrees_with_the_name(data, filename, expected):
    if data is None:
        data = make_docx() if filename.endswith(".docx") else make_pdf()
    assert detect_format(data, filename) == expected


def test_pdf_named_txt_is_refused_naming_both_formats():
    with pytest.raises(DocumentError) as caught:
        detect_format(make_pdf(), "notes.txt")
    message = str(caught.value)
    assert ".txt" in message
    assert "PDF" in message
    assert "plain text" in message


def test_docx_named_pdf_is_refused_naming_both_formats():
    with pytest.raises(DocumentError) as caught:
        detect_format(make_docx(), "report.pdf")
    message = str(caught.value)
    assert ".pdf" in message
    assert "Word (DOCX)" in message


def test_plain_text_named_html_is_refused_with_a_rename_hint():
    with pytest.raises(DocumentError, match=r"named \.html but holds no HTML"):
        detect_format(b"Only plain words here.\n", "page.html")


def test_html_named_txt_is_refused():
    with pytest.raises(DocumentError, match="HTML"):
        detect_format(b"<!doctype html><html><body><h1>x</h1></body></html>", "page.txt")


@pytest.mark.parametrize("filename", ["image.png", "image.txt", ""])
def test_png_and_binary_junk_are_refused_as_binary(filename):
    with pytest.raises(DocumentError, match="binary data"):
        detect_format(PNG, filename)
    with pytest.raises(DocumentError, match="binary data"):
        detect_format(bytes(range(256)) * 8, filename)


def test_zip_that_is_not_a_docx_is_refused():
    with pytest.raises(DocumentError, match="ZIP archive"):
        detect_format(make_zip(), "archive.zip")
    with pytest.raises(DocumentError, match="not a Word document"):
        detect_format(make_zip(), "fake.docx")


def test_truncated_docx_is_reported_damaged():
    data = make_docx()
    with pytest.raises(DocumentError, match="damaged"):
        detect_format(data[: len(data) // 2], "course.docx")


def test_legacy_word_doc_file_gets_a_save_as_docx_hint():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(DocumentError, match=r"\.docx"):
        detect_format(ole2, "old.doc")


def test_docx_main_part_is_found_by_content_type_under_another_name():
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            name = item.filename
            content = source.read(item)
            if name == "word/document.xml":
                name = "word/document2.xml"
            elif name in {"[Content_Types].xml", "word/_rels/document.xml.rels", "_rels/.rels"}:
                content = content.replace(b"document.xml", b"document2.xml")
            if name == "word/_rels/document.xml.rels":
                name = "word/_rels/document2.xml.rels"
            target.writestr(name, content)

    assert detect_format(buffer.getvalue(), "renamed.docx") == "docx"
    outline = read_document(data=buffer.getvalue(), filename="renamed.docx")
    assert outline.sections[0].title == "Hello DOCX"


def test_read_document_strips_a_utf8_bom():
    outline = read_document(data=b"\xef\xbb\xbf# Caf\xc3\xa9\n\nBody\n", filename="notes.md")

    assert outline.sections[0].title == "Café"


def test_a_byte_order_mark_does_not_hide_html_or_markdown():
    bom = b"\xef\xbb\xbf"
    assert detect_format(bom + b"<!DOCTYPE html><html><body>Hi</body></html>", "a.html") == "html"
    assert detect_format(bom + b"# Title\n\nBody\n") == "markdown"


def test_read_document_decodes_windows_1252_text():
    outline = read_document(data=b"Caf\xe9 cr\xe8me \x93quoted\x94.\n", filename="notes.txt")

    html = "".join(s.title + s.html for s in outline.sections)
    assert "Café crème “quoted”" in html


def test_read_document_decodes_utf16_text_with_a_bom():
    data = "# Überschrift\n\nText.\n".encode("utf-16")
    assert detect_format(data, "notes.md") == "markdown"

    outline = read_document(data=data, filename="notes.md")
    assert outline.sections[0].title == "Überschrift"


def test_decode_text_prefers_utf8_and_falls_back_to_cp1252():
    assert decode_text("naïve".encode()) == "naïve"
    assert decode_text("naïve".encode("cp1252")) == "naïve"


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_file_is_refused(data):
    with pytest.raises(DocumentError, match="empty"):
        read_document(data=data, filename="notes.txt")


def test_file_over_the_size_limit_is_refused_with_both_sizes():
    with pytest.raises(DocumentError) as caught:
        read_document(data=b"x" * 3_000_000, filename="notes.txt", max_bytes=1_048_576)
    message = str(caught.value)
    assert "2.9 MB" in message
    assert "1.0 MB" in message


def test_the_size_limit_defaults_to_the_setting(settings):
    settings.DOCENT_IMPORT_MAX_BYTES = 10
    with pytest.raises(DocumentError, match="largest document"):
        read_document(data=b"more than ten bytes", filename="notes.txt")


def test_a_script_only_page_has_no_text_to_import():
    with pytest.raises(DocumentError, match="no text"):
        read_document(
            data=b'<html><head><title></title></head><body><div id="root"></div>'
            b"<script>render()</script></body></html>",
            filename="app.html",
        )


def test_read_document_errors_from_parsers_are_document_errors():
    data = make_pdf()
    with pytest.raises(DocumentError):
        read_document(data=data[: len(data) // 3], filename="broken.pdf")
