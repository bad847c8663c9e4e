"""Every individual insats names its controller of the participants' data; handlers name their employing member.

Existing data: an individual insats with an owning member gets that member as its controller (the member that runs
it), one without stays without a controller, and its page warns. A handler whose insatser all have that one same
controller is recorded as employed by it; any other handler is left for the admin to set on the user page.
"""

import django.db.models.deletion
from django.db import migrations, models


def controllers_from_owners(apps, schema_editor):
    Intervention = apps.get_model("interventions", "Intervention")
    DataController = apps.get_model("interventions", "DataController")
    RoleAssignment = apps.get_model("tenancy", "RoleAssignment")
    for insats in Intervention.objects.filter(kind="INDIVIDUAL", owner__isnull=False, data_controller__isnull=True):
        controller = DataController.objects.create(intervention=insats, kind="MEMBERS")
        controller.members.set([insats.owner_id])
    handlers = RoleAssignment.objects.filter(role="PARTICIPANT_HANDLER", employer__isnull=True, employed_by_forbund=False)
    for assignment in handlers:
        owners = {insats.owner_id for insats in assignment.interventions.filter(kind="INDIVIDUAL")}
        if len(owners) == 1 and None not in owners:
            assignment.employer_id = owners.pop()
            assignment.save(update_fields=["employer"])


class Migration(migrations.Migration):

    dependencies = [
        ('interventions', '0007_record_key'),
        ('tenancy', '0007_dpo_contacts_and_handler_employer'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataController',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('MEMBERS', 'En eller flera medlemmar'), ('FORBUND', 'Förbundet självt')], max_length=8, verbose_name='personuppgiftsansvarig')),
                ('forbund_reason', models.TextField(blank=True, verbose_name='skäl till att förbundet är ansvarigt')),
                ('agreement_date', models.DateField(blank=True, null=True, verbose_name='avtalet om gemensamt ansvar daterat')),
                ('agreement_reference', models.CharField(blank=True, max_length=200, verbose_name='avtalets beteckning')),
                ('answers_requests', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.member', verbose_name='besvarar de registrerades begäranden')),
                ('informs_subjects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.member', verbose_name='informerar de registrerade')),
                ('intervention', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='data_controller', to='interventions.intervention')),
                ('members', models.ManyToManyField(blank=True, related_name='controlled_interventions', to='tenancy.member', verbose_name='ansvariga medlemmar')),
            ],
            options={
                'verbose_name': 'personuppgiftsansvarig',
                'verbose_name_plural': 'personuppgiftsansvariga',
            },
        ),
        migrations.RunPython(controllers_from_owners, migrations.RunPython.noop),
    ]
