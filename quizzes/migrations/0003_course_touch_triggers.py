from django.db import migrations

from docent.db.triggers import course_touch_trigger


class Migration(migrations.Migration):
    """Every write to a quiz or a quiz slot moves its course's ``updated_at`` on (see
    docent/db/triggers.py): the course's cached plan of required quizzes is keyed by it."""

    dependencies = [
        ("courses", "0003_course_touch_triggers"),
        ("quizzes", "0002_review_correct_answers_immediately"),
    ]

    operations = [
        course_touch_trigger(table="quizzes_quiz", course_of="{row}.course_id"),
        course_touch_trigger(
            table="quizzes_quizslot",
            course_of="(SELECT course_id FROM quizzes_quiz WHERE id = {row}.quiz_id)",
        ),
    ]
