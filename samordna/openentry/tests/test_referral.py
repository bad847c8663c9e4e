"""A recommended insats becomes a referral the insats's handler accepts into a participation; SAMSIP before start."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.openentry import actions
from samordna.openentry.models import RecommendationPart, ReferralStatus, RequestState
from samordna.participants.models import Participation

ENROLMENT: dict[str, Any] = dict(
    enrolment_date=dt.date(2018, 2, 5),
    referrer="AF",
    income_before="AKTIVITETSSTOD",
    occupation_before="ARBETSSOKANDE",
    consent_given_on=dt.date(2018, 2, 5),
    consent_method="WRITTEN",
)


@pytest.fixture
def referral(world, team, filed):
    item = actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    actions.record_outcome(
        team.leader,
        item,
        outcome=RequestState.RECOMMENDED,
        person_present=True,
        parts=[
            {"kind": "ORDINARY", "member": world.members_a["af"]},
            {"kind": "INSATS", "intervention": world.insats_a, "track": "Koordinatorstöd"},
        ],
    )
    return RecommendationPart.objects.get(kind="INSATS")


def test_the_handler_accepts_and_the_participation_starts_with_the_link_kept(world, referral):
    participation, warning = actions.accept_referral(world.people.handler, referral, **ENROLMENT)

    referral.refresh_from_db()
    assert referral.referral_status == ReferralStatus.ACCEPTED
    assert referral.participation == participation
    assert participation.intervention == world.insats_a
    assert participation.participant.personnummer == "198903029802"
    assert participation.referral.item.request.reference == "2018-001"
    assert warning == ""


@pytest.mark.parametrize("who", ["colleague", "second_handler", "leader", "office", "filer"])
def test_nobody_else_accepts_a_referral(world, team, second, referral, who):
    actor = {
        "colleague": world.people.colleague,
        "second_handler": second.handler,
        "leader": team.leader,
        "office": world.people.office,
        "filer": world.people.colleague,
    }[who]
    before = (Participation.objects.count(), AuditEvent.objects.count())

    with pytest.raises(Refused):
        actions.accept_referral(actor, referral, **ENROLMENT)
    with pytest.raises(Refused):
        actions.decline_referral(actor, referral, reason="Fullt")

    referral.refresh_from_db()
    assert referral.referral_status == ReferralStatus.PENDING
    assert (Participation.objects.count(), AuditEvent.objects.count()) == before


def test_a_referral_is_accepted_or_declined_once(world, referral):
    actions.decline_referral(world.people.handler, referral, reason="Insatsen har inga platser i höst.")
    before = Participation.objects.count()
    with pytest.raises(ValidationError):
        actions.accept_referral(world.people.handler, referral, **ENROLMENT)
    assert Participation.objects.count() == before


def test_declining_needs_a_reason(world, referral):
    with pytest.raises(ValidationError):
        actions.decline_referral(world.people.handler, referral, reason=" ")
    referral.refresh_from_db()
    assert referral.referral_status == ReferralStatus.PENDING


def test_samsip_before_start_refuses_until_the_samsip_is_held(world, team, referral):
    actions.set_entry_rule(world.people.office, world.insats_a, samsip_before_start="REFUSE")
    before = Participation.objects.count()

    with pytest.raises(ValidationError) as refused:
        actions.accept_referral(world.people.handler, referral, **ENROLMENT)
    assert "SAMSIP" in str(refused.value)
    assert Participation.objects.count() == before

    actions.record_samsip(
        team.seat_fk,
        referral.item.request,
        initiated_by=world.members_a["fk"],
        held_on=dt.date(2018, 1, 29),
        members_present=[world.members_a["fk"], world.members_a["af"]],
        person_present=True,
        plan="Koordinatorstöd och vägledning parallellt.",
        next_on=dt.date(2018, 4, 2),
    )
    participation, warning = actions.accept_referral(world.people.handler, referral, **ENROLMENT)
    assert participation.pk and warning == ""


def test_samsip_before_start_may_only_warn(world, referral):
    actions.set_entry_rule(None, world.insats_a, samsip_before_start="WARN")

    participation, warning = actions.accept_referral(world.people.handler, referral, **ENROLMENT)

    assert participation.pk
    assert "SAMSIP" in warning


def test_a_samsip_after_the_start_date_does_not_count(world, team, referral):
    actions.set_entry_rule(None, world.insats_a, samsip_before_start="REFUSE")
    actions.record_samsip(
        team.leader,
        referral.item.request,
        initiated_by=world.members_a["2482"],
        held_on=dt.date(2018, 2, 12),
        members_present=[world.members_a["2482"]],
        person_present=True,
        plan="Plan",
    )
    with pytest.raises(ValidationError):
        actions.accept_referral(world.people.handler, referral, **ENROLMENT)


def test_only_a_manager_of_the_insats_sets_its_rule(world):
    with pytest.raises(Refused):
        actions.set_entry_rule(world.people.handler, world.insats_a, samsip_before_start="REFUSE")
    assert not hasattr(world.insats_a, "entry_rule") or world.insats_a.entry_rule is None
