from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.caching import course_cache_key
from courses.selectors import OUTLINE_CACHE_SECONDS, CourseOutline
from infrastructure.cache import versioned_cache
from progress.selectors import LearnerCourse, LessonState

register = template.Library()

# Where a lesson's state goes in the outline's rows. Every title and URL in them is escaped,
# so only the template itself can write this mark.
STATE_MARK = "<!--state-->"


def _badge(state: LessonState) -> SafeString:
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


@register.simple_tag
def lesson_state_badge(learner: LearnerCourse | None, lesson_id: int) -> SafeString | str:
    """``{% lesson_state_badge learner lesson.pk %}``: the state beside a lesson of the outline,
    and for a locked one, for screen readers, which quiz opens it. Nothing without a learner.

    One tag rather than a block of template per lesson, as Django's admin builds its list
    rows: on a 50-lesson outline the blocks cost more than the page's queries.
    """
    if learner is None:
        return ""
    return _badge(learner.state_of(lesson_id))


def _outline_pieces(outline: CourseOutline) -> tuple[str, ...]:
    """The outline's rows (``courses/_outline_modules.html``) cut at each lesson's state mark:
    one piece more than there are lessons. Kept per course and language until the outline
    changes (``course.updated_at``, as ``courses.selectors.course_outline``)."""

    key = course_cache_key("outline-rows:2", outline.course, get_language())
    pieces: tuple[str, ...] | None = versioned_cache.get(key)
    if pieces is None:
        context = {"outline": outline, "state_mark": mark_safe(STATE_MARK)}  # nosec B308 B703: a constant
        pieces = tuple(render_to_string("courses/_outline_modules.html", context).split(STATE_MARK))
        versioned_cache.set(key, pieces, OUTLINE_CACHE_SECONDS)
    return pieces


@register.simple_tag
def outline_modules(outline: CourseOutline, learner: LearnerCourse | None) -> SafeString:
    """``{% outline_modules outline learner %}``: the course's modules and lessons, each lesson
    with the learner's state (``lesson_state_badge``) when there is a learner.

    The rows are the same for everyone, so they are rendered once per course and kept; each
    learner's states are written into them. Each different state is rendered once.
    """
    pieces = _outline_pieces(outline)
    if learner is None:
        return mark_safe("".join(pieces))  # nosec B308 B703: a rendered template
    badges: dict[LessonState, SafeString] = {}
    parts = [pieces[0]]
    for lesson, piece in zip(outline.lessons, pieces[1:], strict=True):
        state = learner.state_of(lesson.pk)
        badge = badges.get(state)
        if badge is None:
            badge = badges[state] = _badge(state)
        parts += (badge, piece)
    return mark_safe("".join(parts))  # nosec B308 B703: a rendered template, escaped badges


@register.simple_tag
def progress_bar(course_id: int, percent: int | None) -> SafeString:
    """``{% progress_bar course.pk percent %}``: a course's progress, a native <progress>
    with its figure in words beside it (for the outline and the dashboard). A tag, not an
    included template: including one cost the dashboard more than its queries."""
    percent = percent or 0
    return format_html(
        '<div class="course-progress d-flex align-items-center gap-2">\n'
        '  <progress id="progress-{id}" class="course-progress-bar flex-grow-1" max="100"'
        ' value="{percent}" aria-describedby="progress-{id}-text">{percent}%</progress>\n'
        '  <span id="progress-{id}-text" class="small text-nowrap">{text}</span>\n'
        "</div>",
        id=course_id,
        percent=percent,
        text=_("%(percent)s%% complete") % {"percent": percent},
    )
