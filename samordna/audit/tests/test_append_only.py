"""Audit rows cannot be changed or removed: not by the model, the queryset, raw SQL or the admin."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from samordna.audit.actions import log_read, record
from samordna.audit.models import AppendOnlyError, AuditEvent, ReadLogEntry


@pytest.fixture
def event(world):
    with transaction.atomic():
        return record(world.people.admin, "test.event", world.a, changes={"x": 1})


def test_model_refuses_update_and_delete(event):
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_queryset_refuses_bulk_update_and_delete(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk, action="test.event").exists()


@pytest.mark.parametrize("table", ["audit_auditevent", "audit_readlogentry"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET actor_label = 'x'", "DELETE FROM {table}"])
def test_database_trigger_refuses_raw_sql(world, event, table, statement):
    with transaction.atomic():
        log_read(world.people.handler, world.a, "participant", object_id="p-1", purpose="test")
    before = AuditEvent.objects.count(), ReadLogEntry.objects.count()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=table))

    assert (AuditEvent.objects.count(), ReadLogEntry.objects.count()) == before
    assert not AuditEvent.objects.filter(actor_label="x").exists()


def test_admin_offers_no_change_or_delete(world, event, login_as):
    client = login_as(world.people.sysadmin)

    change = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    delete = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})

    assert change.status_code == 200 and b'type="submit"' not in change.content.split(b"<form")[-1]
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
