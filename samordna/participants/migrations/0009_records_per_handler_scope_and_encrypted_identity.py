"""A person's number no longer has to be unique per förbund (each handler scope keeps its own record of a person,
see participants.holders), and the personnummer and name are encrypted at rest under SAMORDNA_FIELD_KEY."""

from django.db import migrations

import samordna.lib.field_crypto

COLUMNS = ("personnummer", "name")


def _recode(schema_editor, change) -> None:
    # Raw SQL: the historical model would decrypt what is still plain text.
    table = schema_editor.quote_name("participants_participant")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, personnummer, name FROM {table}")  # noqa: S608  # nosec B608 (fixed names)
        rows = cursor.fetchall()
        for pk, personnummer, name in rows:
            cursor.execute(
                f"UPDATE {table} SET personnummer = %s, name = %s WHERE id = %s",  # noqa: S608  # nosec B608 (fixed names)
                [change(personnummer or ""), change(name or ""), pk],
            )


def encrypt(apps, schema_editor):
    _recode(schema_editor, samordna.lib.field_crypto.encrypt)


def decrypt(apps, schema_editor):
    _recode(schema_editor, samordna.lib.field_crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0008_indexes_an_import_need_not_write"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="participant",
            name="participant_unique_lookup_key",
        ),
        migrations.AlterField(
            model_name="participant",
            name="name",
            field=samordna.lib.field_crypto.EncryptedTextField(blank=True, max_length=200, verbose_name="namn"),
        ),
        migrations.AlterField(
            model_name="participant",
            name="personnummer",
            field=samordna.lib.field_crypto.EncryptedTextField(blank=True, max_length=12, verbose_name="personnummer"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
