"""The team's statistics are protected like every other statistic, by the cell-key method: each count is perturbed
by the fixed noise of its records' keys, a small count shows as "<5" (or 0), a mean resting on too few requests as
"–"; and anyone who may see the teams sees only that."""

import datetime as dt

import pytest
from django.urls import reverse

from samordna.audit.models import ReadLogEntry
from samordna.lib.record_keys import KEY_SPACE
from samordna.openentry import actions, queries
from samordna.openentry.models import AgendaItem, IntakeRequest, RecommendationPart, RequestState, SystemGap
from samordna.participants.fictional import fictional_personnummer
from samordna.stats.suppression import Cell, published_count

from .conftest import report_gap, request_fields


def valid_numbers(count):
    return [fictional_personnummer(f"19{70 + n}0312", n % 10, "K") for n in range(count)]


def file_many(world, team, count, received_on):
    return [
        actions.file_request(
            world.people.colleague,
            world.a,
            **request_fields(world, team.team, personnummer=pnr, received_on=received_on, person_name=f"Person {n}"),
        )
        for n, pnr in enumerate(valid_numbers(count))
    ]


@pytest.fixture
def busy(world, team):
    """January: 7 requests, 6 recommended and 1 not relevant; February: 2 requests; one gap open, none answered."""
    january = file_many(world, team, 7, dt.date(2018, 1, 8))
    file_many(world, team, 2, dt.date(2018, 2, 1))
    for n, request in enumerate(january):
        item = actions.put_on_agenda(None, request, team.meetings[0])
        if n < 6:
            actions.record_outcome(
                None, item, outcome=RequestState.RECOMMENDED, person_present=True, parts=[{"kind": "SAMSIP"}]
            )
        else:
            actions.record_outcome(
                None,
                item,
                outcome=RequestState.NOT_RELEVANT,
                person_present=False,
                motivation="Har redan samordnat stöd.",
                continued_planning="Fortsätt med Försäkringskassan.",
            )
    report_gap(world, team.team)
    # Keys of a sixteenth of the key space each: a cell of n records has its key at n sixteenths, which gives the
    # noise 0 for 5 … 10 records, −1 for 2 … 4 and −1 for a single record (PERTURBATION).
    for model in (IntakeRequest, AgendaItem, RecommendationPart, SystemGap):
        model.objects.update(record_key=SIXTEENTH)
    return team


SIXTEENTH = KEY_SPACE // 16


def test_exact_figures_only_without_a_threshold(world, busy):
    exact = queries.published_team_statistics(busy.team, None)

    assert exact["per_month"] == [("2018-01", 7), ("2018-02", 2)]
    assert dict(exact["outcomes"]) == {"Rekommendation lämnad": 6, "Inte aktuell": 1, "Behöver ett nytt möte": 0}
    assert dict(exact["kinds"])["SAMSIP"] == 6
    assert exact["met"] == 7 and exact["days_to_meeting"] == 1.0
    assert exact["started"] == 0 and exact["days_to_start"] is None
    assert exact["gaps"] == {"open": 1, "answered": 0}


def test_counts_are_perturbed_by_their_records_keys_and_small_ones_hidden(world, busy):
    shown = queries.published_team_statistics(busy.team, 5)

    # 7 and 6 records get the noise 0; 2 records get −1 and show as "<5"; a single one gets −1 and shows as 0.
    assert shown["per_month"] == [("2018-01", 7), ("2018-02", "<5")]
    assert dict(shown["outcomes"]) == {"Rekommendation lämnad": 6, "Inte aktuell": 0, "Behöver ett nytt möte": 0}
    assert dict(shown["kinds"]) == {
        "Ordinarie stöd hos en medlem": 0,
        "Förbundsfinansierad insats": 0,
        "SAMSIP": 6,
        "Försteg": 0,
    }
    assert shown["met"] == 7 and shown["days_to_meeting"] == 1.0
    assert shown["gaps"] == {"open": 0, "answered": 0}


def test_other_keys_give_other_noise_and_the_same_figures_every_time(world, busy):
    # All seven January requests on key 0: the cell's key is 0, which gives the noise −2.
    IntakeRequest.objects.filter(received_on__month=1).update(record_key=0)

    first = queries.published_team_statistics(busy.team, 5)

    assert first["per_month"][0] == ("2018-01", published_count(Cell(7, 0), 5)) == ("2018-01", 5)
    assert queries.published_team_statistics(busy.team, 5) == first


def test_no_cell_is_hidden_for_another_any_more(world, busy):
    shown = queries.published_team_statistics(busy.team, 5)
    assert "x" not in [n for _month, n in shown["per_month"]] + [n for _label, n in shown["outcomes"]]


def test_a_mean_over_few_requests_is_hidden(world, team):
    file_many(world, team, 3, dt.date(2018, 1, 8))
    for request in IntakeRequest.objects.filter(team=team.team):
        actions.put_on_agenda(None, request, team.meetings[0])

    shown = queries.published_team_statistics(team.team, 5)

    assert shown["met"] == "<5"
    assert shown["days_to_meeting"] is None


def test_the_page_uses_the_forbunds_threshold(world, busy, login_as):
    world.a.suppression_threshold = 2
    world.a.save()
    client = login_as(world.people.office)

    response = client.get(reverse("openentry:statistics", args=["alfa", busy.team.pk]))

    stats = response.context["stats"]
    assert stats["per_month"] == [("2018-01", 7), ("2018-02", "<2")]
    assert "&lt;2" in response.content.decode()


@pytest.mark.parametrize("who", ["office", "admin", "preparatory", "colleague", "handler", "member"])
def test_everyone_who_sees_the_teams_gets_the_suppressed_page_without_a_read(world, busy, login_as, who):
    user = busy.seat_fk if who == "member" else getattr(world.people, who)
    client = login_as(user)

    response = client.get(reverse("openentry:statistics", args=["alfa", busy.team.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "&lt;5" in page and "<td>x</td>" not in page
    assert "Person " not in page and "Tove" not in page
    assert not ReadLogEntry.objects.filter(actor=user).exists()


@pytest.mark.parametrize("who", ["board", "auditor", "applicant", "dpo"])
def test_roles_without_the_teams_get_no_team_statistics(world, busy, login_as, who):
    client = login_as(getattr(world.people, who))
    assert client.get(reverse("openentry:statistics", args=["alfa", busy.team.pk])).status_code == 403


def test_another_forbund_gets_nothing(world, busy, login_as):
    client = login_as(world.people.outsider)
    assert client.get(reverse("openentry:statistics", args=["alfa", busy.team.pk])).status_code == 404
