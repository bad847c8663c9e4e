"""The final report on its page: every question answered, each party's signature registered, then handed in."""

import datetime as dt

import pytest

from samordna.interventions.actions import add_goal
from samordna.reporting import actions
from samordna.reporting.models import ReportKind, ReportSignature, ReportStatus

from .test_insats_reports import ANSWERS

TEXT_ANSWERS = {key: value for key, value in ANSWERS.items() if key != "parties"}


@pytest.fixture
def final(world):
    world.insats_a.partners.add(world.members_a["fk"])
    report = actions.set_requirements(None, world.insats_a, kinds=(ReportKind.FINAL,))[0]
    goal = add_goal(None, world.insats_a, text="50 individer per år")
    return report, goal


def _url(report) -> str:
    return f"/f/alfa/rapportering/rapport/{report.pk}/"


def _sign(client, report, member, signed_on="2022-01-20"):
    return client.post(
        _url(report),
        {
            "form": "sign",
            "member": member.pk,
            "signed_on": signed_on,
            "name": "Namn",
            "printed_name": "Namn Namnsson",
            "email": "namn@example.se",
        },
    )


def test_the_manager_answers_signs_for_each_party_and_hands_in(world, final, login_as):
    report, goal = final
    client = login_as(world.people.colleague)
    answers = {
        **TEXT_ANSWERS,
        "funds_consequences": "Inga",
        f"goal-{goal.pk}-met": "nej",
        f"goal-{goal.pk}-outcome": "44",
    }

    saved = client.post(_url(report), answers)
    signed = [_sign(client, report, world.members_a[key]).status_code for key in ("2482", "fk")]
    handed_in = client.post(_url(report), {**answers, "submit": "1"})

    assert saved.status_code == 302 and signed == [302, 302]
    assert handed_in.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    parties = report.answers["parties"]
    assert len(parties) == 2 and parties[0] == "Skellefteå kommun"


def test_a_signature_dated_in_the_future_is_refused(world, final, login_as):
    report, _goal = final
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    response = _sign(login_as(world.people.colleague), report, world.members_a["fk"], tomorrow.isoformat())

    assert response.status_code == 400
    assert "kan inte ligga i framtiden" in response.content.decode()
    assert not ReportSignature.objects.exists()


def test_an_organisation_that_is_no_party_is_not_offered_and_cannot_sign(world, final, login_as):
    report, _goal = final
    client = login_as(world.people.colleague)

    page = client.get(_url(report)).content.decode()
    response = _sign(client, report, world.members_a["region"])

    assert world.members_a["region"].name not in page.split("Underskrift för en part")[-1]
    assert response.status_code == 400
    assert not ReportSignature.objects.exists()


def test_the_board_cannot_sign_and_nothing_changes(world, final, login_as):
    report, _goal = final

    response = _sign(login_as(world.people.board), report, world.members_a["fk"])

    assert response.status_code == 403
    assert not ReportSignature.objects.exists()


@pytest.fixture
def submitted(world):
    report = actions.set_requirements(None, world.insats_a, kinds=(ReportKind.HALF_YEAR,))[0]
    actions.save_answers(None, report, {"summary": "Ett halvår"})
    return actions.submit_report(None, report, report.due_date)


def test_the_office_places_a_submitted_report_on_file(world, submitted, login_as):
    client = login_as(world.people.office)

    page = client.get(_url(submitted)).content.decode()
    response = client.post(_url(submitted), {"form": "note", "on": submitted.due_date.isoformat()})

    assert "Lägg rapporten till handlingarna" in page
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.noted_on) == (ReportStatus.NOTED, submitted.due_date)


@pytest.mark.parametrize("persona", ["board", "colleague"])
def test_others_cannot_place_it_on_file(world, submitted, login_as, persona):
    response = login_as(getattr(world.people, persona)).post(_url(submitted), {"form": "note", "on": "2022-01-01"})

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_a_date_in_the_future_is_refused(world, submitted, login_as):
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    response = login_as(world.people.office).post(_url(submitted), {"form": "note", "on": tomorrow.isoformat()})

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED
