"""Journey 2: an instructor turns a Markdown document into a course with a timed quiz, and
reads the gradebook (and exports it as CSV) once a student has taken that quiz.

Upload, check the outline preview, confirm; review drafted questions (approve one, edit
another), set a time limit. A student, in a browser of their own, enrols and takes the quiz
against the clock; the instructor then reads the gradebook and downloads it both ways the
page offers: at once, and prepared as a background job whose page offers the file.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from courses.models import Course
from quizzes.models import Question, Quiz
from tests.conftest import SEED_DOCUMENT

pytestmark = pytest.mark.browser


def markdown_document() -> str:
    """Four sections of the demo's seed text as a Markdown document of two modules."""
    lines = SEED_DOCUMENT.read_text(encoding="utf-8").splitlines()
    # In the plain-text seed, headings are the short lines without a full stop.
    starts = [i for i, line in enumerate(lines) if line and len(line.split()) < 12][:5]
    sections = [(lines[a], lines[a + 1 : b]) for a, b in pairwise(starts)]
    parts = []
    for number, (heading, body) in enumerate(sections):
        if number % 2 == 0:
            parts.append(f"# Part {number // 2 + 1}\n")
        parts.append(f"## {heading}\n\n" + "\n\n".join(body) + "\n")
    return "\n".join(parts)


TITLE = "Cooperation Against Terrorism"
LESSON = "The Importance of Military Diplomacy"


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "water.md"
    path.write_text(markdown_document(), encoding="utf-8")
    return path


def take_the_quiz(student, course: Course, quiz: Quiz) -> None:
    """The demo student enrols in the new course and answers both questions right."""
    page = student.page
    student.log_in("student")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    student.arrive("catalogue", heading="Courses")
    page.get_by_role("link", name=TITLE).click()
    student.arrive("new course", heading=TITLE)
    page.get_by_role("button", name="Enrol").click()
    student.arrive("enrolled", heading=TITLE)
    page.get_by_role("link", name=LESSON).click()
    student.arrive("lesson", heading=LESSON)
    page.get_by_role("link", name="Take the quiz").click()
    student.arrive("quiz intro", heading=quiz.title)
    assert "20 minutes" in page.locator(".quiz-rules").inner_text()
    page.get_by_role("button", name="Start the quiz").click()
    student.arrive("attempt, timed", heading=quiz.title)
    assert page.get_by_role("timer").count() == 1
    # The approved true/false draft and the edited short-answer one (see the drafts page).
    true_false = page.locator("fieldset.quiz-question", has=page.get_by_label("True", exact=True))
    true_false.get_by_label("True", exact=True).check()
    short = page.locator("fieldset.quiz-question", has_text="Edited by the instructor:")
    short.locator("input[type=text]").fill("terrorist activities")
    page.get_by_role("button", name="Submit all and finish").click()
    student.arrive("review", heading="Review:")
    assert "2 out of 2 points" in page.locator(".review-score").inner_text()
    student.finish()


def downloaded_csv(page, click) -> tuple[str, str]:
    """The file a click downloads: its suggested name and its text."""
    with page.expect_download() as download:
        click()
    path = download.value.path()
    return download.value.suggested_filename, Path(path).read_text(encoding="utf-8-sig")


