from django.db import migrations

# A write to the course row itself that leaves ``updated_at`` where it was (QuerySet.update()
# skips auto_now) moves it on, as a write to what the course holds does (see
# courses/caching.py). The SQL as it was written when this migration was made.
FORWARD = {
    "postgresql": [
        "CREATE OR REPLACE FUNCTION courses_course_touch() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF NEW.updated_at <= OLD.updated_at THEN NEW.updated_at := GREATEST("
        "clock_timestamp(), OLD.updated_at + interval '1 microsecond'); END IF; RETURN NEW; END $$",
        "CREATE TRIGGER courses_course_touch BEFORE UPDATE ON courses_course FOR EACH ROW "
        "EXECUTE FUNCTION courses_course_touch()",
    ],
    # SQLite's triggers cannot change NEW: a second UPDATE of the row does it (SQLite does not
    # run triggers from within a trigger's own writes unless recursive_triggers is on).
    "sqlite": [
        "CREATE TRIGGER courses_course_touch AFTER UPDATE ON courses_course FOR EACH ROW "
        "WHEN NEW.updated_at <= OLD.updated_at BEGIN UPDATE courses_course SET updated_at = "
        "max(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000', CASE WHEN substr(OLD.updated_at, "
        "21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(OLD.updated_at, 21) < '999999' "
        "THEN substr(OLD.updated_at, 1, 20) || printf('%06d', substr(OLD.updated_at, 21) + 1) "
        "ELSE strftime('%Y-%m-%d %H:%M:%f', OLD.updated_at, '+0.001 seconds') || '000' END) "
        "WHERE id = NEW.id; END",
    ],
}
BACKWARD = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS courses_course_touch ON courses_course",
        "DROP FUNCTION IF EXISTS courses_course_touch()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS courses_course_touch"],
}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    """A course row updated without moving ``updated_at`` moves it on."""

    dependencies = [("courses", "0005_course_touch_triggers_microseconds")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
