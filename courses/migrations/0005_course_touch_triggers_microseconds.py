from django.db import migrations

# The SQL as it was written when this migration was made: frozen here, so that a later
# change to the triggers comes as a migration of its own.
FORWARD = {'postgresql': ['DROP TRIGGER IF EXISTS courses_module_touch_course_insert ON courses_module',
                'DROP TRIGGER IF EXISTS courses_module_touch_course_update ON courses_module',
                'DROP TRIGGER IF EXISTS courses_module_touch_course_delete ON courses_module',
                'DROP FUNCTION IF EXISTS courses_module_touch_course()',
                'CREATE OR REPLACE FUNCTION courses_module_touch_course() RETURNS trigger LANGUAGE '
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
                'DROP TRIGGER IF EXISTS courses_lesson_touch_course_insert ON courses_lesson',
                'DROP TRIGGER IF EXISTS courses_lesson_touch_course_update ON courses_lesson',
                'DROP TRIGGER IF EXISTS courses_lesson_touch_course_delete ON courses_lesson',
                'DROP FUNCTION IF EXISTS courses_lesson_touch_course()',
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
                'courses_lesson_touch_course()',
                'DROP TRIGGER IF EXISTS courses_course_instructors_touch_course_insert ON '
                'courses_course_instructors',
                'DROP TRIGGER IF EXISTS courses_course_instructors_touch_course_update ON '
                'courses_course_instructors',
                'DROP TRIGGER IF EXISTS courses_course_instructors_touch_course_delete ON '
                'courses_course_instructors',
                'DROP FUNCTION IF EXISTS courses_course_instructors_touch_course()',
                'CREATE OR REPLACE FUNCTION courses_course_instructors_touch_course() RETURNS '
                "trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN UPDATE "
                'courses_course SET updated_at = GREATEST(clock_timestamp(), updated_at + interval '
                "'1 microsecond') WHERE id IN (SELECT r.course_id FROM new_rows r); ELSIF TG_OP = "
                "'UPDATE' THEN UPDATE courses_course SET updated_at = GREATEST(clock_timestamp(), "
                "updated_at + interval '1 microsecond') WHERE id IN (SELECT r.course_id FROM "
                'new_rows r UNION SELECT r.course_id FROM old_rows r); ELSE UPDATE courses_course '
                "SET updated_at = GREATEST(clock_timestamp(), updated_at + interval '1 "
                "microsecond') WHERE id IN (SELECT r.course_id FROM old_rows r); END IF; RETURN "
                'NULL; END $$',
                'CREATE TRIGGER courses_course_instructors_touch_course_insert AFTER INSERT ON '
                'courses_course_instructors REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
                'EXECUTE FUNCTION courses_course_instructors_touch_course()',
                'CREATE TRIGGER courses_course_instructors_touch_course_update AFTER UPDATE ON '
                'courses_course_instructors REFERENCING OLD TABLE AS old_rows NEW TABLE AS '
                'new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                'courses_course_instructors_touch_course()',
                'CREATE TRIGGER courses_course_instructors_touch_course_delete AFTER DELETE ON '
                'courses_course_instructors REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT '
                'EXECUTE FUNCTION courses_course_instructors_touch_course()'],
 'sqlite': ['DROP TRIGGER IF EXISTS courses_module_touch_course_insert',
            'DROP TRIGGER IF EXISTS courses_module_touch_course_update',
            'DROP TRIGGER IF EXISTS courses_module_touch_course_delete',
            'CREATE TRIGGER courses_module_touch_course_insert AFTER INSERT ON courses_module FOR '
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
            'DROP TRIGGER IF EXISTS courses_lesson_touch_course_insert',
            'DROP TRIGGER IF EXISTS courses_lesson_touch_course_update',
            'DROP TRIGGER IF EXISTS courses_lesson_touch_course_delete',
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
            '(OLD.course_id); END',
            'DROP TRIGGER IF EXISTS courses_course_instructors_touch_course_insert',
            'DROP TRIGGER IF EXISTS courses_course_instructors_touch_course_update',
            'DROP TRIGGER IF EXISTS courses_course_instructors_touch_course_delete',
            'CREATE TRIGGER courses_course_instructors_touch_course_insert AFTER INSERT ON '
            'courses_course_instructors FOR EACH ROW BEGIN UPDATE courses_course SET updated_at = '
            "max(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) "
            "GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id); END',
            'CREATE TRIGGER courses_course_instructors_touch_course_update AFTER UPDATE ON '
            'courses_course_instructors FOR EACH ROW BEGIN UPDATE courses_course SET updated_at = '
            "max(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) "
            "GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id, OLD.course_id); END',
            'CREATE TRIGGER courses_course_instructors_touch_course_delete AFTER DELETE ON '
            'courses_course_instructors FOR EACH ROW BEGIN UPDATE courses_course SET updated_at = '
            "max(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) "
            "GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(OLD.course_id); END']}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    """On SQLite, the triggers step a course's ``updated_at`` by a microsecond per row, not a
    millisecond, so a large import no longer leaves it seconds in the future (see
    courses/caching.py). PostgreSQL's are replaced by the same ones."""

    dependencies = [('courses', '0004_course_instructors_touch_trigger')]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
