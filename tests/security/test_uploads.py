"""Uploads: refused over the size limit before any parser runs, type checked by content,
kept outside the static files, and never served by any URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from courses.models import DocumentUpload
from courses.services import document_upload_create
from quizzes.models import Question
from tests.factories import LessonFactory, UserFactory

from .inert import SCRIPT

pytestmark = pytest.mark.django_db

HTML_DOCUMENT = f"<!doctype html><html><body><h1>T</h1><h2>L</h2><p>{SCRIPT}</p></body></html>"


def every_view(resolver: URLResolver | None = None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from every_view(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_no_url_serves_files_from_disk():
    assert serve not in list(every_view())


def test_uploads_are_kept_outside_the_static_files_and_templates():
    from docent import settings as project

    media = Path(project.MEDIA_ROOT).resolve()
    for public in [project.STATIC_ROOT, *project.STATICFILES_DIRS, project.BASE_DIR / "templates"]:
        public = Path(public).resolve()
        assert not media.is_relative_to(public), f"{media} is inside {public}"


def test_a_stored_upload_answers_404_at_every_path_it_could_be_guessed_at(client):
    owner = UserFactory(is_superuser=True)
    upload = document_upload_create(data=HTML_DOCUMENT.encode(), filename="page.html", user=owner)
    stored = upload.file.name
    assert stored.endswith(".bin")  # never the uploader's name, never .html
    assert (Path(django_settings.MEDIA_ROOT) / stored).exists()
    client.force_login(owner)

    for path in (f"/{stored}", f"/media/{stored}", f"/uploads/{stored}", f"/var/uploads/{stored}"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert SCRIPT.encode() not in response.content


def _forbid_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a parser ran on a file over the size limit")

    monkeypatch.setattr("courses.forms.plan_from_document", refuse)
    monkeypatch.setattr("quizzes.settings_forms.parse_questions", refuse)


def test_an_oversized_document_is_refused_before_it_is_parsed(client, settings, monkeypatch):
    settings.DOCENT_IMPORT_MAX_BYTES = 50
    _forbid_parsing(monkeypatch)
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(
        reverse("courses:import"), {"file": SimpleUploadedFile("a.txt", b"Heading\n\n" + b"x" * 60)}
    )

    assert response.status_code == 200
    assert "the largest document Docent imports is 50" in response.content.decode()
    assert not DocumentUpload.objects.exists()


def test_an_oversized_question_file_is_refused_before_it_is_parsed(client, settings, monkeypatch):
    settings.DOCENT_IMPORT_MAX_BYTES = 50
    _forbid_parsing(monkeypatch)
    lesson = LessonFactory()
    client.force_login(lesson.course.owner)

    response = client.post(
        reverse("quizzes:questions-import", args=[lesson.course.slug]),
        {"file": SimpleUploadedFile("q.gift", b"::Q:: What? {=yes ~no}\n" * 5), "format": "gift"},
    )

    assert response.status_code == 400
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("questions.gift", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("questions.xml", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40),
        ("questions.aiken", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40),
    ],
)
def test_a_question_file_that_is_not_text_is_refused_by_its_content(client, name, data):
    lesson = LessonFactory()
    client.force_login(lesson.course.owner)

    response = client.post(
        reverse("quizzes:questions-import", args=[lesson.course.slug]),
        {"file": SimpleUploadedFile(name, data)},
    )

    assert response.status_code == 400
    assert "not a GIFT, Aiken or Moodle XML question file" in response.content.decode()
    assert not Question.objects.exists()


def test_a_document_whose_content_contradicts_its_name_is_refused(client):
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(
        reverse("courses:import"),
        {"file": SimpleUploadedFile("notes.txt", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not DocumentUpload.objects.exists()
