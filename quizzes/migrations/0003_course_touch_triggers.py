from django.db import migrations

# The SQL as it was written when this migration was made: frozen here, so that a later
# change to the triggers comes as a migration of its own.
FORWARD = {'postgresql': ['CREATE OR REPLACE FUNCTION quizzes_quiz_touch_course() RETURNS trigger LANGUAGE '
                "plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN UPDATE courses_course SET updated_at "
                "= GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN "
                "(SELECT r.course_id FROM new_rows r); ELSIF TG_OP = 'UPDATE' THEN UPDATE "
                'courses_course SET updated_at = GREATEST(clock_timestamp(), updated_at + interval '
                "'1 microsecond') WHERE id IN (SELECT r.course_id FROM new_rows r UNION SELECT "
                'r.course_id FROM old_rows r); ELSE UPDATE courses_course SET updated_at = '
                "GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN "
                '(SELECT r.course_id FROM old_rows r); END IF; RETURN NULL; END $$',
                'CREATE TRIGGER quizzes_quiz_touch_course_insert AFTER INSERT ON quizzes_quiz '
                'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                'quizzes_quiz_touch_course()',
                'CREATE TRIGGER quizzes_quiz_touch_course_update AFTER UPDATE ON quizzes_quiz '
                'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
                'EXECUTE FUNCTION quizzes_quiz_touch_course()',
                'CREATE TRIGGER quizzes_quiz_touch_course_delete AFTER DELETE ON quizzes_quiz '
                'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
                'quizzes_quiz_touch_course()',
                'CREATE OR REPLACE FUNCTION quizzes_quizslot_touch_course() RETURNS trigger '
                "LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN UPDATE courses_course SET "
                "updated_at = GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') "
                'WHERE id IN (SELECT (SELECT course_id FROM quizzes_quiz WHERE id = r.quiz_id) '
                "FROM new_rows r); ELSIF TG_OP = 'UPDATE' THEN UPDATE courses_course SET "
                "updated_at = GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') "
                'WHERE id IN (SELECT (SELECT course_id FROM quizzes_quiz WHERE id = r.quiz_id) '
                'FROM new_rows r UNION SELECT (SELECT course_id FROM quizzes_quiz WHERE id = '
                'r.quiz_id) FROM old_rows r); ELSE UPDATE courses_course SET updated_at = '
                "GREATEST(clock_timestamp(), updated_at + interval '1 microsecond') WHERE id IN "
                '(SELECT (SELECT course_id FROM quizzes_quiz WHERE id = r.quiz_id) FROM old_rows '
                'r); END IF; RETURN NULL; END $$',
                'CREATE TRIGGER quizzes_quizslot_touch_course_insert AFTER INSERT ON '
                'quizzes_quizslot REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
                'FUNCTION quizzes_quizslot_touch_course()',
                'CREATE TRIGGER quizzes_quizslot_touch_course_update AFTER UPDATE ON '
                'quizzes_quizslot REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
                'STATEMENT EXECUTE FUNCTION quizzes_quizslot_touch_course()',
                'CREATE TRIGGER quizzes_quizslot_touch_course_delete AFTER DELETE ON '
                'quizzes_quizslot REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
                'FUNCTION quizzes_quizslot_touch_course()'],
 'sqlite': ['CREATE TRIGGER quizzes_quiz_touch_course_insert AFTER INSERT ON quizzes_quiz FOR EACH '
            "ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d %H:%M:%f', "
            "'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id); END',
            'CREATE TRIGGER quizzes_quiz_touch_course_update AFTER UPDATE ON quizzes_quiz FOR EACH '
            "ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d %H:%M:%f', "
            "'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(NEW.course_id, OLD.course_id); END',
            'CREATE TRIGGER quizzes_quiz_touch_course_delete AFTER DELETE ON quizzes_quiz FOR EACH '
            "ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d %H:%M:%f', "
            "'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '(OLD.course_id); END',
            'CREATE TRIGGER quizzes_quizslot_touch_course_insert AFTER INSERT ON quizzes_quizslot '
            "FOR EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '((SELECT course_id FROM quizzes_quiz WHERE id = NEW.quiz_id)); END',
            'CREATE TRIGGER quizzes_quizslot_touch_course_update AFTER UPDATE ON quizzes_quizslot '
            "FOR EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '((SELECT course_id FROM quizzes_quiz WHERE id = NEW.quiz_id), (SELECT course_id FROM '
            'quizzes_quiz WHERE id = OLD.quiz_id)); END',
            'CREATE TRIGGER quizzes_quizslot_touch_course_delete AFTER DELETE ON quizzes_quizslot '
            "FOR EACH ROW BEGIN UPDATE courses_course SET updated_at = max(strftime('%Y-%m-%d "
            "%H:%M:%f', 'now') || '000', CASE WHEN substr(updated_at, 21) GLOB "
            "'[0-9][0-9][0-9][0-9][0-9][0-9]' AND substr(updated_at, 21) < '999999' THEN "
            "substr(updated_at, 1, 20) || printf('%06d', substr(updated_at, 21) + 1) ELSE "
            "strftime('%Y-%m-%d %H:%M:%f', updated_at, '+0.001 seconds') || '000' END) WHERE id IN "
            '((SELECT course_id FROM quizzes_quiz WHERE id = OLD.quiz_id)); END']}

BACKWARD = {'postgresql': ['DROP TRIGGER IF EXISTS quizzes_quiz_touch_course_insert ON quizzes_quiz',
                'DROP TRIGGER IF EXISTS quizzes_quiz_touch_course_update ON quizzes_quiz',
                'DROP TRIGGER IF EXISTS quizzes_quiz_touch_course_delete ON quizzes_quiz',
                'DROP FUNCTION IF EXISTS quizzes_quiz_touch_course()',
                'DROP TRIGGER IF EXISTS quizzes_quizslot_touch_course_insert ON quizzes_quizslot',
                'DROP TRIGGER IF EXISTS quizzes_quizslot_touch_course_update ON quizzes_quizslot',
                'DROP TRIGGER IF EXISTS quizzes_quizslot_touch_course_delete ON quizzes_quizslot',
                'DROP FUNCTION IF EXISTS quizzes_quizslot_touch_course()'],
 'sqlite': ['DROP TRIGGER IF EXISTS quizzes_quiz_touch_course_insert',
            'DROP TRIGGER IF EXISTS quizzes_quiz_touch_course_update',
            'DROP TRIGGER IF EXISTS quizzes_quiz_touch_course_delete',
            'DROP TRIGGER IF EXISTS quizzes_quizslot_touch_course_insert',
            'DROP TRIGGER IF EXISTS quizzes_quizslot_touch_course_update',
            'DROP TRIGGER IF EXISTS quizzes_quizslot_touch_course_delete']}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    """Every write to a quiz or a quiz slot moves its course's ``updated_at`` on (see
    courses/caching.py): the course's cached plan of required quizzes is keyed by it."""

    dependencies = [('courses', '0003_course_touch_triggers'), ('quizzes', '0002_review_correct_answers_immediately')]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
