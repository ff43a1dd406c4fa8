"""The instructor's quiz pages: settings, questions, regrade, import, export and grading."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import attempt_start, attempt_submit
from quizzes.bank import category_for_path, question_data, question_update, questions_create
from quizzes.models import Attempt, AttemptQuestion, Question, Quiz, QuizSlot
from quizzes.questions import Answer, QuestionData, QuestionType, TextFormat
from tests.caches import caches_clear
from tests.factories import (
    CourseFactory,
    LessonFactory,
    QuizFactory,
    UserFactory,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db

D = Decimal
TWO_PLUS_TWO = QuestionData(
    type=QuestionType.SHORT_ANSWER, stem="Two plus two?", answers=(Answer("four", D(1)),)
)
ESSAY = QuestionData(
    type=QuestionType.ESSAY,
    stem="Discuss the <b>causes</b>.<script>alert(1)</script>",
    stem_format=TextFormat.HTML,
    points=D(5),
)

AIKEN = """\
What is the capital of France?
A. Lyon
B. Paris
ANSWER: B

Which is a prime?
A. 4
B. 7
ANSWER: B
"""
AIKEN_BROKEN = """\
What is 2+2?
A. 3
B. 4
ANSWER: E

Second?
A. x
B. y
"""
GIFT = """\
::Capital:: What is the capital of France? {=Paris ~Lyon ~Nice}

::Sky:: The sky is blue. {T}
"""
GIFT_BROKEN = """\
::Q1:: What? {=yes ~no

::Q2:: Fine {T}

::Q3:: Broken {=a =b ~ }
"""
MOODLE_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="shortanswer">
<name><text>Two plus two</text></name>
<questiontext format="plain_text"><text>Two plus two?</text></questiontext>
<answer fraction="100"><text>four</text></answer>
</question>
<question type="essay">
<name><text>Discuss</text></name>
<questiontext format="html"><text>Discuss &lt;b&gt;it&lt;/b&gt;.</text></questiontext>
</question>
</quiz>
"""
MOODLE_XML_BROKEN = """\
<?xml version="1.0"?>
<quiz>
<question type="multichoice">
<questiontext format="html"><text>Q</text></questiontext>
</question>
<question type="bogus"><name><text>x</text></name></question>
</quiz>
"""


@pytest.fixture
def instructor():
    return UserFactory()


@pytest.fixture
def course(instructor):
    return CourseFactory(owner=instructor)


@pytest.fixture
def quiz(course):
    return quiz_with_questions([TWO_PLUS_TWO, ESSAY], course=course, title="Arithmetic")


@pytest.fixture
def staff_client(client, instructor):
    client.force_login(instructor)
    return client


def _submitted(quiz: Quiz, responses: dict[int, object], user=None) -> Attempt:
    learner = user or UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner, seed=1)
    return attempt_submit(attempt_id=attempt.pk, user=learner, responses=responses)


def _stems(quiz: Quiz) -> list[str]:
    slots = quiz.slots.order_by("position").select_related("question")
    assert [s.position for s in slots] == list(range(1, len(slots) + 1))
    return [s.question.stem if s.question else "random" for s in slots]


