"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from courses.models import Course, Lesson, Module
from courses.services import content_hash
from progress.models import CourseProgress, Enrolment, LessonProgress, QuizStanding
from progress.services import enrolment_create
from quizzes.bank import questions_create
from quizzes.models import Quiz, QuizSlot
from quizzes.questions import Answer, QuestionData, QuestionType

PASSWORD = "correct-horse-battery-staple"
# Hashed once: hashing per user would make factories slow for no benefit.
_PASSWORD_HASH = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.LazyFunction(lambda: _PASSWORD_HASH)


class CourseFactory(factory.django.DjangoModelFactory[Course]):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    owner = factory.SubFactory(UserFactory)


class ModuleFactory(factory.django.DjangoModelFactory[Module]):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    position = factory.Sequence(lambda n: n + 1)


class LessonFactory(factory.django.DjangoModelFactory[Lesson]):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    course = factory.SelfAttribute("module.course")
    title = factory.Sequence(lambda n: f"Lesson {n}")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Body of lesson {n}.")
    html = factory.LazyAttribute(lambda lesson: f"<p>{lesson.text}</p>")
    content_hash = factory.LazyAttribute(lambda lesson: content_hash(lesson.text))


class QuizFactory(factory.django.DjangoModelFactory[Quiz]):
    class Meta:
        model = Quiz

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")


def quiz_with_questions(questions: Iterable[QuestionData], **quiz_settings: Any) -> Quiz:
    """A quiz whose slots hold ``questions`` (QuestionData), published, in order."""
    quiz = QuizFactory(**quiz_settings)
    rows = questions_create(course=quiz.course, questions=list(questions))
    QuizSlot.objects.bulk_create(
        QuizSlot(quiz=quiz, position=i, question=row) for i, row in enumerate(rows, start=1)
    )
    return quiz


class EnrolmentFactory(factory.django.DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    enrolled_at = factory.LazyFunction(timezone.now)


class LessonProgressFactory(factory.django.DjangoModelFactory[LessonProgress]):
    class Meta:
        model = LessonProgress

    lesson = factory.SubFactory(LessonFactory)
    course = factory.SelfAttribute("lesson.course")
    user = factory.SubFactory(UserFactory)
    opened_at = factory.LazyFunction(timezone.now)
    last_seen_at = factory.SelfAttribute("opened_at")


class QuizStandingFactory(factory.django.DjangoModelFactory[QuizStanding]):
    class Meta:
        model = QuizStanding

    quiz = factory.SubFactory(QuizFactory)
    course = factory.SelfAttribute("quiz.course")
    user = factory.SubFactory(UserFactory)
    updated_at = factory.LazyFunction(timezone.now)


class CourseProgressFactory(factory.django.DjangoModelFactory[CourseProgress]):
    class Meta:
        model = CourseProgress

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    updated_at = factory.LazyFunction(timezone.now)
    # As if computed against the course as it is now: a page would otherwise recompute the
    # summary from the learner's attempts (progress_refresh), which a test that writes the
    # summary by hand has not made.
    course_version = factory.LazyAttribute(
        lambda row: Course.objects.values_list("updated_at", flat=True).get(pk=row.course.pk)
    )


PICK_FIRST = QuestionData(
    type=QuestionType.SINGLE_CHOICE,
    stem="Pick the first.",
    answers=(Answer("first", Decimal(1)), Answer("second", Decimal(0))),
)


def course_with_quizzes(lessons: int = 3, **course_settings: Any) -> tuple[Course, list[Lesson]]:
    """A course of ``lessons`` lessons in one module, each with a published one-question quiz
    (single choice, unshuffled: answer 0 is right, 1 wrong)."""
    course = CourseFactory(**course_settings)
    module = ModuleFactory(course=course)
    rows = []
    for position in range(1, lessons + 1):
        lesson = LessonFactory(course=course, module=module, position=position)
        quiz_with_questions(
            [PICK_FIRST],
            course=course,
            lesson=lesson,
            title=f"Quiz {position}",
            shuffle_answers=False,
        )
        rows.append(lesson)
    return course, rows


def enrolled(course: Course, user: User | None = None) -> User:
    """``user`` (or a new learner) with an active enrolment in ``course``."""
    user = user or UserFactory()
    enrolment_create(course=course, user=user)
    return user


def summaries_current(course: Course) -> None:
    """Mark the summaries of ``course`` that a test wrote by hand as computed against the
    course as it is now: after the test changes the course (adds a quiz), a page would
    otherwise recompute them from attempts the test has not made (progress_refresh)."""
    version = Course.objects.values_list("updated_at", flat=True).get(pk=course.pk)
    CourseProgress.objects.filter(course=course).update(course_version=version)
