"""A grant's years change only as the board decided: the split corrected in the decision's own paragraph, or the
amount changed by a later paragraph. The finances, the insats's budget and the room for new projects follow, and
the audit events keep the history; a refused change changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.applications import actions
from samordna.applications.models import DecisionYear, State
from samordna.audit.models import AuditEvent
from samordna.finance import actions as finance_actions
from samordna.finance.models import GrantCommitment, InterventionBudgetLine
from samordna.lib.errors import Refused
from samordna.meetings import actions as meeting_actions

from .factories import board_meeting
from .test_workflow import bring_to


def granted(world):
    """Knut'n granted in full on 2015-06-11: 266 000 kr for 2015 and 139 600 kr for 2016."""
    application = bring_to(world, State.DECIDED)
    return application, application.decision


def later_paragraph(world, application, day=dt.date(2015, 9, 10)):
    minutes = meeting_actions.start_minutes(None, board_meeting(world, day=day), from_agenda=False)
    return meeting_actions.add_paragraph(None, minutes, title="Knut'n 2.0, ändrat beslut", application=application)


def state(application):
    return (
        sorted(DecisionYear.objects.filter(decision__application=application).values_list("year", "amount")),
        sorted(GrantCommitment.objects.filter(forbund=application.forbund).values_list("year", "amount", "reference")),
        sorted(
            InterventionBudgetLine.objects.filter(intervention=application.intervention).values_list("year", "amount")
        ),
    )


def test_the_office_corrects_the_split_between_years_in_the_decisions_own_paragraph(world):
    application, decision = granted(world)
    number = decision.paragraph.number
    assert state(application)[0] == [(2015, 266_000), (2016, 139_600)]

    actions.change_grant(
        world.people.office, application, amounts_per_year={2015: 205_600, 2016: 200_000}, paragraph=decision.paragraph
    )

    years, grants, lines = state(application)
    assert years == [(2015, 205_600), (2016, 200_000)]
    assert grants == [(2015, 205_600, f"§ {number}"), (2016, 200_000, f"§ {number}")]
    assert lines == [(2015, 205_600), (2016, 200_000)]
    event = AuditEvent.objects.get(action="application.grant_change")
    assert (event.actor, event.object_id) == (world.people.office, str(application.pk))
    assert event.changes["per_year"] == [{"2015": 266_000, "2016": 139_600}, {"2015": 205_600, "2016": 200_000}]
    assert AuditEvent.objects.filter(action="grant.change").count() == 2


def test_a_later_decision_changes_the_amount_and_a_year_may_go(world):
    application, decision = granted(world)
    paragraph = later_paragraph(world, application)

    actions.change_grant(world.people.office, application, amounts_per_year={2015: 300_000}, paragraph=paragraph)

    decision.refresh_from_db()
    assert decision.amount == 300_000
    years, grants, lines = state(application)
    assert years == [(2015, 300_000)]
    assert grants == [(2015, 300_000, f"§ {paragraph.number}")]
    assert lines == [(2015, 300_000)]
    assert AuditEvent.objects.filter(action="grant.withdraw").count() == 1


def test_a_new_amount_in_the_grants_own_paragraph_is_refused_and_nothing_changes(world):
    application, decision = granted(world)
    before, events = state(application), AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="senare beslut"):
        actions.change_grant(
            world.people.office, application, amounts_per_year={2015: 300_000}, paragraph=decision.paragraph
        )

    assert (state(application), AuditEvent.objects.count()) == (before, events)


@pytest.mark.parametrize(
    ("split", "message"),
    [
        ({2015: 266_000, 2016: 139_600}, "desamma"),
        ({2015: 0, 2016: 0}, "minst ett år"),
        ({2015: 205_600, 2017: 200_000}, "utanför ansökans period"),
    ],
)
def test_a_change_that_is_no_change_or_outside_the_period_is_refused(world, split, message):
    application, decision = granted(world)
    before, events = state(application), AuditEvent.objects.count()

    with pytest.raises(ValidationError, match=message):
        actions.change_grant(world.people.office, application, amounts_per_year=split, paragraph=decision.paragraph)

    assert (state(application), AuditEvent.objects.count()) == (before, events)


def test_without_a_paragraph_or_with_one_before_the_grant_nothing_changes(world):
    application, _decision = granted(world)
    earlier = later_paragraph(world, None, day=dt.date(2015, 5, 1))
    before, events = state(application), AuditEvent.objects.count()

    for paragraph, message in ((None, "genom ett beslut"), (earlier, "före beslutet")):
        with pytest.raises(ValidationError, match=message):
            actions.change_grant(
                world.people.office, application, amounts_per_year={2015: 205_600, 2016: 200_000}, paragraph=paragraph
            )

    assert (state(application), AuditEvent.objects.count()) == (before, events)


@pytest.mark.parametrize("persona", ["applicant", "board", "colleague", "outsider"])
def test_only_the_office_changes_a_grant(world, persona):
    application, decision = granted(world)
    before, events = state(application), AuditEvent.objects.count()

    with pytest.raises(Refused):
        actions.change_grant(
            getattr(world.people, persona),
            application,
            amounts_per_year={2015: 205_600, 2016: 200_000},
            paragraph=decision.paragraph,
        )

    assert (state(application), AuditEvent.objects.count()) == (before, events)


def test_the_grants_line_in_the_insats_budget_is_not_changed_or_removed_by_hand(world):
    application, _decision = granted(world)
    line = InterventionBudgetLine.objects.filter(intervention=application.intervention, year=2015).get()
    before, events = state(application), AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="ändras bara med ett beslut"):
        finance_actions.update_intervention_budget_line(world.people.office, line, amount=1)
    with pytest.raises(ValidationError, match="ändras bara med ett beslut"):
        finance_actions.remove_intervention_budget_line(world.people.office, line)

    assert (state(application), AuditEvent.objects.count()) == (before, events)
    finance_actions.update_intervention_budget_line(world.people.office, line, label="Knut'n, beviljat")
    line.refresh_from_db()
    assert (line.label, line.amount) == ("Knut'n, beviljat", 266_000)


def test_the_office_changes_a_grant_on_the_applications_page(world, client, login_as):
    application, decision = granted(world)
    login_as(world.people.office)
    url = f"/f/alfa/ansokningar/{application.pk}/"

    assert "Ändra beviljat bidrag" in client.get(url).content.decode()
    page = client.get(f"{url}bidrag/")
    assert page.status_code == 200 and "Beviljat nu: 266 000 kr." in page.content.decode()
    refused = client.post(f"{url}bidrag/", {"paragraph": decision.paragraph.pk, "year_2015": "300000", "year_2016": ""})
    assert refused.status_code == 400 and "Ange beloppet för 2016" in refused.content.decode()
    response = client.post(
        f"{url}bidrag/", {"paragraph": decision.paragraph.pk, "year_2015": "205600", "year_2016": "200000"}
    )

    assert response.status_code == 302
    assert state(application)[0] == [(2015, 205_600), (2016, 200_000)]


def test_the_applicant_does_not_reach_the_change_page(world, client, login_as):
    application, _decision = granted(world)
    login_as(world.people.applicant)

    assert client.get(f"/f/alfa/ansokningar/{application.pk}/bidrag/").status_code == 403
