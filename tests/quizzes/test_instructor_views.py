"""The instructor's pages: question bank, drafts review, question forms, and who may use them."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from pipeline import document_to_course
from quizzes.bank import course_questions, questions_create
from quizzes.models import Question, QuizSlot
from quizzes.question_forms import QuestionForm
from quizzes.questions import (
    Answer,
    ClozeGap,
    GapKind,
    MatchPair,
    QuestionData,
    QuestionType,
    TextFormat,
)
from quizzes.services import lesson_quizzes_ensure
from tests.caches import caches_clear
from tests.factories import CourseFactory, LessonFactory, UserFactory

pytestmark = pytest.mark.django_db


# Helpers ------------------------------------------------------------------------------------


def form_post(form: QuestionForm, **changes: str) -> dict[str, str]:
    """What a browser posts for ``form`` as shown, with ``changes``."""
    data: dict[str, str] = {}

    def add(prefix: str, one: Any) -> None:
        for name in one.fields:
            value = one[name].value()
            if isinstance(value, bool):
                if value:
                    data[f"{prefix}{name}"] = "on"
            elif value is not None:
                data[f"{prefix}{name}"] = str(value.pk if hasattr(value, "pk") else value)

    add("", form)
    if form.formset is not None:
        add(f"{form.formset.prefix}-", form.formset.management_form)
        for row in form.formset:
            add(f"{row.prefix}-", row)
    data.update(changes)
    return data


def rows(prefix: str, *filled: dict[str, str]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(filled)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(filled):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def common(**fields: str) -> dict[str, str]:
    return {
        "name": "",
        "stem": "What?",
        "stem_format": "moodle",
        "points": "1",
        "general_feedback": "",
        "lesson": "",
        "category": "",
        "tags": "",
        "shuffle_answers": "on",
        **fields,
    }


def short(stem: str, **fields: Any) -> QuestionData:
    return QuestionData(
        type=QuestionType.SHORT_ANSWER, stem=stem, answers=(Answer("x", Decimal(1)),), **fields
    )


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def lesson(owner):
    lesson = LessonFactory(module__course__owner=owner)
    lesson_quizzes_ensure(course=lesson.course)
    return lesson


@pytest.fixture
def instructor(client, owner):
    client.force_login(owner)
    return client


def quiz_order(lesson) -> list[int]:
    return list(
        QuizSlot.objects.filter(quiz__lesson=lesson)
        .order_by("position")
        .values_list("question_id", flat=True)
    )


# The review flow ----------------------------------------------------------------------------


def test_it_reviews_the_drafts_of_an_imported_document(client, seed_bytes, owner):
    course = document_to_course(data=seed_bytes, filename="x.txt", slug="seed", owner=owner).course
    client.force_login(owner)
    lesson = next(
        lesson
        for lesson in course.lessons.order_by("position")
        if lesson.questions.filter(status="draft").count() >= 5
    )
    drafts = list(Question.objects.filter(lesson=lesson, status="draft").order_by("pk"))
    page_url = reverse("quizzes:lesson-drafts", args=[lesson.pk])

    page = client.get(page_url)

    assert page.status_code == 200
    html = page.content.decode()
    for draft in drafts:
        assert f'id="draft-{draft.pk}"' in html
        if draft.draft_term:
            assert f"<mark>{escape(draft.draft_term)}</mark>" in html
    shown = page.context["review"].drafts
    assert ["".join(rq.source) for rq in shown] == [d.source_sentence for d in drafts]
    assert all(d.source_sentence for d in drafts)

    approved = client.post(reverse("quizzes:draft-approve", args=[drafts[0].pk]))
    assert approved.status_code == 302
    assert approved.url == page_url
    assert quiz_order(lesson) == [drafts[0].pk]

    edit_url = reverse("quizzes:question-edit", args=[drafts[1].pk])
    form = client.get(edit_url, {"next": page_url}).context["form"]
    saved = client.post(
        edit_url,
        form_post(form, name="Checked by hand", save_approve="1", next=page_url),
    )
    assert saved.status_code == 302
    assert saved.url == page_url
    edited = Question.objects.get(pk=drafts[1].pk)
    assert (edited.name, edited.status) == ("Checked by hand", "published")
    assert quiz_order(lesson) == [drafts[0].pk, drafts[1].pk]

    rejected = client.post(reverse("quizzes:draft-reject", args=[drafts[2].pk]))
    assert rejected.status_code == 302
    assert not Question.objects.filter(pk=drafts[2].pk).exists()

    everything = client.post(reverse("quizzes:lesson-drafts-approve-all", args=[lesson.pk]))
    assert everything.status_code == 302
    assert not Question.objects.filter(lesson=lesson, status="draft").exists()
    kept = [d.pk for d in drafts if d.pk != drafts[2].pk]
    assert quiz_order(lesson) == kept

    after = client.get(page_url)
    assert after.context["review"].drafts == []
    assert [rq.question.pk for rq in after.context["review"].published] == kept
    assert "In the quiz" in after.content.decode()
    # Said once, not as "0 drafts wait for review" above "No drafts wait for review".
    assert "No drafts wait for review in this lesson." in after.content.decode()
    assert "drafts wait for review." not in after.content.decode().replace("No drafts", "")


def test_the_bank_counts_and_links_drafts_per_lesson(instructor, lesson):
    questions_create(
        course=lesson.course, questions=[short("a"), short("b")], status="draft", lesson=lesson
    )
    questions_create(course=lesson.course, questions=[short("c")], lesson=lesson)

    page = instructor.get(reverse("quizzes:bank", args=[lesson.course.slug]))

    assert page.context["draft_count"] == 2
    assert reverse("quizzes:lesson-drafts", args=[lesson.pk]) in page.content.decode()
    assert "/questions/" in page.content.decode()  # preview links


@pytest.mark.parametrize(
    ("query", "stems"),
    [
        ({}, ["draft choice", "published short", "other lesson"]),
        ({"status": "draft"}, ["draft choice"]),
        ({"status": "published"}, ["published short", "other lesson"]),
        ({"type": "single_choice"}, ["draft choice"]),
        ({"lesson": "FIRST"}, ["draft choice", "published short"]),
        ({"status": "bogus", "type": "short_answer"}, ["published short", "other lesson"]),
    ],
)
def test_the_bank_filters_by_lesson_status_and_type(instructor, lesson, query, stems):
    other = LessonFactory(module=lesson.module)
    choice = QuestionData(
        type=QuestionType.SINGLE_CHOICE,
        stem="draft choice",
        answers=(Answer("a", Decimal(1)), Answer("b", Decimal(0))),
    )
    questions_create(course=lesson.course, questions=[choice], status="draft", lesson=lesson)
    questions_create(course=lesson.course, questions=[short("published short")], lesson=lesson)
    questions_create(course=lesson.course, questions=[short("other lesson")], lesson=other)
    questions_create(course=CourseFactory(), questions=[short("another course")])
    if query.get("lesson") == "FIRST":
        query = {"lesson": str(lesson.pk)}

    page = instructor.get(reverse("quizzes:bank", args=[lesson.course.slug]), query)

    assert sorted(row.excerpt for row, _ in page.context["rows"]) == sorted(stems)


def test_the_bank_costs_the_same_queries_whatever_its_size(instructor, lesson):
    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            other = LessonFactory(module=lesson.module)
            questions_create(
                course=lesson.course,
                questions=[short(f"q{index}", category=f"C{index}", tags=("t",))],
                status="draft" if index % 2 else "published",
                lesson=other,
            )

    def count() -> int:
        caches_clear()  # each count from the same cold start (the menu keeps its answer)
        with CaptureQueriesContext(connection) as queries:
            assert (
                instructor.get(reverse("quizzes:bank", args=[lesson.course.slug])).status_code
                == 200
            )
        return len(queries)

    add(3, 0)
    few = count()
    add(30, 3)

    assert count() == few


def test_the_lesson_drafts_page_costs_the_same_queries_whatever_its_size(instructor, lesson):
    def count() -> int:
        caches_clear()  # each count from the same cold start (the menu keeps its answer)
        with CaptureQueriesContext(connection) as queries:
            instructor.get(reverse("quizzes:lesson-drafts", args=[lesson.pk]))
        return len(queries)

    questions_create(course=lesson.course, questions=[short("a")], status="draft", lesson=lesson)
    questions_create(course=lesson.course, questions=[short("b")], lesson=lesson)
    few = count()
    questions_create(
        course=lesson.course,
        questions=[short(f"q{i}", tags=(f"t{i}",)) for i in range(20)],
        status="draft",
        lesson=lesson,
    )
    questions_create(course=lesson.course, questions=[short("p")] * 5, lesson=lesson)

    assert count() == few


# The question forms -------------------------------------------------------------------------


EVERY_TYPE: list[tuple[QuestionType, dict[str, str], QuestionData]] = [
    (
        QuestionType.SINGLE_CHOICE,
        rows(
            "answers",
            {"text": "Right", "fraction": "1", "feedback": "Yes"},
            {"text": "Half", "fraction": "0.5", "feedback": ""},
            {"text": "Wrong", "fraction": "0", "feedback": ""},
        ),
        QuestionData(
            type=QuestionType.SINGLE_CHOICE,
            stem="What?",
            answers=(
                Answer("Right", Decimal(1), "Yes"),
                Answer("Half", Decimal("0.5")),
                Answer("Wrong", Decimal(0)),
            ),
        ),
    ),
    (
        QuestionType.MULTIPLE_RESPONSE,
        rows(
            "answers",
            {"text": "A", "fraction": "0.5", "feedback": ""},
            {"text": "B", "fraction": "0.5", "feedback": ""},
            {"text": "C", "fraction": "-1", "feedback": ""},
        ),
        QuestionData(
            type=QuestionType.MULTIPLE_RESPONSE,
            stem="What?",
            answers=(
                Answer("A", Decimal("0.5")),
                Answer("B", Decimal("0.5")),
                Answer("C", Decimal(-1)),
            ),
        ),
    ),
    (
        QuestionType.TRUE_FALSE,
        {"correct": "true", "feedback_true": "Yes", "feedback_false": "No"},
        QuestionData(
            type=QuestionType.TRUE_FALSE,
            stem="What?",
            answers=(Answer("true", Decimal(1), "Yes"), Answer("false", Decimal(0), "No")),
        ),
    ),
    (
        QuestionType.SHORT_ANSWER,
        rows("answers", {"text": "Paris", "fraction": "1", "feedback": ""}),
        short("What?").__class__(
            type=QuestionType.SHORT_ANSWER, stem="What?", answers=(Answer("Paris", Decimal(1)),)
        ),
    ),
    (
        QuestionType.NUMERICAL,
        rows("answers", {"text": "2.5", "fraction": "1", "tolerance": "0.1", "feedback": ""}),
        QuestionData(
            type=QuestionType.NUMERICAL,
            stem="What?",
            answers=(Answer("2.5", Decimal(1), tolerance=Decimal("0.1")),),
        ),
    ),
    (
        QuestionType.MATCHING,
        rows(
            "pairs",
            {"prompt": "a", "answer": "1"},
            {"prompt": "b", "answer": "2"},
            {"prompt": "", "answer": "3"},
        ),
        QuestionData(
            type=QuestionType.MATCHING,
            stem="What?",
            pairs=(MatchPair("a", "1"), MatchPair("b", "2"), MatchPair("", "3")),
        ),
    ),
    (
        QuestionType.ORDERING,
        rows("items", {"text": "one", "ORDER": "1"}, {"text": "two", "ORDER": "2"}),
        QuestionData(type=QuestionType.ORDERING, stem="What?", items=("one", "two")),
    ),
    (
        QuestionType.CLOZE,
        {"stem": "Two plus two is {1:NUMERICAL:=4}."},
        QuestionData(
            type=QuestionType.CLOZE,
            stem="Two plus two is {{1}}.",
            gaps=(ClozeGap(GapKind.NUMERICAL, (Answer("4", Decimal(1)),)),),
        ),
    ),
    (QuestionType.ESSAY, {}, QuestionData(type=QuestionType.ESSAY, stem="What?")),
    (
        QuestionType.DESCRIPTION,
        {"points": ""},
        QuestionData(type=QuestionType.DESCRIPTION, stem="What?", points=Decimal(0)),
    ),
]


@pytest.mark.parametrize(
    ("qtype", "fields", "expected"), EVERY_TYPE, ids=[t.value for t, _, _ in EVERY_TYPE]
)
def test_it_creates_a_question_of_every_type(instructor, lesson, qtype, fields, expected):
    url = reverse("quizzes:question-create", args=[lesson.course.slug, qtype.value])
    assert instructor.get(url).status_code == 200

    response = instructor.post(url, common(**fields))

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert course_questions(course=lesson.course) == [expected]


def test_a_new_question_is_published_into_its_lesson_or_kept_as_a_draft(instructor, lesson):
    url = reverse("quizzes:question-create", args=[lesson.course.slug, "essay"])

    instructor.post(url, common(stem="Published", lesson=str(lesson.pk), save_publish="1"))
    instructor.post(url, common(stem="Draft", lesson=str(lesson.pk), save_draft="1"))

    published = Question.objects.get(stem="Published")
    draft = Question.objects.get(stem="Draft")
    assert (published.status, draft.status) == ("published", "draft")
    assert quiz_order(lesson) == [published.pk]


def test_the_create_page_starts_with_the_lesson_asked_for(instructor, lesson):
    url = reverse("quizzes:question-create", args=[lesson.course.slug, "essay"])

    form = instructor.get(url, {"lesson": lesson.pk}).context["form"]

    assert form["lesson"].value() == lesson.pk
    assert instructor.get(url, {"lesson": "x"}).status_code == 200


def test_an_unknown_type_is_not_found(instructor, lesson):
    url = reverse("quizzes:question-create", args=[lesson.course.slug, "poll"])

    assert instructor.get(url).status_code == 404


@pytest.mark.parametrize(
    ("qtype", "fields", "message"),
    [
        (
            "single_choice",
            rows("answers", {"text": "A", "fraction": "0.5"}, {"text": "B", "fraction": "0"}),
            "Exactly one answer must be worth 100%",
        ),
        (
            "multiple_response",
            rows("answers", {"text": "A", "fraction": "0.5"}, {"text": "B", "fraction": "0.25"}),
            "must add up to 100%",
        ),
        (
            "short_answer",
            rows("answers", {"text": "A", "fraction": "0.5"}),
            "At least one answer must be worth 100%",
        ),
        ("numerical", rows("answers", {"text": "three", "fraction": "1"}), "is not a number"),
        (
            "single_choice",
            rows("answers", {"text": "A", "fraction": "1"}, {"text": "", "fraction": "0.5"}),
            "Write the answer",
        ),
        ("matching", rows("pairs", {"prompt": "a", "answer": "1"}), "at least two pairs"),
        ("ordering", rows("items", {"text": "one", "ORDER": "1"}), "at least two items"),
        ("cloze", {"stem": "x\n{1:SHORTANSWER:nope}"}, "line 2: Gap 1 has no fully right"),
    ],
)
def test_it_shows_validation_errors_and_saves_nothing(instructor, lesson, qtype, fields, message):
    url = reverse("quizzes:question-create", args=[lesson.course.slug, qtype])

    response = instructor.post(url, common(**fields))

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert "The question was not saved" in response.content.decode()
    assert not Question.objects.exists()


def test_editing_keeps_the_id_and_the_page_shows_the_question(instructor, lesson):
    (question,) = questions_create(
        course=lesson.course,
        questions=[short("Old stem", category="Unit/One", tags=("k",))],
        lesson=lesson,
    )
    url = reverse("quizzes:question-edit", args=[question.pk])
    form = instructor.get(url).context["form"]
    assert form["stem"].value() == "Old stem"

    response = instructor.post(url, form_post(form, stem="New stem", save="1"))

    assert response.status_code == 302
    assert response.url == reverse("quizzes:lesson-drafts", args=[lesson.pk])
    assert list(Question.objects.values_list("pk", "stem")) == [(question.pk, "New stem")]
    (data,) = course_questions(course=lesson.course)
    assert data == short("New stem", category="Unit/One", tags=("k",))


def test_saving_a_draft_without_approval_keeps_it_a_draft(instructor, lesson):
    (draft,) = questions_create(
        course=lesson.course, questions=[short("Draft")], status="draft", lesson=lesson
    )
    url = reverse("quizzes:question-edit", args=[draft.pk])
    form = instructor.get(url).context["form"]

    instructor.post(url, form_post(form, save="1"))

    draft.refresh_from_db()
    assert draft.status == "draft"
    assert quiz_order(lesson) == []


def test_next_never_leaves_the_site(instructor, lesson):
    (draft,) = questions_create(
        course=lesson.course, questions=[short("Draft")], status="draft", lesson=lesson
    )

    response = instructor.post(
        reverse("quizzes:draft-approve", args=[draft.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("quizzes:lesson-drafts", args=[lesson.pk])


def test_a_published_question_is_not_rejected(instructor, lesson):
    (question,) = questions_create(course=lesson.course, questions=[short("Live")], lesson=lesson)

    response = instructor.post(reverse("quizzes:draft-reject", args=[question.pk]), follow=True)

    assert Question.objects.filter(pk=question.pk).exists()
    assert "it was not deleted" in response.content.decode()


# Who may use these pages --------------------------------------------------------------------


def every_url(lesson, question) -> list[tuple[str, str]]:
    slug = lesson.course.slug
    return [
        ("get", reverse("quizzes:bank", args=[slug])),
        ("get", reverse("quizzes:question-create", args=[slug, "essay"])),
        ("post", reverse("quizzes:question-create", args=[slug, "essay"])),
        ("get", reverse("quizzes:question-edit", args=[question.pk])),
        ("post", reverse("quizzes:question-edit", args=[question.pk])),
        ("get", reverse("quizzes:lesson-drafts", args=[lesson.pk])),
        ("post", reverse("quizzes:lesson-drafts-approve-all", args=[lesson.pk])),
        ("post", reverse("quizzes:draft-approve", args=[question.pk])),
        ("post", reverse("quizzes:draft-reject", args=[question.pk])),
    ]


@pytest.mark.parametrize("who", ["other instructor", "student"])
def test_only_those_who_manage_the_course_reach_its_pages(client, lesson, who):
    (draft,) = questions_create(
        course=lesson.course, questions=[short("Draft")], status="draft", lesson=lesson
    )
    user = UserFactory()
    if who == "other instructor":
        CourseFactory(owner=user)
    client.force_login(user)

    for method, url in every_url(lesson, draft):
        response = getattr(client, method)(url, common(stem="Hacked") if method == "post" else {})
        assert response.status_code == 404, (method, url)

    draft.refresh_from_db()
    assert (draft.stem, draft.status) == ("Draft", "draft")
    assert Question.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client, lesson):
    (draft,) = questions_create(
        course=lesson.course, questions=[short("Draft")], status="draft", lesson=lesson
    )

    for method, url in every_url(lesson, draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_a_superuser_manages_every_course(client, lesson):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert client.get(reverse("quizzes:bank", args=[lesson.course.slug])).status_code == 200


def test_every_post_needs_the_csrf_token(owner, lesson):
    (draft,) = questions_create(
        course=lesson.course, questions=[short("Draft")], status="draft", lesson=lesson
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    for method, url in every_url(lesson, draft):
        if method == "post":
            assert client.post(url, common()).status_code == 403, url
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_outline_links_instructors_to_the_bank(client, lesson, owner):
    owner.is_staff = True
    owner.save()
    client.force_login(owner)

    page = client.get(reverse("courses:outline", args=[lesson.course.slug])).content.decode()

    assert reverse("quizzes:bank", args=[lesson.course.slug]) in page
    assert "Review drafts" in page


def test_the_outline_shows_learners_no_bank(client, lesson):
    client.force_login(UserFactory())

    page = client.get(reverse("courses:outline", args=[lesson.course.slug])).content.decode()

    assert "Question bank" not in page


# Hostile text -------------------------------------------------------------------------------


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">Which?'


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_inert(html: str) -> None:
    """No script came through, and no element carries an event handler."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert not any(name.startswith("on") for name, _ in attrs), (tag, attrs)
        # The page's own scripts come from /static/; no other script may appear.
        assert tag != "script" or (dict(attrs).get("src") or "").startswith("/static/"), attrs
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("stem_format", [f.value for f in TextFormat])
def test_hostile_text_saved_through_the_form_is_inert_everywhere(instructor, lesson, stem_format):
    create = reverse("quizzes:question-create", args=[lesson.course.slug, "single_choice"])
    instructor.post(
        create,
        common(
            stem=HOSTILE,
            stem_format=stem_format,
            name=HOSTILE,
            lesson=str(lesson.pk),
            general_feedback=HOSTILE,
            save_draft="1",
        )
        | rows(
            "answers",
            {"text": HOSTILE, "fraction": "1", "feedback": HOSTILE},
            {"text": "<b onmouseover=alert(3)>x</b>", "fraction": "0"},
        ),
    )
    question = Question.objects.get()
    assert question.stem == HOSTILE

    for url in (
        reverse("quizzes:bank", args=[lesson.course.slug]),
        reverse("quizzes:lesson-drafts", args=[lesson.pk]),
        reverse("quizzes:question-edit", args=[question.pk]),
    ):
        assert_inert(instructor.get(url).content.decode())


def test_a_hostile_source_sentence_and_term_are_escaped(instructor, lesson):
    questions_create(
        course=lesson.course,
        questions=[short("Plain")],
        status="draft",
        lesson=lesson,
        source_sentences=[HOSTILE],
        draft_terms=[("<script>", "")],
    )

    html = instructor.get(reverse("quizzes:lesson-drafts", args=[lesson.pk])).content.decode()

    assert_inert(html)
    assert "<mark>&lt;script&gt;</mark>" in html
