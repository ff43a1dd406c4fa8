"""Enrolment by a course's managers: one learner, a file of e-mail addresses, unenrolment."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from progress.models import Enrolment
from progress.roster import RosterError, enrolments_from_csv, roster_parse
from tests.factories import CourseFactory, UserFactory, enrolled


def test_it_reads_addresses_from_csv_cells_skipping_a_header_and_noting_repeats():
    roster = roster_parse(
        b"name,email\nAda,Ada@Example.com\nBob,bob@example.com\nAda,ada@example.com\n"
    )
    assert roster.addresses == ["ada@example.com", "bob@example.com"]
    assert roster.duplicates == [(4, "ada@example.com")]


def test_it_refuses_a_file_with_a_malformed_address_and_names_each_line():
    with pytest.raises(RosterError) as refused:
        roster_parse("ok@example.com\nnot an address @\n\nplain words\n")
    assert refused.value.problems == [
        "Line 2: “not an address @” is not an e-mail address.",
        "Line 4: no e-mail address.",
    ]


def test_it_refuses_a_file_that_is_not_text():
    with pytest.raises(RosterError):
        roster_parse(b"\xff\xfe\x00bad")


@pytest.mark.django_db
def test_it_enrols_known_addresses_and_reports_unknown_and_already_enrolled():
    course = CourseFactory(self_enrolment=False)
    known = UserFactory(email="known@example.com")
    already = enrolled(course, UserFactory(email="already@example.com"))

    result = enrolments_from_csv(
        course=course,
        data="KNOWN@example.com\nalready@example.com\nghost@example.com\nknown@example.com\n",
        by=course.owner,
    )

    assert result.enrolled == [known]
    assert result.already == [already]
    assert result.unknown == ["ghost@example.com"]
    assert result.duplicates == [(4, "known@example.com")]
    assert Enrolment.objects.get(user=known).enrolled_by == course.owner


@pytest.mark.django_db
def test_the_page_is_for_managers_only(client):
    course = CourseFactory()
    url = reverse("progress:enrolments", args=[course.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(course.owner)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_manager_enrols_one_by_username_and_unenrols_keeping_history(client):
    course = CourseFactory(self_enrolment=False)
    learner = UserFactory(username="lovelace")
    client.force_login(course.owner)

    client.post(reverse("progress:enrolments", args=[course.slug]), {"learner": "Lovelace"})
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == Enrolment.Status.ACTIVE
    page = client.get(reverse("progress:enrolments", args=[course.slug])).content.decode()
    assert "lovelace" in page
    assert "<caption>" in page

    client.post(reverse("progress:enrolment-end", args=[course.slug, enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENDED
    assert enrolment.ended_at is not None


@pytest.mark.django_db
def test_an_unknown_learner_is_refused_with_a_message(client):
    course = CourseFactory()
    client.force_login(course.owner)
    response = client.post(
        reverse("progress:enrolments", args=[course.slug]), {"learner": "nobody@example.com"}
    )
    assert response.status_code == 400
    assert "No account has this e-mail address or username." in response.content.decode()


@pytest.mark.django_db
def test_a_manager_uploads_a_file_and_sees_what_was_left_out(client):
    course = CourseFactory()
    UserFactory(email="one@example.com")
    client.force_login(course.owner)
    data = SimpleUploadedFile("class.csv", b"email\none@example.com\nghost@example.com\n")

    page = client.post(reverse("progress:enrolments-upload", args=[course.slug]), {"file": data})

    text = page.content.decode()
    assert page.status_code == 200
    assert "ghost@example.com" in text
    assert Enrolment.objects.filter(user__email="one@example.com").exists()


@pytest.mark.django_db
def test_a_bad_file_enrols_no_one_and_lists_its_problems(client):
    course = CourseFactory()
    UserFactory(email="one@example.com")
    client.force_login(course.owner)
    data = SimpleUploadedFile("class.csv", b"one@example.com\nbroken@\n")

    page = client.post(reverse("progress:enrolments-upload", args=[course.slug]), {"file": data})

    assert page.status_code == 400
    assert "Line 2:" in page.content.decode()
    assert not Enrolment.objects.exists()
