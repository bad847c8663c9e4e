"""Indicator surveys answered without login: handout codes made by the insats's staff, each good for one anonymous
answer sheet on the public page; guessing is locked out, and nothing on the page tells which insats a code is for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.instruments import actions, codes, queries
from samordna.instruments.models import (
    CodeAttemptFailure,
    HandoutCode,
    IndicatorSurvey,
    SurveyAnswer,
    SurveyHandout,
    SurveyResponse,
)
from samordna.lib.errors import Refused
from samordna.stats import queries as stats_queries

ANSWER = reverse("instruments:answer")


@pytest.fixture
def survey(world):
    return actions.define_survey(
        None,
        world.a,
        code="deltagare",
        title="Deltagarenkät",
        respondent_group="Deltagare",
        questions=["Jag har fått stöd som passar mig.", "Jag vet vad nästa steg är."],
        target_percent=70,
    )


def _handout(world, survey, count=3):
    return actions.create_handout(world.people.handler, world.insats_a, survey=survey, count=count)


def _a_code(handout) -> str:
    return handout.codes.filter(used=False).values_list("code", flat=True).first()


def _counts():
    return (SurveyResponse.objects.count(), SurveyAnswer.objects.count(), HandoutCode.objects.filter(used=True).count())


def test_the_handler_makes_codes_long_enough_not_to_be_guessed_and_the_log_holds_none_of_them(world, survey):
    handout = _handout(world, survey, count=25)

    made = list(handout.codes.values_list("code", flat=True))
    assert len(set(made)) == 25
    assert all(len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET) for code in made)
    assert len(codes.ALPHABET) ** codes.LENGTH > 2**48
    event = AuditEvent.objects.get(action="instrument.survey.handout")
    assert event.changes == {"codes": 25}
    assert not any(code in str(event.changes) + event.object_label for code in made)


def test_a_participant_answers_once_with_a_code_and_no_login(world, survey):
    handout = _handout(world, survey)
    code = codes.shown(_a_code(handout))
    client = Client()

    opened = client.post(ANSWER, {"code": code.lower()})
    assert opened.status_code == 200
    body = opened.content.decode()
    assert "Jag vet vad nästa steg är." in body
    # Nothing on the page tells which insats or förbund the code belongs to.
    assert world.insats_a.name not in body and world.insats_a.registration_no not in body
    assert _counts() == (0, 0, 0)

    sent = client.post(ANSWER, {"code": code, "answering": "1", "q1": "5", "q2": ""})
    assert sent.status_code == 302 and sent["Location"] == reverse("instruments:answered")
    response = SurveyResponse.objects.get()
    assert (response.survey, response.intervention, response.answered_on) == (
        survey,
        world.insats_a,
        dt.date.today(),
    )
    assert list(response.answers.values_list("question", "value")) == [(1, 5)]
    assert not any(f.name.startswith(("particip", "code", "handout")) for f in SurveyResponse._meta.get_fields())

    again = client.post(ANSWER, {"code": code, "answering": "1", "q1": "1", "q2": "1"})
    assert again.status_code == 400
    assert "Koden är redan använd" in again.content.decode()
    assert _counts() == (1, 1, 1)


def test_a_wrong_code_gets_a_clear_message_and_nothing_is_stored(world, survey):
    _handout(world, survey)

    response = Client().post(ANSWER, {"code": "ABCDE-FGHJK"})

    assert response.status_code == 400
    assert "Koden finns inte" in response.content.decode()
    assert _counts() == (0, 0, 0)


def test_answers_outside_the_scale_are_refused_and_the_code_stays_unused(world, survey):
    code = _a_code(_handout(world, survey))

    response = Client().post(ANSWER, {"code": code, "answering": "1", "q1": "9", "q2": "2"})

    assert response.status_code == 400
    assert _counts() == (0, 0, 0)


def test_guessing_codes_is_locked_out_even_for_a_right_code(world, survey):
    code = _a_code(_handout(world, survey))
    client = Client()
    for attempt in range(codes.MAX_FAILURES):
        assert client.post(ANSWER, {"code": f"WRONG{attempt:05d}"}).status_code == 400

    locked = client.post(ANSWER, {"code": code, "answering": "1", "q1": "4", "q2": "4"})

    assert locked.status_code == 429
    assert "För många felaktiga koder" in locked.content.decode()
    assert _counts() == (0, 0, 0)
    # Only a keyed hash of the address is kept, never the address itself.
    assert not CodeAttemptFailure.objects.filter(address_key__contains="127.0.0.1").exists()


def test_the_public_page_refuses_a_post_without_the_csrf_token(world, survey):
    code = _a_code(_handout(world, survey))

    response = Client(enforce_csrf_checks=True).post(ANSWER, {"code": code, "answering": "1", "q1": "4", "q2": "4"})

    assert response.status_code == 403
    assert _counts() == (0, 0, 0)


def test_answers_count_in_the_statistics_by_the_insats(world, survey):
    handout = _handout(world, survey, count=6)
    for code, value in zip(handout.codes.values_list("code", flat=True), [5, 5, 4, 2, 1, 5], strict=True):
        actions.answer_with_code(code, [value, None])

    results = queries.survey_results(survey, world.insats_a)
    assert (results[0]["answered"], results[0]["positive"], results[1]["answered"]) == (6, 4, 0)
    shares = stats_queries.survey_shares(world.a, dt.date.today(), dt.date.today())
    assert shares[0]["questions"][0]["answered"].n == 6


def test_only_the_insats_staff_make_codes(world, second, survey):
    before = (SurveyHandout.objects.count(), HandoutCode.objects.count())
    for person in (second.handler, world.people.board, world.people.auditor, world.people.applicant):
        with pytest.raises(Refused):
            actions.create_handout(person, world.insats_a, survey=survey, count=2)
    assert (SurveyHandout.objects.count(), HandoutCode.objects.count()) == before

    actions.create_handout(world.people.colleague, world.insats_a, survey=survey, count=2)
    assert HandoutCode.objects.count() == 2


def test_codes_for_another_forbunds_survey_are_refused(world, survey):
    theirs = actions.define_survey(None, world.b, code="b", title="B", respondent_group="D", questions=["A"])

    with pytest.raises(Exception, match="annat förbund"):
        actions.create_handout(world.people.handler, world.insats_a, survey=theirs, count=2)
    assert not HandoutCode.objects.exists()


def test_the_handouts_page_makes_a_batch_and_prints_only_unused_codes(world, survey, login_as):
    client = login_as(world.people.handler)
    page = reverse("instruments:handouts", args=["alfa", world.insats_a.pk])

    made = client.post(page, {"survey": survey.pk, "count": "4"})

    handout = SurveyHandout.objects.get()
    assert made.status_code == 302
    used = handout.codes.all()[0]
    actions.answer_with_code(used.code, [4, 4])
    printed = client.get(made["Location"]).content.decode()
    unused = handout.codes.filter(used=False)
    assert all(codes.shown(c.code) in printed for c in unused)
    assert codes.shown(used.code) not in printed
    listing = client.get(page).content.decode()
    assert "Deltagarenkät" in listing


def test_a_bad_count_is_refused_on_the_page(world, survey, login_as):
    client = login_as(world.people.handler)
    page = reverse("instruments:handouts", args=["alfa", world.insats_a.pk])

    response = client.post(page, {"survey": survey.pk, "count": "0"})

    assert response.status_code == 400
    assert not SurveyHandout.objects.exists()


def test_a_handout_of_another_insats_is_not_found(world, second, survey, login_as):
    handout = _handout(world, survey)
    client = login_as(second.handler)

    response = client.get(reverse("instruments:handout", args=["alfa", world.insats_a.pk, handout.pk]))

    assert response.status_code == 403


# --- Rewording -----------------------------------------------------------------------------------------


@pytest.fixture
def own_survey(world):
    return actions.define_survey(
        None,
        world.a,
        code="egen",
        title="Egen enkät",
        respondent_group="Deltagare",
        questions=["Fråga ett", "Fråga två"],
        wording_locked=False,
    )


def _reword_url(world, survey):
    return reverse("instruments:survey_reword", args=["alfa", world.insats_a.pk, survey.pk])


def test_the_insats_manager_rewords_an_answered_survey_as_a_new_version(world, own_survey, login_as):
    actions.answer_with_code(_a_code(_handout(world, own_survey)), [5, 3])
    client = login_as(world.people.colleague)

    response = client.post(_reword_url(world, own_survey), {"q1": "Fråga ett", "q2": "Fråga två, tydligare"})

    assert response.status_code == 302
    own_survey.refresh_from_db()
    assert own_survey.questions == ["Fråga ett", "Fråga två"]
    newer = IndicatorSurvey.objects.get(code="egen", version=2)
    assert newer.questions == ["Fråga ett", "Fråga två, tydligare"]
    assert not newer.wording_locked


def test_codes_printed_before_a_rewording_answer_the_new_wording(world, own_survey):
    code = _a_code(_handout(world, own_survey))
    actions.answer_with_code(_a_code(_handout(world, own_survey)), [5, 3])
    newer = actions.reword_survey(world.people.colleague, own_survey, questions=["A", "B"], intervention=world.insats_a)

    response = actions.answer_with_code(code, [4, 4])

    assert response.survey == newer
    assert queries.survey_results(own_survey)[0]["answered"] == 1


def test_an_unanswered_survey_is_reworded_in_place(world, own_survey):
    same = actions.reword_survey(world.people.colleague, own_survey, questions=["A", "B"], intervention=world.insats_a)

    assert same.pk == own_survey.pk and same.questions == ["A", "B"]
    assert IndicatorSurvey.objects.filter(code="egen").count() == 1


def test_a_locked_nns_survey_is_never_reworded(world, survey, login_as):
    client = login_as(world.people.colleague)

    response = client.post(_reword_url(world, survey), {"q1": "Ny", "q2": "Ny"})

    assert response.status_code == 200
    assert "låst" in response.content.decode()
    assert list(IndicatorSurvey.objects.values_list("questions", flat=True)) == [survey.questions]


def test_rewording_keeps_the_number_of_questions(world, own_survey):
    with pytest.raises(Exception, match="var och en av enkätens 2 frågor"):
        actions.reword_survey(world.people.colleague, own_survey, questions=["A"], intervention=world.insats_a)
    own_survey.refresh_from_db()
    assert own_survey.questions == ["Fråga ett", "Fråga två"]


def test_only_the_manager_of_the_insats_or_the_office_rewords(world, own_survey, login_as):
    events = AuditEvent.objects.count()
    for person in (world.people.handler, world.people.board, world.people.applicant):
        response = login_as(person).post(_reword_url(world, own_survey), {"q1": "X", "q2": "Y"})
        assert response.status_code == 403
    with pytest.raises(Refused):
        actions.reword_survey(world.people.colleague, own_survey, questions=["X", "Y"])
    assert AuditEvent.objects.count() == events
    own_survey.refresh_from_db()
    assert own_survey.questions == ["Fråga ett", "Fråga två"]
    actions.reword_survey(world.people.office, own_survey, questions=["X", "Y"])
