from django.db import migrations

from docent.db.triggers import course_touch_trigger_update


class Migration(migrations.Migration):
    """The quiz and slot triggers, stepping by a microsecond on SQLite as well (see
    courses/migrations/0005_course_touch_triggers_microseconds.py)."""

    dependencies = [
        ("courses", "0005_course_touch_triggers_microseconds"),
        ("quizzes", "0003_course_touch_triggers"),
    ]

    operations = [
        course_touch_trigger_update(table="quizzes_quiz", course_of="{row}.course_id"),
        course_touch_trigger_update(
            table="quizzes_quizslot",
            course_of="(SELECT course_id FROM quizzes_quiz WHERE id = {row}.quiz_id)",
        ),
    ]
