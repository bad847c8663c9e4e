"""A read from the console (an export, exact statistics) has no signed-in user: the read log's user may be empty.

SQLite rebuilds the table to change the column, which drops its append-only triggers: they are made again.
"""

from django.conf import settings
from django.db import migrations, models

TABLE = "audit_readlogentry"


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for op in ("UPDATE", "DELETE"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{op.lower()};")
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'samordna: {TABLE} is append-only'); END;"
        )


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for op in ("update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{op};")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_database_time"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, sqlite_triggers),
        migrations.AlterField(
            model_name="readlogentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(sqlite_triggers, drop_sqlite_triggers),
    ]
