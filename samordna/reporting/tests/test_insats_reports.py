"""Insats reports: schedule, reminders and the overdue list, and the final report form with signatures."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.interventions.actions import add_goal
from samordna.lib.errors import Refused
from samordna.reporting import actions, queries
from samordna.reporting.final_form import FINAL_REPORT_QUESTIONS
from samordna.reporting.models import InsatsReport, ReportKind, ReportStatus


def test_the_form_asks_every_question_of_the_final_report():
    assert [q.number for q in FINAL_REPORT_QUESTIONS] == list(range(1, 20))
    kinds = {q.key: q.kind for q in FINAL_REPORT_QUESTIONS}
    assert kinds["goals"] == "goals" and kinds["signatures"] == "signatures" and kinds["funds_returned"] == "yesno"
    assert {q.key for q in FINAL_REPORT_QUESTIONS if q.prefill} >= {
        "name",
        "parties",
        "purpose",
        "goals",
        "dates",
        "target_group",
        "methods",
        "participants",
    }


def test_default_schedule_for_an_insats(world):
    created = actions.set_requirements(None, world.insats_a)

    kinds = [r.kind for r in created]
    assert kinds.count(ReportKind.MONTHLY) == 48  # 2018-01 … 2021-12
    assert kinds.count(ReportKind.HALF_YEAR) == 8
    assert kinds.count(ReportKind.ANNUAL) == 4
    final = next(r for r in created if r.kind == ReportKind.FINAL)
    assert final.due_date == dt.date(2022, 1, 31)
    assert actions.set_requirements(None, world.insats_a) == []  # running again adds nothing


def test_overdue_list_and_reminders(world):
    actions.set_requirements(None, world.insats_a, kinds=(ReportKind.FINAL, ReportKind.ANNUAL))

    overdue = list(queries.overdue(world.a, dt.date(2022, 2, 1)))
    soon = list(queries.reminders(world.a, dt.date(2022, 1, 20)))

    assert [(r.kind, r.due_date) for r in overdue][-1] == (ReportKind.FINAL, dt.date(2022, 1, 31))
    assert {r.kind for r in soon} == {ReportKind.FINAL, ReportKind.ANNUAL}  # both due 2022-01-31
    assert not list(queries.overdue(world.a, dt.date(2022, 1, 31)).filter(kind=ReportKind.FINAL))


def _final(world):
    world.insats_a.partners.add(world.members_a["fk"])
    return actions.set_requirements(None, world.insats_a, kinds=(ReportKind.FINAL,))[0]


ANSWERS = {
    "name": "Alfas väg in, 2017:48",
    "parties": ["Skellefteå kommun", "Försäkringskassan"],
    "purpose": "Samverkan",
    "equality": "Lika möjligheter",
    "need_change": "Större",
    "dates": "2018-01-01 – 2021-12-31",
    "target_group": "18–64 år",
    "target_group_changed": "Nej",
    "participants": "132",
    "methods": "IPS",
    "methods_changed": "Nej",
    "methods_as_intended": "Ja",
    "evaluation": "Enkäter",
    "implementation": "Ingår i ordinarie verksamhet",
    "funds_returned": "ja",
    "lessons": "Tidig kontakt",
}


def test_final_report_needs_every_answer_and_every_partys_signature(world):
    report = _final(world)
    goal = add_goal(None, world.insats_a, text="50 individer per år")
    goals = [{"goal": goal.pk, "met": "nej", "outcome": "44 per år"}]
    actions.save_answers(world.people.colleague, report, {**ANSWERS, "goals": goals})

    with pytest.raises(ValidationError) as refused:
        actions.submit_report(world.people.colleague, report, dt.date(2022, 1, 20))
    messages = refused.value.messages
    assert "Fråga 17 saknar svar: Vilka konsekvenser fick det att medel återbetalades?" in messages
    assert "Underskrift saknas för Skellefteå kommun." in messages
    assert "Underskrift saknas för Försäkringskassan (Alfa samordningsförbund)." in messages

    actions.save_answers(world.people.colleague, report, {"funds_consequences": "Inga konsekvenser"})
    for member in (world.members_a["2482"], world.members_a["fk"]):
        actions.sign_final_report(
            world.people.colleague,
            report,
            member,
            signed_on=dt.date(2022, 1, 20),
            name="Namn",
            printed_name="Namn Namnsson",
            email="namn@example.se",
        )
    report = actions.submit_report(world.people.colleague, report, dt.date(2022, 1, 20))

    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(ValidationError):
        actions.save_answers(world.people.colleague, report, {"lessons": "ändrat"})


def test_only_parties_sign(world):
    report = _final(world)
    with pytest.raises(ValidationError, match="varken insatsägare eller samverkanspart"):
        actions.sign_final_report(
            None,
            report,
            world.members_a["region"],
            signed_on=dt.date(2022, 1, 1),
            name="x",
            printed_name="x",
            email="x@example.se",
        )


def test_manager_of_another_insats_is_refused_and_nothing_changes(world):
    from conftest import make_user
    from samordna.tenancy.models import Role

    stranger = make_user("manager_other", world.a, Role.INTERVENTION_MANAGER, interventions=[world.other_insats_a])
    report = _final(world)
    before = AuditEvent.objects.count()

    with pytest.raises(Refused, match="2017:48"):
        actions.save_answers(stranger, report, {"lessons": "x"})

    assert InsatsReport.objects.get(pk=report.pk).answers == {}
    assert AuditEvent.objects.count() == before


def test_report_page_saves_answers_and_lists_what_is_missing(world, login_as):
    report = _final(world)
    client = login_as(world.people.colleague)

    response = client.post(f"/f/alfa/rapportering/rapport/{report.pk}/", {"lessons": "Tidig kontakt", "submit": "1"})

    assert response.status_code == 400
    assert "Fråga 3 saknar svar" in response.content.decode()
    assert InsatsReport.objects.get(pk=report.pk).status == ReportStatus.DUE


def test_board_reads_the_report_but_cannot_write(world, login_as):
    report = _final(world)
    client = login_as(world.people.board)

    assert client.get(f"/f/alfa/rapportering/rapport/{report.pk}/").status_code == 200
    assert client.post(f"/f/alfa/rapportering/rapport/{report.pk}/", {"lessons": "x"}).status_code == 403
    assert InsatsReport.objects.get(pk=report.pk).answers == {}


def test_overdue_page(world, login_as):
    actions.set_requirements(None, world.insats_a, kinds=(ReportKind.FINAL,))

    body = login_as(world.people.auditor).get("/f/alfa/rapportering/").content.decode()

    assert "2022-01-31" in body and "försenad" in body


def test_an_answer_with_a_nul_byte_is_refused_and_nothing_is_saved(world, login_as):
    report = _final(world)
    client = login_as(world.people.colleague)
    before = AuditEvent.objects.count()

    response = client.post(f"/f/alfa/rapportering/rapport/{report.pk}/", {"lessons": "Tidig\x00kontakt"})

    assert response.status_code == 400
    assert "Ett svar innehåller ett otillåtet tecken (NUL)." in response.content.decode()
    assert InsatsReport.objects.get(pk=report.pk).answers == {}
    assert AuditEvent.objects.count() == before
