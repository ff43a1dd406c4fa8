"""Outline → modules and lessons: pure, no database."""

from __future__ import annotations

from courses.outline import Outline, Section
from courses.planning import plan_course


def outline(*sections: Section, title: str = "") -> Outline:
    return Outline(format="test", sections=sections, title=title)


def test_one_level_of_headings_gives_one_module_of_lessons():
    plan = plan_course(
        outline(Section("A", 1, "<p>a</p>"), Section("B", 1, "<p>b</p>")), fallback_title="Doc"
    )
    assert plan.title == "Doc"
    assert [m.title for m in plan.modules] == ["Doc"]
    assert [lesson.title for lesson in plan.lessons] == ["A", "B"]


def test_text_before_the_first_heading_becomes_an_opening_lesson():
    plan = plan_course(outline(Section("", 0, "<p>hello</p>"), Section("A", 1, "<p>a</p>")))
    assert [lesson.title for lesson in plan.lessons] == ["Introduction", "A"]
    assert plan.lessons[0].text == "hello"


def test_top_level_gives_modules_next_level_lessons_deeper_stays_inside():
    plan = plan_course(
        outline(
            Section("Module One", 1, ""),
            Section("Lesson 1", 2, "<p>one</p>"),
            Section("Detail", 3, "<p>deep</p>"),
            Section("Module Two", 1, "<p>intro to two</p>"),
            Section("Lesson 2", 2, "<p>two</p>"),
        )
    )
    assert [(m.title, [x.title for x in m.lessons]) for m in plan.modules] == [
        ("Module One", ["Lesson 1"]),
        ("Module Two", ["Module Two", "Lesson 2"]),
    ]
    lesson_one = plan.modules[0].lessons[0]
    assert "<h3>Detail</h3>" in lesson_one.html
    assert "deep" in lesson_one.text


def test_a_single_top_heading_names_the_course():
    plan = plan_course(
        outline(
            Section("The Handbook", 1, "<p>Welcome.</p>"),
            Section("Part A", 2, "<p>a</p>"),
            Section("Part B", 2, "<p>b</p>"),
        )
    )
    assert plan.title == "The Handbook"
    assert [lesson.title for lesson in plan.lessons] == ["Introduction", "Part A", "Part B"]


def test_an_explicit_title_wins_over_the_documents():
    plan = plan_course(outline(Section("A", 1, "<p>a</p>"), title="Declared"), title="Chosen")
    assert plan.title == "Chosen"


def test_lesson_html_is_sanitized_and_text_is_derived_from_it():
    plan = plan_course(
        outline(Section("A", 1, '<p onclick="x()">Hi <script>alert(1)</script><b>there</b></p>'))
    )
    lesson = plan.lessons[0]
    assert "script" not in lesson.html
    assert "onclick" not in lesson.html
    assert lesson.text == "Hi there"
