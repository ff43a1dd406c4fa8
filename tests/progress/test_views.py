"""Learner pages through the test client: enrol and leave, lessons, gating, dashboard,
certificate."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.roles import INSTRUCTORS, role_groups_ensure
from courses.models import Course
from pipeline import attempt_after_grading
from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from quizzes.attempts import attempt_question_grade, attempt_save, attempt_start
from quizzes.bank import questions_create
from quizzes.models import Attempt, Quiz, QuizSlot, ReviewWhen
from quizzes.questions import QuestionData, QuestionType
from tests.factories import CourseFactory, UserFactory, course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db


def submit(client, quiz, right: bool) -> Attempt:
    """Start and submit the quiz through the learner's pages (answer 0 is right)."""
    client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
    client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        {"revision": attempt.revision, "q1": "0" if right else "1"},
    )
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED
    return attempt


def test_a_signed_in_stranger_sees_the_outline_with_an_enrol_button_and_enrols(client):
    course, lessons = course_with_quizzes(2)
    user = UserFactory()
    client.force_login(user)

    page = client.get(course.get_absolute_url()).content.decode()
    assert reverse("progress:enrol", args=[course.slug]) in page
    assert lessons[0].title in page

    response = client.post(reverse("progress:enrol", args=[course.slug]))
    assert response.status_code == 302
    assert Enrolment.objects.get(user=user).enrolled_by == user
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Start the course" in page
    assert "Leave course" in page
    assert "Not started" in page


def test_a_course_without_self_enrolment_says_to_ask_an_instructor(client):
    course, lessons = course_with_quizzes(1, self_enrolment=False)
    client.force_login(UserFactory())

    page = client.get(course.get_absolute_url()).content.decode()
    assert "ask one of its instructors" in page
    assert reverse("progress:enrol", args=[course.slug]) not in page
    client.post(reverse("progress:enrol", args=[course.slug]))
    assert not Enrolment.objects.exists()
    assert client.get(reverse("quizzes:quiz", args=[lessons[0].quiz.pk])).status_code == 403


def test_leaving_a_course_keeps_the_history_and_closes_the_lessons(client):
    course, lessons = course_with_quizzes(1)
    user = enrolled(course)
    client.force_login(user)
    client.get(lessons[0].get_absolute_url())

    client.post(reverse("progress:leave", args=[course.slug]))

    assert Enrolment.objects.get().status == Enrolment.Status.ENDED
    assert LessonProgress.objects.filter(user=user).exists()
    assert client.get(lessons[0].get_absolute_url()).status_code == 403


def test_the_lesson_page_records_the_visit_and_marks_complete(client):
    course, lessons = course_with_quizzes(2)
    user = enrolled(course)
    client.force_login(user)

    page = client.get(lessons[0].get_absolute_url()).content.decode()
    assert "Mark complete" in page
    assert LessonProgress.objects.get(user=user).opened_at is not None

    url = reverse("progress:lesson-complete", args=[course.slug, lessons[0].pk])
    client.post(url)
    page = client.get(lessons[0].get_absolute_url()).content.decode()
    assert "Mark as not complete" in page
    assert CourseProgress.objects.get(user=user).percent_complete == 50
    outline = client.get(course.get_absolute_url()).content.decode()
    assert "Complete</span>" in outline
    assert 'value="50"' in outline
    assert "Continue where you left off" in outline


def test_a_failed_gated_quiz_leaves_the_next_lesson_locked_and_says_why(client):
    course, lessons = course_with_quizzes(3, gating=True)
    client.force_login(enrolled(course))
    first_quiz = lessons[0].quiz

    submit(client, first_quiz, right=False)

    locked = client.get(lessons[1].get_absolute_url())
    text = locked.content.decode()
    assert locked.status_code == 403
    assert "This lesson is locked." in text
    assert f"pass the quiz “{first_quiz.title}”" in text
    assert reverse("quizzes:quiz", args=[first_quiz.pk]) in text
    assert lessons[1].text not in text
    outline = client.get(course.get_absolute_url()).content.decode()
    assert outline.count("Locked") == 2
    # Its quiz cannot be started either, whatever the page shows.
    client.post(reverse("quizzes:quiz-start", args=[lessons[1].quiz.pk]))
    assert not Attempt.objects.filter(quiz=lessons[1].quiz).exists()
    assert (
        "This quiz is locked"
        in client.get(reverse("quizzes:quiz", args=[lessons[1].quiz.pk])).content.decode()
    )

    submit(client, first_quiz, right=True)
    assert client.get(lessons[1].get_absolute_url()).status_code == 200
    assert client.get(lessons[2].get_absolute_url()).status_code == 403


def test_a_manager_reads_a_gated_course_without_enrolling(client):
    course, lessons = course_with_quizzes(2, gating=True)
    client.force_login(course.owner)
    assert client.get(lessons[1].get_absolute_url()).status_code == 200
    assert not LessonProgress.objects.exists()


