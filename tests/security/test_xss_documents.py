"""Hostile documents: payloads in every import format reach no page alive.

Each document is imported through the upload pages (upload, preview, confirm) as its
instructor would; then every page its text shows on is rendered, the admin's included.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from fpdf import FPDF

from accounts.roles import INSTRUCTOR, user_role_set
from courses.models import Course, DocumentUpload
from quizzes.models import Question
from tests.factories import UserFactory

from .inert import ALL, IMG, LINK, MARK, SCRIPT, SVG, assert_inert

pytestmark = pytest.mark.django_db

BODY = f"The lesson explains {MARK} safety in detail. {ALL} Learners read it carefully."


def _text() -> bytes:
    return f"Safety Course\n\n{SCRIPT}\n\n{BODY}\n\nSecond Part\n\n{BODY}\n".encode()


def _markdown() -> bytes:
    return (
        f"# Safety {SCRIPT}\n\n## Lesson {IMG}\n\n{BODY}\n\n"
        f"[click](javascript:alert('{MARK}'))\n\n## Lesson {SVG}\n\n{BODY}\n"
    ).encode()


def _html() -> bytes:
    return (
        "<!doctype html><html><head><title>x</title>"
        f"<script>alert('{MARK}')</script></head><body>"
        f"<h1>Safety</h1><h2 onclick=\"alert('{MARK}')\">Lesson {LINK}</h2><p>{BODY}</p>"
        f"<h2>Second {IMG}</h2><p onmouseover=\"alert('{MARK}')\">{BODY}</p>{SVG}"
        f"<iframe src=\"javascript:alert('{MARK}')\"></iframe></body></html>"
    ).encode()


def _docx() -> bytes:
    document = Document()
    document.add_heading(f"Safety {SCRIPT}", 1)
    document.add_heading(f"Lesson {IMG}", 2)
    document.add_paragraph(BODY)
    document.add_heading(f"Lesson {SVG}", 2)
    document.add_paragraph(BODY)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    for size, text in ((20, f"Safety {SCRIPT}"), (16, f"Lesson {IMG}"), (11, BODY)):
        pdf.set_font("Helvetica", "B" if size > 11 else "", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    for size, text in ((16, f"Lesson {SVG}"), (11, BODY)):
        pdf.set_font("Helvetica", "B" if size > 11 else "", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


DOCUMENTS = {
    "notes.txt": _text,
    "notes.md": _markdown,
    "notes.html": _html,
    "notes.docx": _docx,
    "notes.pdf": _pdf,
}


def pages_of(course: Course) -> list[str]:
    """Every page that shows the course's imported text, to its instructor or an admin."""
    urls = [
        reverse("courses:catalogue"),
        course.get_absolute_url(),
        reverse("quizzes:bank", args=[course.slug]),
        reverse("admin:courses_course_changelist"),
        reverse("admin:courses_course_change", args=[course.pk]),
        reverse("admin:courses_lesson_changelist"),
        reverse("admin:courses_module_changelist"),
        reverse("admin:quizzes_question_changelist"),
        reverse("admin:quizzes_quiz_changelist"),
    ]
    for lesson in course.lessons.all():
        urls += [
            lesson.get_absolute_url(),
            reverse("quizzes:lesson-drafts", args=[lesson.pk]),
            reverse("admin:courses_lesson_change", args=[lesson.pk]),
        ]
    for question in Question.objects.filter(course=course):
        urls += [
            reverse("quizzes:question-preview", args=[question.pk]),
            reverse("quizzes:question-edit", args=[question.pk]),
            reverse("admin:quizzes_question_change", args=[question.pk]),
        ]
    return urls


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_payloads_in_an_imported_document_stay_inert_everywhere(client, name):
    instructor = UserFactory(is_staff=True, is_superuser=True)
    user_role_set(user=instructor, role=INSTRUCTOR)
    client.force_login(instructor)
    upload = SimpleUploadedFile(name, DOCUMENTS[name]())

    preview = client.post(reverse("courses:import"), {"file": upload})
    assert preview.status_code == 302, preview.content.decode()[:2000]
    assert_inert(client.get(preview.url).content.decode(), "the preview")
    done = client.post(preview.url)
    assert done.status_code == 302
    course = Course.objects.get()
    assert DocumentUpload.objects.get().imported_course == course

    shown = []
    for url in pages_of(course):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert_inert(page, url)
        shown.append(MARK in page)
    assert any(shown), "the payloads reached no page: the test proves nothing"
