"""On PostgreSQL the time of a log row comes from the database's clock, not from the client.

A BEFORE INSERT trigger sets `at` to `statement_timestamp()` whatever the INSERT said, so a row cannot be
backdated by the application's database user; the column's default is the same clock. Only the tables' owner
can switch the trigger off (`samordna restore` does, inside its transaction, to keep the original times).
SQLite, a single file with no database users, keeps the application's time.
"""

from django.db import migrations

TABLES = ["audit_auditevent", "audit_readlogentry"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION samordna_database_time() RETURNS trigger AS $$
BEGIN
    NEW.at := statement_timestamp();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(PG_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN at SET DEFAULT statement_timestamp();")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_database_time BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION samordna_database_time();"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_database_time ON {table};")
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN at DROP DEFAULT;")
    schema_editor.execute("DROP FUNCTION IF EXISTS samordna_database_time();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_event_count")]
    operations = [migrations.RunPython(create, drop)]
