"""Journey 3: an administrator finds a user in the admin and changes their role (group)."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.roles import INSTRUCTORS

pytestmark = pytest.mark.browser


def test_it_lets_an_admin_make_a_student_an_instructor(journey, demo, browser, live_server):
    page = journey.page
    journey.log_in("admin")
    page.get_by_role("link", name="Admin", exact=True).click()
    journey.arrive("admin index", heading="Site administration")
    page.get_by_role("link", name="Users").first.click()
    journey.arrive("users", heading="Select user to change")

    page.locator("#searchbar").fill("stella")  # the demo student's first name
    page.get_by_role("button", name="Search").click()
    journey.arrive("users found")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    rows.get_by_role("link", name="student").click()
    journey.arrive("change student", heading="Change user")

    page.get_by_label("Groups").select_option(label=INSTRUCTORS)
    page.locator("input[name=_save]").click()
    journey.arrive("users, changed")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    journey.finish()

    student = User.objects.get(username="student")
    assert [g.name for g in student.groups.all()] == [INSTRUCTORS]
    # What the new role means to the student: the import page is now theirs.
    assert student.has_perm("courses.add_course")
