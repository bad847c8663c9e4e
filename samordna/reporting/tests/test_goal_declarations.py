"""The declared attainment of each goal (ja, nej or delvis, with a comment), entered in the insats's report."""

import pytest
from django.core.exceptions import ValidationError

from samordna.interventions.actions import add_goal
from samordna.interventions.models import Goal
from samordna.reporting import actions
from samordna.reporting.models import ReportKind


@pytest.fixture
def final(world):
    world.insats_a.partners.add(world.members_a["fk"])
    report = actions.set_requirements(None, world.insats_a, kinds=(ReportKind.FINAL,))[0]
    goals = [
        add_goal(None, world.insats_a, text="50 individer per år", indicator="PARTICIPANTS_PER_YEAR", target=50),
        add_goal(None, world.insats_a, text="Samverkan med Af"),
    ]
    return report, goals


def _url(report) -> str:
    return f"/f/alfa/rapportering/rapport/{report.pk}/"


def _declared():
    return list(Goal.objects.order_by("pk").values_list("declared_attainment", "declared_met", "declared_text"))


def test_the_manager_declares_each_goal_in_the_final_report(world, final, login_as):
    report, (first, second) = final
    client = login_as(world.people.colleague)

    page = client.get(_url(report)).content.decode()
    response = client.post(
        _url(report),
        {
            f"goal-{first.pk}-met": "ja",
            f"goal-{first.pk}-outcome": "XX individer",
            f"goal-{second.pk}-met": "delvis",
            f"goal-{second.pk}-outcome": "Återupptogs hösten 2020",
        },
    )

    assert f'name="goal-{first.pk}-met"' in page
    assert response.status_code == 302
    assert _declared() == [("ja", True, "XX individer"), ("delvis", False, "Återupptogs hösten 2020")]
    report.refresh_from_db()
    assert [g["met"] for g in report.answers["goals"]] == ["ja", "delvis"]
    again = client.get(_url(report)).content.decode()
    assert '<option value="delvis" selected>' in again


def test_an_answer_outside_ja_nej_delvis_changes_nothing(world, final, login_as):
    report, (first, _second) = final

    response = login_as(world.people.colleague).post(_url(report), {f"goal-{first.pk}-met": "kanske"})

    assert response.status_code == 400
    assert "ja, nej eller delvis" in response.content.decode()
    assert _declared() == [("", None, ""), ("", None, "")]
    report.refresh_from_db()
    assert "goals" not in report.answers


def test_the_board_cannot_declare_and_nothing_changes(world, final, login_as):
    report, (first, _second) = final

    response = login_as(world.people.board).post(_url(report), {f"goal-{first.pk}-met": "ja"})

    assert response.status_code == 403
    assert _declared() == [("", None, ""), ("", None, "")]


def test_a_goal_of_another_insats_is_refused(world, final):
    report, _goals = final
    other = add_goal(None, world.other_insats_a, text="Annat")

    with pytest.raises(ValidationError, match="hör inte till insatsen"):
        actions.save_answers(None, report, {"goals": [{"goal": other.pk, "met": "ja", "outcome": ""}]})
    assert Goal.objects.get(pk=other.pk).declared_attainment == ""


def test_partly_met_counts_as_an_answer_for_submission(world, final):
    from samordna.reporting import queries

    report, goals = final
    rows = [{"goal": goal.pk, "met": "delvis", "outcome": "Delvis"} for goal in goals]
    report = actions.save_answers(None, report, {"goals": rows})

    assert not any("Fråga 4 " in message for message in queries.missing_final_answers(report))


def test_declared_and_computed_are_compared_on_the_declaration(world, final):
    import datetime as dt

    from samordna.stats.queries import goal_attainment
    from samordna.stats.suppression import publish

    report, (first, _second) = final
    actions.save_answers(None, report, {"goals": [{"goal": first.pk, "met": "ja", "outcome": "XX individer"}]})

    rows = publish(goal_attainment(world.a, dt.date(2021, 1, 1), dt.date(2021, 12, 31)), None)
    goal = next(g for insats in rows for g in insats["goals"] if g["goal"] == "50 individer per år")

    assert goal["declared_met"] is True and goal["met"] is False and goal["discrepancy"] is True
