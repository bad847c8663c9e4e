"""Retention (gallring), erasure on request and consent withdrawal: one anonymisation, statistics unchanged."""

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, NullIf

from samordna import cli
from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.participants import actions as participants
from samordna.participants.fictional import fictional_personnummer
from samordna.participants.models import ActionPlanRevision, IdentityMode, Participant, Participation
from samordna.participants.tests.people import enrol
from samordna.privacy.actions import erase_on_request, run_retention, set_retention_plan

TODAY = dt.date(2026, 6, 1)


def statistics() -> list[Mapping[str, Any]]:
    """Stays by sex, birth decade (the age band's source) and outcome, counted by the database."""
    return list(
        Participation.objects.values(sex=F("participant__sex"))
        .annotate(
            decade=F("participant__birth_year") / 10,
            outcome=Coalesce(NullIf(F("occupation_after"), Value("")), Value("pågår")),
        )
        .values("sex", "decade", "outcome", "intervention__registration_no")
        .annotate(stays=Count("id"), people=Count("participant", distinct=True))
        .order_by("sex", "decade", "outcome", "intervention__registration_no")
    )


def person(world, serial: int, discharged: dt.date | None, *, sex="K", born="19800101", **extra):
    stay = enrol(
        world,
        personnummer=fictional_personnummer(born, serial, sex),
        name=f"Person {serial}",
        enrolment_date=dt.date(2018, 3, 1),
        **extra,
    )
    participants.revise_action_plan(None, stay, revised_on=dt.date(2018, 4, 1), summary="Träffar Anna varje tisdag.")
    if discharged:
        participants.discharge(
            None, stay, discharge_date=discharged, reason="FULLFOLJD", occupation_after="ARBETE", income_after="LON"
        )
    return Participant.objects.get(pk=stay.participant_id)


@pytest.fixture
def people(world):
    return {
        "old": person(world, 1, dt.date(2020, 5, 31)),  # six years before TODAY
        "older": person(world, 2, dt.date(2019, 1, 15), sex="M", born="19700505"),
        "recent": person(world, 3, dt.date(2025, 12, 31)),  # five months before TODAY
        "active": person(world, 4, None),
    }


def test_without_a_plan_nothing_is_anonymised(people):
    assert run_retention(TODAY) == []
    assert Participant.objects.filter(identity_mode=IdentityMode.IDENTIFIED).count() == 4


def test_retention_anonymises_those_due_and_keeps_the_statistics(world, people):
    set_retention_plan(None, world.a, years_after_discharge=5, decided_on=dt.date(2026, 1, 1))
    before = statistics()

    [run] = run_retention(TODAY)

    assert {p.pk for p in run.due} == {people["old"].pk, people["older"].pk}
    assert statistics() == before
    for key in ("old", "older"):
        gone = Participant.objects.get(pk=people[key].pk)
        assert (gone.identity_mode, gone.personnummer, gone.name) == (IdentityMode.ANONYMOUS, "", "")
        assert gone.lookup_key == ""
        assert gone.anonymised_at is not None
        assert not ActionPlanRevision.objects.filter(participation__participant=gone).exclude(summary="").exists()
    for key in ("recent", "active"):
        assert Participant.objects.get(pk=people[key].pk).name == f"Person {3 if key == 'recent' else 4}"
    logged = AuditEvent.objects.filter(action="participant.retention").values_list("object_id", flat=True)
    assert set(logged) == {str(people["old"].pk), str(people["older"].pk)}
    assert AuditEvent.objects.get(action="retention.run").changes == {"cutoff": "2021-06-01", "anonymised": 2}
    assert run_retention(TODAY)[0].due == []


def test_never_within_six_months_of_discharge(world, people):
    set_retention_plan(None, world.a, years_after_discharge=1, decided_on=dt.date(2026, 1, 1))

    [run] = run_retention(dt.date(2026, 6, 30))

    assert people["recent"].pk not in {p.pk for p in run.due}
    assert run.cutoff == dt.date(2025, 6, 30)


def test_dry_run_changes_nothing_and_says_what_would_change(world, people, capsys, monkeypatch):
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    set_retention_plan(None, world.a, years_after_discharge=5, decided_on=dt.date(2026, 1, 1))
    identified = list(Participant.objects.values_list("pk", "personnummer", "name").order_by("pk"))
    events = AuditEvent.objects.count()

    cli.main(["retention", "--dry-run", "--date", TODAY.isoformat()])

    out = capsys.readouterr().out
    assert "alfa: 2 deltagare skulle anonymiseras (sista utskrivning senast 2021-06-01)" in out
    assert people["old"].pseudonym in out and people["older"].pseudonym in out
    assert "beta: ingen gallringsplan, inget anonymiseras" in out
    assert "Provkörning: inget har ändrats." in out
    assert list(Participant.objects.values_list("pk", "personnummer", "name").order_by("pk")) == identified
    assert AuditEvent.objects.count() == events


def test_the_command_anonymises(world, people):
    set_retention_plan(None, world.a, years_after_discharge=5, decided_on=dt.date(2026, 1, 1))
    out = io.StringIO()

    call_command("samordna_retention", "--date", TODAY.isoformat(), stdout=out)

    assert "alfa: 2 deltagare anonymiserade" in out.getvalue()
    assert Participant.objects.filter(identity_mode=IdentityMode.IDENTIFIED).count() == 2


def test_erasure_on_request_uses_the_same_path(world, people):
    before = statistics()

    erase_on_request(world.people.handler, people["recent"], received_on=dt.date(2026, 2, 1))

    gone = Participant.objects.get(pk=people["recent"].pk)
    assert (gone.identity_mode, gone.personnummer, gone.name) == (IdentityMode.ANONYMOUS, "", "")
    assert gone.consents.get().withdrawn_on == dt.date(2026, 2, 1)
    assert statistics() == before
    event = AuditEvent.objects.get(action="participant.erased")
    assert event.changes["identity_removed"] is True and event.changes["notes_removed"] == 1
    with pytest.raises(ValidationError):
        erase_on_request(world.people.handler, gone, received_on=dt.date(2026, 2, 2))


def test_consent_withdrawal_also_removes_the_notes(world, people):
    before = statistics()

    participants.withdraw_consent(world.people.handler, people["active"], withdrawn_on=dt.date(2026, 2, 1))

    assert not ActionPlanRevision.objects.filter(participation__participant=people["active"]).exclude(summary="")
    assert statistics() == before


def test_only_the_handler_of_every_stay_or_the_dpo_may_erase(world, people):
    for persona in (world.people.admin, world.people.office, world.people.colleague, world.people.outsider):
        with pytest.raises(Refused):
            erase_on_request(persona, people["old"], received_on=dt.date(2026, 2, 1))
    assert Participant.objects.get(pk=people["old"].pk).personnummer
    assert not AuditEvent.objects.filter(action="participant.erased").exists()


def test_only_the_forbund_admin_sets_the_plan(world):
    with pytest.raises(Refused):
        set_retention_plan(world.people.office, world.a, years_after_discharge=5, decided_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        set_retention_plan(world.people.admin, world.a, years_after_discharge=0, decided_on=dt.date(2026, 1, 1))
    plan = set_retention_plan(world.people.admin, world.a, years_after_discharge=3, decided_on=dt.date(2026, 1, 1))
    assert plan.years_after_discharge == 3
