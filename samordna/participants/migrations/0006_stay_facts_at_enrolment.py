"""Each stay keeps what the statistics count it by (age, kommun and identity at enrolment), computed for the stays
already stored from what their person holds today; and the withdrawal fingerprint that keeps a withdrawn person
from coming back identified by import."""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def _age(personnummer: str, birth_year: int, day: dt.date) -> int:
    if personnummer:
        month, dd = int(personnummer[4:6]), int(personnummer[6:8]) % 60
        born = (int(personnummer[:4]), month, dd)
    else:
        born = (birth_year, 1, 1)
    return max(day.year - born[0] - ((day.month, day.day) < (born[1], born[2])), 0)


def fill_stay_facts(apps, schema_editor):
    Participation = apps.get_model("participants", "Participation")
    stays = Participation.objects.select_related("participant").order_by("pk")
    batch = []
    for stay in stays.iterator(chunk_size=BATCH):
        person = stay.participant
        stay.age_at_enrolment = _age(person.personnummer, person.birth_year, stay.enrolment_date)
        stay.kommun_at_enrolment_id = person.home_kommun_id
        stay.identified_at_enrolment = person.identity_mode == "IDENTIFIED"
        batch.append(stay)
        if len(batch) >= BATCH:
            Participation.objects.bulk_update(
                batch, ["age_at_enrolment", "kommun_at_enrolment", "identified_at_enrolment"]
            )
            batch = []
    if batch:
        Participation.objects.bulk_update(batch, ["age_at_enrolment", "kommun_at_enrolment", "identified_at_enrolment"])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_record_key"),
        ("tenancy", "0004_invoicing_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="withdrawn_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="participation",
            name="age_at_enrolment",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="ålder vid inskrivning"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="participation",
            name="kommun_at_enrolment",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.kommun",
                verbose_name="kommun vid inskrivning",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="identified_at_enrolment",
            field=models.BooleanField(default=False, editable=False, verbose_name="identifierad vid inskrivning"),
        ),
        migrations.RunPython(fill_stay_facts, migrations.RunPython.noop, elidable=True),
    ]
