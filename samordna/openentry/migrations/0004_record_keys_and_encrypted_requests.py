"""The team's intake figures are perturbed by the cell-key method like every other figure: each request, agenda
item, recommendation part and system gap gets a record key of its own. A request's personnummer and name are
encrypted at rest under SAMORDNA_FIELD_KEY, and the number gets its keyed hash beside it for the SAMSIP rules."""

from django.db import migrations, models

import samordna.lib.field_crypto
import samordna.lib.record_keys
from samordna.participants.identity import lookup_key

MODELS = ("intakerequest", "agendaitem", "recommendationpart", "systemgap")


def fill(apps, schema_editor):
    for name in MODELS:
        samordna.lib.record_keys.fill_record_keys(apps.get_model("openentry", name))


def _recode(schema_editor, change, key) -> None:
    # Raw SQL: the historical model would decrypt what is still plain text.
    table = schema_editor.quote_name("openentry_intakerequest")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, personnummer, person_name FROM {table}")  # noqa: S608  # nosec B608
        for pk, personnummer, name in cursor.fetchall():
            number = change(personnummer or "")
            cursor.execute(
                f"UPDATE {table} SET personnummer = %s, person_name = %s, lookup_key = %s WHERE id = %s",  # noqa: S608  # nosec B608
                [number, change(name or ""), key(personnummer or ""), pk],
            )


def encrypt(apps, schema_editor):
    _recode(schema_editor, samordna.lib.field_crypto.encrypt, lambda plain: lookup_key(plain) if plain else "")


def decrypt(apps, schema_editor):
    _recode(schema_editor, samordna.lib.field_crypto.decrypt, lambda token: "")


class Migration(migrations.Migration):
    dependencies = [
        ("openentry", "0003_paper_requests_by_a_seat"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name,
                name="record_key",
                field=models.PositiveIntegerField(default=0, editable=False),
            )
            for name in MODELS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="record_key",
                field=models.PositiveIntegerField(default=samordna.lib.record_keys.draw_record_key, editable=False),
            )
            for name in MODELS
        ),
        migrations.AddField(
            model_name="intakerequest",
            name="lookup_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="intakerequest",
            name="person_name",
            field=samordna.lib.field_crypto.EncryptedTextField(max_length=200, verbose_name="namn"),
        ),
        migrations.AlterField(
            model_name="intakerequest",
            name="personnummer",
            field=samordna.lib.field_crypto.EncryptedTextField(max_length=12, verbose_name="personnummer"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
