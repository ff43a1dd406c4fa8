"""Long work as background tasks: import, regrade and export, queued or run at once.

Tests run tasks at once (the immediate backend, as in development); the database backend is
tested too: the request only enqueues, the page shows the job waiting, and `db_worker` runs it.
"""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from courses.models import Course, DocumentUpload
from jobs.models import Job
from pipeline import exports
from pipeline.tasks import document_import_task, report_export_start
from quizzes.attempts import attempt_start, attempt_submit
from quizzes.questions import Answer, QuestionData, QuestionType
from tests.factories import CourseFactory, UserFactory, quiz_with_questions

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def instructor():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_course"))
    return user


def preview_url(client, data: bytes) -> str:
    client.post(reverse("courses:import"), {"file": SimpleUploadedFile("seed.txt", data)})
    return reverse("courses:import-preview", args=[DocumentUpload.objects.get().pk])


# The worker closes database connections between tasks, as a long-lived process should: the
# tests that run it commit for real (transaction=True) instead of inside a test transaction.
worker_db = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# Document import ----------------------------------------------------------------------------


def test_it_imports_at_once_with_the_immediate_backend(client, seed_bytes, caplog):
    client.force_login(instructor())
    url = preview_url(client, seed_bytes)
    caplog.set_level(logging.INFO, logger="docent.tasks")

    response = client.post(url, follow=True)

    course = Course.objects.get()
    assert response.redirect_chain[-1][0] == course.get_absolute_url()
    assert "15 added" in response.content.decode()
    job = Job.objects.get()
    assert (job.kind, job.state) == (Job.Kind.IMPORT, Job.State.DONE)
    assert job.finished_at is not None
    [line] = [r.fields for r in caplog.records if r.name == "docent.tasks"]
    assert (line["task"], line["job"], line["status"]) == ("document_import", str(job.pk), "done")
    assert line["duration_ms"] > 0


def test_with_the_database_backend_the_request_only_enqueues(client, settings, seed_bytes):
    settings.TASKS = DATABASE_TASKS
    client.force_login(instructor())
    url = preview_url(client, seed_bytes)

    response = client.post(url)

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:status", args=[job.pk])
    assert job.state == Job.State.QUEUED
    assert not Course.objects.exists()
    task = DBTaskResult.objects.get()
    assert task.task_path == "pipeline.tasks.document_import_task"
    assert str(task.id) == job.task_id

    page = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Waiting to start" in page


@worker_db
def test_the_worker_runs_the_queued_import_and_the_page_links_the_course(
    client, settings, seed_bytes
):
    settings.TASKS = DATABASE_TASKS
    client.force_login(instructor())
    client.post(preview_url(client, seed_bytes))
    job = Job.objects.get()

    run_worker()

    job.refresh_from_db()
    course = Course.objects.get()
    assert job.state == Job.State.DONE
    assert job.result_url == course.get_absolute_url()
    page = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "http-equiv" not in page
    assert f'href="{course.get_absolute_url()}"' in page
    assert "15 added" in page
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@worker_db
def test_a_failed_import_shows_its_reason_and_logs_the_traceback(
    client, settings, seed_bytes, monkeypatch, caplog
):
    settings.TASKS = DATABASE_TASKS
    client.force_login(instructor())
    client.post(preview_url(client, seed_bytes))

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("pipeline.tasks.document_upload_confirm", broken)
    caplog.set_level(logging.INFO, logger="docent.tasks")
    run_worker()

    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    page = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "Something went wrong" in page
    assert "disk on fire" not in page
    [line] = [r for r in caplog.records if r.name == "docent.tasks"]
    assert line.fields["status"] == "failed"
    assert line.fields["task"] == "document_import"
    assert "RuntimeError: disk on fire" in caplog.text


def test_a_job_is_seen_only_by_the_one_who_started_it(client, settings, seed_bytes):
    settings.TASKS = DATABASE_TASKS
    client.force_login(instructor())
    client.post(preview_url(client, seed_bytes))
    url = reverse("jobs:status", args=[Job.objects.get().pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("login"))


@worker_db
def test_a_task_delivered_twice_runs_once(client, settings, seed_bytes, caplog):
    settings.TASKS = DATABASE_TASKS
    client.force_login(instructor())
    client.post(preview_url(client, seed_bytes))
    run_worker()
    job = Job.objects.get()
    caplog.set_level(logging.INFO, logger="docent.tasks")
    caplog.clear()

    document_import_task.call(job_id=str(job.pk), upload_id=DocumentUpload.objects.get().pk)

    assert [r.fields["status"] for r in caplog.records if r.name == "docent.tasks"] == ["skip"]


# Quiz regrade -------------------------------------------------------------------------------


def regrade_setup():
    teacher = UserFactory()
    quiz = quiz_with_questions(
        [
            QuestionData(
                type=QuestionType.SHORT_ANSWER,
                stem="Two plus two?",
                answers=(Answer("four", Decimal(1)),),
            )
        ],
        course=CourseFactory(owner=teacher),
    )
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt_submit(attempt_id=attempt.pk, user=learner, responses={1: "four"})
    return teacher, quiz


@worker_db
def test_the_regrade_is_queued_then_run_by_the_worker(client, settings):
    settings.TASKS = DATABASE_TASKS
    teacher, quiz = regrade_setup()
    client.force_login(teacher)

    response = client.post(reverse("quizzes:quiz-regrade", args=[quiz.pk]))

    job = Job.objects.get(kind=Job.Kind.REGRADE)
    assert response["Location"] == reverse("jobs:status", args=[job.pk])
    assert job.state == Job.State.QUEUED
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.message == "Regraded: 0 attempts changed score."
    assert job.result_url == reverse("quizzes:quiz-questions", args=[quiz.pk])


def test_the_regrade_runs_at_once_with_the_immediate_backend(client):
    teacher, quiz = regrade_setup()
    client.force_login(teacher)

    response = client.post(reverse("quizzes:quiz-regrade", args=[quiz.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("quizzes:quiz-questions", args=[quiz.pk])
    assert "Regraded: 0 attempts changed score." in response.content.decode()


# Report export ------------------------------------------------------------------------------


def tiny_csv(*, user, course: str) -> tuple[str, bytes]:
    return f"{course}.csv", f"user,course\r\n{user.username},{course}\r\n".encode()


@worker_db
def test_an_export_builds_its_file_in_the_background_and_only_its_owner_downloads_it(
    client, settings, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setitem(exports.EXPORT_BUILDERS, "tiny", f"{__name__}.tiny_csv")
    user = UserFactory(username="ada")
    job = report_export_start(user=user, name="tiny", title="Tiny export", params={"course": "c1"})
    client.force_login(user)
    download = reverse("jobs:download", args=[job.pk])
    assert client.get(download).status_code == 404

    run_worker()

    page = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"user,course\r\nada,c1\r\n"
    client.force_login(UserFactory())
    assert client.get(download).status_code == 404


def test_an_unknown_export_is_refused():
    with pytest.raises(KeyError):
        report_export_start(user=UserFactory(), name="nope", title="x", params={})