def test_quiz_mode_completes_the_course_and_issues_a_certificate_anyone_can_check(client):
    course, lessons = course_with_quizzes(2, completion=Course.Completion.QUIZ)
    user = enrolled(course)
    user.first_name, user.last_name = "Grace", "Hopper"
    user.save()
    client.force_login(user)
    for lesson in lessons:
        client.get(lesson.get_absolute_url())
        submit(client, lesson.quiz, right=True)

    progress = CourseProgress.objects.get(user=user)
    assert progress.percent_complete == 100
    assert progress.completed_at is not None
    page = client.get(reverse("progress:certificate", args=[course.slug])).content.decode()
    verify = reverse("progress:certificate-verify", args=[progress.certificate_code])
    assert "Grace Hopper" in page
    assert course.title in page
    assert verify in page

    client.logout()
    public = client.get(verify)
    assert public.status_code == 200
    assert "Grace Hopper" in public.content.decode()
    assert user.email not in public.content.decode()
    assert client.get(reverse("progress:certificate-verify", args=["nope"])).status_code == 404


def test_no_certificate_before_the_course_is_complete(client):
    course, _ = course_with_quizzes(1)
    client.force_login(enrolled(course))
    assert client.get(reverse("progress:certificate", args=[course.slug])).status_code == 404


def test_the_dashboard_shows_each_course_progress_and_where_to_continue(client):
    course, lessons = course_with_quizzes(3, title="Cartography")
    user = enrolled(course)
    client.force_login(user)
    client.get(lessons[0].get_absolute_url())
    client.post(reverse("progress:lesson-complete", args=[course.slug, lessons[0].pk]))
    attempt = submit(client, lessons[0].quiz, right=True)

    page = client.get(reverse("progress:dashboard")).content.decode()

    assert "Cartography" in page
    # Dated as the review dates it ("Dec. 3, 2026, …"), never "12/03/2026", read either way.
    assert date_format(timezone.localtime(attempt.submitted_at), "DATETIME_FORMAT") in page
    assert '<progress id="progress-' in page
    assert 'value="33"' in page
    assert "33% complete" in page
    assert "Continue where you left off" in page
    assert reverse("courses:lesson", args=[course.slug, lessons[1].pk]) in page
    assert lessons[0].quiz.title in page  # recent results
    assert "100% · passed" in page
    assert "data-review-queue" in page
    assert 'style="' not in page


def test_each_learner_sees_their_own_card_of_a_course_on_the_dashboard(client):
    # The cards are kept rendered (templates/progress/dashboard.html), per what they show.
    course, lessons = course_with_quizzes(2, title="Cartography")
    ahead, behind = enrolled(course), enrolled(course)
    client.force_login(behind)
    client.get(reverse("progress:dashboard"))
    client.force_login(ahead)
    client.post(reverse("progress:lesson-complete", args=[course.slug, lessons[0].pk]))

    assert "1 of 2 lessons complete" in client.get(reverse("progress:dashboard")).content.decode()
    client.force_login(behind)
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "0 of 2 lessons complete" in page
    assert "Start the course" in page

    Course.objects.filter(pk=course.pk).update(title="Map making", updated_at=timezone.now())
    assert "Map making" in client.get(reverse("progress:dashboard")).content.decode()


def test_the_dashboard_hides_a_score_until_the_quiz_lets_it_show(client):
    course, lessons = course_with_quizzes(1)
    quiz = lessons[0].quiz
    now = timezone.now()
    Quiz.objects.filter(pk=quiz.pk).update(
        review_score=ReviewWhen.AFTER_CLOSE, close_at=now + timedelta(days=1)
    )
    client.force_login(enrolled(course))
    submit(client, quiz, right=True)

    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "Score not shown yet" in page
    assert "100% · passed" not in page
    assert "grade 100%" not in page  # the course grade, which would give the score away

    Quiz.objects.filter(pk=quiz.pk).update(close_at=now - timedelta(minutes=1))
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "100% · passed" in page
    assert "grade 100%" in page
    assert course.title in page


def test_a_quiz_that_never_shows_scores_keeps_the_course_grade_hidden(client):
    course, lessons = course_with_quizzes(2)
    Quiz.objects.filter(lesson=lessons[1]).update(review_score=ReviewWhen.NEVER)
    client.force_login(enrolled(course))
    submit(client, lessons[0].quiz, right=True)
    assert "grade 100%" in client.get(reverse("progress:dashboard")).content.decode()

    submit(client, lessons[1].quiz, right=False)

    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "grade " not in page
    assert "1 of 2 quizzes passed" in page
    assert "Score not shown" in page
    assert "Score not shown yet" not in page  # it never will be


def test_signing_in_lands_on_the_dashboard_and_the_nav_links_to_it(client):
    client.force_login(UserFactory())
    page = client.get(reverse("courses:catalogue")).content.decode()
    assert f'href="{reverse("progress:dashboard")}"' in page
    assert "My dashboard" in page


def test_the_dashboard_needs_a_sign_in(client):
    response = client.get(reverse("progress:dashboard"))
    assert response["Location"].startswith(reverse("login"))


