"""progress_tags.lesson_state_badge writes what the outline's template block wrote before it."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from progress.selectors import learner_course
from progress.services import lesson_complete, lesson_open
from tests.factories import course_with_quizzes, enrolled

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
