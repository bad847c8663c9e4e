"""Each stay gets its insats's förbund as a column of its own, filled for the stays there are, with an index on
(förbund, enrolment date) and, on PostgreSQL, triggers that keep the column equal to the insats's förbund."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE participants_participation
SET forbund_id = (
    SELECT forbund_id FROM interventions_intervention WHERE interventions_intervention.id = intervention_id
)
"""

PG_CREATE = [
    """
    CREATE OR REPLACE FUNCTION samordna_participation_forbund() RETURNS trigger AS $$
    BEGIN
        IF NEW.forbund_id IS DISTINCT FROM
                (SELECT forbund_id FROM interventions_intervention WHERE id = NEW.intervention_id) THEN
            RAISE EXCEPTION 'samordna: a stay''s forbund must be its insats''s forbund'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER participation_forbund_matches_insats
    BEFORE INSERT OR UPDATE OF forbund_id, intervention_id ON participants_participation
    FOR EACH ROW EXECUTE FUNCTION samordna_participation_forbund();
    """,
    """
    CREATE OR REPLACE FUNCTION samordna_intervention_forbund_to_stays() RETURNS trigger AS $$
    BEGIN
        UPDATE participants_participation SET forbund_id = NEW.forbund_id WHERE intervention_id = NEW.id;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER intervention_forbund_to_stays
    AFTER UPDATE OF forbund_id ON interventions_intervention
    FOR EACH ROW WHEN (OLD.forbund_id IS DISTINCT FROM NEW.forbund_id)
    EXECUTE FUNCTION samordna_intervention_forbund_to_stays();
    """,
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS participation_forbund_matches_insats ON participants_participation;",
    "DROP TRIGGER IF EXISTS intervention_forbund_to_stays ON interventions_intervention;",
    "DROP FUNCTION IF EXISTS samordna_participation_forbund();",
    "DROP FUNCTION IF EXISTS samordna_intervention_forbund_to_stays();",
]

# No triggers on SQLite: one on the stays that reads the insatser breaks the table rebuild by which SQLite alters
# the insatser's table in later migrations, and the rebuild would drop one on the insatser unnoticed. There the
# actions that create stays set the column from the insats.


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0005_volume_counts_and_max_stay"),
        ("participants", "0003_participation_period_indexes"),
        ("tenancy", "0003_login_failures"),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="forbund",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participations",
                to="tenancy.forbund",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="participation",
            name="forbund",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participations",
                to="tenancy.forbund",
            ),
        ),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(fields=["forbund", "enrolment_date"], name="participation_forbund_start"),
        ),
        migrations.RunPython(
            _run({"postgresql": PG_CREATE}),
            _run({"postgresql": PG_DROP}),
        ),
    ]
