"""The import service: building, re-importing and archiving, in one transaction, in bulk."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import Course, Lesson, Module
from courses.services import course_import, document_import, import_preview, plan_from_document

pytestmark = pytest.mark.django_db

REVISION_1 = """Opening words of the course, before any heading.

Alpha Section
Alpha text that will stay exactly the same in every revision.

Beta Section
Beta text as first written.

Gamma Section
Gamma text that the second revision removes.

Delta Section
Delta text that stays the same.
"""

# Beta edited, Gamma removed, Epsilon added, Delta moved before Alpha.
REVISION_2 = """Opening words of the course, before any heading.

Delta Section
Delta text that stays the same.

Alpha Section
Alpha text that will stay exactly the same in every revision.

Beta Section
Beta text, revised with a new sentence. It says more now.

Epsilon Section
Epsilon text, new in this revision.
"""


def import_text(text: str, slug: str = "revisions"):
    return document_import(data=text.encode(), filename="notes.txt", title="Revisions", slug=slug)


def active_lessons(course: Course) -> dict[str, Lesson]:
    return {lesson.title: lesson for lesson in course.lessons.filter(is_archived=False)}


def test_it_builds_the_seed_course_with_fifteen_lessons_in_order(seed_bytes):
    result = document_import(data=seed_bytes, filename="seed-document.txt", title="Seed")

    lessons = list(result.course.lessons.order_by("position"))
    assert result.created
    assert len(lessons) == 15
    assert [lesson.position for lesson in lessons] == list(range(1, 16))
    assert lessons[0].title == "Introduction"
    assert lessons[1].title == "Military Cooperation in Counter-Terrorism: An Overview"
    assert lessons[-1].title == "The Path Forward in Military Cooperation for Counter-Terrorism"
    assert result.added == [lesson.title for lesson in lessons]


def test_every_paragraph_of_the_seed_lands_in_exactly_one_lesson(seed_bytes):
    course = document_import(data=seed_bytes, filename="seed-document.txt").course
    texts = list(course.lessons.values_list("text", flat=True))
    headings = set(course.lessons.values_list("title", flat=True))
    for line in seed_bytes.decode().splitlines():
        line = line.strip().removeprefix("- ")
        if not line or line in headings:
            continue
        assert sum(line in text for text in texts) == 1, line


def test_reimporting_the_same_file_changes_nothing(seed_bytes):
    first = document_import(data=seed_bytes, filename="seed-document.txt", slug="seed")
    before = list(first.course.lessons.values_list("pk", "title", "html", "position", "updated_at"))

    again = document_import(data=seed_bytes, filename="seed-document.txt", slug="seed")

    assert not again.created
    assert not again.has_changes
    assert len(again.unchanged) == 15
    after = list(again.course.lessons.values_list("pk", "title", "html", "position", "updated_at"))
    assert after == before
    assert Course.objects.count() == 1
    assert Module.objects.count() == 1


def test_a_revised_document_updates_the_course_in_place():
    original = import_text(REVISION_1).course
    before = active_lessons(original)

    result = import_text(REVISION_2)

    after = active_lessons(result.course)
    assert result.course.pk == original.pk
    assert sorted(result.unchanged) == ["Alpha Section", "Delta Section", "Introduction"]
    assert result.changed == ["Beta Section"]
    assert result.added == ["Epsilon Section"]
    assert result.archived == ["Gamma Section"]
    # Unchanged and edited lessons keep their identity, so learners' progress stays with them.
    for title in ("Introduction", "Alpha Section", "Beta Section", "Delta Section"):
        assert after[title].pk == before[title].pk
    assert "revised with a new sentence" in after["Beta Section"].text
    assert [lesson.title for lesson in sorted(after.values(), key=lambda x: x.position)] == [
        "Introduction", "Delta Section", "Alpha Section", "Beta Section", "Epsilon Section",
    ]  # fmt: skip


def test_removed_lessons_are_archived_not_deleted():
    import_text(REVISION_1)
    gamma = Lesson.objects.get(title="Gamma Section")

    import_text(REVISION_2)

    gamma.refresh_from_db()
    assert gamma.is_archived
    assert gamma.text == "Gamma text that the second revision removes."


def test_a_lesson_that_comes_back_is_restored_with_its_identity():
    import_text(REVISION_1)
    gamma = Lesson.objects.get(title="Gamma Section")
    import_text(REVISION_2)

    result = import_text(REVISION_1)

    gamma.refresh_from_db()
    assert not gamma.is_archived
    assert "Gamma Section" in result.added
    assert Lesson.objects.filter(title="Gamma Section").count() == 1


def test_a_renamed_lesson_with_the_same_text_keeps_its_identity():
    import_text(REVISION_1)
    alpha = Lesson.objects.get(title="Alpha Section")

    result = import_text(REVISION_1.replace("Alpha Section", "Alpha Renamed"))

    alpha.refresh_from_db()
    assert alpha.title == "Alpha Renamed"
    assert result.changed == ["Alpha Renamed"]


def test_the_preview_reports_changes_without_writing_anything():
    import_text(REVISION_1)
    snapshot = list(Lesson.objects.values_list("pk", "title", "html", "is_archived"))
    plan = plan_from_document(data=REVISION_2.encode(), filename="notes.txt", title="Revisions")

    preview = import_preview(plan=plan, slug="revisions")

    assert preview.changed == ["Beta Section"]
    assert preview.added == ["Epsilon Section"]
    assert preview.archived == ["Gamma Section"]
    assert list(Lesson.objects.values_list("pk", "title", "html", "is_archived")) == snapshot


def test_a_failed_import_writes_nothing(monkeypatch):
    plan = plan_from_document(data=REVISION_1.encode(), filename="notes.txt")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Lesson.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        course_import(plan=plan, slug="atomic")

    assert not Course.objects.filter(slug="atomic").exists()
    assert not Module.objects.exists()


def _document(sections: int) -> bytes:
    body = "".join(
        f"Section Number {n}\nThe body of section {n} explains one idea in a full sentence.\n"
        for n in range(sections)
    )
    return body.encode()


@pytest.mark.parametrize("operation", ["create", "reimport-changed"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_sections(operation):
    counts = []
    for size in (20, 200):
        slug = f"size-{size}"
        data = _document(size)
        if operation == "reimport-changed":
            document_import(data=data, filename="d.txt", slug=slug)
            data = data.replace(b"full sentence", b"revised sentence")
        with CaptureQueriesContext(connection) as queries:
            result = document_import(data=data, filename="d.txt", slug=slug)
        assert len(result.added) + len(result.changed) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_import_racing_another_for_the_same_title_takes_the_next_slug(monkeypatch):
    """Two imports of one title at once can both find its slug free; the one that finds it
    taken when it writes creates its own course, and never takes over the other's."""
    other = course_import(
        plan=plan_from_document(data=REVISION_1.encode(), filename="a.txt", title="Rivers")
    )
    assert other.course.slug == "rivers"
    seen = iter(["rivers"])  # a read made before the other import committed
    real = services.course_slug_unused
    monkeypatch.setattr(services, "course_slug_unused", lambda base: next(seen, None) or real(base))

    mine = course_import(
        plan=plan_from_document(data=REVISION_2.encode(), filename="b.txt", title="Rivers")
    )

    assert mine.created
    assert mine.course.slug == "rivers-2"
    assert set(active_lessons(Course.objects.get(slug="rivers"))) == set(
        active_lessons(other.course)
    )
    assert "Epsilon Section" not in active_lessons(Course.objects.get(slug="rivers"))
