"""The office's pages for progression scales and indicator surveys: a used or locked version keeps its wording."""

import datetime as dt

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.instruments import actions
from samordna.instruments.models import IndicatorSurvey, ProgressionScale
from samordna.participants.tests.people import ANNA, enrol

SCALE = {"name": "Steg framåt", "respondent": "STAFF", "items": "Vardag\nHälsa\nArbete", "scale_min": "1"}
SCALE |= {"scale_max": "5"}
SURVEY = {"code": "nns-deltagare", "title": "Deltagarenkät", "respondent_group": "Deltagare, pågående"}
SURVEY |= {"questions": "Jag blir bemött med respekt\nJag har fått stöd", "scale_max": "5", "positive_from": "4"}
SURVEY |= {"target_percent": "80", "wording_locked": "on"}


def _state():
    return (
        list(ProgressionScale.objects.values_list("pk", "version", "items")),
        list(IndicatorSurvey.objects.values_list("pk", "version", "questions")),
        AuditEvent.objects.count(),
    )


def test_the_office_defines_a_scale_and_changes_it_in_place_while_unused(world, login_as):
    client = login_as(world.people.office)

    created = client.post(reverse("instruments:scale_new", args=["alfa"]), SCALE)
    scale = ProgressionScale.objects.get()
    edited = client.post(
        reverse("instruments:scale_edit", args=["alfa", scale.pk]), {**SCALE, "items": "Vardag\nHälsa"}
    )

    assert (created.status_code, edited.status_code) == (302, 302)
    scale.refresh_from_db()
    assert (scale.version, scale.items) == (1, ["Vardag", "Hälsa"])
    page = client.get(reverse("instruments:definitions", args=["alfa"])).content.decode()
    assert "Steg framåt" in page


def test_a_used_scale_keeps_its_wording_and_the_change_becomes_version_2(world, login_as):
    scale = actions.define_progression_scale(None, world.a, name="Steg framåt", respondent="STAFF", items=["A", "B"])
    stay = enrol(world, personnummer=ANNA)
    actions.record_progression(None, stay, scale=scale, rated_on=dt.date(2019, 4, 1), values=[2, 3])

    response = login_as(world.people.admin).post(
        reverse("instruments:scale_edit", args=["alfa", scale.pk]), {**SCALE, "items": "A\nB omformulerad"}
    )

    assert response.status_code == 302
    scale.refresh_from_db()
    newer = ProgressionScale.objects.get(version=2)
    assert scale.items == ["A", "B"] and newer.items == ["A", "B omformulerad"]
    assert newer.name == "Steg framåt" and scale.ratings.count() == 1


def test_a_locked_survey_is_never_reworded_in_place(world, login_as):
    client = login_as(world.people.admin)
    client.post(reverse("instruments:survey_new", args=["alfa"]), SURVEY)
    first = IndicatorSurvey.objects.get()

    response = client.post(
        reverse("instruments:survey_edit", args=["alfa", first.pk]),
        {**SURVEY, "questions": "Jag blir bemött med respekt\nJag har fått det stöd jag behöver"},
        follow=True,
    )

    first.refresh_from_db()
    second = IndicatorSurvey.objects.get(version=2)
    assert first.questions == ["Jag blir bemött med respekt", "Jag har fått stöd"]
    assert second.questions[1] == "Jag har fått det stöd jag behöver" and second.wording_locked
    assert "version 2" in response.content.decode()


def test_an_unlocked_unanswered_survey_changes_in_place_and_an_answered_one_does_not(world):
    survey = actions.define_survey(
        None, world.a, code="egen", title="Egen", respondent_group="Personal", questions=["Q1"], wording_locked=False
    )

    same = actions.revise_survey(world.people.office, survey, questions=["Q1 bättre"])
    actions.record_survey_response(
        None, same, intervention=world.insats_a, answered_on=dt.date(2020, 1, 1), answers=[4]
    )
    newer = actions.revise_survey(world.people.office, same, questions=["Q1 ännu bättre"])

    assert same.pk == survey.pk and same.questions == ["Q1 bättre"]
    assert (newer.version, newer.questions, newer.wording_locked) == (2, ["Q1 ännu bättre"], False)


def test_a_taken_survey_code_is_refused(world, login_as):
    client = login_as(world.people.admin)
    client.post(reverse("instruments:survey_new", args=["alfa"]), SURVEY)
    before = _state()

    response = client.post(reverse("instruments:survey_new", args=["alfa"]), SURVEY)

    assert response.status_code == 400 and "Det finns redan en enkät med koden" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("persona", ["handler", "colleague", "board", "auditor", "dpo", "applicant"])
def test_only_admin_and_office_define_instruments(world, login_as, persona):
    scale = actions.define_progression_scale(None, world.a, name="Steg", respondent="STAFF", items=["A"])
    client = login_as(getattr(world.people, persona))
    before = _state()

    responses = [
        client.post(reverse("instruments:scale_new", args=["alfa"]), SCALE),
        client.post(reverse("instruments:scale_edit", args=["alfa", scale.pk]), SCALE),
        client.post(reverse("instruments:survey_new", args=["alfa"]), SURVEY),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert _state() == before
