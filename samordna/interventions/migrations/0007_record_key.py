"""Each volume count gets a record key of its own for the perturbation of the statistics (stats.suppression)."""

from django.db import migrations, models

import samordna.lib.record_keys


def fill(apps, schema_editor):
    samordna.lib.record_keys.fill_record_keys(apps.get_model("interventions", "volumecount"))


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0006_uppfoljning_finsam_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="volumecount",
            name="record_key",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="volumecount",
            name="record_key",
            field=models.PositiveIntegerField(default=samordna.lib.record_keys.draw_record_key, editable=False),
        ),
    ]
