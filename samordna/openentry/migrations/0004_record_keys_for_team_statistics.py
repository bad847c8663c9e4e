"""The team's intake figures are perturbed by the cell-key method like every other figure: each request, agenda
item, recommendation part and system gap gets a record key of its own."""

from django.db import migrations, models

import samordna.lib.record_keys

MODELS = ("intakerequest", "agendaitem", "recommendationpart", "systemgap")


def fill(apps, schema_editor):
    for name in MODELS:
        samordna.lib.record_keys.fill_record_keys(apps.get_model("openentry", name))


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
    ]
