"""The flow through the pages: a member's staff files with consent, the team recommends two parallel supports,
the insats's handler accepts the referral and the participation starts. Plus the catalogue search and statistics."""

import datetime as dt

import pytest
from django.urls import reverse

from samordna.audit.models import ReadLogEntry
from samordna.openentry import actions, queries
from samordna.openentry.models import CatalogueEntry, IntakeRequest, RecommendationPart, RequestState, TeamMeeting
from samordna.participants.models import Participation

from .conftest import report_gap, request_fields


def parts_data(*parts):
    data = {"part-TOTAL_FORMS": "4", "part-INITIAL_FORMS": "0", "part-MIN_NUM_FORMS": "0", "part-MAX_NUM_FORMS": "8"}
    for n, part in enumerate(parts):
        data.update({f"part-{n}-{k}": v for k, v in part.items()})
    return data


def test_the_whole_flow_through_the_pages(world, team, login_as, client):
    # A member's staff files the request with the person's consent.
    login_as(world.people.colleague)
    url = reverse("openentry:file", args=["alfa"])
    form = {
        "team": team.team.pk,
        "filing_member": world.members_a["af"].pk,
        "contact_name": "Handläggare Hansson",
        "person_name": "Tove Testperson",
        "personnummer": "19890302-9802",
        "wanted_support": "Arbete",
        "resources": "Körkort",
        "received_on": "2018-01-08",
        "channel": "WEB",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400 and "samtycka" in refused.content.decode()
    assert not IntakeRequest.objects.exists()
    response = client.post(url, {**form, "consent_given_on": "2018-01-08", "consent_method": "WRITTEN"})
    intake = IntakeRequest.objects.get()
    assert response.status_code == 302 and str(intake.pk) in response["Location"]

    # The office puts it on the agenda, seeing only the reference.
    login_as(world.people.office)
    # A meeting held today: the agenda form offers it, and its outcome may be recorded the same day.
    meeting = TeamMeeting.objects.create(team=team.team, date=dt.date.today(), time=team.team.meeting_time)
    team_page = client.get(reverse("openentry:team", args=["alfa", team.team.pk]))
    assert intake.reference in team_page.content.decode() and "Tove" not in team_page.content.decode()
    client.post(
        reverse("openentry:put_on_agenda", args=["alfa", team.team.pk]), {"request": intake.pk, "meeting": meeting.pk}
    )
    intake.refresh_from_db()
    assert intake.state == RequestState.ON_AGENDA

    # The team's leader reviews it and recommends two supports at once.
    login_as(team.leader)
    agenda = client.get(reverse("openentry:meeting", args=["alfa", meeting.pk]))
    assert "Tove Testperson" in agenda.content.decode()
    item = intake.agenda_items.get()
    review_url = reverse("openentry:review", args=["alfa", item.pk])
    assert client.get(review_url).status_code == 200
    response = client.post(
        review_url,
        {
            "outcome": "RECOMMENDED",
            "person_present": "on",
            **parts_data(
                {"kind": "ORDINARY", "member": world.members_a["af"].pk, "note": "Vägledning"},
                {"kind": "INSATS", "intervention": world.insats_a.pk, "track": "Koordinatorstöd"},
            ),
        },
    )
    assert response.status_code == 302
    assert sorted(RecommendationPart.objects.values_list("kind", flat=True)) == ["INSATS", "ORDINARY"]

    # The insats's participant handler accepts the referral; the participation starts with the link kept.
    login_as(world.people.handler)
    inbox = client.get(reverse("openentry:referrals", args=["alfa"]))
    part = RecommendationPart.objects.get(kind="INSATS")
    assert intake.reference in inbox.content.decode()
    response = client.post(
        reverse("openentry:referral", args=["alfa", part.pk]),
        {
            "decision": "accept",
            "enrolment_date": "2018-02-05",
            "referrer": "AF",
            "income_before": "AKTIVITETSSTOD",
            "occupation_before": "ARBETSSOKANDE",
            "consent_given_on": "2018-02-05",
            "consent_method": "WRITTEN",
        },
    )
    stay = Participation.objects.get(intervention=world.insats_a)
    assert response.status_code == 302 and str(stay.participant_id) in response["Location"]
    part.refresh_from_db()
    assert part.participation == stay and part.referral_status == "ACCEPTED"


def test_the_office_cannot_open_the_review_or_the_request(world, team, filed, login_as):
    item = actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    client = login_as(world.people.office)

    assert client.get(reverse("openentry:request", args=["alfa", filed.pk])).status_code == 404
    assert client.get(reverse("openentry:review", args=["alfa", item.pk])).status_code == 404
    page = client.get(reverse("openentry:meeting", args=["alfa", team.meetings[0].pk]))
    assert page.status_code == 200 and filed.reference in page.content.decode()
    assert "Tove" not in page.content.decode()
    assert not ReadLogEntry.objects.filter(actor=world.people.office).exists()


def test_another_teams_member_gets_nothing(world, team, filed, login_as):
    item = actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    client = login_as(team.other)

    assert client.get(reverse("openentry:review", args=["alfa", item.pk])).status_code == 404
    statistics = client.get(reverse("openentry:statistics", args=["alfa", team.team.pk]))
    assert statistics.status_code == 200 and "Tove" not in statistics.content.decode()
    page = client.get(reverse("openentry:meeting", args=["alfa", team.meetings[0].pk]))
    assert "Tove" not in page.content.decode()


@pytest.fixture
def catalogue(world):
    young = actions.create_catalogue_entry(
        None,
        world.a,
        kind="ORDINARY",
        name="Ungdomsmottagning",
        provider=world.members_a["region"],
        age_min=16,
        age_max=29,
    )
    ssa = actions.create_catalogue_entry(
        None,
        world.a,
        kind="INSATS",
        name="Koordinatorstöd",
        intervention=world.insats_a,
        age_min=16,
        age_max=64,
        income_sources=["FORSORJNINGSSTOD"],
        capacity=12,
        kommuner=[world.a.kommuner.get(code="2482")],
    )
    return young, ssa


def test_the_catalogue_is_searched_by_age_income_and_kommun(world, catalogue, login_as):
    client = login_as(world.people.board)
    url = reverse("openentry:catalogue", args=["alfa"])

    def names(**query):
        response = client.get(url, query, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        return {e.name for e in response.context["entries"]}

    assert names() == {"Ungdomsmottagning", "Koordinatorstöd"}
    assert names(age=40) == {"Koordinatorstöd"}
    assert names(income="SJUKPENNING") == {"Ungdomsmottagning"}
    norsjo = world.a.kommuner.get(code="2417")
    assert names(kommun=norsjo.pk) == {"Ungdomsmottagning"}
    assert names(q="koordinator") == {"Koordinatorstöd"}
    assert CatalogueEntry.objects.count() == 2


def test_team_statistics_are_counted_by_the_database(world, team, filed):
    item = actions.put_on_agenda(None, filed, team.meetings[0])
    actions.record_outcome(
        None,
        item,
        outcome="RECOMMENDED",
        person_present=True,
        parts=[{"kind": "INSATS", "intervention": world.insats_a}, {"kind": "SAMSIP"}],
    )
    second = actions.file_request(world.people.colleague, world.a, **request_fields(world, team.team))
    other = actions.put_on_agenda(None, second, team.meetings[1])
    actions.record_outcome(None, other, outcome="ANOTHER_MEETING", person_present=False)
    part = RecommendationPart.objects.get(kind="INSATS")
    actions.accept_referral(
        None,
        part,
        enrolment_date=dt.date(2018, 2, 7),
        referrer="AF",
        income_before="LON",
        occupation_before="ARBETE",
        consent_given_on=dt.date(2018, 2, 7),
        consent_method="WRITTEN",
    )
    report_gap(world, team.team)

    stats = queries.published_team_statistics(team.team, None)

    assert stats["per_month"] == [("2018-01", 2)]
    assert dict(stats["outcomes"]) == {"Rekommendation lämnad": 1, "Inte aktuell": 0, "Behöver ett nytt möte": 1}
    assert dict(stats["kinds"])["Förbundsfinansierad insats"] == 1
    # Both requests arrived 2018-01-08; meetings 2018-01-09 and 2018-01-16; start 2018-02-07.
    assert stats["days_to_meeting"] == 4.5
    assert stats["days_to_start"] == 30.0
    assert stats["gaps"] == {"open": 1, "answered": 0}
