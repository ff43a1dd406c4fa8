"""Journey 3: an administrator finds a user in the admin and changes their role (group);
the user, in a browser of their own, then sees what the new role opens to them."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.roles import INSTRUCTORS

pytestmark = pytest.mark.browser


def role_in_list(page, username: str) -> str:
    row = page.locator("#result_list tbody tr").filter(
        has=page.get_by_role("link", name=username, exact=True)
    )
    return str(row.locator("td.field-role").inner_text()).strip()


def test_it_lets_an_admin_make_a_student_an_instructor(journeys, demo):
    journey = journeys("admin")
    page = journey.page
    journey.log_in("admin")
    page.get_by_role("link", name="Admin", exact=True).click()
    journey.arrive("admin index", heading="Site administration")
    page.get_by_role("link", name="Users").first.click()
    journey.arrive("users", heading="Select user to change")

    page.locator("#searchbar").fill("stella")  # the demo student's first name
    page.get_by_role("button", name="Search").click()
    journey.arrive("users found")
    assert page.locator("#result_list tbody tr").count() == 1
    assert role_in_list(page, "student") == "Student"
    page.locator("#result_list").get_by_role("link", name="student", exact=True).click()
    journey.arrive("change student", heading="Change user")
    assert page.locator(".field-role .readonly").inner_text().strip() == "Student"

    page.get_by_label("Groups").select_option(label=INSTRUCTORS)
    page.locator("input[name=_save]").click()
    journey.arrive("users, changed")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert role_in_list(page, "student") == "Instructor"
    journey.finish()

    student = User.objects.get(username="student")
    assert [g.name for g in student.groups.all()] == [INSTRUCTORS]

    # What the new role means to the student: the import page is now theirs.
    former_student = journeys("student")
    page = former_student.page
    former_student.log_in("student")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Profile").click()
    former_student.arrive("profile", heading="Your profile")
    assert page.locator("[data-role]").inner_text().strip() == "Instructor"
    nav.get_by_role("link", name="Import a document").click()
    former_student.arrive("import", heading="Import a document")
    former_student.finish()