def test_it_lets_an_instructor_turn_a_document_into_a_course_with_a_quiz(journeys, demo, document):
    journey = journeys("instructor")
    page = journey.page
    journey.log_in("instructor")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Import a document").click()
    journey.arrive("import", heading="Import a document")
    page.get_by_label("Document").set_input_files(document)
    page.get_by_label("Course title").fill(TITLE)
    page.locator("main form [type=submit]").click()
    journey.arrive("outline preview", heading="Check the outline")
    preview = page.locator("main").inner_text()
    for lesson in ("An Overview", "Military Diplomacy", "Historical Context", "Key Components"):
        assert lesson in preview
    assert "4 lessons" in preview

    page.get_by_role("button", name="Confirm and create the course").first.click()
    journey.arrive("course created", heading=TITLE)
    assert "created" in page.locator(".messages").inner_text()
    course = Course.objects.get(title=TITLE)
    assert Question.objects.filter(course=course, status=Question.Status.DRAFT).count() >= 2

    page.get_by_role("link", name="Review drafts").click()
    journey.arrive("question bank, drafts")
    page.get_by_role("link", name=LESSON).first.click()
    journey.arrive("lesson drafts", heading="Review drafts: " + LESSON)
    drafts_before = page.locator("article[id^=draft-]").count()
    assert drafts_before >= 2

    page.get_by_role("button", name="Approve draft 1").click()
    journey.arrive("one draft approved", heading="Review drafts: " + LESSON)
    assert page.locator("article[id^=draft-]").count() == drafts_before - 1

    page.get_by_role("link", name="Edit draft 1").click()
    journey.arrive("edit a draft", heading="Edit")
    stem = page.get_by_label("Question text")
    stem.fill("Edited by the instructor: " + stem.input_value())
    page.get_by_role("button", name="Save and approve").click()
    journey.arrive("edited draft approved", heading="Review drafts: " + LESSON)
    in_quiz = page.locator("section[aria-labelledby=in-quiz]").inner_text()
    assert "Edited by the instructor:" in in_quiz

    page.get_by_role("link", name="Quiz settings").click()
    journey.arrive("quiz settings", heading="Quiz: " + LESSON)
    page.get_by_label("Time limit (minutes)").fill("20")
    page.locator("main form [type=submit]").click()
    journey.arrive("quiz settings saved")
    quiz = Quiz.objects.get(lesson__course=course, lesson__title=LESSON)
    assert quiz.time_limit == timedelta(minutes=20)
    assert quiz.slots.count() == 2
    types = sorted(slot.question.type for slot in quiz.slots.select_related("question"))
    assert types == ["short_answer", "true_false"]

    take_the_quiz(journeys("student"), course, quiz)

    # The gradebook, from the instructor's dashboard.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My dashboard").click()
    journey.arrive("instructor dashboard", heading="My dashboard")
    taught = page.get_by_role("region", name="Courses I teach").get_by_role("listitem")
    this_course = taught.filter(has=page.get_by_role("link", name=TITLE, exact=True))
    this_course.get_by_role("link", name="Gradebook").click()
    journey.arrive("gradebook", heading="Gradebook")
    table = page.get_by_role("table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[0] == "Learner"
    assert quiz.title in headers
    row = table.locator("tbody tr")
    assert row.count() == 1
    cells = [row.locator("th").inner_text(), *row.locator("td").all_inner_texts()]
    by_column = dict(zip(headers, cells, strict=True))
    assert by_column["Learner"] == "Stella"
    assert by_column[quiz.title] == "100.00 % passed"
    assert by_column["Course grade"] == "100.00 %"

    # Exported at once: the page's rows, with username and e-mail address.
    name, text = downloaded_csv(page, page.get_by_role("link", name="Download as CSV").click)
    assert name == f"gradebook-{course.slug}.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["Username"] == "student"
    assert rows[0]["Name"] == "Stella"
    assert rows[0]["Email"] == "student@example.com"
    assert float(rows[0][f"{quiz.title} (%)"]) == 100
    assert rows[0]["Quizzes passed"] == "1"
    assert float(rows[0]["Course grade (%)"]) == 100

    # Prepared in the background: the job's page offers the same file.
    page.get_by_role("button", name="Prepare the CSV in the background").click()
    journey.arrive("export job", heading="Gradebook")
    assert "/jobs/" in journey.path()
    _, prepared = downloaded_csv(page, page.get_by_role("link", name="Download").click)
    assert list(csv.DictReader(io.StringIO(prepared))) == rows
    journey.finish()
