"""Reserved grants: a met condition makes the grant firm, a failed one releases the money (R12)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.finance import actions, queries
from samordna.finance.models import GrantCommitment
from samordna.lib.errors import Refused

APRIL = dt.date(2015, 4, 23)
MAY = dt.date(2015, 5, 31)


def reserve(world, amount=600_000, conditional=True):
    grant, _effect = actions.commit_grant(
        None, world.a, year=2015, label="VIA", amount=amount, decided_on=APRIL, conditional=conditional
    )
    return grant


def room(world):
    return queries.economic_report(world.a, 2015, MAY).room_for_new


def test_a_met_condition_makes_the_reservation_a_firm_grant_of_the_insats(world, skelleftea_2015):
    grant = reserve(world)
    assert room(world) == 1_580_732

    actions.confirm_grant(world.people.office, grant, intervention=world.insats_a)

    grant.refresh_from_db()
    assert (grant.conditional, grant.intervention, grant.amount) == (False, world.insats_a, 600_000)
    assert room(world) == 1_580_732  # the reservation already counted
    event = AuditEvent.objects.get(action="grant.confirm")
    assert (event.actor, event.forbund, event.object_id) == (world.people.office, world.a, str(grant.pk))
    assert event.changes == {"year": 2015, "amount": 600_000, "intervention": world.insats_a.pk}


def test_a_failed_condition_releases_the_reserved_money(world, skelleftea_2015):
    grant = reserve(world)

    actions.release_grant(world.people.office, grant, reason="condition_failed")

    assert not GrantCommitment.objects.exists()
    assert room(world) == 2_180_732
    event = AuditEvent.objects.get(action="grant.release")
    assert (event.actor, event.forbund, event.object_id) == (world.people.office, world.a, str(grant.pk))
    assert event.changes == {"year": 2015, "amount": 600_000, "reason": "condition_failed"}


@pytest.mark.parametrize("act", ["confirm", "release"])
def test_a_firm_grant_is_neither_confirmed_nor_released(world, act):
    grant = reserve(world, conditional=False)
    events = AuditEvent.objects.count()
    call = {
        "confirm": lambda: actions.confirm_grant(world.people.office, grant, intervention=world.insats_a),
        "release": lambda: actions.release_grant(world.people.office, grant, reason="condition_failed"),
    }[act]

    with pytest.raises(ValidationError, match="redan beviljat utan villkor"):
        call()

    grant.refresh_from_db()
    assert (grant.conditional, grant.intervention) == (False, None)
    assert AuditEvent.objects.count() == events


def test_a_reservation_cannot_be_confirmed_for_another_forbunds_insats(world):
    grant = reserve(world)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="samma förbund"):
        actions.confirm_grant(world.people.office, grant, intervention=world.insats_b)

    grant.refresh_from_db()
    assert (grant.conditional, grant.intervention) == (True, None)
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["board", "auditor", "outsider"])
def test_only_the_office_settles_a_reservation(world, who):
    grant = reserve(world)
    user = getattr(world.people, who)
    events = AuditEvent.objects.count()

    with pytest.raises(Refused):
        actions.confirm_grant(user, grant, intervention=world.insats_a)
    with pytest.raises(Refused):
        actions.release_grant(user, grant, reason="condition_failed")

    grant.refresh_from_db()
    assert (grant.conditional, grant.intervention) == (True, None)
    assert AuditEvent.objects.count() == events
