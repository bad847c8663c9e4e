"""'SAMSIP before start' holds for every way into an insats: the team's referral, direct enrolment and the import."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.openentry import actions
from samordna.participants import actions as participant_actions
from samordna.participants import queries as participant_queries
from samordna.participants.models import Participant, Participation
from samordna.participants.rules import stay_warnings
from samordna.participants.transfer import ALL_COLUMNS, ImportRefused, import_file

PNR = "19890302-9802"  # the person of the `filed` request
OTHER_PNR = "19850101-9809"
START = dt.date(2018, 2, 5)
STAY = dict(referrer="AF", income_before="AKTIVITETSSTOD", occupation_before="ARBETSSOKANDE")


def enrol(world, personnummer=PNR, **overrides):
    fields = dict(
        intervention=world.insats_a,
        enrolment_date=START,
        personnummer=personnummer,
        consent_given_on=START,
        consent_method="WRITTEN",
        **STAY,
    )
    fields.update(overrides)
    return participant_actions.enrol(world.people.handler, world.a, **fields)


def csv_bytes(*rows):
    consented = [f"{r};2017-01-02;SKRIFTLIGT" if r.split(";")[1] else f"{r};;" for r in rows]
    return ("\n".join([";".join(ALL_COLUMNS), *consented]) + "\n").encode()


def row(personnummer, start=START, sex="", year=""):
    return f"2017:48;{personnummer};{sex};{year};;{start:%Y-%m-%d};AF;A_KASSA;ARBETSSOKANDE;;;;"


def counts():
    return Participant.objects.count(), Participation.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def required(world):
    actions.set_entry_rule(world.people.office, world.insats_a, samsip_before_start="REFUSE")


def hold_samsip(world, team, request, held_on=dt.date(2018, 1, 29)):
    return actions.record_samsip(
        team.seat_fk,
        request,
        initiated_by=world.members_a["fk"],
        held_on=held_on,
        members_present=[world.members_a["fk"]],
        person_present=True,
        plan="Samordnad plan.",
    )


def test_without_a_rule_direct_enrolment_is_untouched(world):
    assert enrol(world).pk


def test_a_warning_rule_does_not_stop_direct_enrolment(world):
    actions.set_entry_rule(None, world.insats_a, samsip_before_start="WARN")
    assert enrol(world).pk


def test_a_warning_rule_puts_a_warning_on_the_stay_until_a_samsip_was_held(world, team, filed):
    actions.set_entry_rule(None, world.insats_a, samsip_before_start="WARN")
    stay = enrol(world)
    stays = Participation.objects.filter(pk=stay.pk)
    expected = "ska ha en SAMSIP före start, och ingen SAMSIP är registrerad för personen senast 2018-02-05"
    assert any(expected in text for text in stay_warnings(stay))
    assert [w.participation for w in participant_queries.warnings(stays) if expected in w.text] == [stay]

    actions.put_on_agenda(team.leader, filed, team.meetings[0])
    hold_samsip(world, team, filed)
    assert not any("SAMSIP" in text for text in stay_warnings(stay))
    assert not participant_queries.warnings(stays)


def test_a_samsip_held_after_the_start_does_not_lift_the_warning(world, team, filed):
    actions.set_entry_rule(None, world.insats_a, samsip_before_start="WARN")
    stay = enrol(world)
    actions.put_on_agenda(team.leader, filed, team.meetings[0])
    hold_samsip(world, team, filed, held_on=START + dt.timedelta(days=1))
    assert any("SAMSIP" in text for text in stay_warnings(stay))


def test_direct_enrolment_is_refused_until_a_samsip_is_held(world, team, filed, required):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        enrol(world)
    message = " ".join(refused.value.message_dict["enrolment_date"])
    assert "2017:48 kräver en SAMSIP före start" in message
    assert "Håll ett SAMSIP-möte först" in message
    assert counts() == before

    # A SAMSIP held after the start date does not count either.
    actions.put_on_agenda(team.leader, filed, team.meetings[0])
    hold_samsip(world, team, filed, held_on=START + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        enrol(world)

    hold_samsip(world, team, filed)
    assert enrol(world).participant.personnummer == "198903029802"


def test_another_persons_samsip_does_not_count(world, team, filed, required):
    actions.put_on_agenda(team.leader, filed, team.meetings[0])
    hold_samsip(world, team, filed)
    before = counts()
    with pytest.raises(ValidationError):
        enrol(world, personnummer=OTHER_PNR)
    assert counts() == before


def test_an_anonymous_enrolment_cannot_show_a_samsip(world, required):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        enrol(world, personnummer="", sex="K", birth_year=1980, consent_given_on=None, consent_method="")
    assert "med personnummer" in " ".join(refused.value.message_dict["enrolment_date"])
    assert counts() == before


def test_the_enrolment_page_shows_the_refusal(world, login_as, required):
    client = login_as(world.people.handler)
    before = counts()
    response = client.post(
        reverse("participants:enrol", kwargs={"forbund_slug": "alfa"}),
        {
            **STAY,
            "intervention": world.insats_a.pk,
            "enrolment_date": f"{START:%Y-%m-%d}",
            "personnummer": PNR,
            "consent_given_on": f"{START:%Y-%m-%d}",
            "consent_method": "WRITTEN",
            "education": "GYMNASIAL",
        },
    )
    assert response.status_code == 400
    assert "kräver en SAMSIP före start" in response.content.decode()
    assert counts() == before


def test_the_import_lists_the_rule_per_row_and_stores_nothing(world, team, filed, required):
    actions.put_on_agenda(team.leader, filed, team.meetings[0])
    hold_samsip(world, team, filed)
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_file(world.a, csv_bytes(row(PNR), row(OTHER_PNR), row("", sex="M", year="1990")), "deltagare.csv")
    problems = [str(e) for e in refused.value.errors]
    assert len(problems) == 2, problems
    assert problems[0].startswith("rad 3: inskrivningsdatum: Insatsen 2017:48 kräver en SAMSIP före start")
    assert problems[1].startswith("rad 4: inskrivningsdatum: ")
    assert "med personnummer" in problems[1]
    assert counts() == before

    # The row with the held SAMSIP goes in alone; sending the stored stay again is not refused.
    assert import_file(world.a, csv_bytes(row(PNR)), "deltagare.csv").created == 1
    assert import_file(world.a, csv_bytes(row(PNR)), "deltagare.csv").unchanged == 1


def test_the_caseload_warnings_ask_the_database_the_same_number_of_times_for_one_stay_or_many(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actions.set_entry_rule(None, world.insats_a, samsip_before_start="WARN")
    enrol(world)
    stays = Participation.objects.filter(intervention=world.insats_a)
    with CaptureQueriesContext(connection) as one:
        assert len(participant_queries.warnings(stays)) == 1
    for personnummer in ("19850101-9809", "19700101-9806"):
        enrol(world, personnummer=personnummer)
    with CaptureQueriesContext(connection) as three:
        assert len(participant_queries.warnings(stays)) == 3
    assert len(three) == len(one)


def test_the_import_reads_the_rule_once_for_the_file_not_once_per_row(world, team, filed, required):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.participants.fictional import fictional_personnummer

    actions.put_on_agenda(team.leader, filed, team.meetings[0])
    hold_samsip(world, team, filed)
    others = [fictional_personnummer("19800101", serial, "K") for serial in range(4)]

    def refused(*personnummer):
        with CaptureQueriesContext(connection) as queries, pytest.raises(ImportRefused) as refusal:
            import_file(world.a, csv_bytes(*(row(p) for p in personnummer)), "deltagare.csv")
        return len(queries), [str(e) for e in refusal.value.errors]

    before = counts()
    one, problems = refused(OTHER_PNR)
    assert len(problems) == 1 and problems[0].startswith("rad 2: inskrivningsdatum: Insatsen 2017:48 kräver en SAMSIP")
    # Five rows: the person with a held SAMSIP passes, the four others are each refused, by their own line.
    five, problems = refused(PNR, *others)
    assert [p.split(": Insatsen 2017:48 kräver en SAMSIP före start")[0] for p in problems] == [
        f"rad {line}: inskrivningsdatum" for line in (3, 4, 5, 6)
    ]
    assert five == one
    assert counts() == before
