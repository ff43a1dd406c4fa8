"""The demo course's lesson-2 quiz (fixtures/demo-questions.json): one question of each type.

The right answers, and how a learner gives them with a mouse or with the keyboard alone.
Questions are found by their text, choices by their labels: answers are shuffled.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import parse_qs

from django.core.management import call_command

from accounts.management.commands.setup_demo import DEMO_SLUG, DEMO_TITLE
from courses.models import Course, Lesson

from . import keys

# Question text → answer. Choices by label; selects as {row label: option}; text as str.
FIRST_HALF: dict[str, Any] = {
    "Which alliance formed": ("radio", "NATO"),
    "key components": (
        "checkboxes",
        ["Trust-building", "Joint training exercises", "Resource allocation"],
    ),
    "Military diplomacy involves": ("radio", "True"),
    "Nigeria, Chad and Cameroon": ("text", "Boko Haram"),
    "In which year": ("text", "2001"),
}
SECOND_HALF: dict[str, Any] = {
    "Match each technology": (
        "selects",
        {
            "Surveillance systems": "Real-time monitoring",
            "Cyber intelligence": "Patterns in extremist communication",
            "Data analysis": "Processing vast datasets",
        },
    ),
    "Put these in the order": (
        "selects",
        {
            "Cold War alliances form": "1",
            "The September 11 attacks": "2",
            "The Global Coalition Against Daesh": "3",
        },
    ),
    "During Operation": ("selects", {"Gap 1": "Inherent Resolve", "Gap 2": "ISIS"}),
    "explain why trust matters": ("text", "Trust lets allies share intelligence."),
}
QUESTION_COUNT = 9  # the description is not numbered
# Every answer above is right; the essay (3 of the 13 points) waits for a grader.
SCORE_BEFORE_GRADING = "10 out of 13 points"


def demo_course() -> Course:
    """The demo course, accounts and quizzes, as ``make run`` makes them."""
    call_command("setup_demo", force=True, stdout=io.StringIO())
    return Course.objects.get(slug=DEMO_SLUG)


def demo_lesson(number: int) -> Lesson:
    return Lesson.objects.get(course__slug=DEMO_SLUG, position=number, is_archived=False)


__all__ = [
    "DEMO_TITLE",
    "FIRST_HALF",
    "QUESTION_COUNT",
    "SCORE_BEFORE_GRADING",
    "SECOND_HALF",
    "demo_course",
    "demo_lesson",
]


def question(page: Any, text: str) -> Any:
    return page.locator("fieldset.quiz-question", has_text=text)


# With a mouse -------------------------------------------------------------------------------


def answer_with_mouse(page: Any, answers: dict[str, Any]) -> None:
    for text, (kind, value) in answers.items():
        box = question(page, text)
        if kind == "radio":
            box.get_by_label(value, exact=True).check()
        elif kind == "checkboxes":
            for label in value:
                box.get_by_label(label, exact=True).check()
        elif kind == "text":
            box.locator("input[type=text], textarea").fill(value)
        else:
            for label, option in value.items():
                field = box.get_by_label(label, exact=True)
                if field.evaluate("e => e.tagName") == "SELECT":
                    field.select_option(label=option)
                else:
                    field.fill(option)


# With the keyboard alone --------------------------------------------------------------------


def answer_with_keyboard(page: Any, answers: dict[str, Any]) -> None:
    """Tab forward to each control in page order; arrows, Space and typing to answer."""
    for text, (kind, value) in answers.items():
        box = question(page, text)
        if kind == "radio":
            target = box.get_by_label(value, exact=True)
            name = target.get_attribute("name")
            keys.tab_to(page, f"input[name='{name}']")
            keys.arrow_to_radio(page, f"#{target.get_attribute('id')}")
        elif kind == "checkboxes":
            for control in _in_page_order(box, value):
                keys.tab_to(page, f"#{control.get_attribute('id')}")
                page.keyboard.press("Space")
        elif kind == "text":
            field = box.locator("input[type=text], textarea")
            keys.tab_to(page, f"#{field.get_attribute('id')}")
            page.keyboard.type(value)
        else:
            for control in _in_page_order(box, list(value)):
                keys.tab_to(page, f"#{control.get_attribute('id')}")
                label = _label(control)
                if control.evaluate("e => e.tagName") == "SELECT":
                    keys.arrow_to_option(page, value[label])
                else:
                    page.keyboard.type(value[label])


def _label(control: Any) -> str:
    return str(
        control.evaluate(
            "e => e.getAttribute('aria-label') || (e.labels[0] ? e.labels[0].innerText : '')"
        )
    ).strip()


def _in_page_order(box: Any, labels: list[str]) -> list[Any]:
    """The controls labelled ``labels``, in the order they appear (answers are shuffled)."""
    controls = [box.get_by_label(label, exact=True) for label in labels]
    return sorted(controls, key=lambda c: c.evaluate("e => e.getBoundingClientRect().top"))


# Reading back -------------------------------------------------------------------------------


def shown_answers(page: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """What the page shows now for the questions in ``answers``, in the same shape."""
    shown: dict[str, Any] = {}
    for text, (kind, value) in answers.items():
        box = question(page, text)
        if kind == "radio":
            checked = box.locator("input:checked")
            shown[text] = (kind, _label(checked) if checked.count() else None)
        elif kind == "checkboxes":
            labels = [_label(c) for c in box.locator("input:checked").all()]
            shown[text] = (kind, [label for label in value if label in labels])
        elif kind == "text":
            shown[text] = (kind, box.locator("input[type=text], textarea").input_value())
        else:
            values = {}
            for label in value:
                field = box.get_by_label(label, exact=True)
                values[label] = field.evaluate(
                    "e => e.tagName === 'SELECT' ? e.selectedOptions[0].text : e.value"
                )
            shown[text] = (kind, values)
    return shown


def watch_saves(page: Any) -> list[dict[str, list[str]]]:
    """The answers of each autosave the server accepted on ``page``, as they arrive."""
    saved: list[dict[str, list[str]]] = []

    def seen(response: Any) -> None:
        if response.url.endswith("/save/") and response.status == 200:
            saved.append(parse_qs(response.request.post_data or "", keep_blank_values=True))

    page.on("response", seen)
    return saved


def wait_until_saved(page: Any, saved: list[dict[str, list[str]]], name: str, value: str) -> None:
    """Autosave (nobody pressed "Save") stored ``value`` as the newest answer to ``name``."""
    for _ in range(150):
        if saved and saved[-1].get(name) == [value]:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError(f"no autosave ended with {name}={value!r}: {saved[-1:]}")
    page.locator("[data-autosave-status]").filter(has_text="Saved at").wait_for()
