"""Cached reports: built once, answered from the cache until anything is recorded in the förbund."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from samordna.audit.actions import event_count, record
from samordna.audit.models import AuditEvent
from samordna.participants.tests.test_import import GOOD_ROWS, csv_bytes
from samordna.participants.transfer import import_file
from samordna.privacy.actions import erase_on_request
from samordna.stats import queries

from .conftest import _enrol

PERIOD = {"date_from": "2020-01-01", "date_to": "2020-12-31"}
IMPORT_PERIOD = {"date_from": "2019-01-01", "date_to": "2019-12-31"}


@pytest.fixture
def builds(monkeypatch):
    """How many times the participant report was built from the database."""
    calls = []
    real = queries.participant_report

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "participant_report", counted)
    return calls


def _report(client, period=PERIOD) -> dict:
    return client.get(reverse("stats:participants", args=["alfa"]), {**period, "format": "json"}).json()


def _enrolled(client, period=PERIOD) -> int:
    return _report(client, period)["enrolled"]


def test_the_same_report_is_built_once(world, year_2020, login_as, builds):
    client = login_as(world.people.handler)

    first = client.get(reverse("stats:participants", args=["alfa"]), PERIOD)
    second = client.get(reverse("stats:participants", args=["alfa"]), PERIOD)

    assert first.status_code == second.status_code == 200
    assert len(builds) == 1
    assert first.content.count(b"<td") == second.content.count(b"<td") > 0


def test_an_enrolment_shows_at_once(world, year_2020, login_as, builds):
    client = login_as(world.people.handler)
    before = _enrolled(client)

    _enrol(world, dt.date(2020, 6, 1), sex="K", year=1990)

    assert _enrolled(client) == before + 1
    assert len(builds) == 2


def test_an_import_shows_at_once(world, login_as):
    client = login_as(world.people.handler)
    assert _enrolled(client, IMPORT_PERIOD) == 0

    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    assert _enrolled(client, IMPORT_PERIOD) == 4  # five rows, one of them voided (FELREGISTRERING)


def test_a_change_in_another_forbund_keeps_the_cache(world, year_2020, login_as, builds):
    client = login_as(world.people.handler)
    _enrolled(client)

    with transaction.atomic():
        record(None, "test.elsewhere", None, forbund=world.b)
    _enrolled(client)

    assert len(builds) == 1


def test_users_with_different_figures_do_not_share_an_entry(world, year_2020, login_as):
    exact = _report(login_as(world.people.handler))
    suppressed = login_as(world.people.colleague).get(
        reverse("stats:participants", args=["alfa"]), {**PERIOD, "format": "json"}
    )

    # the same insats and period: the handler's exact entry must not answer the colleague
    assert exact["insatser"] == suppressed.json()["insatser"] == ["2017:48"]
    assert exact["discharged"] == 3
    assert suppressed.json()["discharged"] == "<5"


def test_the_count_moves_with_every_event_and_erasure(world, year_2020):
    before = event_count(world.a)
    events_before = AuditEvent.objects.filter(forbund=world.a).count()

    erase_on_request(None, year_2020.p2.participant, received_on=dt.date(2021, 3, 1))

    added = AuditEvent.objects.filter(forbund=world.a).count() - events_before
    assert added >= 1
    assert event_count(world.a) == (before[0] + added, before[1])


def test_sign_ins_do_not_move_the_count_but_other_events_without_a_forbund_do(world):
    from samordna.tenancy import actions as tenancy_actions

    before = event_count(world.a)

    tenancy_actions.register_successful_login(world.people.admin, second_factor=True)
    tenancy_actions.register_failed_login("handler_a", "192.0.2.1", world.people.handler)
    assert event_count(world.a) == before

    with transaction.atomic():
        record(None, "kommun.create", None, changes={"code": "0114"})
    assert event_count(world.a) == (before[0], before[1] + 1)
