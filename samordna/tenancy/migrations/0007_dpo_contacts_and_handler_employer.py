"""DPO contacts for the förbund and its members; the member (or the förbund) that employs a participant handler."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tenancy', '0006_registers_and_passwords'),
    ]

    operations = [
        migrations.AddField(
            model_name='forbund',
            name='dpo_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='dataskyddsombudets e-post'),
        ),
        migrations.AddField(
            model_name='forbund',
            name='dpo_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='dataskyddsombud'),
        ),
        migrations.AddField(
            model_name='forbund',
            name='dpo_phone',
            field=models.CharField(blank=True, max_length=40, verbose_name='dataskyddsombudets telefon'),
        ),
        migrations.AddField(
            model_name='member',
            name='dpo_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='dataskyddsombudets e-post'),
        ),
        migrations.AddField(
            model_name='member',
            name='dpo_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='dataskyddsombud'),
        ),
        migrations.AddField(
            model_name='member',
            name='dpo_phone',
            field=models.CharField(blank=True, max_length=40, verbose_name='dataskyddsombudets telefon'),
        ),
        migrations.AddField(
            model_name='roleassignment',
            name='employed_by_forbund',
            field=models.BooleanField(default=False, verbose_name='anställd av förbundet'),
        ),
        migrations.AddField(
            model_name='roleassignment',
            name='employer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='employed_handlers', to='tenancy.member', verbose_name='anställd av'),
        ),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.CheckConstraint(condition=models.Q(('employer__isnull', True), ('employed_by_forbund', False), _connector='OR'), name='role_one_employer'),
        ),
    ]
