"""The start page: each role sees its own work, each item links to a page that opens, and nothing else."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login, make_user
from samordna.applications import actions as application_actions
from samordna.applications.models import ReviewOutcome
from samordna.applications.tests.factories import complete_application
from samordna.meetings import actions as meeting_actions
from samordna.meetings.tests.helpers import minutes_for, with_signers
from samordna.participants.tests.people import ANNA, BO, enrol
from samordna.reporting import actions as reporting_actions
from samordna.reporting.models import InsatsReport, ReportKind
from samordna.tenancy import actions
from samordna.tenancy.models import Role

EMPTY = "Inget väntar på dig just nu."


def today() -> dt.date:
    return timezone.localdate()


def start_page(client, user, forbund):
    login(client, user)
    response = client.get(reverse("tenancy:dashboard", kwargs={"forbund_slug": forbund.slug}))
    assert response.status_code == 200
    return response.content.decode()


def main_of(page: str) -> str:
    match = re.search(r"<main[^>]*>(.*)</main>", page, re.S)
    return match.group(1) if match else page


def sections(page: str) -> list[str]:
    return re.findall(r'<section class="dashboard-section" id="([a-z_]+)">', page)


def section_html(page: str, key: str) -> str:
    match = re.search(rf'<section class="dashboard-section" id="{key}">(.*?)</section>', page, re.S)
    assert match, f"no section {key}"
    return match.group(1)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def follow_links(client, fragment: str) -> list[str]:
    """Open every link of the fragment as the logged-in user; each must answer 200."""
    links = [html.unescape(href) for href in re.findall(r'href="([^"]+)"', fragment)]
    for link in links:
        assert client.get(link).status_code == 200, link
    return links


def report(intervention, kind, due_date, period_start) -> InsatsReport:
    return InsatsReport.objects.create(
        intervention=intervention,
        kind=kind,
        period_start=period_start,
        period_end=period_start + dt.timedelta(days=27),
        due_date=due_date,
    )


EXPECTED_SECTIONS = {
    "admin": ["office"],
    "office": ["office"],
    "board": ["board"],
    "preparatory": ["preparation"],
    "colleague": ["insats_reports"],
    "handler": ["caseload"],
    "applicant": ["applicant", "insats_reports"],
    "auditor": ["audit"],
    "dpo": ["privacy"],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED_SECTIONS))
def test_each_role_sees_its_own_sections_and_no_other(client, world, persona):
    page = start_page(client, getattr(world.people, persona), world.a)
    assert sections(page) == EXPECTED_SECTIONS[persona]


@pytest.mark.parametrize("persona", ["board", "preparatory", "colleague", "handler", "applicant", "auditor"])
def test_nothing_waiting_says_so(client, world, persona):
    page = start_page(client, getattr(world.people, persona), world.a)
    for key in EXPECTED_SECTIONS[persona]:
        assert EMPTY in section_html(page, key)


def test_a_user_with_several_roles_sees_each_section_once(client, world):
    both = make_user("both_a", world.a, Role.APPLICANT, interventions=[world.insats_a])
    actions.assign_role(None, world.a, both, Role.INTERVENTION_MANAGER, interventions=[world.insats_a])
    actions.assign_role(None, world.a, both, Role.BOARD_MEMBER)
    page = start_page(client, both, world.a)
    assert sections(page) == ["board", "insats_reports", "applicant"]


def test_the_office_sees_what_waits_with_working_links(client, world):
    people = world.people
    submitted = complete_application(world, title="Inlämnad ansökan")
    application_actions.submit(people.applicant, submitted)
    preparing = complete_application(world, title="Ansökan under beredning")
    application_actions.submit(people.applicant, preparing)
    application_actions.start_preparation(people.office, preparing)
    prepared = complete_application(world, title="Beredd ansökan")
    application_actions.submit(people.applicant, prepared)
    application_actions.start_preparation(people.office, prepared)
    application_actions.review(
        people.preparatory, prepared, outcome=ReviewOutcome.RECOMMENDED, body="Tillstyrks.", reviewed_on=today()
    )
    meeting_actions.plan_meeting(None, world.a, date=today() - dt.timedelta(days=2), place="Kansliet")
    minutes_for(world, today() - dt.timedelta(days=20))
    report(world.insats_a, ReportKind.MONTHLY, today() - dt.timedelta(days=3), dt.date(2020, 1, 1))
    report(world.insats_a, ReportKind.MONTHLY, today() + dt.timedelta(days=10), dt.date(2020, 2, 1))
    report(world.insats_a, ReportKind.MONTHLY, today() + dt.timedelta(days=100), dt.date(2020, 3, 1))

    page = start_page(client, people.office, world.a)
    office = section_html(page, "office")
    text = text_of(office)
    assert "Registrera och lämna till beredning: " in text and "Inlämnad ansökan" in text
    assert "Följ beredningen: " in text and "Ansökan under beredning" in text
    assert "Beredd, sätt upp på föredragningslistan: " in text and "Beredd ansökan" in text
    assert f"Skriv protokoll från sammanträdet {today() - dt.timedelta(days=2):%Y-%m-%d}" in text
    assert f"Skicka protokollet från {today() - dt.timedelta(days=20):%Y-%m-%d} till justering" in text
    assert "1 insatsrapport är försenad" in text
    assert "1 insatsrapport ska lämnas inom 30 dagar" in text
    assert f"Det finns ingen budget för {today().year}" in text
    assert EMPTY not in office
    links = follow_links(client, office)
    assert reverse("finance:budget", kwargs={"forbund_slug": "alfa"}) + f"?year={today().year}" in links
    assert reverse("applications:detail", kwargs={"forbund_slug": "alfa", "application_id": submitted.pk}) in links


def test_the_office_sees_the_room_for_new_projects_when_the_year_has_a_budget(client, world):
    from samordna.finance import actions as finance_actions

    finance_actions.save_budget_year(world.people.office, world.a, year=today().year, equity_start=500_000)
    text = text_of(section_html(start_page(client, world.people.office, world.a), "office"))
    assert f"Utrymme för nya projekt {today().year}:" in text
    assert "ingen budget" not in text


def test_the_office_sees_no_participant_only_counts(client, world):
    enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson")
    report(world.insats_a, ReportKind.MONTHLY, today() - dt.timedelta(days=3), dt.date(2020, 1, 1))
    for persona in (world.people.office, world.people.admin):
        page = start_page(client, persona, world.a)
        assert "Anna" not in page
        assert ANNA not in page and ANNA[2:] not in page and f"{ANNA[:8]}-{ANNA[8:]}" not in page
        assert "1 insatsrapport är försenad" in text_of(page)


def test_a_handler_sees_only_the_due_items_of_their_own_insatser(client, world, second):
    enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson")
    enrol(
        world,
        second.handler,
        intervention=second.insats,
        personnummer=BO,
        name="Bo Bengtsson",
        enrolment_date=dt.date(2020, 3, 1),
    )

    page = start_page(client, world.people.handler, world.a)
    caseload = section_html(page, "caseload")
    assert "Anna Andersson" in caseload and "SIP" in caseload and "försenad" in caseload
    assert "Bo Bengtsson" not in page
    links = follow_links(client, caseload)
    assert any("/sip/" in link for link in links) and any("/deltagare/" in link for link in links)

    other = start_page(client, second.handler, world.a)
    assert "Bo Bengtsson" in section_html(other, "caseload")
    assert "Anna Andersson" not in other


def test_the_board_member_sees_the_next_meeting_and_the_minutes_to_sign(client, world):
    soon = meeting_actions.plan_meeting(None, world.a, date=today() + dt.timedelta(days=9), place="Stadshuset")
    meeting_actions.plan_meeting(None, world.a, date=today() + dt.timedelta(days=60), place="Senare")
    minutes = with_signers(world, minutes_for(world, today() - dt.timedelta(days=5)))
    meeting_actions.mark_ready(None, minutes)

    page = start_page(client, world.people.board, world.a)
    board = section_html(page, "board")
    text = text_of(board)
    assert f"Nästa sammanträde: {soon.date:%Y-%m-%d}, Stadshuset" in text
    assert "Kallelsen är inte skickad än." in text
    assert "Senare" not in text
    assert f"Skriv under protokollet från {minutes.meeting.date:%Y-%m-%d} som ordförande" in text
    links = follow_links(client, board)
    assert reverse("meetings:sign_page", kwargs={"forbund_slug": "alfa", "meeting_id": minutes.meeting_id}) in links

    # Another board member is not named in these minutes.
    other = make_user("board2_a", world.a, Role.BOARD_MEMBER)
    assert EMPTY in section_html(start_page(client, other, world.a), "board")


def test_the_preparatory_group_sees_the_applications_to_prepare(client, world):
    application = complete_application(world, title="Att bereda")
    application_actions.submit(world.people.applicant, application)
    waiting = complete_application(world, title="Bara inlämnad")
    application_actions.submit(world.people.applicant, waiting)
    application_actions.start_preparation(world.people.office, application)

    preparation = section_html(start_page(client, world.people.preparatory, world.a), "preparation")
    assert "Att bereda" in preparation and "Bara inlämnad" not in preparation
    assert follow_links(client, preparation)


def test_the_applicant_sees_its_own_drafts_and_its_insatsers_reports(client, world):
    mine = complete_application(world, title="Mitt utkast")
    complete_application(world, world.people.office, title="Kansliets utkast")
    returned = complete_application(world, title="Skickad tillbaka")
    application_actions.submit(world.people.applicant, returned)
    application_actions.return_for_completion(world.people.office, returned, reason="Bifoga budgeten.")
    actions.assign_role(None, world.a, world.people.colleague, Role.APPLICANT, interventions=[world.insats_a])

    page = start_page(client, world.people.applicant, world.a)
    drafts = text_of(section_html(page, "applicant"))
    assert f"Utkast att göra klart och skicka in: {mine.title}" in drafts
    assert "Komplettera och skicka in igen: Skickad tillbaka" in drafts
    assert "Kansliets utkast" not in drafts
    follow_links(client, section_html(page, "applicant"))


def test_insats_reports_are_scoped_to_the_users_insatser(client, world):
    report(world.insats_a, ReportKind.MONTHLY, today() - dt.timedelta(days=3), dt.date(2020, 1, 1))
    report(world.other_insats_a, ReportKind.MONTHLY, today() + dt.timedelta(days=3), dt.date(2020, 1, 1))

    reports = section_html(start_page(client, world.people.colleague, world.a), "insats_reports")
    text = text_of(reports)
    assert "Månadsrapport för 2017:48 Alfas väg in" in text and "försenad" in text
    assert "2019:3" not in text
    follow_links(client, reports)


def test_the_auditor_sees_open_audit_items(client, world):
    reporting_actions.register_audit_document(
        world.people.auditor,
        world.a,
        kind="REVIEW",
        year=today().year - 1,
        title="Granskning av intern kontroll",
        received_on=today() - dt.timedelta(days=40),
        response_due=today() - dt.timedelta(days=10),
        recommendations=["Dokumentera rutinerna.", "Följ upp avtalen."],
    )
    reporting_actions.create_forbund_report(world.people.office, world.a, "ANNUAL", today().year - 1)

    audit = section_html(start_page(client, world.people.auditor, world.a), "audit")
    text = text_of(audit)
    assert f"Revisionsrapport {today().year - 1} väntar på styrelsens yttrande" in text and "försenad" in text
    assert "2 rekommendationer är inte åtgärdade" in text
    assert f"Årsredovisningen {today().year - 1} saknar revisionsberättelse" in text
    follow_links(client, audit)


def test_the_dpo_sees_the_missing_retention_plan_and_the_read_log_to_review(client, world):
    enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson")
    start_page(client, world.people.handler, world.a)  # the handler's due list is a logged read

    privacy = section_html(start_page(client, world.people.dpo, world.a), "privacy")
    text = text_of(privacy)
    assert "ingen beslutad gallringsplan" in text
    assert "Granska läsloggen: 1 läsning av personuppgifter sedan" in text
    assert "Anna" not in privacy
    follow_links(client, privacy)


def test_team_members_see_their_teams_next_meeting(client, world):
    from samordna.openentry.models import Team, TeamMeeting, TeamSeat

    team = Team.objects.create(forbund=world.a, name="Samverkansteam Alfa")
    TeamSeat.objects.create(
        team=team, member=world.members_a["fk"], function="Handläggare", holder=world.people.preparatory
    )
    TeamMeeting.objects.create(team=team, date=today() + dt.timedelta(days=4), time=dt.time(9, 0))

    page = start_page(client, world.people.preparatory, world.a)
    assert sections(page) == ["preparation", "teams"]
    teams = section_html(page, "teams")
    assert f"Samverkansteam Alfa: nästa möte {today() + dt.timedelta(days=4):%Y-%m-%d}" in text_of(teams)
    follow_links(client, teams)


def _office_records(world, start: int, n: int) -> None:
    for i in range(start, start + n):
        application = complete_application(world, title=f"Ansökan {i}")
        application_actions.submit(world.people.applicant, application)
        report(world.insats_a, ReportKind.MONTHLY, today() - dt.timedelta(days=i + 1), dt.date(2000 + i, 1, 1))
        minutes_for(world, today() - dt.timedelta(days=10 + i), paragraphs=1)
        enrol(
            world,
            world.people.handler,
            enrolment_date=dt.date(2019, 3, 1) + dt.timedelta(days=i),
            sex="K",
            birth_year=1980,
        )


@pytest.mark.parametrize("persona", ["office", "handler", "board", "colleague"])
def test_the_page_asks_the_database_a_fixed_number_of_times(client, world, persona, django_assert_max_num_queries):
    user = getattr(world.people, persona)
    _office_records(world, 0, 1)
    login(client, user)
    url = reverse("tenancy:dashboard", kwargs={"forbund_slug": world.a.slug})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _office_records(world, 1, 6)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200


def test_home_sends_a_user_with_one_forbund_to_its_start_page(client, world):
    login(client, world.people.office)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("tenancy:dashboard", kwargs={"forbund_slug": "alfa"})
