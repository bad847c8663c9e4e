"""Less for an import to write: indexes that composite ones already serve are dropped, only withdrawn people's
fingerprints are indexed, and on PostgreSQL a new stay's förbund is checked once per INSERT (or COPY) statement,
over all its rows, instead of by a query per row; the row trigger stays for updates."""

import django.db.models.deletion
from django.db import migrations, models

PG_CREATE = [
    """
    CREATE OR REPLACE FUNCTION samordna_new_stays_forbund() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM new_stays s LEFT JOIN interventions_intervention i ON i.id = s.intervention_id
            WHERE i.id IS NULL OR s.forbund_id IS DISTINCT FROM i.forbund_id
        ) THEN
            RAISE EXCEPTION 'samordna: a stay''s forbund must be its insats''s forbund'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS participation_forbund_matches_insats ON participants_participation;",
    """
    CREATE TRIGGER participation_forbund_matches_insats
    BEFORE UPDATE OF forbund_id, intervention_id ON participants_participation
    FOR EACH ROW EXECUTE FUNCTION samordna_participation_forbund();
    """,
    """
    CREATE TRIGGER new_stays_forbund_matches_insats
    AFTER INSERT ON participants_participation REFERENCING NEW TABLE AS new_stays
    FOR EACH STATEMENT EXECUTE FUNCTION samordna_new_stays_forbund();
    """,
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS new_stays_forbund_matches_insats ON participants_participation;",
    "DROP FUNCTION IF EXISTS samordna_new_stays_forbund();",
    "DROP TRIGGER IF EXISTS participation_forbund_matches_insats ON participants_participation;",
    """
    CREATE TRIGGER participation_forbund_matches_insats
    BEFORE INSERT OR UPDATE OF forbund_id, intervention_id ON participants_participation
    FOR EACH ROW EXECUTE FUNCTION samordna_participation_forbund();
    """,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":  # no triggers on SQLite (see 0004)
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0007_record_key"),
        ("participants", "0007_participation_forbund_discharge_index"),
        ("tenancy", "0006_registers_and_passwords"),
    ]

    operations = [
        migrations.AlterField(
            model_name="participant",
            name="forbund",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participants",
                to="tenancy.forbund",
            ),
        ),
        migrations.AlterField(
            model_name="participant",
            name="withdrawn_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="participation",
            name="intervention",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participations",
                to="interventions.intervention",
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="participant",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participations",
                to="participants.participant",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(("withdrawn_key", ""), _negated=True),
                fields=["forbund", "withdrawn_key"],
                name="participant_withdrawn_key",
            ),
        ),
        migrations.RunPython(_run(PG_CREATE), _run(PG_DROP)),
    ]
