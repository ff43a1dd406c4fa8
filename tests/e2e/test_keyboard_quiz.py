"""Journey 4: journey 1's quiz, completed by the demo student with the keyboard alone.

No clicks: Tab and Shift+Tab to move, arrow keys in radio groups and selects, Space for
checkboxes and radios, Enter for links and buttons. The student goes from the dashboard to
the quiz through the pages' own links; only the return after closing the tab is typed into
the address bar, as a person would. The focused control must always show it has the focus
and must not be hidden behind anything (the attempt's sticky bar of buttons, say).
"""

from __future__ import annotations

import pytest

from quizzes.models import Attempt

from . import keys
from .demo_quiz import (
    FIRST_HALF,
    SCORE_BEFORE_GRADING,
    SECOND_HALF,
    answer_with_keyboard,
    demo_lesson,
    shown_answers,
    wait_until_saved,
    watch_saves,
)

pytestmark = pytest.mark.browser


def keyboard_log_in(journey) -> None:
    page = journey.page
    journey.goto("/accounts/login/")
    journey.arrive("log in", heading="Log in")
    keys.tab_to(page, "#id_username")
    page.keyboard.type("student")
    keys.tab_to(page, "#id_password")
    page.keyboard.type("docent-demo")
    keys.press_and_follow(page, "Enter")
    journey.arrive("logged in", heading="My dashboard")


def skip_to_main(page) -> None:
    """The first Tab reaches the skip link, which takes the focus past the navigation."""
    page.keyboard.press("Tab")
    assert keys.focused_matches(page, "a.skip-link")
    keys.assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert keys.focused_matches(page, "main")


def test_it_lets_a_student_take_the_quiz_with_the_keyboard_alone(journey, demo):
    page = journey.page
    keyboard_log_in(journey)
    lesson = demo_lesson(2)
    quiz_link = f"a[href$='/quizzes/{lesson.quiz.pk}/']"

    skip_to_main(page)
    keys.press_on(page, "article.dashboard-course a.btn")
    journey.arrive("lesson 1", heading=demo_lesson(1).title)
    skip_to_main(page)
    keys.press_on(page, "a[rel=next]")
    journey.arrive("lesson 2", heading=lesson.title)

    keys.press_on(page, quiz_link)
    journey.arrive("quiz intro")
    keys.press_on(page, ".quiz-start button")
    journey.arrive("attempt")
    saves = watch_saves(page)
    answer_with_keyboard(page, FIRST_HALF)
    wait_until_saved(page, saves, "q6", "2001")
    assert shown_answers(page, FIRST_HALF) == FIRST_HALF

    # Shift+Tab goes back a question to change an answer: 2001 becomes 2002, then 2001 again.
    keys.tab_to(page, "input[name=q5]", backwards=True)
    keys.tab_to(page, "input[name=q6]")
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type("2")
    wait_until_saved(page, saves, "q6", "2002")
    page.keyboard.press("Backspace")
    page.keyboard.type("1")
    wait_until_saved(page, saves, "q6", "2001")
    journey.arrive("attempt, half answered by keyboard")

    # The tab closes; the student types the quiz's address and carries on.
    journey.close_tab()
    page = journey.new_tab()
    journey.goto(f"/quizzes/{lesson.quiz.pk}/")
    journey.arrive("quiz intro, attempt open")
    keys.press_on(page, ".quiz-start button")
    journey.arrive("attempt, resumed")
    assert shown_answers(page, FIRST_HALF) == FIRST_HALF

    answer_with_keyboard(page, SECOND_HALF)
    assert shown_answers(page, SECOND_HALF) == SECOND_HALF
    keys.press_on(page, "button[data-finish]")
    journey.arrive("review", heading="Review:")
    assert SCORE_BEFORE_GRADING in page.locator(".review-score").inner_text()
    attempt = Attempt.objects.get(quiz=lesson.quiz, user__username="student")
    assert attempt.state == Attempt.State.SUBMITTED
    journey.finish()
