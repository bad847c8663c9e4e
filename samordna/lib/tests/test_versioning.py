"""Two people edit the same record: the second save is refused with a conflict message and overwrites nothing."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications import actions as applications
from samordna.applications.tests.factories import complete_application
from samordna.audit.models import AuditEvent
from samordna.finance import actions as finance
from samordna.finance.models import BudgetLine, LineCategory
from samordna.interventions import actions as interventions
from samordna.interventions.models import Intervention
from samordna.meetings import actions as meetings
from samordna.meetings.tests.helpers import minutes_for
from samordna.participants import actions as participants
from samordna.participants.models import Participation
from samordna.participants.tests.people import ANNA, enrol
from samordna.tenancy import actions as tenancy
from samordna.tenancy.models import Forbund


def forbund_settings(world):
    def save(version, value):
        tenancy.update_forbund(world.people.admin, world.a, expected_version=version, address=value)

    return world.a, save, lambda: Forbund.objects.get(pk=world.a.pk).address


def intervention(world):
    def save(version, value):
        interventions.update_intervention(
            world.people.office, world.insats_a, expected_version=version, name=value, partners=[world.members_a["af"]]
        )

    return world.insats_a, save, lambda: Intervention.objects.get(pk=world.insats_a.pk).name


def application_draft(world):
    draft = complete_application(world)

    def save(version, value):
        applications.update_application(world.people.applicant, draft, expected_version=version, title=value)

    return draft, save, lambda: type(draft).objects.get(pk=draft.pk).title


def minutes_paragraph(world):
    paragraph = minutes_for(world, paragraphs=1).paragraphs.get()

    def save(version, value):
        meetings.update_paragraph(world.people.office, paragraph, expected_version=version, body=value)

    return paragraph, save, lambda: type(paragraph).objects.get(pk=paragraph.pk).body


def budget_line(world):
    year = finance.save_budget_year(None, world.a, 2026, equity_start=0)
    fields: dict[str, Any] = {"code": "lokaler", "category": LineCategory.OTHER_COST, "amount": 100}
    line = finance.save_budget_line(None, year, label="Lokaler", **fields)

    def save(version, value):
        finance.save_budget_line(world.people.office, year, label=value, expected_version=version, **fields)

    return line, save, lambda: BudgetLine.objects.get(pk=line.pk).label


def participation(world):
    stay = enrol(world, personnummer=ANNA)
    reasons = {"A": "FULLFOLJD", "B": "AVBRUTEN"}

    def save(version, value):
        participants.discharge(
            world.people.handler,
            stay,
            discharge_date=dt.date(2019, 9, 1),
            reason=reasons[value[0]],
            occupation_after="ARBETE",
            income_after="LON",
            expected_version=version,
        )

    return (
        stay,
        save,
        lambda: {"FULLFOLJD": "A", "AVBRUTEN": "B"}[Participation.objects.get(pk=stay.pk).discharge_reason],
    )


@pytest.mark.parametrize(
    "build", [forbund_settings, intervention, application_draft, minutes_paragraph, budget_line, participation]
)
def test_the_second_of_two_saves_from_the_same_version_is_refused(world, build):
    record, save, stored = build(world)
    opened = type(record).objects.get(pk=record.pk).version
    save(opened, "A från första")
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        save(opened, "B från andra")

    assert refused.value.code == "stale"
    assert "Någon annan har ändrat" in refused.value.messages[0]
    assert "Ladda om sidan" in refused.value.messages[0]
    assert stored()[0] == "A"
    assert AuditEvent.objects.count() == events
    assert type(record).objects.get(pk=record.pk).version == opened + 1


def test_a_save_from_the_current_version_goes_through(world):
    tenancy.update_forbund(world.people.admin, world.a, expected_version=1, address="Storgatan 1")
    tenancy.update_forbund(world.people.admin, world.a, expected_version=2, address="Storgatan 2")

    assert Forbund.objects.get(pk=world.a.pk).address == "Storgatan 2"


def test_the_settings_page_carries_the_version_and_shows_the_conflict(world, login_as):
    client = login_as(world.people.admin)
    url = reverse("tenancy:forbund_settings", kwargs={"forbund_slug": world.a.slug})
    page = client.get(url)
    assert 'name="expected_version" value="1"' in page.content.decode()
    form = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None and name not in {"handler_may_sit_on_board", "warn_dpo_is_controller_delegate"}
    }
    tenancy.update_forbund(world.people.admin, world.a, address="Först sparad")

    response = client.post(url, {**form, "address": "Sparad för sent", "expected_version": 1})

    assert response.status_code == 400
    assert "Någon annan har ändrat" in response.content.decode()
    assert Forbund.objects.get(pk=world.a.pk).address == "Först sparad"
