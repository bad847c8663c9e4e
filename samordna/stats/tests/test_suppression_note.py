"""Every page of statistics explains how its figures are protected with one note, kept in one template of stats:
both the reports and the collaboration teams' page name the cell-key perturbation."""

import pytest
from django.urls import reverse

from samordna.openentry import actions as openentry_actions

PERIOD = {"date_from": "2020-01-01", "date_to": "2020-12-31"}
NOTE = "stats/_suppression_note.html"
HOW_SMALL_NUMBERS_SHOW = (
    "Antal från 1 till 5 minus ett visas som ”&lt;5”. "
    "Ett ”x” är dolt för att ett litet antal inte ska gå att räkna fram ur summorna."
)
HOW_REPORTS_ARE_PROTECTED = "Talen är skyddade med cellnyckelmetoden"


def used(response) -> list[str]:
    return [t.name for t in response.templates]


def test_the_statistics_page_and_the_teams_page_share_the_note(world, login_as):
    team = openentry_actions.create_team(None, world.a, name="Samverkansteam Alfa")
    client = login_as(world.people.office)

    report = client.get(reverse("stats:participants", args=["alfa"]), PERIOD)
    team_page = client.get(reverse("openentry:statistics", args=["alfa", team.pk]))

    assert NOTE in used(report) and NOTE in used(team_page)
    report_text, team_text = report.content.decode(), team_page.content.decode()
    assert HOW_REPORTS_ARE_PROTECTED in report_text and "mellan −2 och +2" in report_text
    assert "Antal under 5 visas som ”&lt;5” eller 0" in report_text and HOW_SMALL_NUMBERS_SHOW not in report_text
    assert HOW_REPORTS_ARE_PROTECTED in team_text and HOW_SMALL_NUMBERS_SHOW not in team_text
    # What "–" stands for differs: a share in the reports, a mean waiting time on the team's page.
    assert "En andel som bygger på ett dolt antal visas som ”–”." in report_text
    assert "En andel som bygger på ett dolt antal visas som ”–”." not in team_text
    assert "Ett medelvärde som bygger på för få ansökningar visas som ”–”." in team_text


def test_the_note_follows_the_forbunds_threshold_on_both_pages(world, login_as):
    world.a.suppression_threshold = 3
    world.a.save()
    team = openentry_actions.create_team(None, world.a, name="Samverkansteam Alfa")
    client = login_as(world.people.office)

    report = client.get(reverse("stats:participants", args=["alfa"]), PERIOD)
    team_page = client.get(reverse("openentry:statistics", args=["alfa", team.pk]))

    assert "Antal under 3 visas som ”&lt;3” eller 0" in report.content.decode()
    assert "Antal under 3 visas som ”&lt;3” eller 0" in team_page.content.decode()


@pytest.mark.parametrize(
    ("who", "route", "params"),
    [("handler", "stats:participants", PERIOD), ("admin", "stats:finsam", {"year": 2020})],
)
def test_exact_figures_say_so_instead(world, login_as, who, route, params):
    response = login_as(getattr(world.people, who)).get(reverse(route, args=["alfa"]), params)

    page = response.content.decode()
    assert response.status_code == 200 and NOTE in used(response)
    assert "Exakta antal." in page and "minus ett visas som" not in page and HOW_REPORTS_ARE_PROTECTED not in page
