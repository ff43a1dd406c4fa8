from __future__ import annotations

from django import template

from progress.selectors import LearnerCourse, LessonState

register = template.Library()


@register.filter
def lesson_state(learner: LearnerCourse, lesson_id: int) -> LessonState:
    """``{{ learner|lesson_state:lesson.pk }}``: complete, in progress, not started or locked."""
    return learner.state_of(lesson_id)
