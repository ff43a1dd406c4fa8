"""The course pages and the document import, through the test client and real templates."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Course, DocumentUpload, Lesson
from courses.services import document_import
from tests.caches import caches_clear
from tests.factories import (
    PASSWORD,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    UserFactory,
    enrolled,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("courses:import")


def instructor():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_course"))
    return user


def course_with_lessons(lessons: int, modules: int = 1, **course_fields) -> Course:
    """A course of ``modules`` modules sharing ``lessons`` lessons, positions 1…lessons."""
    course = CourseFactory(**course_fields)
    parts = [ModuleFactory(course=course, position=i) for i in range(1, modules + 1)]
    for position in range(1, lessons + 1):
        module = parts[(position - 1) * modules // lessons]
        LessonFactory(
            course=course, module=module, position=position, title=f"Lesson number {position}"
        )
    return course


def lesson_url(lesson: Lesson) -> str:
    return reverse("courses:lesson", kwargs={"slug": lesson.course.slug, "pk": lesson.pk})


def outline_url(course: Course) -> str:
    return reverse("courses:outline", kwargs={"slug": course.slug})


def upload(client, data: bytes, name: str = "seed-document.txt", **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data), **fields})


# Catalogue, outline, lesson


def test_catalogue_lists_courses_with_their_active_lesson_counts(client):
    three = course_with_lessons(3, title="Three lessons")
    LessonFactory(module=three.modules.get(), is_archived=True, position=9)
    course_with_lessons(1, title="One lesson")
    course_with_lessons(2, title="Hidden draft", is_published=False)

    response = client.get(reverse("courses:catalogue"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Three lessons" in html
    assert "3 lessons" in html
    assert "One lesson" in html
    assert "1 lesson\n" in html
    assert "Hidden draft" not in html
    counts = {course.title: course.lesson_count for course in response.context["courses"]}
    assert counts == {"One lesson": 1, "Three lessons": 3}


def test_outline_shows_modules_and_lessons_in_order_without_archived_ones(client):
    course = CourseFactory(title="Ordered")
    second = ModuleFactory(course=course, title="Second module", position=2)
    first = ModuleFactory(course=course, title="First module", position=1)
    gone = ModuleFactory(course=course, title="Archived module", position=3, is_archived=True)
    LessonFactory(course=course, module=second, position=3, title="Gamma")
    LessonFactory(course=course, module=first, position=2, title="Beta")
    LessonFactory(course=course, module=first, position=1, title="Alpha")
    LessonFactory(course=course, module=first, position=4, title="Removed", is_archived=True)
    LessonFactory(course=course, module=gone, position=5, title="In archived module")
    client.force_login(enrolled(course))

    response = client.get(outline_url(course))

    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(text) for text in ["First module", "Alpha", "Beta", "Second module"]]
    assert positions == sorted(positions)
    assert html.index("Beta") < html.index("Gamma")
    assert "Removed" not in html
    assert "Archived module" not in html
    alpha = course.lessons.get(title="Alpha")
    assert f'href="{lesson_url(alpha)}">Start the course' in html


def test_reading_needs_a_sign_in_and_an_enrolment(client):
    course = course_with_lessons(1)
    lesson = course.lessons.get()

    assert client.get(lesson_url(lesson))["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    refused = client.get(lesson_url(lesson))
    assert refused.status_code == 403
    assert reverse("progress:enrol", args=[course.slug]) in refused.content.decode()


def test_a_visitor_sees_a_published_outline_with_a_way_to_log_in_and_enrol(client):
    course = course_with_lessons(2)
    lesson = course.lessons.order_by("position").first()

    response = client.get(outline_url(course))

    page = response.content.decode()
    assert response.status_code == 200
    assert lesson.title in page
    assert f'href="{reverse("login")}?next={outline_url(course)}"' in page
    assert "Log in to enrol" in page
    assert reverse("progress:enrol", args=[course.slug]) not in page  # a form needs a user
    assert "ask one of its instructors" not in page


def test_lesson_page_shows_the_body_and_neighbours_at_first_middle_and_last(client):
    course = course_with_lessons(3)
    first, middle, last = course.lessons.order_by("position")
    client.force_login(enrolled(course))

    page = client.get(lesson_url(first)).content.decode()
    assert f"<p>{first.text}</p>" in page
    assert "Lesson 1 of 3" in page
    assert 'rel="prev"' not in page
    assert f'rel="next" href="{lesson_url(middle)}"' in page

    page = client.get(lesson_url(middle)).content.decode()
    assert "Lesson 2 of 3" in page
    assert f'rel="prev" href="{lesson_url(first)}"' in page
    assert f'rel="next" href="{lesson_url(last)}"' in page
    assert f'href="{lesson_url(middle)}" aria-current="page"' in page

    page = client.get(lesson_url(last)).content.decode()
    assert "Lesson 3 of 3" in page
    assert f'rel="prev" href="{lesson_url(middle)}"' in page
    assert 'rel="next"' not in page


def test_neighbours_skip_archived_lessons(client):
    course = course_with_lessons(3)
    first, middle, last = course.lessons.order_by("position")
    Lesson.objects.filter(pk=middle.pk).update(is_archived=True)
    client.force_login(enrolled(course))

    page = client.get(lesson_url(first)).content.decode()

    assert f'rel="next" href="{lesson_url(last)}"' in page
    assert "Lesson 1 of 2" in page


def test_archived_lesson_is_404(client):
    lesson = LessonFactory(is_archived=True)
    client.force_login(enrolled(lesson.course))

    assert client.get(lesson_url(lesson)).status_code == 404


def test_lesson_under_another_course_slug_is_404(client):
    lesson = LessonFactory()
    other = CourseFactory()
    client.force_login(enrolled(other, enrolled(lesson.course)))

    url = reverse("courses:lesson", kwargs={"slug": other.slug, "pk": lesson.pk})
    assert client.get(url).status_code == 404


def test_unpublished_course_is_404_for_a_stranger_and_visible_to_its_owner(client):
    course = course_with_lessons(2, is_published=False)
    lesson = course.lessons.first()

    client.force_login(UserFactory())
    assert client.get(outline_url(course)).status_code == 404
    assert client.get(lesson_url(lesson)).status_code == 404
    client.force_login(enrolled(course))  # enrolled, before it was withdrawn
    assert client.get(outline_url(course)).status_code == 404
    assert client.get(lesson_url(lesson)).status_code == 404

    client.force_login(course.owner)
    assert client.get(outline_url(course)).status_code == 200
    assert client.get(lesson_url(lesson)).status_code == 200


def test_outline_offers_reimport_only_to_who_manages_the_course(client):
    course = course_with_lessons(1)
    reimport = f"{IMPORT_URL}?course={course.slug}"

    client.force_login(instructor())
    assert reimport not in client.get(outline_url(course)).content.decode()

    course.owner.user_permissions.add(Permission.objects.get(codename="add_course"))
    client.force_login(course.owner)
    assert reimport in client.get(outline_url(course)).content.decode()


def queries_for(client, url: str) -> int:
    caches_clear()  # every page counted as its first request, whatever the one before kept
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_outline_and_lesson_pages_take_the_same_queries_for_5_and_50_lessons(client):
    small = course_with_lessons(5, modules=2)
    large = course_with_lessons(50, modules=10)
    client.force_login(enrolled(large, enrolled(small)))
    middle = {course: course.lessons.order_by("position")[2] for course in (small, large)}

    assert queries_for(client, outline_url(small)) == queries_for(client, outline_url(large))
    assert queries_for(client, lesson_url(middle[small])) == queries_for(
        client, lesson_url(middle[large])
    )


def test_catalogue_takes_the_same_queries_for_2_and_20_courses(client):
    for _ in range(2):
        course_with_lessons(2)
    few = queries_for(client, reverse("courses:catalogue"))
    for _ in range(18):
        course_with_lessons(3)

    assert queries_for(client, reverse("courses:catalogue")) == few


# Import: who may


def test_anonymous_import_redirects_to_login(client):
    for url in [IMPORT_URL, reverse("courses:import-preview", kwargs={"pk": 1})]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_student_without_the_permission_gets_403(client, seed_bytes):
    client.force_login(UserFactory())

    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, seed_bytes).status_code == 403
    assert not DocumentUpload.objects.exists()


def test_import_link_shows_only_to_instructors(client):
    client.force_login(UserFactory())
    assert IMPORT_URL not in client.get(reverse("courses:catalogue")).content.decode()

    client.force_login(instructor())
    assert f'href="{IMPORT_URL}"' in client.get(reverse("courses:catalogue")).content.decode()


def test_preview_of_someone_elses_upload_is_404(client, seed_bytes):
    client.force_login(instructor())
    upload(client, seed_bytes)
    pending = DocumentUpload.objects.get()

    client.force_login(instructor())
    url = reverse("courses:import-preview", kwargs={"pk": pending.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Course.objects.exists()


def test_update_choice_lists_only_courses_the_user_manages(client):
    user = instructor()
    mine = CourseFactory(owner=user, title="Mine")
    CourseFactory(title="Someone else's")
    client.force_login(user)

    response = client.get(f"{IMPORT_URL}?course={mine.slug}")

    field = response.context["form"]["course"]
    assert [course.title for course in field.field.queryset] == ["Mine"]
    assert field.value() == mine.pk
    assert f'<option value="{mine.pk}" selected>Mine</option>' in response.content.decode()

    other = CourseFactory(title="Theirs")
    response = upload(client, b"Heading\nSome text.\n", name="x.txt", course=other.pk)
    assert "course" in response.context["form"].errors
    assert not DocumentUpload.objects.exists()


# Import: the flow


def test_upload_preview_confirm_and_reimport_keeps_lessons(client, seed_bytes):
    client.force_login(instructor())

    response = upload(client, seed_bytes, title="Counter-terrorism")
    pending = DocumentUpload.objects.get()
    assert response.status_code == 302
    preview_url = reverse("courses:import-preview", kwargs={"pk": pending.pk})
    assert response["Location"] == preview_url
    assert not Course.objects.exists()

    response = client.get(preview_url)
    html = response.content.decode()
    assert response.context["preview"].lesson_count == 15
    assert html.count('class="list-group-item preview-lesson"') == 15
    assert "The Path Forward in Military Cooperation for Counter-Terrorism" in html
    assert "with 15 lessons" in html

    response = client.post(preview_url, follow=True)
    course = Course.objects.get()
    assert response.redirect_chain[-1][0] == outline_url(course)
    assert course.title == "Counter-terrorism"
    assert course.lessons.filter(is_archived=False).count() == 15
    assert "15 added, 0 changed, 0 archived, 0 unchanged" in response.content.decode()
    first_pks = set(course.lessons.values_list("pk", flat=True))

    response = client.get(f"{IMPORT_URL}?course={course.slug}")
    assert response.context["form"]["course"].value() == course.pk
    response = upload(client, seed_bytes, course=course.pk)
    again = DocumentUpload.objects.latest("pk")
    assert response["Location"] == reverse("courses:import-preview", kwargs={"pk": again.pk})
    assert again.target_course == course

    response = client.get(response["Location"])
    assert "0 added, 0 changed, 0 archived, 15 unchanged" in response.content.decode()
    assert len(response.context["preview"].result.unchanged) == 15

    response = client.post(reverse("courses:import-preview", kwargs={"pk": again.pk}), follow=True)
    assert "0 added, 0 changed, 0 archived, 15 unchanged" in response.content.decode()
    assert Course.objects.get() == course
    course.refresh_from_db()
    assert course.title == "Counter-terrorism"
    assert set(course.lessons.filter(is_archived=False).values_list("pk", flat=True)) == first_pks


def test_confirming_twice_imports_once(client, seed_bytes):
    client.force_login(instructor())
    upload(client, seed_bytes)
    url = reverse("courses:import-preview", kwargs={"pk": DocumentUpload.objects.get().pk})
    client.post(url)
    course = Course.objects.get()
    updated_at = course.updated_at

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == outline_url(course)
    assert "already been imported" in response.content.decode()
    assert Course.objects.get().updated_at == updated_at
    assert course.lessons.count() == 15


def test_a_title_someone_else_has_makes_a_new_course_and_tells_nothing_of_theirs(
    client, seed_bytes
):
    theirs = document_import(data=seed_bytes, filename="seed-document.txt", title="Taken").course
    Course.objects.filter(pk=theirs.pk).update(is_published=False, summary="Secret plans")
    theirs.refresh_from_db()
    before = set(theirs.lessons.values_list("pk", "updated_at"))
    client.force_login(instructor())

    response = upload(client, seed_bytes, title="Taken")
    preview = client.get(response["Location"]).content.decode()
    done = client.post(response["Location"], follow=True)

    assert response.status_code == 302  # no "already exists" on the form
    assert "A new course, “Taken”, with 15 lessons." in preview
    assert "already exists" not in preview
    assert "updates the course" not in preview
    mine = Course.objects.exclude(pk=theirs.pk).get()
    assert (mine.title, mine.slug) == ("Taken", "taken-2")
    assert done.redirect_chain[-1][0] == outline_url(mine)
    assert set(theirs.lessons.values_list("pk", "updated_at")) == before
    assert Course.objects.get(pk=theirs.pk).updated_at == theirs.updated_at


def test_a_title_of_ones_own_course_makes_a_new_course_unless_that_one_is_chosen(
    client, seed_bytes
):
    user = instructor()
    mine = document_import(data=seed_bytes, filename="seed.txt", title="Mine", owner=user).course
    client.force_login(user)

    client.post(upload(client, seed_bytes, title="Mine")["Location"])
    client.post(upload(client, seed_bytes, title="Mine", course=mine.pk)["Location"])

    assert sorted(Course.objects.values_list("slug", flat=True)) == ["mine", "mine-2"]
    assert DocumentUpload.objects.latest("pk").imported_course == mine


BROKEN_UPLOADS = [
    pytest.param(b"", "notes.txt", "The submitted file is empty.", id="empty"),
    pytest.param(b"  \n\n ", "notes.txt", "The file is empty.", id="blank"),
    pytest.param(bytes(range(256)) * 8, "notes.txt", "binary data", id="binary-junk"),
    pytest.param(
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
        "notes.txt",
        "The file is named .txt but its content is PDF",
        id="pdf-named-txt",
    ),
]


@pytest.mark.parametrize(("data", "name", "message"), BROKEN_UPLOADS)
def test_broken_upload_shows_the_error_and_stores_nothing(client, data, name, message):
    client.force_login(instructor())

    response = upload(client, data, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["file"]
    assert not DocumentUpload.objects.exists()
    assert not Course.objects.exists()


def test_oversized_upload_is_refused(client, settings, seed_bytes):
    settings.DOCENT_IMPORT_MAX_BYTES = 100
    client.force_login(instructor())

    response = upload(client, seed_bytes)

    assert response.status_code == 200
    assert "the largest document Docent imports is 100\xa0bytes" in response.content.decode()
    assert not DocumentUpload.objects.exists()
    assert not Course.objects.exists()


HOSTILE = {
    "hostile.html": b"""<!doctype html><html><head><title>Hostile</title></head><body>
