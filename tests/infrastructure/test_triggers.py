"""Every write to what a course holds moves the course's ``updated_at`` on, in the database,
whoever makes it: the cached outline and plan are keyed by it (courses/caching.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from courses.models import Course, Lesson, Module
from quizzes.models import Question, Quiz, QuizSlot
from tests.factories import (
    PICK_FIRST,
    LessonFactory,
    ModuleFactory,
    UserFactory,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db


def stamp(course: Course) -> datetime:
    return Course.objects.values_list("updated_at", flat=True).get(pk=course.pk)


def moves_on(course: Course, write: Callable[[], object]) -> bool:
    before = stamp(course)
    write()
    return stamp(course) > before


def test_lesson_and_module_writes_of_every_kind_move_the_course_on():
    lesson = LessonFactory()
    course = lesson.course
    lessons = Lesson.objects.filter(pk=lesson.pk)
    assert moves_on(course, lambda: LessonFactory(course=course, module=lesson.module))
    assert moves_on(course, lambda: lessons.update(title="Renamed by a bulk update"))
    assert moves_on(course, lambda: Lesson.objects.bulk_update([lesson], ["position"]))
    assert moves_on(course, lambda: Module.objects.filter(course=course).update(title="M"))
    assert moves_on(course, lambda: ModuleFactory(course=course))
    assert moves_on(course, lambda: lessons.delete())


def test_quiz_and_slot_writes_move_the_course_on_even_through_a_cascade():
    quiz = quiz_with_questions([PICK_FIRST, PICK_FIRST])
    course = quiz.course
    assert moves_on(course, lambda: Quiz.objects.filter(pk=quiz.pk).update(is_published=False))
    slot = QuizSlot.objects.filter(quiz=quiz).first()
    assert slot is not None
    assert moves_on(course, lambda: QuizSlot.objects.filter(pk=slot.pk).delete())
    # Deleting a question deletes its slots: the quiz may have no question left.
    question = Question.objects.filter(slots__quiz=quiz).get()
    assert moves_on(course, question.delete)
    assert not QuizSlot.objects.filter(quiz=quiz).exists()


def test_a_write_moves_only_its_own_course_and_a_move_touches_both():
    lesson, other = LessonFactory(), LessonFactory()
    other_before = stamp(other.course)
    Lesson.objects.filter(pk=lesson.pk).update(title="Only this course")
    assert stamp(other.course) == other_before
    # A lesson moved to another course changes both courses' contents.
    own_before = stamp(lesson.course)
    Lesson.objects.filter(pk=lesson.pk).update(course=other.course, module=other.module)
    assert stamp(lesson.course) > own_before
    assert stamp(other.course) > other_before


def test_changes_in_quick_succession_each_leave_a_later_stamp():
    lesson = LessonFactory()
    stamps = []
    for number in range(20):
        Lesson.objects.filter(pk=lesson.pk).update(position=number)
        stamps.append(stamp(lesson.course))
    assert stamps == sorted(set(stamps))  # strictly increasing: no two alike


def test_adding_or_removing_a_co_instructor_moves_the_course_on():
    lesson = LessonFactory()
    course, teacher = lesson.course, UserFactory()
    assert moves_on(course, lambda: course.instructors.add(teacher))
    assert moves_on(course, lambda: course.instructors.remove(teacher))


def test_a_large_insert_leaves_the_course_at_the_clock_not_ahead_of_it():
    module = ModuleFactory()
    course = module.course
    Lesson.objects.bulk_create(
        Lesson(course=course, module=module, title=f"L{n}", position=n) for n in range(2000)
    )
    # SQLite runs the trigger 2,000 times within one statement, whose clock stands still.
    assert stamp(course) - timezone.now() < timedelta(milliseconds=100)
