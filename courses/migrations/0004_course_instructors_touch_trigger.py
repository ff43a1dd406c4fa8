from django.db import migrations

from docent.db.triggers import course_touch_trigger


class Migration(migrations.Migration):
    """Adding or removing a co-instructor moves the course's ``updated_at`` on (see
    docent/db/triggers.py): who manages the course is cached under it."""

    dependencies = [("courses", "0003_course_touch_triggers")]

    operations = [
        course_touch_trigger(table="courses_course_instructors", course_of="{row}.course_id"),
    ]