def test_the_lesson_page_reports_how_far_the_learner_read(client):
    course, lessons = course_with_quizzes(2, gating=True)
    user = enrolled(course)
    client.force_login(user)
    page = client.get(lessons[0].get_absolute_url()).content.decode()
    url = reverse("progress:lesson-position", args=[course.slug, lessons[0].pk])
    assert url in page
    assert "js/lesson-progress.js" in page

    assert client.post(url, {"position": "70"}).status_code == 204
    assert client.post(url, {"position": "30"}).status_code == 204
    assert client.post(url, {"position": "lots"}).status_code == 400
    assert LessonProgress.objects.get(user=user).last_position == 70
    locked = reverse("progress:lesson-position", args=[course.slug, lessons[1].pk])
    assert client.post(locked, {"position": "10"}).status_code == 404


def test_a_locked_lesson_cannot_be_marked_complete(client):
    course, lessons = course_with_quizzes(2, gating=True)
    user = enrolled(course)
    client.force_login(user)

    url = reverse("progress:lesson-complete", args=[course.slug, lessons[1].pk])
    response = client.post(url)

    assert response.status_code == 403
    assert "This lesson is locked." in response.content.decode()
    assert not LessonProgress.objects.filter(user=user, completed_at__isnull=False).exists()


def test_a_withdrawn_course_takes_no_reading_position_from_its_former_learners(client):
    course, lessons = course_with_quizzes(1)
    user = enrolled(course)
    client.force_login(user)
    url = reverse("progress:lesson-position", args=[course.slug, lessons[0].pk])
    Course.objects.filter(pk=course.pk).update(is_published=False)

    assert client.post(url, {"position": "40"}).status_code == 404
    assert not LessonProgress.objects.filter(user=user).exists()


def test_an_attempt_submitted_at_its_deadline_when_the_learner_starts_again_counts(client):
    course, lessons = course_with_quizzes(1)
    quiz = lessons[0].quiz
    quiz.time_limit = timedelta(minutes=5)
    quiz.save()
    user = enrolled(course)
    earlier = timezone.now() - timedelta(hours=1)
    attempt = attempt_start(quiz=quiz, user=user, now=earlier)
    attempt_save(attempt_id=attempt.pk, user=user, responses={1: 0}, revision=0, now=earlier)
    client.force_login(user)

    client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))

    assert QuizStanding.objects.get(user=user).passed


def test_it_lists_the_courses_an_instructor_teaches_on_their_dashboard(client):
    instructor = UserFactory()
    instructor.groups.add(role_groups_ensure()[INSTRUCTORS])
    taught = CourseFactory(owner=instructor, title="Pond Life")
    CourseFactory(title="Someone else's course")
    client.force_login(instructor)

    page = client.get(reverse("progress:dashboard")).content.decode()

    assert "Courses I teach" in page
    assert "Pond Life" in page
    assert reverse("reports:gradebook", args=[taught.slug]) in page
    assert "Someone else&#x27;s course" not in page


def test_it_shows_no_teaching_section_to_a_learner(client):
    client.force_login(UserFactory())

    page = client.get(reverse("progress:dashboard")).content.decode()

    assert "Courses I teach" not in page


def test_it_offers_the_courses_instructor_reading_not_enrolment(client):
    course, _lessons = course_with_quizzes(lessons=2)
    course.owner = UserFactory()
    course.save()
    client.force_login(course.owner)

    page = client.get(course.get_absolute_url()).content.decode()

    assert "Read the course" in page
    assert reverse("progress:enrol", args=[course.slug]) not in page


def test_continue_moves_past_a_lesson_whose_quiz_waits_for_a_grader(client):
    course, lessons = course_with_quizzes(3)
    quiz = lessons[0].quiz
    essay = questions_create(
        course=course,
        questions=[QuestionData(type=QuestionType.ESSAY, stem="Explain.", points=Decimal(1))],
    )[0]
    QuizSlot.objects.create(quiz=quiz, position=2, question=essay)
    user = enrolled(course)
    client.force_login(user)
    client.get(lessons[0].get_absolute_url())
    client.post(reverse("progress:lesson-complete", args=[course.slug, lessons[0].pk]))
    client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz, user=user)
    client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        {"revision": 0, "q1": "0", "q2": "Because."},
    )

    standing = QuizStanding.objects.get(user=user, quiz=quiz)
    assert standing.awaiting_grader
    assert not standing.passed
    dashboard = client.get(reverse("progress:dashboard")).content.decode()
    continue_link = re.search(r'href="([^"]+)"[^>]*>\s*Continue where you left off', dashboard)
    assert continue_link is not None
    assert continue_link.group(1) == lessons[1].get_absolute_url()

    row = attempt.questions.get(position=2)
    attempt_after_grading(attempt=attempt_question_grade(row_id=row.pk, fraction=Decimal(1)))

    standing.refresh_from_db()
    assert standing.passed
    assert not standing.awaiting_grader
