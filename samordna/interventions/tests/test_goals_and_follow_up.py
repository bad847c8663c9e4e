"""The goals of an insats on their own page, and the fields Uppföljning Finsam asks for, fixed once given."""

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.interventions import actions
from samordna.interventions.models import FollowUpMethod, Goal, Intervention


def _url(world, insats=None) -> str:
    return f"/f/alfa/insatser/{(insats or world.insats_a).pk}/mal/"


@pytest.fixture
def two_parties(world):
    world.insats_a.partners.add(world.members_a["fk"])
    return world


NEW_GOAL = {
    "form": "add",
    "new-text": "50 deltagare per år",
    "new-level": "PART",
    "new-indicator": "PARTICIPANTS_PER_YEAR",
    "new-comparator": "GTE",
    "new-target": "50",
    "new-unit": "COUNT",
}


def test_the_insats_manager_adds_a_goal_with_a_target(world, login_as):
    response = login_as(world.people.colleague).post(_url(world), NEW_GOAL)

    assert response.status_code == 302
    goal = world.insats_a.goals.get()
    assert (goal.text, goal.target, goal.unit) == ("50 deltagare per år", 50, "COUNT")
    assert AuditEvent.objects.filter(action="intervention.goal.add").count() == 1


def test_the_office_changes_and_removes_a_goal(world, login_as):
    goal = actions.add_goal(None, world.insats_a, text="Minst 40 % till arbete", target=40)
    client = login_as(world.people.office)
    prefix = f"goal-{goal.pk}"

    changed = client.post(
        _url(world),
        {
            "form": "change",
            "goal": goal.pk,
            f"{prefix}-text": "Minst 45 % till arbete",
            f"{prefix}-level": "EFFECT",
            f"{prefix}-indicator": "WORK_OR_STUDIES_SHARE",
            f"{prefix}-comparator": "GTE",
            f"{prefix}-target": "45",
            f"{prefix}-unit": "PERCENT",
        },
    )
    goal.refresh_from_db()
    removed = client.post(_url(world), {"form": "remove", "goal": goal.pk})

    assert (changed.status_code, removed.status_code) == (302, 302)
    assert (goal.text, goal.target, goal.level) == ("Minst 45 % till arbete", 45, "EFFECT")
    assert not Goal.objects.exists()


def test_a_manager_of_another_insats_changes_nothing(world, login_as):
    goal = actions.add_goal(None, world.other_insats_a, text="Annat mål")
    before = (list(Goal.objects.values_list("pk", "text")), AuditEvent.objects.count())
    client = login_as(world.people.colleague)

    added = client.post(_url(world, world.other_insats_a), NEW_GOAL)
    removed = client.post(_url(world, world.other_insats_a), {"form": "remove", "goal": goal.pk})
    foreign = client.post(_url(world), {"form": "remove", "goal": goal.pk})

    assert (added.status_code, removed.status_code, foreign.status_code) == (403, 403, 404)
    assert (list(Goal.objects.values_list("pk", "text")), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("persona", ["board", "auditor", "handler", "applicant"])
def test_other_roles_cannot_open_or_post(world, login_as, persona):
    client = login_as(getattr(world.people, persona))

    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), NEW_GOAL).status_code == 403
    assert not Goal.objects.exists()


def test_a_goal_without_text_is_refused(world, login_as):
    response = login_as(world.people.office).post(_url(world), {**NEW_GOAL, "new-text": ""})

    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_esf_and_follow_up_method_are_fixed_once_given(world, two_parties):
    insats = actions.update_intervention(
        None, world.insats_a, esf_financed=True, follow_up_method=FollowUpMethod.INDICATORS, planned_participants=40
    )

    with pytest.raises(ValidationError, match="kan inte ändras"):
        actions.update_intervention(None, insats, esf_financed=False)
    with pytest.raises(ValidationError, match="kan inte ändras"):
        actions.update_intervention(None, insats, follow_up_method=FollowUpMethod.OTHER)
    insats = actions.update_intervention(None, insats, planned_participants=55)

    insats = Intervention.objects.get(pk=insats.pk)
    assert (insats.esf_financed, insats.follow_up_method, insats.planned_participants) == (True, "INDICATORS", 55)


def test_the_office_form_shows_the_fixed_fields_disabled(world, two_parties, login_as):
    actions.update_intervention(None, world.insats_a, esf_financed=False, follow_up_method=FollowUpMethod.COUNTS)

    form = login_as(world.people.office).get(f"/f/alfa/insatser/{world.insats_a.pk}/andra/").context["form"]

    assert form.fields["esf_financed"].disabled and form.fields["follow_up_method"].disabled
    assert not form.fields["planned_participants"].disabled


def test_the_detail_page_shows_the_follow_up_fields(world, two_parties, login_as):
    actions.update_intervention(
        None, world.insats_a, esf_financed=True, follow_up_method=FollowUpMethod.EVALUATION, planned_participants=30
    )

    body = login_as(world.people.board).get(f"/f/alfa/insatser/{world.insats_a.pk}/").content.decode()

    assert "Extern utvärdering" in body and "<dd>30</dd>" in body
