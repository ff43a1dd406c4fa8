from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from progress.selectors import LearnerCourse

register = template.Library()


@register.simple_tag
def lesson_state_badge(learner: LearnerCourse | None, lesson_id: int) -> SafeString | str:
    """``{% lesson_state_badge learner lesson.pk %}``: the state beside a lesson of the outline,
    and for a locked one, for screen readers, which quiz opens it. Nothing without a learner.

    One tag rather than a block of template per lesson, as Django's admin builds its list
    rows: on a 50-lesson outline the blocks cost more than the page's queries.
    """
    if learner is None:
        return ""
    state = learner.state_of(lesson_id)
    why = ""
    if state.lock is not None:
        why = format_html(
            '<span class="visually-hidden">: {}</span>',
            _("pass “%(quiz)s” first") % {"quiz": state.lock.quiz_title},
        )
    return format_html(
        '<span class="lesson-state lesson-state-{} ms-auto">{}{}</span>',
        state.state,
        state.label,
        why,
    )
