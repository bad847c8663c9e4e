"""The office's form for creating and changing an insats with its goals, budget, staffing and reporting plan."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.finance.models import InterventionBudgetLine
from samordna.interventions import actions
from samordna.interventions.models import Goal, Intervention
from samordna.reporting.models import ReportRequirement


def _rows(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


GOAL = {"text": "Minst 40 % till arbete eller studier", "level": "EFFECT", "indicator": "WORK_OR_STUDIES_SHARE"}
GOAL |= {"comparator": "GTE", "target": "40", "unit": "PERCENT"}
STAFF = {"year": "2021", "financier": "FORBUND", "label": "Arbetsmarknadskonsulent", "headcount": "2"}
STAFF |= {"fte_percent": "100", "amount": "1200000"}
COST = {"year": "2021", "financier": "FORBUND", "label": "Lokaler", "amount": "90000"}


def _post(world, **overrides) -> dict:
    data = {
        "registration_no": "",
        "name": "Plattform för samverkan",
        "kind": "INDIVIDUAL",
        "start_date": "2021-01-01",
        "end_date": "2023-12-31",
        "owner": str(world.members_a["2482"].pk),
        "partners": [str(world.members_a["fk"].pk), str(world.members_a["af"].pk)],
        "target_group": "Personer långt från arbetsmarknaden",
        "age_min": "16",
        "age_max": "64",
        "criteria": "Inget pågående missbruk",
        "max_stay_months": "12",
        "report_kinds": ["HALF_YEAR", "FINAL"],
        "due_months_after": "1",
        **_rows("goals", [GOAL]),
        **_rows("budget", [STAFF, COST]),
    }
    data.update(overrides)
    return data


def _state():
    return (
        list(Intervention.objects.values_list("pk", "name", "version")),
        Goal.objects.count(),
        InterventionBudgetLine.objects.count(),
        ReportRequirement.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_office_creates_an_insats_with_goals_budget_staff_and_reports(world, login_as):
    response = login_as(world.people.office).post(reverse("interventions:create", args=["alfa"]), _post(world))

    assert response.status_code == 302
    insats = Intervention.objects.get(name="Plattform för samverkan")
    assert insats.registration_no == f"{dt.date.today().year}:01"
    assert (insats.age_range, insats.max_stay_months, insats.criteria) == ("16–64", 12, "Inget pågående missbruk")
    assert set(insats.partners.values_list("party_type", flat=True)) == {"FK", "AF"}
    assert insats.goals.get().target_label == "≥ 40 %"
    staff = insats.finance_budget_lines.get(label="Arbetsmarknadskonsulent")
    assert (staff.headcount, staff.fte_percent, staff.amount) == (2, 100, 1_200_000)
    assert set(insats.report_requirements.values_list("kind", flat=True)) == {"HALF_YEAR", "FINAL"}
    assert insats.reports.filter(kind="FINAL", due_date=dt.date(2024, 1, 31)).exists()
    assert response["Location"] == reverse("interventions:detail", args=["alfa", insats.pk])


def test_a_given_diarienummer_is_kept(world, login_as):
    login_as(world.people.admin).post(
        reverse("interventions:create", args=["alfa"]), _post(world, registration_no="2020:12")
    )

    assert Intervention.objects.filter(registration_no="2020:12", forbund=world.a).exists()


def test_two_kommuner_alone_are_refused_and_nothing_is_stored(world, login_as):
    before = _state()
    data = _post(world, partners=[str(world.members_a["2417"].pk)])

    response = login_as(world.people.admin).post(reverse("interventions:create", args=["alfa"]), data)

    assert response.status_code == 400
    assert "Kommunerna räknas tillsammans som en part" in response.content.decode()
    assert _state() == before


def test_a_bad_budget_row_refuses_the_whole_insats(world, login_as):
    before = _state()
    bad = {**COST, "financier": "MEMBER"}  # a member financier must be named
    data = _post(world, **_rows("budget", [STAFF, bad]))

    response = login_as(world.people.admin).post(reverse("interventions:create", args=["alfa"]), data)

    assert response.status_code == 400
    assert "Rad 2: Ange vilken medlem som finansierar raden." in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("persona", ["colleague", "board", "handler", "auditor", "applicant", "preparatory"])
def test_only_admin_and_office_may_use_the_form(world, login_as, persona):
    client = login_as(getattr(world.people, persona))
    before = _state()

    create = client.post(reverse("interventions:create", args=["alfa"]), _post(world))
    edit = client.post(reverse("interventions:edit", args=["alfa", world.insats_a.pk]), _post(world))

    assert (create.status_code, edit.status_code) == (403, 403)
    assert _state() == before
    catalogue = client.get(reverse("interventions:catalogue", args=["alfa"])).content.decode()
    assert reverse("interventions:create", args=["alfa"]) not in catalogue


def test_edit_changes_rows_removes_goals_and_keeps_the_kind(world, login_as):
    insats = world.insats_a
    insats.partners.set([world.members_a["fk"]])
    goal = actions.add_goal(None, insats, text="50 deltagare per år", unit="COUNT", target=50)
    client = login_as(world.people.admin)
    url = reverse("interventions:edit", args=["alfa", insats.pk])
    page = client.get(url).content.decode()
    assert (
        "50 deltagare per år" in page
        and reverse("interventions:edit", args=["alfa", insats.pk])
        in client.get(reverse("interventions:catalogue", args=["alfa"])).content.decode()
    )

    rows = [{"id": str(goal.pk), "text": goal.text, "level": "PART", "indicator": "OTHER", "comparator": "GTE"}]
    rows[0] |= {"target": "50", "unit": "COUNT", "delete": "on"}
    data = _post(
        world,
        registration_no="2017:48",
        name="En väg in – fler vägar ut",
        kind="STRUCTURAL",
        start_date="2018-01-01",
        end_date="2021-12-31",
        expected_version="1",
        **_rows("goals", rows, initial=1),
        **_rows("budget", []),
    )
    response = client.post(url, data)

    assert response.status_code == 302
    insats.refresh_from_db()
    assert (insats.name, insats.kind, insats.version) == ("En väg in – fler vägar ut", "INDIVIDUAL", 2)
    assert not insats.goals.exists()
    assert AuditEvent.objects.filter(action="intervention.goal.remove").exists()


def test_a_stale_edit_page_is_refused_and_changes_nothing(world, login_as):
    insats = world.insats_a
    insats.partners.set([world.members_a["fk"]])
    actions.update_intervention(None, insats, name="Ändrad av någon annan")
    before = _state()
    data = _post(world, registration_no="2017:48", start_date="2018-01-01", end_date="2021-12-31", expected_version="1")

    response = login_as(world.people.office).post(reverse("interventions:edit", args=["alfa", insats.pk]), data)

    assert response.status_code == 400
    assert "Någon annan har ändrat" in response.content.decode()
    assert _state() == before


def test_outsider_cannot_reach_the_form(world, login_as):
    before = _state()

    response = login_as(world.people.outsider).post(reverse("interventions:create", args=["alfa"]), _post(world))

    assert response.status_code == 404
    assert _state() == before


def test_the_plan_checks_permission_as_often_for_three_rows_of_each_kind_as_for_one(world):
    from decimal import Decimal
    from unittest import mock

    from samordna.tenancy import permissions

    goal: dict[str, Any] = {"text": "Minst 40 % till arbete", "level": "EFFECT", "indicator": "WORK_OR_STUDIES_SHARE"}
    goal |= {"comparator": "GTE", "target": Decimal("40"), "unit": "PERCENT"}
    line = {"year": 2021, "financier": "FORBUND", "label": "Lokaler", "amount": 90_000}

    def checks(rows: int) -> int:
        fields = {"name": f"Plan med {rows} rader", "kind": "INDIVIDUAL", "start_date": dt.date(2021, 1, 1)}
        fields |= {"owner": world.members_a["2482"], "partners": [world.members_a["fk"]]}
        with mock.patch.object(permissions, "check", wraps=permissions.check) as check:
            insats = actions.save_intervention_plan(
                world.people.office, world.a, fields=fields, goals=[goal] * rows, budget_lines=[line] * rows
            )
        assert (insats.goals.count(), insats.finance_budget_lines.count()) == (rows, rows)
        return check.call_count

    assert checks(3) == checks(1)
