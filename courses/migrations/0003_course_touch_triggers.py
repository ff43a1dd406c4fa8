from django.db import migrations

from docent.db.triggers import course_touch_trigger


class Migration(migrations.Migration):
    """Every write to a module or lesson moves its course's ``updated_at`` on (see
    docent/db/triggers.py): the course's cached outline and plan are keyed by it."""

    dependencies = [("courses", "0002_course_teaching_settings")]

    operations = [
        course_touch_trigger(table="courses_module", course_of="{row}.course_id"),
        course_touch_trigger(table="courses_lesson", course_of="{row}.course_id"),
    ]
