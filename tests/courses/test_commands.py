"""The import and export commands, as an admin who scripts would use them."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from courses.models import Course, Lesson

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_document_prints_the_outline_it_created(tmp_path, seed_bytes):
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_bytes)

    output = run("import_document", str(path), "--title", "Demo", "--course", "demo")

    assert "Created course “Demo” (demo)" in output
    assert "15. The Path Forward in Military Cooperation for Counter-Terrorism" in output
    assert "15 added, 0 changed, 0 archived, 0 unchanged" in output
    assert Course.objects.get(slug="demo").lessons.count() == 15


def test_import_document_twice_is_idempotent(tmp_path, seed_bytes):
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_bytes)
    run("import_document", str(path), "--course", "demo")

    output = run("import_document", str(path), "--course", "demo")

    assert "0 added, 0 changed, 0 archived, 15 unchanged" in output
    assert Lesson.objects.count() == 15


def test_import_document_without_a_course_never_takes_over_one_of_the_same_title(
    tmp_path, seed_bytes
):
    theirs = Course.objects.create(title="Demo", slug="demo", is_published=False)
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_bytes)

    first = run("import_document", str(path), "--title", "Demo")
    second = run("import_document", str(path), "--title", "Demo")
    updated = run("import_document", str(path), "--title", "Demo", "--course", "demo-2")

    assert "Created course “Demo” (demo-2)" in first
    assert "Created course “Demo” (demo-3)" in second
    assert "Updated course “Demo” (demo-2)" in updated
    assert "0 added, 0 changed, 0 archived, 15 unchanged" in updated
    assert not theirs.lessons.exists()


def test_import_course_updates_the_course_its_export_names(tmp_path, seed_bytes):
    source = tmp_path / "seed.txt"
    source.write_bytes(seed_bytes)
    run("import_document", str(source), "--title", "Demo", "--course", "demo")
    exported = tmp_path / "demo.json"
    exported.write_text(run("export_course", "demo"), encoding="utf-8")

    output = run("import_course", str(exported))

    assert "Updated “Demo” (demo)" in output
    assert Course.objects.get().lessons.count() == 15


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("junk.txt", bytes(range(256)) * 8, "binary"),
        ("fake.pdf", b"Just some text pretending.", "PDF"),
    ],
)
def test_import_document_refuses_bad_input_and_writes_nothing(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run("import_document", str(path))

    assert not Course.objects.exists()


def test_import_document_names_a_missing_file():
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_document", "/nonexistent/file.txt")


def test_export_import_export_is_identical(tmp_path, seed_bytes):
    source = tmp_path / "seed.txt"
    source.write_bytes(seed_bytes)
    run("import_document", str(source), "--title", "Demo", "--course", "demo")
    first = run("export_course", "demo")
    exported = tmp_path / "demo.json"
    exported.write_text(first, encoding="utf-8")
    Course.objects.all().delete()

    run("import_course", str(exported))
    second = run("export_course", "demo")

    assert second == first
    data = json.loads(first)
    assert data["title"] == "Demo"
    assert data["slug"] == "demo"
    lessons = [lesson for module in data["modules"] for lesson in module["lessons"]]
    assert len(lessons) == 15
    assert set(lessons[0]) == {"title", "text", "html", "quiz", "questions"}
    assert lessons[0]["quiz"]["attempts_allowed"] == 0
    assert lessons[0]["text"].startswith("Military cooperation in counter-terrorism is")


def test_export_course_names_an_unknown_slug():
    with pytest.raises(CommandError, match="No course"):
        run("export_course", "nope")


def test_import_course_refuses_json_that_is_not_an_export(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"modules": []}')
    with pytest.raises(CommandError, match="not a course export"):
        run("import_course", str(path))


def _export(tmp_path, data) -> str:
    path = tmp_path / "course.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_an_export_names_its_format_and_version(tmp_path, seed_bytes):
    source = tmp_path / "seed.txt"
    source.write_bytes(seed_bytes)
    run("import_document", str(source), "--title", "Demo", "--course", "demo")

    data = json.loads(run("export_course", "demo"))

    assert (data["format"], data["version"]) == ("docent-course", 1)


def test_import_course_refuses_another_version_and_writes_nothing(tmp_path):
    lesson = {"title": "One", "html": "<p>Text.</p>"}
    data = {"format": "docent-course", "version": 2, "title": "Later", "modules": []}
    data["modules"] = [{"title": "M", "lessons": [lesson]}]

    with pytest.raises(CommandError, match=r"version: Input should be 1"):
        run("import_course", _export(tmp_path, data))
    assert not Course.objects.exists()


def test_import_course_names_where_each_problem_is(tmp_path):
    question = {"type": "single_choice", "stem": "Which?", "points": "one"}
    data = {
        "title": "Broken",
        "modules": [
            {"title": "M", "lessons": [{"title": "Fine", "html": "<p>x</p>"}, {"html": ""}]},
            {"title": "N", "lessons": [{"title": "Q", "questions": [question]}]},
        ],
    }

    with pytest.raises(CommandError) as refused:
        run("import_course", _export(tmp_path, data))

    message = str(refused.value)
    assert "modules.0.lessons.1.title: Field required" in message
    assert "modules.1.lessons.0.questions.0.points" in message
    assert not Course.objects.exists()
    assert not Lesson.objects.exists()


def test_an_export_without_format_and_version_is_read_as_version_1(tmp_path):
    """Exports written before they named their layout still import."""
    data = {"title": "Old", "slug": "old", "modules": [{"title": "M", "lessons": []}]}
    data["modules"][0]["lessons"] = [{"title": "Only", "html": "<p>Body.</p>", "text": "Body."}]

    run("import_course", _export(tmp_path, data))

    assert Course.objects.get(slug="old").lessons.get().title == "Only"


def test_setup_demo_twice_creates_everything_once(settings):
    settings.DEBUG = True
    run("setup_demo")
    run("setup_demo")

    assert set(User.objects.values_list("username", flat=True)) == {
        "admin",
        "instructor",
        "student",
    }
    assert Course.objects.count() == 1
    assert Lesson.objects.count() == 15
    assert User.objects.get(username="instructor").has_perm("courses.add_course")
    from quizzes.models import Question, Quiz

    every_type = Quiz.objects.get(lesson__position=2)
    types = {slot.question.type for slot in every_type.slots.select_related("question")}
    assert types == {
        "description", "single_choice", "multiple_response", "true_false", "short_answer",
        "numerical", "matching", "ordering", "cloze", "essay",
    }  # fmt: skip
    assert every_type.slots.count() == 10
    assert Question.objects.filter(status="draft").exists()  # left for the instructor


def test_setup_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        run("setup_demo")
    assert not User.objects.exists()


def test_export_carries_each_lessons_quiz_settings_and_questions_drafts_included(tmp_path):
    from decimal import Decimal

    from quizzes.bank import questions_create
    from quizzes.models import Question, Quiz
    from quizzes.questions import Answer, MatchPair, QuestionData, QuestionType
    from quizzes.services import question_publish

    source = tmp_path / "notes.txt"
    source.write_text(
        "Opening text of the notes.\nFirst Topic\nThe first topic explains a thing.\n"
    )
    run("import_document", str(source), "--course", "notes")
    lesson = Lesson.objects.get(title="First Topic")
    Quiz.objects.filter(lesson=lesson).update(pass_mark=Decimal("75"), attempts_allowed=2)
    published, _draft = questions_create(
        course=lesson.course,
        lesson=lesson,
        status=Question.Status.DRAFT,
        questions=[
            QuestionData(
                type=QuestionType.SINGLE_CHOICE,
                stem="Which topic?",
                answers=(Answer("first", Decimal(1), "Yes"), Answer("second", Decimal(0))),
            ),
            QuestionData(
                type=QuestionType.MATCHING,
                stem="Match.",
                pairs=(MatchPair("a", "1"), MatchPair("b", "2"), MatchPair("", "3")),
            ),
        ],
        source_sentences=["The first topic explains a thing.", ""],
    )
    question_publish(question=published)
    first = run("export_course", "notes")
    exported = tmp_path / "notes.json"
    exported.write_text(first, encoding="utf-8")
    Course.objects.all().delete()

    run("import_course", str(exported))

    assert run("export_course", "notes") == first
    entry = json.loads(first)["modules"][0]["lessons"][1]
    assert entry["quiz"]["pass_mark"] == "75"
    assert entry["quiz"]["attempts_allowed"] == 2
    assert [(q["type"], q["status"]) for q in entry["questions"]] == [
        ("single_choice", "published"),
        ("matching", "draft"),
    ]
    assert entry["questions"][0]["answers"] == [
        {"text": "first", "fraction": "1", "feedback": "Yes"},
        {"text": "second", "fraction": "0", "feedback": ""},
    ]
    assert entry["questions"][0]["source_sentence"] == "The first topic explains a thing."
    restored = Lesson.objects.get(title="First Topic")
    assert [slot.question.stem for slot in restored.quiz.slots.all()] == ["Which topic?"]
