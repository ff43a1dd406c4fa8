from django.db import migrations

from docent.db.triggers import course_touch_trigger_update


class Migration(migrations.Migration):
    """On SQLite, the triggers step a course's ``updated_at`` by a microsecond per row, not a
    millisecond, so a large import no longer leaves it seconds in the future (see
    docent/db/triggers.py). PostgreSQL's are replaced by the same ones."""

    dependencies = [("courses", "0004_course_instructors_touch_trigger")]

    operations = [
        course_touch_trigger_update(table="courses_module", course_of="{row}.course_id"),
        course_touch_trigger_update(table="courses_lesson", course_of="{row}.course_id"),
        course_touch_trigger_update(
            table="courses_course_instructors", course_of="{row}.course_id"
        ),
    ]
