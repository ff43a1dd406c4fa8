"""Each import limit refuses a document with a message naming it, and nothing is written:
through the upload form, the background task's confirm and ``manage.py import_document``.

The limits are lowered with the ``settings`` fixture so the inputs stay small.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from fpdf import FPDF

from courses.importers import DocumentError, read_document
from courses.models import Course, DocumentUpload, Lesson
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_docx(headings: int = 2, filler: str = "") -> bytes:
    document = Document()
    for number in range(1, headings + 1):
        document.add_heading(f"Lesson {number}", 1)
        document.add_paragraph(f"The body of lesson {number}. {filler}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(pages: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"Page {number} has a sentence on it.")
    return bytes(pdf.output())


def understate_size(data: bytes, member: str) -> bytes:
    """The package with ``member``'s unpacked size in the central directory set to 1 byte,
    as a crafted "zip bomb" would lie about it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        directory = archive.start_dir
    raw = bytearray(data)
    entry = raw.find(b"PK\x01\x02", directory)
    while entry >= 0:
        name_length = struct.unpack_from("<H", raw, entry + 28)[0]
        if raw[entry + 46 : entry + 46 + name_length].decode() == info.filename:
            struct.pack_into("<I", raw, entry + 24, 1)  # uncompressed size
            return bytes(raw)
        entry = raw.find(b"PK\x01\x02", entry + 4)
    raise AssertionError(f"{member} not in the central directory")


def upload(client, data: bytes, name: str):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_course"))
    client.force_login(user)
    return client.post(reverse("courses:import"), {"file": SimpleUploadedFile(name, data)})


def assert_nothing_written() -> None:
    assert not DocumentUpload.objects.exists()
    assert not Course.objects.exists()
    assert not Lesson.objects.exists()


TEXT = "Introduction\n\nThe first lesson says something.\n\nMethods\n\nThe second lesson too.\n"

REFUSED = [
    pytest.param(
        {"DOCENT_IMPORT_MAX_UNPACKED_BYTES": 500_000},  # python-docx's template: 830 KB
        lambda: make_docx(),
        "course.docx",
        "This Word document unpacks to more than 488.3\xa0KB; the limit is 488.3\xa0KB.",
        id="docx-unpacked",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_PART_BYTES": 100_000},
        lambda: make_docx(filler="words " * 20_000),
        "course.docx",
        "holds a part (word/document.xml) larger than 97.7\xa0KB unpacked; the limit for one "
        "part is 97.7\xa0KB.",
        id="docx-part",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_PDF_PAGES": 2},
        lambda: make_pdf(3),
        "course.pdf",
        "This PDF has 3 pages; the limit is 2 pages.",
        id="pdf-pages",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_LINES": 5},
        lambda: TEXT.encode(),
        "course.txt",
        "This document has 8 lines; the limit is 5 lines.",
        id="text-lines",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_LINE_CHARS": 30},
        lambda: TEXT.encode(),
        "course.txt",
        "Line 3 of this document is longer than 30 characters, the limit for one line.",
        id="text-line-length",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_LINE_CHARS": 30},
        lambda: ("# Introduction\n\n" + "A long paragraph. " * 5 + "\n").encode(),
        "course.md",
        "Line 3 of this document is longer than 30 characters",
        id="markdown-line-length",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_MARKUP_CHARS": 50},
        lambda: ("# Introduction\n\n" + "Some text. " * 10 + "\n").encode(),
        "course.md",
        "the limit for Markdown and HTML is 50 characters",
        id="markdown-size",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_MARKUP_CHARS": 50},
        lambda: b"<html><body><h1>One</h1><p>" + b"Some text. " * 10 + b"</p></body></html>",
        "course.html",
        "the limit for Markdown and HTML is 50 characters",
        id="html-size",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_SECTIONS": 1},
        lambda: TEXT.encode(),
        "course.txt",
        "This document has 2 sections (headings); the limit is 1.",
        id="sections",
    ),
    pytest.param(
        {"DOCENT_IMPORT_MAX_LESSON_CHARS": 20},
        lambda: TEXT.encode(),
        "course.txt",
        "The section “Introduction” has more than 20 characters, the limit for one lesson.",
        id="lesson-size",
    ),
]


@pytest.mark.parametrize(("limits", "build", "name", "message"), REFUSED)
def test_an_upload_past_a_limit_is_refused_with_its_message_and_nothing_is_stored(
    client, settings, limits, build, name, message
):
    data = build()
    for setting, value in limits.items():
        setattr(settings, setting, value)

    response = upload(client, data, name)

    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert_nothing_written()


@pytest.mark.parametrize(("limits", "build", "name", "message"), REFUSED)
def test_the_import_command_applies_the_same_limits(
    tmp_path, settings, limits, build, name, message
):
    path = tmp_path / name
    path.write_bytes(build())
    for setting, value in limits.items():
        setattr(settings, setting, value)

    with pytest.raises(CommandError) as refused:
        call_command("import_document", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert message in str(refused.value)
    assert_nothing_written()


def test_a_docx_whose_directory_understates_a_part_is_refused(client):
    data = understate_size(make_docx(), "word/document.xml")

    response = upload(client, data, "course.docx")

    assert "damaged or incomplete" in response.context["form"].errors["file"][0]
    assert_nothing_written()


@pytest.mark.parametrize(
    ("name", "prefix", "message"),
    [
        ("notes.txt", b"", "Line 1 of this document is longer than 100,000 characters"),
        ("notes.md", b"", "the limit for Markdown and HTML is 1,000,000 characters"),
        ("notes.html", b"<html><p>", "the limit for Markdown and HTML is 1,000,000 characters"),
    ],
)
def test_a_15_mb_single_line_is_refused_at_once_with_the_default_limits(name, prefix, message):
    data = prefix + b"word " * 3_000_000

    started = time.perf_counter()
    with pytest.raises(DocumentError, match=message):
        read_document(data=data, filename=name)

    assert time.perf_counter() - started < 1.0


def test_a_real_word_document_within_the_limits_imports(client, settings):
    settings.DOCENT_IMPORT_MAX_SECTIONS = 3

    response = upload(client, make_docx(headings=3), "course.docx")
    assert response.status_code == 302
    response = client.post(response["Location"], follow=True)

    course = Course.objects.get()
    assert list(course.lessons.values_list("title", flat=True).order_by("position")) == [
        "Lesson 1",
        "Lesson 2",
        "Lesson 3",
    ]
    assert "3 added" in response.content.decode()
