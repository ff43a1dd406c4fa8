"""progress_tags.lesson_state_badge and outline_modules write what the outline's template
blocks wrote before them."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from courses.selectors import course_outline
from progress.selectors import learner_course
from progress.services import lesson_complete, lesson_open
from tests.factories import CourseFactory, course_with_quizzes, enrolled

pytestmark = pytest.mark.django_db

# The block each outline row had before the tag, kept here as the reference.
BLOCK = Template(
    "{% load i18n %}{% if learner %}"
    '<span class="lesson-state lesson-state-{{ state.state }} ms-auto">{{ state.label }}'
    '{% if state.lock %}<span class="visually-hidden">: {% blocktranslate with '
    "quiz=state.lock.quiz_title %}pass “{{ quiz }}” first{% endblocktranslate %}</span>"
    "{% endif %}</span>{% endif %}"
)
TAG = Template("{% load progress_tags %}{% lesson_state_badge learner lesson_id %}")


def test_the_badge_is_the_block_it_replaced_for_every_state():
    course, lessons = course_with_quizzes(4, gating=True)
    quiz = lessons[0].quiz
    quiz.title = '<b>First</b> & "quiz" <script>alert(1)</script>'
    quiz.save()
    user = enrolled(course)
    lesson_open(lesson=lessons[0], user=user)
    lesson_complete(lesson=lessons[0], user=user)

    def same_for_each_lesson() -> set[str]:
        learner = learner_course(course=course, user_id=user.pk)
        seen = set()
        for lesson in lessons:
            state = learner.state_of(lesson.pk)
            seen.add(state.state)
            expected = BLOCK.render(Context({"learner": learner, "state": state}))
            assert TAG.render(Context({"learner": learner, "lesson_id": lesson.pk})) == expected
            assert "<script>" not in expected
        return seen

    assert same_for_each_lesson() == {"complete", "locked"}  # its quiz not passed yet
    course.gating = False
    course.save()
    lesson_open(lesson=lessons[1], user=user)
    assert same_for_each_lesson() == {"complete", "in_progress", "not_started"}


def test_no_badge_without_a_learner():
    assert TAG.render(Context({"learner": None, "lesson_id": 1})) == ""


# The outline's rows as the template wrote them before outline_modules, kept as the reference.
ROWS = Template(
    "{% load i18n progress_tags %}{% for module in outline.modules %}\n"
    '<section class="module mb-4" aria-labelledby="module-{{ module.pk }}">\n'
    '  <h2 class="h4" id="module-{{ module.pk }}">{% if outline.shows_module_titles %}'
    '{{ module.title }}{% else %}{% translate "Lessons" %}{% endif %}</h2>\n'
    '  <ol class="list-group lesson-list">\n'
    "    {% for lesson in module.active_lessons %}\n"
    '    <li class="list-group-item d-flex gap-2">\n'
    '      <span class="lesson-number text-body-secondary">{{ lesson.number }}.</span>\n'
    '      <a href="{{ lesson.url }}">{{ lesson.title }}</a>\n'
    "      {% lesson_state_badge learner lesson.pk %}\n"
    "    </li>\n"
    "    {% endfor %}\n"
    "  </ol>\n"
    "</section>\n"
    "{% empty %}\n"
    '<p>{% translate "This course has no lessons yet." %}</p>\n'
    "{% endfor %}"
)
OUTLINE_TAG = Template("{% load progress_tags %}{% outline_modules outline learner %}")


def test_the_outline_rows_are_the_loop_they_replaced_for_every_learner_and_state():
    course, lessons = course_with_quizzes(4, gating=True)
    # A title that looks like the mark where a state goes, and markup: both stay text.
    lessons[1].title = "<!--state--> <b>two</b>"
    lessons[1].save()  # which moves the course's updated_at on (courses/caching.py)
    course.refresh_from_db()
    first, second = enrolled(course), enrolled(course)
    lesson_open(lesson=lessons[0], user=first)
    lesson_complete(lesson=lessons[0], user=first)

    def same(user) -> str:
        context = Context(
            {
                "outline": course_outline(course=course),
                "learner": learner_course(course=course, user_id=user.pk) if user else None,
            }
        )
        rendered = OUTLINE_TAG.render(context)
        assert rendered == ROWS.render(context)
        return rendered

    assert "&lt;!--state--&gt; &lt;b&gt;two&lt;/b&gt;" in same(None)
    assert "lesson-state-locked" not in same(None)
    assert same(first) != same(second)  # the first has completed lesson 1, the other not
    assert "lesson-state-complete" in same(first)
    assert "lesson-state-complete" not in same(second)
    course.gating = False
    course.save()
    lesson_open(lesson=lessons[2], user=first)
    assert "lesson-state-in_progress" in same(first)
    assert "lesson-state-in_progress" not in same(second)


def test_a_course_without_lessons_says_so():
    course = CourseFactory()
    context = Context({"outline": course_outline(course=course), "learner": None})
    assert "This course has no lessons yet." in OUTLINE_TAG.render(context)
    assert OUTLINE_TAG.render(context) == ROWS.render(context)


# The included template the progress bar was before its tag, kept here as the reference.
PROGRESS_BAR_TEMPLATE = Template(
    "{% load i18n %}"
    '<div class="course-progress d-flex align-items-center gap-2">\n'
    '  <progress id="progress-{{ id }}" class="course-progress-bar flex-grow-1" max="100" '
    'value="{{ percent|default:0 }}" aria-describedby="progress-{{ id }}-text">'
    "{{ percent|default:0 }}%</progress>\n"
    '  <span id="progress-{{ id }}-text" class="small text-nowrap">{% blocktranslate with '
    "percent=percent|default:0 %}{{ percent }}% complete{% endblocktranslate %}</span>\n"
    "</div>"
)
PROGRESS_BAR_TAG = Template("{% load progress_tags %}{% progress_bar id percent %}")


@pytest.mark.parametrize("percent", [None, 0, 7, 100])
def test_the_progress_bar_is_the_template_it_replaced(percent):
    context = {"id": 42, "percent": percent}

    written = PROGRESS_BAR_TAG.render(Context(context))

    assert written == PROGRESS_BAR_TEMPLATE.render(Context(context))
    assert f'value="{percent or 0}"' in written
    assert f"{percent or 0}% complete" in written
