"""Handlers writing at once: a write on a stay locks the stay (and its person), never its förbund or insats.

Every row that refers to a förbund or an insats makes PostgreSQL take a key-share lock on it when the row is
checked, so a write that held its förbund for update made every other handler of the förbund wait for it, and
two such writes waiting on each other's event count ended in a deadlock (a 503 for one of the handlers). A
second connection shows what another handler's transaction could do while the write is still open.
"""

import datetime as dt

import psycopg
import pytest
from django.db import connection, connections, transaction

from samordna.backup.tests.fresh import server_connection
from samordna.participants import actions

from .people import ANNA, enrol

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


def other_connection() -> psycopg.Connection:
    """Another handler's connection to the test database."""
    settings = connections["default"].settings_dict
    return server_connection(settings, settings["NAME"])


def key_share(other: psycopg.Connection, table: str, pk) -> None:
    """What another transaction asks when it stores a row referring to this one (raises if it would wait)."""
    other.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE NOWAIT", [pk])  # noqa: S608  # nosec B608


@pytest.mark.django_db(transaction=True)
def test_a_follow_up_being_written_leaves_the_forbund_and_the_insats_to_the_other_handlers(world):
    stay = enrol(world, None, personnummer=ANNA)
    with transaction.atomic(), other_connection() as other:
        actions.record_follow_up(world.people.handler, stay, kind="CONTACT", contacted_on=dt.date(2019, 4, 1))
        key_share(other, "tenancy_forbund", stay.forbund_id)
        key_share(other, "interventions_intervention", stay.intervention_id)
        # The stay itself stays locked until the write commits: a second write on it waits.
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("SELECT 1 FROM participants_participation WHERE id = %s FOR UPDATE NOWAIT", [stay.pk])
    assert stay.follow_ups.count() == 1
