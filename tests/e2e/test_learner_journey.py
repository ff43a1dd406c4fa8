"""Journey 1: a new student signs up, enrols in the demo course, reads two lessons, takes the
quiz with every question type across two tabs, and sees the progress bar move on the dashboard.

The demo course is in manual completion mode: a lesson counts once the learner marks it
complete, so the student marks each of the two lessons read.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from accounts.models import User
from progress.models import Enrolment
from quizzes.models import Attempt

from .demo_quiz import (
    DEMO_TITLE,
    FIRST_HALF,
    QUESTION_COUNT,
    SCORE_BEFORE_GRADING,
    SECOND_HALF,
    answer_with_mouse,
    demo_lesson,
    shown_answers,
    wait_until_saved,
    watch_saves,
)

pytestmark = pytest.mark.browser

USERNAME = "newstudent"
PASSWORD = "a-long-pass-phrase-42"


def dashboard_progress(page) -> tuple[int, str]:
    """The demo course's bar on the dashboard: its value and the words beside it."""
    card = page.locator("article.dashboard-course", has_text=DEMO_TITLE)
    assert card.count() == 1, "the demo course is not on the dashboard"
    bar = card.locator("progress")
    return int(bar.get_attribute("value") or -1), card.locator(".course-progress").inner_text()


def mark_read(journey, number: int) -> None:
    page = journey.page
    completion = page.get_by_role("region", name="Your progress")
    completion.get_by_role("button", name="Mark complete").click()
    journey.arrive(f"lesson {number} marked complete", heading=demo_lesson(number).title)
    assert "Complete" in completion.locator(".lesson-state").inner_text()
    assert completion.get_by_role("button", name="Mark as not complete").count() == 1


def test_it_takes_a_new_student_from_sign_up_to_progress_on_the_dashboard(journey, demo):
    page = journey.page
    journey.goto("/")
    journey.arrive("catalogue, signed out", heading="Courses")

    # Sign up: a student account, logged in at once.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    journey.arrive("sign up", heading="Sign up")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("E-mail address").fill("newstudent@example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)  # crispy adds "*"
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Create my account").click()
    journey.arrive("dashboard, new account", heading="My dashboard")
    assert "Your account is ready" in page.locator(".messages").inner_text()
    assert f"Profile ({USERNAME})" in page.locator("header").inner_text()
    assert "not enrolled in any course yet" in page.locator("main").inner_text()
    student = User.objects.get(username=USERNAME)

    # Enrol in the demo course from the catalogue.
    page.get_by_role("link", name="Find a course").click()
    journey.arrive("catalogue", heading="Courses")
    page.get_by_role("link", name=DEMO_TITLE).click()
    journey.arrive("course outline, not enrolled", heading=DEMO_TITLE)
    assert page.locator("progress").count() == 0
    page.get_by_role("button", name="Enrol").click()
    journey.arrive("course outline, enrolled", heading=DEMO_TITLE)
    assert "You are enrolled" in page.locator(".messages").inner_text()
    assert Enrolment.objects.filter(user=student, status=Enrolment.Status.ACTIVE).count() == 1

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My dashboard").click()
    journey.arrive("dashboard before", heading="My dashboard")
    before, before_words = dashboard_progress(page)
    assert before == 0
    assert "0% complete" in before_words
    lessons = demo.lessons.filter(is_archived=False).count()
    assert f"0 of {lessons} lessons complete" in page.locator("main").inner_text()

    # Read the first two lessons with next and previous, marking each one read.
    page.get_by_role("link", name="Start the course").click()
    journey.arrive("lesson 1", heading=demo_lesson(1).title)
    assert "Lesson 1 of" in page.locator(".lesson-counter").inner_text()
    mark_read(journey, 1)
    pager = page.get_by_role("navigation", name="Previous and next lesson")
    pager.locator("a[rel=next]").click()
    journey.arrive("lesson 2", heading=demo_lesson(2).title)
    assert "Lesson 2 of" in page.locator(".lesson-counter").inner_text()
    pager.locator("a[rel=prev]").click()
    journey.arrive("lesson 1 again", heading=demo_lesson(1).title)
    pager.locator("a[rel=next]").click()
    journey.arrive("lesson 2 again", heading=demo_lesson(2).title)
    mark_read(journey, 2)

    # The quiz with every question type: half of it, then the tab closes.
    page.get_by_role("link", name="Take the quiz").click()
    journey.arrive("quiz intro")
    page.get_by_role("button", name="Start the quiz").click()
    journey.arrive("attempt")
    saves = watch_saves(page)
    answer_with_mouse(page, FIRST_HALF)
    wait_until_saved(page, saves, "q6", "2001")
    journey.arrive("attempt, half answered")

    # The student comes back to the lesson in a new tab and finds the answers kept.
    journey.close_tab()
    page = journey.new_tab()
    journey.goto(demo_lesson(2).get_absolute_url())
    journey.arrive("lesson 2, back", heading=demo_lesson(2).title)
    page.get_by_role("link", name="Take the quiz").click()
    journey.arrive("quiz intro, attempt open")
    page.get_by_role("button", name="Continue your attempt").click()
    journey.arrive("attempt, resumed")
    assert shown_answers(page, FIRST_HALF) == FIRST_HALF

    answer_with_mouse(page, SECOND_HALF)
    page.get_by_role("button", name="Submit all and finish").click()
    journey.arrive("review", heading="Review:")
    score = page.locator(".review-score").inner_text()
    assert SCORE_BEFORE_GRADING in score
    assert "not final" in score  # the essay waits for the instructor
    assert page.locator(".review-question").count() == QUESTION_COUNT
    attempt = Attempt.objects.get(user=student)
    assert attempt.state == Attempt.State.SUBMITTED

    # The dashboard: the bar moved by the two lessons read; the attempt is listed.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My dashboard").click()
    journey.arrive("dashboard after", heading="My dashboard")
    after, after_words = dashboard_progress(page)
    expected = 2 * 100 // lessons
    assert after == expected > before
    assert f"{expected}% complete" in after_words
    assert f"2 of {lessons} lessons complete" in page.locator("main").inner_text()
    results = page.get_by_role("table", name="Your latest submitted attempts")
    assert attempt.quiz.title in results.inner_text()
    assert "Waiting for a grader" in results.inner_text()
    assert page.get_by_role("link", name="Continue where you left off").count() == 1
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