def _settings_data(**changes) -> dict[str, object]:
    data = {
        "title": "Checkpoint",
        "is_published": "on",
        "time_limit": "30",
        "open_at": "2030-01-01T09:00",
        "close_at": "2030-01-08T17:00",
        "attempts_allowed": "3",
        "grading_method": "latest",
        "pass_mark": "60",
        "shuffle_questions": "on",
        "review_score": "immediately",
        "review_responses": "after_close",
        "review_correct_answers": "never",
        "review_feedback": "immediately",
        "overdue_handling": "grace",
        "grace_period": "10",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Settings -----------------------------------------------------------------------------------


def test_it_shows_the_settings_form_in_minutes(staff_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(time_limit=timedelta(minutes=45))

    response = staff_client.get(reverse("quizzes:quiz-settings", args=[quiz.pk]))

    assert response.status_code == 200
    assert 'name="time_limit" value="45"' in response.content.decode()
    assert 'type="datetime-local"' in response.content.decode()


def test_it_saves_the_settings(staff_client, quiz):
    response = staff_client.post(reverse("quizzes:quiz-settings", args=[quiz.pk]), _settings_data())

    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.title == "Checkpoint"
    assert quiz.time_limit == timedelta(minutes=30)
    assert quiz.open_at == timezone.make_aware(timezone.datetime(2030, 1, 1, 9, 0))
    assert quiz.close_at == timezone.make_aware(timezone.datetime(2030, 1, 8, 17, 0))
    assert (quiz.attempts_allowed, quiz.grading_method, quiz.pass_mark) == (3, "latest", D(60))
    assert (quiz.shuffle_questions, quiz.shuffle_answers) == (True, False)
    assert quiz.review_correct_answers == "never"
    assert quiz.overdue_handling == "grace"
    assert quiz.grace_period == timedelta(minutes=10)


def test_empty_time_limit_and_dates_mean_none(staff_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(time_limit=timedelta(minutes=5))
    data = _settings_data(
        time_limit="", open_at="", close_at="", overdue_handling="autosubmit", grace_period=""
    )

    staff_client.post(reverse("quizzes:quiz-settings", args=[quiz.pk]), data)

    quiz.refresh_from_db()
    assert (quiz.time_limit, quiz.open_at, quiz.close_at, quiz.grace_period) == (
        None,
        None,
        None,
        None,
    )


def test_it_refuses_a_close_date_before_the_open_date(staff_client, quiz):
    data = _settings_data(open_at="2030-01-08T09:00", close_at="2030-01-01T09:00")

    response = staff_client.post(reverse("quizzes:quiz-settings", args=[quiz.pk]), data)

    assert response.status_code == 200
    assert "The quiz must close after it opens." in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.title == "Arithmetic"


def test_it_refuses_grace_handling_without_minutes(staff_client, quiz):
    data = _settings_data(grace_period="")

    response = staff_client.post(reverse("quizzes:quiz-settings", args=[quiz.pk]), data)

    assert "How long is the grace period?" in response.content.decode()
    assert Quiz.objects.get(pk=quiz.pk).title == "Arithmetic"


def test_it_refuses_a_grace_period_without_grace_handling(staff_client, quiz):
    data = _settings_data(overdue_handling="autosubmit", grace_period="5")

    response = staff_client.post(reverse("quizzes:quiz-settings", args=[quiz.pk]), data)

    assert "A grace period applies only" in response.content.decode()
    assert Quiz.objects.get(pk=quiz.pk).overdue_handling == "autosubmit"


def test_saving_settings_leaves_started_attempts_alone(staff_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(time_limit=timedelta(minutes=60))
    quiz.refresh_from_db()
    learner = UserFactory()
    attempt = attempt_start(quiz=quiz, user=learner)
    deadline = attempt.deadline

    staff_client.post(
        reverse("quizzes:quiz-settings", args=[quiz.pk]),
        _settings_data(time_limit="5", open_at="", close_at=""),
    )

    attempt.refresh_from_db()
    assert attempt.deadline == deadline
    assert attempt.state == Attempt.State.IN_PROGRESS


# The quiz's questions -----------------------------------------------------------------------


def test_the_questions_page_lists_slots_with_escaped_excerpts(staff_client, course):
    hostile = QuestionData(
        type=QuestionType.ESSAY,
        stem="<img src=x onerror=alert(1)>Why &lt;script&gt;?",
        stem_format=TextFormat.PLAIN,
        points=D(2),
    )
    quiz = quiz_with_questions([hostile, TWO_PLUS_TWO], course=course)

    response = staff_client.get(reverse("quizzes:quiz-questions", args=[quiz.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;Why" in html
    assert "Two plus two?" in html


def test_it_adds_a_question_from_the_bank_filtered_by_lesson(staff_client, quiz, course):
    lesson = LessonFactory(course=course, module__course=course)
    (in_lesson,) = questions_create(
        course=course,
        lesson=lesson,
        questions=[QuestionData(type=QuestionType.ESSAY, stem="Lesson question")],
    )
    questions_create(
        course=course, questions=[QuestionData(type=QuestionType.ESSAY, stem="Loose question")]
    )
    questions_create(
        course=course,
        questions=[QuestionData(type=QuestionType.ESSAY, stem="Draft question")],
        status=Question.Status.DRAFT,
    )
    page = reverse("quizzes:quiz-questions", args=[quiz.pk])

    everything = staff_client.get(page).content.decode()
    filtered = staff_client.get(page, {"lesson": lesson.pk}).content.decode()

    assert "Loose question" in everything
    assert "Draft question" not in everything
    assert "Lesson question" in filtered
    assert "Loose question" not in filtered

    response = staff_client.post(
        reverse("quizzes:quiz-slot-add", args=[quiz.pk]),
        {"question": in_lesson.pk, "points": "3", "lesson": lesson.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{page}?lesson={lesson.pk}"
    assert _stems(quiz) == ["Two plus two?", ESSAY.stem, "Lesson question"]
    assert quiz.slots.get(question=in_lesson).points == D(3)


def test_it_refuses_to_add_a_question_already_in_the_quiz(staff_client, quiz):
    question = quiz.slots.get(position=1).question

    response = staff_client.post(
        reverse("quizzes:quiz-slot-add", args=[quiz.pk]), {"question": question.pk}
    )

    assert response.status_code == 400
    assert quiz.slots.count() == 2


def test_it_adds_random_questions_from_a_category(staff_client, quiz, course):
    category = category_for_path(course=course, path="Pool")

    response = staff_client.post(
        reverse("quizzes:quiz-slot-add-random", args=[quiz.pk]),
        {"category": category.pk, "count": "2"},
        follow=True,
    )

    assert _stems(quiz)[-1] == "random"
    slot = quiz.slots.get(position=3)
    assert (slot.random_category, slot.random_count) == (category, 2)
    assert "2 random questions from “Pool”" in response.content.decode()


def test_it_moves_and_removes_slots(staff_client, quiz):
    second = quiz.slots.get(position=2)

    staff_client.post(
        reverse("quizzes:quiz-slot-move", args=[quiz.pk, second.pk]), {"offset": "-1"}
    )
    assert _stems(quiz) == [ESSAY.stem, "Two plus two?"]

    bad = staff_client.post(
        reverse("quizzes:quiz-slot-move", args=[quiz.pk, second.pk]), {"offset": "7"}
    )
    assert bad.status_code == 400

    staff_client.post(reverse("quizzes:quiz-slot-remove", args=[quiz.pk, second.pk]))
    assert _stems(quiz) == ["Two plus two?"]
    assert Question.objects.filter(stem=ESSAY.stem).exists()


def test_it_sets_a_points_override(staff_client, quiz):
    slot = quiz.slots.get(position=1)
    url = reverse("quizzes:quiz-slot-points", args=[quiz.pk, slot.pk])

    staff_client.post(url, {"points": "2.5"})
    assert QuizSlot.objects.get(pk=slot.pk).points == D("2.5")
    staff_client.post(url, {"points": ""})
    assert QuizSlot.objects.get(pk=slot.pk).points is None
    staff_client.post(url, {"points": "-1"})
    assert QuizSlot.objects.get(pk=slot.pk).points is None


def test_a_slot_of_another_quiz_is_not_found(staff_client, quiz, course):
    other = quiz_with_questions([TWO_PLUS_TWO], course=course)
    slot = other.slots.get()

    response = staff_client.post(reverse("quizzes:quiz-slot-remove", args=[quiz.pk, slot.pk]))

    assert response.status_code == 404
    assert other.slots.count() == 1


def test_regrading_after_a_key_change_updates_scores(staff_client, quiz):
    right = _submitted(quiz, {1: "four"})
    wrong = _submitted(quiz, {1: "4"})
    assert (right.score, wrong.score) == (D(1), D(0))
    question = Question.objects.get(stem="Two plus two?")
    corrected = question_data(question)
    question_update(
        question=question,
        data=QuestionData(
            type=corrected.type,
            stem=corrected.stem,
            answers=(Answer("four", D(1)), Answer("4", D(1))),
        ),
    )

    response = staff_client.post(reverse("quizzes:quiz-regrade", args=[quiz.pk]), follow=True)

    assert "Regraded: 1 attempt changed score." in response.content.decode()
    wrong.refresh_from_db()
    right.refresh_from_db()
    assert (right.score, wrong.score) == (D(1), D(1))


# Import -------------------------------------------------------------------------------------


def _upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


@pytest.mark.parametrize(
    ("name", "text", "stems"),
    [
        ("quiz.aiken.txt", AIKEN, ["What is the capital of France?", "Which is a prime?"]),
        ("quiz.xml", MOODLE_XML, ["Two plus two?", "Discuss <b>it</b>."]),
        ("quiz.gift.txt", GIFT, ["What is the capital of France?", "The sky is blue."]),
    ],
)
def test_it_imports_a_question_file(staff_client, course, name, text, stems):
    response = staff_client.post(
        reverse("quizzes:questions-import", args=[course.slug]),
        {"file": _upload(name, text)},
        follow=True,
    )

    assert "Imported 2 questions" in response.content.decode()
    imported = Question.objects.filter(course=course).order_by("pk")
    assert [q.stem for q in imported] == stems
    assert {q.status for q in imported} == {Question.Status.PUBLISHED}


@pytest.mark.parametrize(
    ("name", "text", "fmt", "problems"),
    [
        ("a.txt", AIKEN_BROKEN, "aiken", ["Line 4:", "Line 6:"]),
        ("a.xml", MOODLE_XML_BROKEN, "", ["Line 3:", "Line 6:"]),
        ("a.gift", GIFT_BROKEN, "gift", ["Line 1:", "Line 5:"]),
    ],
)
def test_a_file_with_problems_lists_every_one_and_imports_nothing(
    staff_client, course, name, text, fmt, problems
):
    response = staff_client.post(
        reverse("quizzes:questions-import", args=[course.slug]),
        {"file": _upload(name, text), "format": fmt},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "2 problems in the file. Nothing was imported." in html
    for line in problems:
        assert line in html
    assert not Question.objects.filter(course=course).exists()


def test_an_imported_file_can_join_a_lessons_quiz(staff_client, course):
    lesson = LessonFactory(course=course, module__course=course)

    response = staff_client.post(
        reverse("quizzes:questions-import", args=[course.slug]),
        {
            "file": _upload("q.txt", AIKEN),
            "format": "aiken",
            "lesson": lesson.pk,
            "add_to_quiz": "on",
        },
    )

    quiz = Quiz.objects.get(lesson=lesson)
    assert response["Location"] == reverse("quizzes:quiz-questions", args=[quiz.pk])
    assert _stems(quiz) == ["What is the capital of France?", "Which is a prime?"]


def test_questions_for_a_lesson_without_its_quiz_are_drafts(staff_client, course):
    lesson = LessonFactory(course=course, module__course=course)

    staff_client.post(
        reverse("quizzes:questions-import", args=[course.slug]),
        {"file": _upload("q.txt", AIKEN), "format": "aiken", "lesson": lesson.pk},
    )

    assert set(Question.objects.values_list("status", "lesson")) == {("draft", lesson.pk)}
    assert not Quiz.objects.filter(lesson=lesson).exists()


def test_joining_a_quiz_needs_a_lesson(staff_client, course):
    response = staff_client.post(
        reverse("quizzes:questions-import", args=[course.slug]),
        {"file": _upload("q.txt", AIKEN), "format": "aiken", "add_to_quiz": "on"},
    )

    assert response.status_code == 400
    assert not Question.objects.exists()


def test_a_file_over_the_size_limit_is_refused(staff_client, course, settings):
    settings.DOCENT_IMPORT_MAX_BYTES = 20

    response = staff_client.post(
        reverse("quizzes:questions-import", args=[course.slug]), {"file": _upload("q.txt", AIKEN)}
    )

    assert response.status_code == 400
    assert "the largest question file Docent imports is 20" in response.content.decode()
    assert not Question.objects.exists()


# Export -------------------------------------------------------------------------------------


def test_the_export_page_says_what_each_format_leaves_out(staff_client, quiz, course):
    response = staff_client.get(reverse("quizzes:questions-export", args=[course.slug]))

    html = response.content.decode()
    assert "Download as Aiken" in html
    assert "2 questions cannot be expressed in this format" in html  # Aiken: neither type
    assert "Every question of the bank fits." in html  # Moodle XML


@pytest.mark.parametrize(
    ("fmt", "filename", "content_type", "left_out", "needle"),
    [
        ("moodlexml", "questions.xml", "application/xml", "0", '<question type="essay">'),
        ("aiken", "questions.aiken.txt", "text/plain", "2", ""),
        ("gift", "questions.gift.txt", "text/plain", "0", "=four"),
    ],
)
def test_it_downloads_the_bank(
    staff_client, quiz, course, fmt, filename, content_type, left_out, needle
):
    response = staff_client.get(
        reverse("quizzes:questions-export", args=[course.slug]), {"format": fmt}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{course.slug}-{filename}"'
    assert response["X-Questions-Left-Out"] == left_out
    assert needle in response.content.decode()


def test_the_download_matches_the_command_output(staff_client, course):
    questions_create(
        course=course,
        questions=[
            QuestionData(
                type=QuestionType.SINGLE_CHOICE,
                stem="Pick B",
                answers=(Answer("A", D(0)), Answer("B", D(1))),
            )
        ],
    )

    response = staff_client.get(
        reverse("quizzes:questions-export", args=[course.slug]), {"format": "aiken"}
    )

    out = StringIO()
    call_command("export_questions", course=course.slug, format="aiken", stdout=out)
    assert response.content.decode() == out.getvalue()
    assert "Pick B" in out.getvalue()


# Grading ------------------------------------------------------------------------------------


def test_the_queue_shows_essays_awaiting_a_grade_as_escaped_text(staff_client, quiz, course):
    _submitted(quiz, {1: "four", 2: "<script>alert(1)</script>\nSecond line"})

    response = staff_client.get(reverse("quizzes:grading-queue", args=[course.slug]))

    html = response.content.decode()
    assert "1 answer awaits a grade" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in html
    assert "Discuss the <b>causes</b>." in html  # the stem: sanitised HTML
    assert "<script>alert" not in html


def test_grading_an_essay_updates_the_attempt_score(staff_client, quiz, course):
    attempt = _submitted(quiz, {1: "four", 2: "Because."})
    assert attempt.needs_grading
    row = attempt.questions.get(position=2)
    url = reverse("quizzes:grading-grade", args=[course.slug, row.pk])

    too_many = staff_client.post(url, {f"row-{row.pk}-points": "6"})
    assert too_many.status_code == 400
    assert "less than or equal to 5" in too_many.content.decode()

    response = staff_client.post(
        url, {f"row-{row.pk}-points": "3.5", f"row-{row.pk}-comment": "Good start."}, follow=True
    )

    attempt.refresh_from_db()
    row.refresh_from_db()
    assert attempt.score == D("4.5")
    assert not attempt.needs_grading
    assert (row.points, row.grader_comment) == (D("3.5"), "Good start.")
    assert "Nothing awaits a grade" in response.content.decode()


def test_the_queue_is_oldest_first(staff_client, quiz, course):
    first = _submitted(quiz, {2: "First"})
    second = _submitted(quiz, {2: "Second"})
    Attempt.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(days=1))

    html = staff_client.get(reverse("quizzes:grading-queue", args=[course.slug])).content.decode()

    assert html.index("First") < html.index("Second")
    assert second.pk


# Access -------------------------------------------------------------------------------------


def _every_url(quiz: Quiz) -> list[tuple[str, str]]:
    slot = quiz.slots.get(position=1)
    row = AttemptQuestion.objects.filter(attempt__quiz=quiz).first()
    slug = quiz.course.slug
    return [
        ("get", reverse("quizzes:quiz-settings", args=[quiz.pk])),
        ("post", reverse("quizzes:quiz-settings", args=[quiz.pk])),
        ("get", reverse("quizzes:quiz-questions", args=[quiz.pk])),
        ("post", reverse("quizzes:quiz-slot-add", args=[quiz.pk])),
        ("post", reverse("quizzes:quiz-slot-add-random", args=[quiz.pk])),
        ("post", reverse("quizzes:quiz-slot-move", args=[quiz.pk, slot.pk])),
        ("post", reverse("quizzes:quiz-slot-remove", args=[quiz.pk, slot.pk])),
        ("post", reverse("quizzes:quiz-slot-points", args=[quiz.pk, slot.pk])),
        ("post", reverse("quizzes:quiz-regrade", args=[quiz.pk])),
        ("get", reverse("quizzes:questions-import", args=[slug])),
        ("post", reverse("quizzes:questions-import", args=[slug])),
        ("get", reverse("quizzes:questions-export", args=[slug])),
        ("get", reverse("quizzes:questions-export", args=[slug]) + "?format=gift"),
        ("get", reverse("quizzes:grading-queue", args=[slug])),
        ("post", reverse("quizzes:grading-grade", args=[slug, row.pk])),
    ]


@pytest.mark.parametrize("who", ["other instructor", "student"])
def test_anyone_who_cannot_manage_the_course_gets_404_everywhere(client, quiz, who):
    learner = UserFactory()
    _submitted(quiz, {2: "Essay"}, user=learner)
    client.force_login(CourseFactory().owner if who == "other instructor" else learner)

    for method, url in _every_url(quiz):
        response = getattr(client, method)(url, {"offset": "1", "points": "1"})
        assert response.status_code == 404, (method, url)
    assert _stems(quiz) == ["Two plus two?", ESSAY.stem]


def test_anonymous_visitors_are_sent_to_log_in(client, quiz):
    _submitted(quiz, {2: "Essay"})

    for method, url in _every_url(quiz):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("login")), (method, url)


def test_csrf_is_enforced(quiz, instructor):
    from django.test import Client

    _submitted(quiz, {2: "Essay"})
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    for method, url in _every_url(quiz):
        if method == "post":
            assert client.post(url).status_code == 403, url


# Query counts -------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    caches_clear()  # each count from the same cold start (the menu keeps its answer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _course_with_slots(course, size: int) -> Quiz:
    lesson = LessonFactory(course=course, module__course=course)
    quiz = QuizFactory(course=course)
    rows = questions_create(
        course=course,
        lesson=lesson,
        questions=[
            QuestionData(type=QuestionType.ESSAY, stem=f"Q{i}", category=f"Cat {i % 3}")
            for i in range(size * 2)
        ],
    )
    QuizSlot.objects.bulk_create(
        QuizSlot(quiz=quiz, position=i, question=row) for i, row in enumerate(rows[:size], 1)
    )
    QuizSlot.objects.create(
        quiz=quiz, position=size + 1, random_category=rows[-1].category, random_count=2
    )
    return quiz


def test_the_questions_page_costs_the_same_queries_at_any_size(staff_client, instructor):
    small = _course_with_slots(CourseFactory(owner=instructor), 2)
    large = _course_with_slots(CourseFactory(owner=instructor), 12)

    assert _queries(staff_client, reverse("quizzes:quiz-questions", args=[small.pk])) == _queries(
        staff_client, reverse("quizzes:quiz-questions", args=[large.pk])
    )


def test_the_grading_queue_costs_the_same_queries_at_any_size(staff_client, instructor):
    counts = []
    for size in (1, 6):
        course = CourseFactory(owner=instructor)
        quizzes = [quiz_with_questions([ESSAY], course=course) for _ in range(2)]
        for i in range(size):
            _submitted(quizzes[i % 2], {1: f"Answer {i}"})
        counts.append(_queries(staff_client, reverse("quizzes:grading-queue", args=[course.slug])))

    assert counts[0] == counts[1]


def test_an_export_the_format_cannot_write_says_why_instead_of_failing(staff_client, course):
    questions_create(
        course=course,
        questions=[
            QuestionData(
                type=QuestionType.SINGLE_CHOICE,
                stem="Which picture?",
                stem_format=TextFormat.HTML,
                answers=(Answer('<img src="a.png">', D(1)), Answer("None", D(0))),
            )
        ],
    )

    response = staff_client.get(
        reverse("quizzes:questions-export", args=[course.slug]), {"format": "aiken"}
    )

    assert response.status_code == 400
    assert "option A is empty" in response.content.decode()
