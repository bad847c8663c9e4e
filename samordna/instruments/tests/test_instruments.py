"""WHO-5 scoring and flag, KASAM totals only, progression with its chart, and surveys with locked wording."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.instruments import actions, queries
from samordna.instruments.models import KasamScore, SurveyAnswer, SurveyResponse, Who5
from samordna.lib.errors import Refused
from samordna.participants.tests.people import ANNA, enrol


@pytest.fixture
def stay(world):
    return enrol(world, None, personnummer=ANNA)


@pytest.mark.parametrize(
    ("items", "raw", "percent", "flagged"),
    [
        ([3, 3, 3, 2, 2], 13, 52, False),
        ([3, 3, 3, 2, 1], 12, 48, True),  # raw below 13
        ([5, 5, 5, 5, 1], 21, 84, True),  # one item at 1
        ([0, 0, 0, 0, 0], 0, 0, True),
        ([5, 5, 5, 5, 5], 25, 100, False),
    ],
)
def test_who5_scores_and_flags(world, stay, items, raw, percent, flagged):
    who5 = actions.record_who5(world.people.handler, stay, answered_on=dt.date(2019, 3, 2), items=items)
    assert (who5.raw, who5.percent, who5.flagged) == (raw, percent, flagged)


@pytest.mark.parametrize("items", [[1, 2, 3, 4], [1, 2, 3, 4, 6], [-1, 2, 3, 4, 5]])
def test_who5_needs_five_answers_from_0_to_5(world, stay, items):
    with pytest.raises(ValidationError):
        actions.record_who5(None, stay, answered_on=dt.date(2019, 3, 2), items=items)
    assert not Who5.objects.exists()


def test_kasam_stores_only_a_total_within_the_range(world, stay):
    score = actions.record_kasam(None, stay, version="KASAM13", answered_on=dt.date(2019, 3, 2), total=66)
    assert score.band == "måttlig"
    assert not any(f.name in {"items", "answers"} for f in KasamScore._meta.get_fields())
    with pytest.raises(ValidationError) as excinfo:
        actions.record_kasam(None, stay, version="KASAM29", answered_on=dt.date(2019, 3, 2), total=210)
    assert "mellan 29 och 203" in str(excinfo.value)


def test_a_handler_of_another_insats_cannot_measure(world, second, stay):
    with pytest.raises(Refused):
        actions.record_who5(second.handler, stay, answered_on=dt.date(2019, 3, 2), items=[3, 3, 3, 3, 3])
    assert not Who5.objects.exists()


def test_progression_is_last_minus_first_and_drawn(world, stay, login_as):
    scale = actions.define_progression_scale(
        world.people.office, world.a, name="Stegskala", respondent="STAFF", items=["Rutiner", "Samarbete", "Hälsa"]
    )
    for day, values in [
        (dt.date(2019, 3, 5), [1, 2, 1]),
        (dt.date(2019, 6, 5), [2, 3, 2]),
        (dt.date(2019, 9, 5), [4, 4, 3]),
    ]:
        actions.record_progression(world.people.handler, stay, scale=scale, rated_on=day, values=values)
    with pytest.raises(ValidationError):
        actions.record_progression(None, stay, scale=scale, rated_on=dt.date(2019, 9, 6), values=[1, 2])

    [series] = queries.progression_series(stay)
    assert [r.total for r in series["ratings"]] == [4, 7, 11]
    assert series["progression"] == 7
    page = login_as(world.people.handler).get(reverse("participants:detail", args=["alfa", stay.participant_id]))
    assert "<polyline" in page.content.decode() and "förändring 7" in page.content.decode()


def test_only_the_office_defines_scales(world):
    with pytest.raises(Refused):
        actions.define_progression_scale(world.people.handler, world.a, name="X", respondent="STAFF", items=["a"])


def test_survey_wording_is_locked_and_answers_are_anonymous(world):
    survey = actions.define_survey(
        world.people.admin,
        world.a,
        code="NNS-DELTAGARE",
        title="Deltagarenkät",
        respondent_group="Deltagare, pågående",
        questions=["Jag blir bemött med respekt.", "Jag är delaktig i planeringen."],
        target_percent=90,
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.reword_survey(world.people.admin, survey, questions=["Ny fråga", "Annan fråga"])
    assert "låsta" in str(excinfo.value)

    for answers in ([5, 4], [4, None], [2, 3], [5, 5]):
        actions.record_survey_response(
            world.people.handler, survey, intervention=world.insats_a, answered_on=dt.date(2019, 5, 1), answers=answers
        )
    assert not any(f.name.startswith("particip") for f in SurveyResponse._meta.get_fields())

    results = queries.survey_results(survey, world.insats_a)
    assert [(r["answered"], r["positive"], r["share"], r["met"]) for r in results] == [
        (4, 3, 75.0, False),
        (3, 2, 66.7, False),
    ]
    assert SurveyAnswer.objects.count() == 7


def test_an_unlocked_unanswered_survey_may_be_reworded(world):
    survey = actions.define_survey(
        None, world.a, code="EGEN", title="Egen", respondent_group="Personal", questions=["A"], wording_locked=False
    )
    actions.reword_survey(None, survey, questions=["B"])
    survey.refresh_from_db()
    assert survey.questions == ["B"]


def test_survey_answers_only_from_the_insats_staff(world, second):
    survey = actions.define_survey(None, world.a, code="S", title="S", respondent_group="D", questions=["A"])
    with pytest.raises(Refused):
        actions.record_survey_response(
            second.handler, survey, intervention=world.insats_a, answered_on=dt.date(2019, 5, 1), answers=[5]
        )
    assert not SurveyResponse.objects.exists()


def test_who5_page_records_for_the_handler(world, stay, login_as):
    client = login_as(world.people.handler)
    url = reverse("instruments:who5", args=["alfa", stay.pk])

    response = client.post(
        url, {"answered_on": "2019-03-02", "item1": 2, "item2": 2, "item3": 2, "item4": 2, "item5": 2}
    )

    assert response.status_code == 302
    assert Who5.objects.get().percent == 40
