"""Database triggers that refuse changes to the case access log.

The model refuses UPDATE and DELETE too; triggers also stop raw SQL and future code.
PostgreSQL refuses UPDATE and DELETE of rows (TRUNCATE, which needs the table owner, stays
possible: it is how test databases are reset). SQLite refuses UPDATE only, because Django's
test flush empties tables with DELETE. See docs/decisions/0011-case-review-confidentiality.md.
"""

from django.db import migrations

TABLE = "casereview_caseaccess"

SQLITE_CREATE = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'The case access log is append-only.'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
]
POSTGRES_CREATE = [
    f"""CREATE FUNCTION {TABLE}_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'The case access log is append-only.'; END;
        $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse_change()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse_change()",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("casereview", "0002_series_cases_conferences")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
