"""The room for new projects next to every decision, the amounts per year, and the follow-up of conditions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications import actions, queries
from samordna.applications.models import Application, ConditionStatus, Decision, DecisionOutcome, State
from samordna.audit.models import AuditEvent
from samordna.finance import queries as finance_queries
from samordna.finance.models import GrantCommitment
from samordna.finance.tests.conftest import skelleftea_2015  # noqa: F401  # the fixture, shared with finance
from samordna.lib.errors import Refused
from samordna.tenancy.models import Forbund

from .factories import board_meeting, complete_application, decision_paragraph
from .test_workflow import bring_to

APRIL = dt.date(2015, 4, 23)


def on_agenda(world, title, budget, day=APRIL):
    application = complete_application(world, title=title, budget=budget)
    actions.submit(None, application, received_date=dt.date(2015, 3, 1))
    actions.start_preparation(None, application)
    actions.put_on_agenda(None, application, board_meeting(world, day=day))
    application.refresh_from_db()
    return application


def test_the_demo_decisions_of_april_show_the_room_before_and_after_each_grant(db):
    from samordna.demo.loader import load_demo

    load_demo()
    skelleftea = Forbund.objects.get(slug="skelleftea-norsjo")
    via = Application.objects.get(forbund=skelleftea, decision__paragraph__number=602)
    mission = Application.objects.get(forbund=skelleftea, decision__paragraph__number=604)

    assert [(y.year, y.room_before, y.amount, y.room_after) for y in finance_queries.economic_room(via).years] == [
        (2015, 2_180_732, 600_000, 1_580_732)
    ]
    assert [(y.year, y.room_before, y.amount, y.room_after) for y in finance_queries.economic_room(mission).years] == [
        (2015, 1_580_732, 200_000, 1_380_732)
    ]
    # The grants are committed once, by the decisions; the finance demo does not add them again.
    assert GrantCommitment.objects.filter(forbund=skelleftea, year=2015).count() == 2
    assert finance_queries.economic_report(skelleftea, 2015, dt.date(2015, 12, 31)).room_for_new == 1_380_732
    rejected = Application.objects.get(forbund=skelleftea, decision__paragraph__number=601)
    assert [(y.room_before, y.amount, y.room_after) for y in finance_queries.economic_room(rejected).years] == [
        (2_180_732, 0, 2_180_732)
    ]


@pytest.mark.usefixtures("skelleftea_2015")
def test_before_the_decision_the_room_shows_what_granting_the_applied_amount_would_do(world):
    application = on_agenda(world, "VIA", {2015: {"personnel": 600_000}})

    room = finance_queries.economic_room(application)

    assert not room.decided and room.as_of == APRIL
    assert [(y.year, y.room_before, y.amount, y.room_after) for y in room.years] == [
        (2015, 2_180_732, 600_000, 1_580_732)
    ]
    assert not GrantCommitment.objects.exists()


@pytest.mark.usefixtures("skelleftea_2015")
def test_grants_of_one_meeting_lower_the_room_in_turn_and_the_pages_show_it(world, login_as):
    via = on_agenda(world, "VIA", {2015: {"personnel": 600_000}})
    mission = on_agenda(world, "Aktiv uppföljning", {2015: {"personnel": 200_000}, 2016: {"personnel": 200_000}})

    actions.decide(
        world.people.office,
        via,
        outcome=DecisionOutcome.CONDITIONAL,
        decided_on=APRIL,
        conditions="ESF och kommunen beviljar sina delar.",
        paragraph=decision_paragraph(via),
    )
    actions.decide(
        world.people.office,
        mission,
        outcome=DecisionOutcome.PARTIALLY_GRANTED,
        decided_on=APRIL,
        amount=200_000,
        motivation="Bara första året.",
        paragraph=decision_paragraph(mission),
    )

    assert finance_queries.economic_room(mission).years[0].room_after == 1_380_732
    assert finance_queries.economic_report(world.a, 2015, dt.date(2015, 4, 30)).room_for_new == 1_380_732
    assert list(mission.decision.years.values_list("year", "amount")) == [(2015, 200_000)]
    page = login_as(world.people.board).get(reverse("applications:detail", args=["alfa", via.pk])).content.decode()
    assert "Ekonomiskt utrymme" in page and "2 180 732" in page and "1 580 732" in page
    mine = login_as(world.people.applicant).get(reverse("applications:detail", args=["alfa", via.pk]))
    assert "Ekonomiskt utrymme" not in mine.content.decode()


def test_the_granted_amount_is_split_per_year_and_the_years_must_add_up(world):
    application = bring_to(world, State.ON_AGENDA)
    office = world.people.office

    with pytest.raises(ValidationError, match="summerar till 300.*000 kr men det beviljade beloppet är 405.*600"):
        actions.decide(
            office,
            application,
            outcome=DecisionOutcome.GRANTED,
            decided_on=dt.date(2015, 6, 11),
            amounts_per_year={2015: 200_000, 2016: 100_000},
            paragraph=decision_paragraph(application),
        )
    with pytest.raises(ValidationError, match="utanför ansökans period"):
        actions.decide(
            office,
            application,
            outcome=DecisionOutcome.GRANTED,
            decided_on=dt.date(2015, 6, 11),
            amounts_per_year={2015: 205_600, 2018: 200_000},
            paragraph=decision_paragraph(application),
        )
    assert not Decision.objects.exists() and not GrantCommitment.objects.exists()
    application.refresh_from_db()
    assert application.state == State.ON_AGENDA

    decision = actions.decide(
        office,
        application,
        outcome=DecisionOutcome.GRANTED,
        decided_on=dt.date(2015, 6, 11),
        amounts_per_year={2015: 305_600, 2016: 100_000},
        paragraph=decision_paragraph(application),
    )

    assert list(decision.years.values_list("year", "amount")) == [(2015, 305_600), (2016, 100_000)]
    assert list(GrantCommitment.objects.order_by("year").values_list("year", "amount", "conditional")) == [
        (2015, 305_600, False),
        (2016, 100_000, False),
    ]


def test_without_a_split_a_full_grant_follows_the_budget_per_year(world):
    application = bring_to(world, State.DECIDED)

    assert list(application.decision.years.values_list("year", "amount")) == [(2015, 266_000), (2016, 139_600)]


def test_the_decision_form_takes_amounts_per_year(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    client = login_as(world.people.office)
    step = reverse("applications:step", args=["alfa", application.pk, "decide"])
    paragraph = decision_paragraph(application).pk

    refused = client.post(step, {"outcome": "GRANTED", "paragraph": paragraph, "year_2015": "400000", "year_2016": "1"})
    assert refused.status_code == 400 and "summerar till" in refused.content.decode()
    assert not Decision.objects.exists()

    client.post(step, {"outcome": "GRANTED", "paragraph": paragraph, "year_2015": "400000", "year_2016": "5600"})
    assert list(Decision.objects.get().years.values_list("year", "amount")) == [(2015, 400_000), (2016, 5_600)]


def conditional(world):
    application = bring_to(world, State.ON_AGENDA)
    actions.decide(
        world.people.office,
        application,
        outcome=DecisionOutcome.CONDITIONAL,
        decided_on=dt.date(2015, 6, 11),
        conditions="Europeiska socialfonden beviljar medfinansiering.",
        condition_due=dt.date(2015, 10, 1),
        paragraph=decision_paragraph(application),
    )
    application.refresh_from_db()
    return application


def test_a_condition_met_makes_the_grant_firm_and_creates_the_insats(world):
    application = conditional(world)
    assert application.intervention is None and application.decision.condition_status == ConditionStatus.OPEN
    assert set(GrantCommitment.objects.values_list("conditional", flat=True)) == {True}

    actions.settle_condition(
        world.people.office, application, met=True, settled_on=dt.date(2015, 9, 15), note="ESF-beslut 2015-09-10."
    )

    application.refresh_from_db()
    decision = application.decision
    assert (decision.condition_status, decision.condition_settled_on, decision.condition_settled_by) == (
        ConditionStatus.MET,
        dt.date(2015, 9, 15),
        world.people.office,
    )
    assert application.intervention is not None
    assert set(GrantCommitment.objects.values_list("conditional", flat=True)) == {False}
    assert set(GrantCommitment.objects.values_list("intervention", flat=True)) == {application.intervention_id}
    assert AuditEvent.objects.filter(action="application.condition").count() == 1
    # The finances record their own change, one event per year of the grant.
    assert AuditEvent.objects.filter(action="grant.confirm", actor=world.people.office).count() == 2
    with pytest.raises(ValidationError, match="redan bedömt"):
        actions.settle_condition(world.people.office, application, met=False, settled_on=dt.date(2015, 9, 16))


def test_a_failed_condition_releases_the_reserved_money_and_shows_in_the_register(world, login_as):
    application = conditional(world)
    with pytest.raises(ValidationError, match="varför"):
        actions.settle_condition(world.people.office, application, met=False, settled_on=dt.date(2015, 10, 2))
    assert queries.register(world.a)[0]["reserved"] == 266_000

    client = login_as(world.people.office)
    client.post(
        reverse("applications:settle_condition", args=["alfa", application.pk]),
        {"met": "0", "settled_on": "2015-10-02", "note": "ESF avslog ansökan."},
    )

    application.refresh_from_db()
    assert application.decision.condition_status == ConditionStatus.FAILED and application.intervention is None
    assert not GrantCommitment.objects.exists()
    assert AuditEvent.objects.filter(action="grant.release").count() == 2
    assert [(r["year"], r["granted"], r["reserved"]) for r in queries.register(world.a)] == [
        (2015, 0, 0),
        (2016, 0, 0),
    ]
    page = login_as(world.people.board).get(reverse("applications:register", args=["alfa"])).content.decode()
    assert "Inte uppfyllt" in page and "ESF avslog ansökan." in page


def test_only_the_office_follows_up_conditions(world, login_as):
    application = conditional(world)

    with pytest.raises(Refused):
        actions.settle_condition(world.people.board, application, met=True, settled_on=dt.date(2015, 9, 15))
    response = login_as(world.people.board).post(
        reverse("applications:settle_condition", args=["alfa", application.pk]),
        {"met": "1", "settled_on": "2015-09-15"},
    )

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.decision.condition_status == ConditionStatus.OPEN
    assert not AuditEvent.objects.filter(action="application.condition").exists()


def test_open_conditions_are_listed_first_whatever_their_date(world, login_as):
    office = world.people.office
    decided = {}
    for title, day in (
        ("Samverkan Syd", APRIL),
        ("Samverkan Väst", dt.date(2015, 4, 24)),
        ("Samverkan Norr", dt.date(2015, 9, 1)),
    ):
        application = on_agenda(world, title, {2015: {"personnel": 100_000}}, day)
        decided[title] = actions.decide(
            office,
            application,
            outcome=DecisionOutcome.CONDITIONAL,
            decided_on=day,
            conditions="ESF.",
            paragraph=decision_paragraph(application),
        )
    actions.settle_condition(
        office, decided["Samverkan Syd"].application, met=False, settled_on=dt.date(2015, 6, 1), note="ESF avslog."
    )
    actions.settle_condition(office, decided["Samverkan Väst"].application, met=True, settled_on=dt.date(2015, 6, 1))

    # The status codes' alphabetical order (FAILED, MET, OPEN) would put the open condition last.
    assert list(queries.conditional_decisions(world.a)) == [
        decided["Samverkan Norr"],
        decided["Samverkan Syd"],
        decided["Samverkan Väst"],
    ]
    page = login_as(world.people.board).get(reverse("applications:register", args=["alfa"])).content.decode()
    listed = page.split("<h2>Villkorade beslut</h2>")[1]
    assert listed.index("Samverkan Norr") < listed.index("Samverkan Syd") < listed.index("Samverkan Väst")


@pytest.mark.usefixtures("skelleftea_2015")
def test_the_minutes_show_the_room_next_to_a_paragraph_that_decides_on_an_application(world, login_as):
    from samordna.meetings import actions as meeting_actions

    via = on_agenda(world, "VIA", {2015: {"personnel": 600_000}})
    meeting = via.agenda_items.get().meeting
    minutes = meeting_actions.start_minutes(None, meeting)
    paragraph = meeting_actions.add_paragraph(None, minutes, title="VIA", decision_clauses=["bevilja 600 000 kr"])
    actions.decide(
        None, via, outcome=DecisionOutcome.CONDITIONAL, decided_on=APRIL, conditions="ESF.", paragraph=paragraph
    )
    detail = reverse("meetings:detail", args=["alfa", meeting.pk])

    page = login_as(world.people.board).get(detail).content.decode()
    assert "Ekonomiskt utrymme" in page and "1 580 732" in page
    edit = login_as(world.people.office).get(reverse("meetings:edit_paragraph", args=["alfa", paragraph.pk]))
    assert "1 580 732" in edit.content.decode()
    # The preparatory group reads the minutes but not the finances.
    assert "Ekonomiskt utrymme" not in login_as(world.people.preparatory).get(detail).content.decode()


def test_a_year_without_a_budget_shows_no_room_rather_than_a_false_shortfall(db):
    from samordna.demo.loader import load_demo

    load_demo()
    knutn = Application.objects.get(forbund__slug="skelleftea-norsjo", title="Knut'n 2.0")

    room = finance_queries.economic_room(knutn)

    assert room.as_of == dt.date(2015, 6, 11)
    assert [(y.year, y.room_before, y.amount, y.room_after, y.has_budget) for y in room.years][0] == (
        2015,
        1_380_732,
        266_000,
        1_114_732,
        True,
    )
    assert room.years[1].year == 2016 and not room.years[1].has_budget and room.years[1].fits


@pytest.mark.usefixtures("skelleftea_2015")
def test_the_minutes_ask_the_database_as_often_for_three_deciding_paragraphs_as_for_one(world, login_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.meetings import actions as meeting_actions

    meeting = board_meeting(world, day=APRIL)
    grants = {"VIA": 600_000, "Aktiv uppföljning": 200_000, "Studiecirkel": 100_000}
    applications = []
    for title, amount in grants.items():
        application = complete_application(world, title=title, budget={2015: {"personnel": amount}})
        actions.submit(None, application, received_date=dt.date(2015, 3, 1))
        actions.start_preparation(None, application)
        actions.put_on_agenda(None, application, meeting)
        applications.append(application)
    minutes = meeting_actions.start_minutes(None, meeting)
    client = login_as(world.people.board)
    detail = reverse("meetings:detail", args=["alfa", meeting.pk])

    def decide(application):
        paragraph = meeting_actions.add_paragraph(None, minutes, title=application.title, decision_clauses=["bevilja"])
        actions.decide(
            None,
            application,
            outcome=DecisionOutcome.CONDITIONAL,
            decided_on=APRIL,
            conditions="ESF.",
            paragraph=paragraph,
        )

    def page():
        # Both measurements from a cold cache, so that a figure cached by the first does not favour the second.
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(detail)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    page()  # the first page after signing in also saves the session
    decide(applications[0])
    one, content = page()
    assert "2 180 732" in content and "1 580 732" in content
    for application in applications[1:]:
        decide(application)
    three, content = page()
    # Each grant of the meeting lowers the room in turn, as before.
    assert all(f in content for f in ("1 580 732", "1 380 732", "1 280 732"))
    # No query per deciding paragraph: three ask no more than one.
    assert three <= one
