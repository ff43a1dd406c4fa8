"""An upload is read once: its plan is kept beside it for the preview and the confirm."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses import services
from courses.models import Course, DocumentUpload
from courses.services import plan_from_json, plan_to_json
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """Every document read from here on, by file name."""
    seen: list[str] = []
    real = services.read_document

    def counting(**kwargs):
        seen.append(kwargs["filename"])
        return real(**kwargs)

    monkeypatch.setattr(services, "read_document", counting)
    return seen


def uploaded(client, data: bytes) -> DocumentUpload:
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_course"))
    client.force_login(user)
    response = client.post(
        reverse("courses:import"), {"file": SimpleUploadedFile("seed-document.txt", data)}
    )
    assert response.status_code == 302
    return DocumentUpload.objects.get()


def test_the_preview_and_the_confirm_do_not_read_the_document_again(client, seed_bytes, reads):
    upload = uploaded(client, seed_bytes)
    assert reads == ["seed-document.txt"]  # the upload form
    url = reverse("courses:import-preview", kwargs={"pk": upload.pk})

    for _ in range(3):
        response = client.get(url)
        assert response.context["preview"].lesson_count == 15
    client.post(url)

    assert reads == ["seed-document.txt"]
    assert Course.objects.get().lessons.count() == 15


def test_an_upload_kept_without_a_plan_is_read_once_more_then_its_plan_kept(
    client, seed_bytes, reads
):
    upload = uploaded(client, seed_bytes)
    upload.file.storage.delete(f"{upload.file.name}.plan.json")  # kept before plans were
    url = reverse("courses:import-preview", kwargs={"pk": upload.pk})

    client.get(url)
    client.get(url)

    assert reads == ["seed-document.txt", "seed-document.txt"]
    assert client.get(url).context["preview"].lesson_count == 15


def test_a_stored_plan_reads_back_as_the_same_plan(seed_bytes):
    plan = services.plan_from_document(data=seed_bytes, filename="seed.txt", title="Seed")

    assert plan_from_json(plan_to_json(plan)) == plan


def test_a_plan_stored_in_another_layout_is_not_used():
    assert plan_from_json(b'{"version": 0, "title": "Old", "modules": []}') is None
    assert plan_from_json(b"not json") is None