<h1>Hostile course</h1>
<h2>First lesson</h2>
<p>Before.<script>alert(1)</script> After.</p>
<p><img src=x onerror=alert(1)> and <a href="javascript:alert(1)">a link</a>.</p>
<h2>Second lesson</h2>
<p>More text <a href="https://example.com/" onclick="alert(1)">here</a>.</p>
</body></html>""",
    "hostile.md": b"""# Hostile course

## First lesson

Before.<script>alert(1)</script> After.

<img src=x onerror=alert(1)> and <a href="javascript:alert(1)">a link</a> and
[another](javascript:alert(1)).

## Second lesson

More text.
""",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_scripts_in_an_uploaded_document_never_reach_the_lesson_page(client, name):
    user = instructor()
    client.force_login(user)
    upload(client, HOSTILE[name], name=name)
    client.post(reverse("courses:import-preview", kwargs={"pk": DocumentUpload.objects.get().pk}))
    lesson = Lesson.objects.get(title="First lesson")

    page = client.get(lesson_url(lesson)).content.decode()
    body = page[page.index('class="lesson-body"') : page.index('class="lesson-pager')]

    assert "Before." in body
    assert "a link" in body
    for payload in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">',
    ]:
        assert payload not in page
    assert "<script" not in body
    assert not re.search(r"<[^>]*\son\w+\s*=", body)  # no event handler attribute
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)


# The frame every page shares


def test_pages_have_a_skip_link_landmarks_and_a_post_logout(client):
    client.force_login(UserFactory())

    html = client.get(reverse("courses:catalogue")).content.decode()

    body = html[html.index("<body") :]
    first_focusable = min(body.index(tag) for tag in ["<a ", "<button", "<input"])
    assert body[first_focusable:].startswith(
        '<a class="skip-link visually-hidden-focusable" href="#main"'
    )
    assert '<main id="main"' in html
    assert '<html lang="en">' in html
    assert f'<form method="post" action="{reverse("logout")}"' in html
    assert "<script>" not in html  # no inline scripts: a strict CSP comes later


def test_login_page_renders_and_logs_in(client):
    user = UserFactory()

    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("progress:dashboard")


def test_the_owner_sees_instructor_links_and_the_number_of_drafts(client, seed_bytes):
    from pipeline import document_to_course
    from quizzes.models import Question

    owner = UserFactory()  # neither staff nor allowed to import: owning the course is enough
    course = document_to_course(
        data=seed_bytes, filename="seed.txt", slug="seed", owner=owner
    ).course
    client.force_login(owner)

    html = client.get(reverse("courses:outline", args=[course.slug])).content.decode()

    drafts = Question.objects.filter(course=course, status="draft").count()
    assert reverse("quizzes:bank", args=[course.slug]) in html
    assert reverse("quizzes:grading-queue", args=[course.slug]) in html
    assert f">{drafts}</span>" in html


def test_a_learner_sees_no_instructor_links(client, seed_bytes):
    from pipeline import document_to_course

    course = document_to_course(data=seed_bytes, filename="seed.txt", slug="seed").course
    client.force_login(UserFactory())

    html = client.get(reverse("courses:outline", args=[course.slug])).content.decode()

    assert reverse("quizzes:bank", args=[course.slug]) not in html
