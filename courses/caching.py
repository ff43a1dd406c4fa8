"""Cache keys of a course's copies, and the triggers that move its ``updated_at`` on whenever
what the course holds changes.

Pages keep per-course copies under the course's ``updated_at`` (``course_cache_key``): the
outline (``courses.selectors.course_outline`` and its rendered rows), the plan of required
lessons and quizzes (``progress.selectors.course_plans``), the lesson page's lesson and
fragments (``courses.selectors.lesson_for_page``) and the co-instructors
(``courses.permissions.co_instructor_ids``). A copy is only right while every write to a
module, lesson, quiz, quiz slot or co-instructor moves the stamp on, whoever makes the write:
a service, an admin page or its bulk delete action, a re-import's bulk update, the cascade
when a question and so its slots are deleted. The database sees every one of those writes; a
call after each in Python has to be remembered at each, and the admin's bulk delete had been
missed.

The new stamp is the clock's time, and always later than the old one, by at least a
microsecond: two changes never leave the same stamp, so no copy outlives the change after
it. Saving the course moves ``updated_at`` (``auto_now``); a write to its row that does not
(``QuerySet.update()``) is moved on by a trigger of its own.

The triggers' SQL is written out, per database, in the migrations that create them
(courses/migrations/0003 to 0006, quizzes/migrations/0003 and 0004): a change to them is a
migration of its own.
"""

from __future__ import annotations

from .models import Course


def course_cache_key(name: str, course: Course, *parts: object) -> str:
    """The cache key of a copy of something ``course`` holds: ``name``, the course and its
    ``updated_at``, then ``parts`` (a lesson, a language). The copy is current until the
    triggers, or a save of the course, move the stamp on. ``course`` must have been
    read before the copy was made, as a view reads it at its start."""
    return ":".join([name, str(course.pk), str(course.updated_at.timestamp()), *map(str, parts)])
