"""Done when: in the demo course, a learner who reads and passes everything sees 100 % and a
certificate; and the class that ``simulate_learners`` makes is varied and made once."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from courses.models import Course
from pipeline import attempt_after_grading
from pipeline.simulation import attempt_responses
from progress.models import CourseProgress, Enrolment, QuizStanding
from progress.selectors import course_plan
from quizzes.attempts import attempt_save, attempt_start, attempt_submit
from quizzes.models import Attempt, AttemptQuestion, Quiz

pytestmark = pytest.mark.django_db

SLUG = "military-cooperation-in-counter-terrorism"


@pytest.fixture
def demo(settings) -> Course:
    settings.DEBUG = True
    call_command("setup_demo", stdout=StringIO())
    return Course.objects.get(slug=SLUG)


def pass_quiz(quiz: Quiz, user: User) -> Attempt:
    """Every question answered right, through the attempt services and the pipeline, as the
    learner's submit page does."""
    attempt = attempt_start(quiz=quiz, user=user)
    responses = attempt_responses(attempt=attempt, skill=1.0, rng=random.Random(1))
    attempt_save(attempt_id=attempt.pk, user=user, responses=responses, revision=attempt.revision)
    graded = attempt_submit(attempt_id=attempt.pk, user=user)
    attempt_after_grading(attempt=graded)
    return graded


def test_a_learner_who_reads_and_passes_everything_sees_100_percent_and_a_certificate(client, demo):
    student = User.objects.get(username="student")
    assert Enrolment.objects.filter(course=demo, user=student, status="active").exists()
    client.force_login(student)
    plan = course_plan(course=demo)
    assert len(plan.quizzes) == 3

    for lesson in demo.lessons.filter(is_archived=False):
        assert client.get(lesson.get_absolute_url()).status_code == 200
        client.post(reverse("progress:lesson-complete", args=[demo.slug, lesson.pk]))
    for planned in plan.quizzes:
        pass_quiz(Quiz.objects.get(pk=planned.id), student)

    # Lesson 2's essay waits for its grader: not passed, not complete, until it is graded.
    assert CourseProgress.objects.get(user=student).completed_at is None
    essay = AttemptQuestion.objects.get(attempt__user=student, question__type="essay")
    client.force_login(demo.owner)
    prefix = f"row-{essay.pk}"
    client.post(
        reverse("quizzes:grading-grade", args=[demo.slug, essay.pk]),
        {f"{prefix}-points": str(essay.max_points), f"{prefix}-comment": "Well argued."},
    )

    client.force_login(student)
    dashboard = client.get(reverse("progress:dashboard")).content.decode()
    assert 'value="100"' in dashboard
    assert "100% complete" in dashboard
    assert reverse("progress:certificate", args=[demo.slug]) in dashboard
    certificate = client.get(reverse("progress:certificate", args=[demo.slug]))
    assert certificate.status_code == 200
    assert "Stella" in certificate.content.decode()
    assert demo.title in certificate.content.decode()


def test_simulate_learners_makes_a_varied_class_once(demo, settings):
    out = StringIO()
    call_command("simulate_learners", SLUG, "--learners", "12", "--seed", "3", stdout=out)
    assert "12 demo learners enrolled" in out.getvalue()
    rows = CourseProgress.objects.filter(user__username__startswith="demo-learner-")
    percents = sorted(rows.values_list("percent_complete", flat=True))
    assert len(percents) == 12
    assert percents[0] < 50 < percents[-1]  # some stuck, some far along
    assert QuizStanding.objects.filter(passed=True).exists()
    assert QuizStanding.objects.filter(passed=False).exists()
    before = Attempt.objects.count()

    call_command("simulate_learners", SLUG, "--learners", "12", "--seed", "3", stdout=out)
    assert User.objects.filter(username__startswith="demo-learner-").count() == 12
    assert Attempt.objects.count() == before


def test_simulate_learners_is_deterministic_for_a_seed(demo):
    call_command("simulate_learners", SLUG, "--learners", "4", "--seed", "9", stdout=StringIO())
    first = list(
        CourseProgress.objects.filter(user__username__startswith="demo-learner-")
        .order_by("user__username")
        .values_list("percent_complete", "quizzes_passed")
    )
    Enrolment.objects.filter(user__username__startswith="demo-learner-").delete()
    User.objects.filter(username__startswith="demo-learner-").delete()
    call_command("simulate_learners", SLUG, "--learners", "4", "--seed", "9", stdout=StringIO())
    again = list(
        CourseProgress.objects.filter(user__username__startswith="demo-learner-")
        .order_by("user__username")
        .values_list("percent_complete", "quizzes_passed")
    )
    assert first == again


def test_simulate_learners_refuses_with_debug_off(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("simulate_learners", SLUG, "--learners", "2")
    assert not Enrolment.objects.filter(user__username__startswith="demo-learner-").exists()
