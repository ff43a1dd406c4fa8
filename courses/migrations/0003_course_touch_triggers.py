from django.db import migrations

# The SQL as it was written when this migration was made: frozen here, so that a later
# change to the triggers comes as a migration of its own.
FORWARD = {'postgresql': ['CREATE OR REPLACE FUNCTION courses_module_touch_course() RETURNS trigger LANGUAGE '
                "plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN UPDATE courses_course SET updated_at "
                "= GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN "
                "(SELECT r.course_id FROM new_rows r); ELSIF TG_OP = 'UPDATE' THEN UPDATE "
                'courses_course SET updated_at = GREATEST(clock_timestamp(), updated_at + interval '
                "'1 microsecond') WHERE id IN (SELECT r.course_id FROM new_rows r UNION SELECT "
                'r.course_id FROM old_rows r); ELSE UPDATE courses_course SET updated_at = '
                "GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN "
                '(SELECT r.course_id FROM old_rows r); END IF; RETURN NULL; END $$',
                'CREATE TRIGGER courses_module_touch_course_insert AFTER INSERT ON courses_module '
                'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                'courses_module_touch_course()',
                'CREATE TRIGGER courses_module_touch_course_update AFTER UPDATE ON courses_module '
                'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
                'EXECUTE FUNCTION courses_module_touch_course()',
                'CREATE TRIGGER courses_module_touch_course_delete AFTER DELETE ON courses_module '
                'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                'courses_module_touch_course()',
                'CREATE OR REPLACE FUNCTION courses_lesson_touch_course() RETURNS trigger LANGUAGE '
                "plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN UPDATE courses_course SET updated_at "
                "= GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN "
                "(SELECT r.course_id FROM new_rows r); ELSIF TG_OP = 'UPDATE' THEN UPDATE "
                'courses_course SET updated_at = GREATEST(clock_timestamp(), updated_at + interval '
                "'1 microsecond') WHERE id IN (SELECT r.course_id FROM new_rows r UNION SELECT "
                'r.course_id FROM old_rows r); ELSE UPDATE courses_course SET updated_at = '
                "GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN "
                '(SELECT r.course_id FROM old_rows r); END IF; RETURN NULL; END $$',
                'CREATE TRIGGER courses_lesson_touch_course_insert AFTER INSERT ON courses_lesson '
                'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                'courses_lesson_touch_course()',
                'CREATE TRIGGER courses_lesson_touch_course_update AFTER UPDATE ON courses_lesson '
                'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
                'EXECUTE FUNCTION courses_lesson_touch_course()',
                'CREATE TRIGGER courses_lesson_touch_course_delete AFTER DELETE ON courses_lesson '
                'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                'courses_lesson_touch_course()'],
 'sqlite': ['CREATE TRIGGER courses_module_touch_course_insert AFTER INSERT ON courses_module FOR '
            "EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id); END',
            'CREATE TRIGGER courses_module_touch_course_update AFTER UPDATE ON courses_module FOR '
            "EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id, OLD.course_id); END',
            'CREATE TRIGGER courses_module_touch_course_delete AFTER DELETE ON courses_module FOR '
            "EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(OLD.course_id); END',
            'CREATE TRIGGER courses_lesson_touch_course_insert AFTER INSERT ON courses_lesson FOR '
            "EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id); END',
            'CREATE TRIGGER courses_lesson_touch_course_update AFTER UPDATE ON courses_lesson FOR '
            "EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id, OLD.course_id); END',
            'CREATE TRIGGER courses_lesson_touch_course_delete AFTER DELETE ON courses_lesson FOR '
            "EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(OLD.course_id); END']}

BACKWARD = {'postgresql': ['DROP TRIGGER IF EXISTS courses_module_touch_course_insert ON courses_module',
                'DROP TRIGGER IF EXISTS courses_module_touch_course_update ON courses_module',
                'DROP TRIGGER IF EXISTS courses_module_touch_course_delete ON courses_module',
                'DROP FUNCTION IF EXISTS courses_module_touch_course()',
                'DROP TRIGGER IF EXISTS courses_lesson_touch_course_insert ON courses_lesson',
                'DROP TRIGGER IF EXISTS courses_lesson_touch_course_update ON courses_lesson',
                'DROP TRIGGER IF EXISTS courses_lesson_touch_course_delete ON courses_lesson',
                'DROP FUNCTION IF EXISTS courses_lesson_touch_course()'],
 'sqlite': ['DROP TRIGGER IF EXISTS courses_module_touch_course_insert',
            'DROP TRIGGER IF EXISTS courses_module_touch_course_update',
            'DROP TRIGGER IF EXISTS courses_module_touch_course_delete',
            'DROP TRIGGER IF EXISTS courses_lesson_touch_course_insert',
            'DROP TRIGGER IF EXISTS courses_lesson_touch_course_update',
            'DROP TRIGGER IF EXISTS courses_lesson_touch_course_delete']}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    """Every write to a module or lesson moves its course's ``updated_at`` on (see
    courses/caching.py): the course's cached outline and plan are keyed by it."""

    dependencies = [('courses', '0002_course_teaching_settings')]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
