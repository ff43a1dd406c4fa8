"""Journey 1: a student reads the demo course and takes the quiz with every question type.

Signing up, enrolling and the dashboard come with other branches (``accounts``, ``progress``):
their steps are written below as pending tests, to be switched on when those pages exist.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizzes.models import Attempt

from .demo_quiz import (
    DEMO_TITLE,
    FIRST_HALF,
    SECOND_HALF,
    answer_with_mouse,
    demo_lesson,
    shown_answers,
    wait_until_saved,
    watch_saves,
)

pytestmark = pytest.mark.browser


def test_it_lets_a_student_read_lessons_and_take_a_quiz_with_every_question_type(journey, demo):
    page = journey.page
    journey.log_in("student")

    page.get_by_role("link", name=DEMO_TITLE).click()
    journey.arrive("course outline", heading=DEMO_TITLE)
    # PENDING (branch `progress`): press "Enrol" here; reading lessons needs an enrolment.
    page.get_by_role("link", name="Start the course").click()
    journey.arrive("lesson 1", heading=demo_lesson(1).title)
    assert "Lesson 1 of" in page.locator(".lesson-counter").inner_text()

    pager = page.get_by_role("navigation", name="Previous and next lesson")
    pager.locator("a[rel=next]").click()
    journey.arrive("lesson 2", heading=demo_lesson(2).title)
    assert "Lesson 2 of" in page.locator(".lesson-counter").inner_text()
    pager.locator("a[rel=prev]").click()
    journey.arrive("lesson 1 again", heading=demo_lesson(1).title)
    pager.locator("a[rel=next]").click()
    page.wait_for_load_state("load")

    page.get_by_role("link", name="Take the quiz").click()
    journey.arrive("quiz intro")
    page.get_by_role("button", name="Start the quiz").click()
    journey.arrive("attempt")
    saves = watch_saves(page)
    answer_with_mouse(page, FIRST_HALF)
    wait_until_saved(page, saves, "q6=2001")
    journey.arrive("attempt, half answered")

    # The tab closes mid-attempt; the student comes back to the lesson in a new one.
    journey.close_tab()
    page = journey.new_tab()
    journey.goto(demo_lesson(2).get_absolute_url())
    journey.arrive("lesson 2, back")
    page.get_by_role("link", name="Take the quiz").click()
    journey.arrive("quiz intro, attempt open")
    page.get_by_role("button", name="Continue your attempt").click()
    journey.arrive("attempt, resumed")
    assert shown_answers(page, FIRST_HALF) == FIRST_HALF

    answer_with_mouse(page, SECOND_HALF)
    page.get_by_role("button", name="Submit all and finish").click()
    journey.arrive("review", heading="Review:")
    score = page.locator(".review-score").inner_text()
    # Everything right but the essay, which waits for the instructor: 2 of 3 components.
    assert "out of 13 points" in score
    assert "not final" in score
    assert page.locator(".review-question").count() == 9
    journey.finish()


def test_it_announces_the_time_left_politely_not_every_second(journey, demo):
    quiz = demo_lesson(2).quiz
    quiz.time_limit = timedelta(minutes=30)
    quiz.save(update_fields=["time_limit"])
    page = journey.page
    journey.log_in("student")
    journey.goto(f"/quizzes/{quiz.pk}/")
    journey.arrive("timed quiz intro")
    page.get_by_role("button", name="Start the quiz").click()
    journey.arrive("timed attempt")

    clock = page.get_by_role("timer")
    announcer = page.locator("[data-timer-announcer]")
    assert announcer.get_attribute("aria-live") == "polite"
    assert clock.get_attribute("aria-live") in (None, "off")  # role=timer: silent by default
    first = clock.inner_text()
    page.wait_for_function(
        "shown => document.querySelector('[role=timer]').textContent !== shown", arg=first
    )
    assert announcer.inner_text() == ""  # the clock ticked; nothing was read out
    assert Attempt.objects.get(quiz=quiz).deadline is not None
    journey.finish()


@pytest.mark.skip(reason="pending branch `accounts`: no sign-up page on main yet")
def test_it_lets_a_new_student_sign_up(journey, demo):
    """To switch on after merging `accounts` (and adjust the labels to its form)."""
    page = journey.page
    journey.goto("/")
    journey.arrive("catalogue, signed out", heading="Courses")
    page.get_by_role("link", name="Sign up").click()
    journey.arrive("sign up")
    page.get_by_label("Username").fill("newstudent")
    page.get_by_label("Email").fill("newstudent@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-42")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-42")
    page.locator("main").get_by_role("button", name="Sign up").click()
    journey.arrive("after sign-up")
    assert "Signed in as newstudent" in page.locator("header").inner_text()
    journey.finish()


@pytest.mark.skip(reason="pending branch `progress`: no enrolment and no /dashboard/ on main")
def test_it_shows_progress_on_the_dashboard_after_enrolling_and_reading(journey, demo):
    """To switch on after merging `progress`: enrol, read two lessons, see the bar move."""
    page = journey.page
    journey.log_in("student")
    journey.goto("/dashboard/")
    journey.arrive("dashboard before", heading="Dashboard")
    before = page.locator("progress").first.get_attribute("value")
    journey.goto(demo.get_absolute_url())
    journey.arrive("course outline", heading=DEMO_TITLE)
    enrol = page.get_by_role("button", name="Enrol")
    if enrol.count():  # setup_demo enrols the demo student already
        enrol.click()
        journey.arrive("enrolled", heading=DEMO_TITLE)
    page.get_by_role("link", name="Start the course").click()
    journey.arrive("lesson 1", heading=demo_lesson(1).title)
    page.locator("a[rel=next]").click()
    journey.arrive("lesson 2", heading=demo_lesson(2).title)
    journey.goto("/dashboard/")
    journey.arrive("dashboard after", heading="Dashboard")
    after = page.locator("progress").first.get_attribute("value")
    assert float(after or 0) > float(before or 0)
    journey.finish()
