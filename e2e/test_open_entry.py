"""The open entry in a real browser: from a request filed with consent to a participation that has started.

In Östra Östergötland a team member from Arbetsförmedlingen (`team-af`) files a request for support in planning
together with a fictional person who has given consent. The team's conversation leader (`samtalsledare`) puts it on
the agenda of the next weekly meeting; at the meeting a seated member (`team-fk`) records a recommendation with two
supports running at the same time: the förbund's insats Plattform Norrköping (coordinator support) and Arbetsförmed-
lingen's ordinary guidance. The insats's participant handler (`plattform`) then sees the referral, accepts it, and
the person's participation in 2014:1 starts. Every step is checked as a person would see it: by the text on screen.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from samordna.participants.fictional import fictional_personnummer

from .helpers import log_in

pytestmark = pytest.mark.e2e

FORBUND = "ostra-ostergotland"
BASE = f"/f/{FORBUND}/samverkan"
TEAM = "Samverkansteam Plattform Norrköping"
NAME = "Vera Påhittad"
WANTED = "Vill komma tillbaka till arbete med stöd från flera håll samtidigt."
RESOURCES = "Har erfarenhet av lagerarbete och körkort."


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def select_containing(page: Page, label: str, text: str, *, within=None) -> None:
    """Choose the option of the select labelled `label` whose text contains `text`."""
    select = (within or page).get_by_label(label, exact=True)
    options = select.locator("option").all_inner_texts()
    matching = [option for option in options if text in option]
    assert matching, f"no option with {text!r} in {label!r}: {options}"
    select.select_option(label=matching[0])


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag")


def test_request_to_recommendation_to_participation(new_page) -> None:
    # The server's day, so that the dates agree with its own 'today' also around midnight UTC.
    today = dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()
    if today.weekday() >= len(WEEKDAYS):
        pytest.skip("A team meets on weekdays only, and its outcome can be recorded only once the meeting is held.")
    digits = fictional_personnummer("19880312", 7, "K")
    personnummer = f"{digits[:8]}-{digits[8:]}"

    # 1. A member's staff files the request with the person, consent first.
    filer = new_page()
    log_in(filer, "team-af")
    filer.goto(f"{BASE}/ansokan/ny/")
    expect(filer.get_by_role("heading", level=1)).to_have_text("Ansökan om stöd i planering")
    filer.get_by_label("Team", exact=True).select_option(label=TEAM)
    select_containing(filer, "Medlem som ansöker tillsammans med personen", "Arbetsförmedlingen")
    filer.get_by_label("Kontaktperson hos medlemmen").fill("Alma Arbetsdotter")
    filer.get_by_label("Personens namn").fill(NAME)
    filer.get_by_label("Personnummer eller samordningsnummer").fill(personnummer)
    select_containing(filer, "Folkbokföringskommun", "Norrköping")
    filer.get_by_label("Vilket stöd personen önskar framåt").fill(WANTED)
    filer.get_by_label("Personens resurser och möjligheter att närma sig arbete eller studier").fill(RESOURCES)
    filer.get_by_label("Ansökan kom in", exact=True).fill(today.isoformat())
    filer.get_by_label("Hur ansökan kom in").select_option(value="WEB")

    # Without consent the request is not taken, and the form says why.
    submit(filer, "Spara")
    expect(filer.get_by_role("heading", level=1)).to_have_text("Ansökan om stöd i planering")
    expect(filer.locator("main")).to_contain_text("Personen måste samtycka")

    filer.get_by_label("Samtycke till informationsutbyte lämnat").fill(today.isoformat())
    filer.get_by_label("Hur samtycket lämnades").select_option(label="Skriftligt")
    submit(filer, "Spara")
    expect(filer).to_have_url(re.compile(rf"{BASE}/ansokan/[0-9a-f-]{{36}}/$"))
    heading = filer.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Ansökan")
    expect(heading).to_contain_text("Inkommen")
    reference = re.search(r"\d{4}-\d{3}", heading.inner_text()).group(0)
    expect(filer.locator("ul.messages")).to_contain_text(f"Ansökan {reference} är registrerad.")
    facts = filer.locator("main dl").first
    expect(facts).to_contain_text(NAME)
    expect(facts).to_contain_text(personnummer)
    expect(facts).to_contain_text(f"{today.isoformat()} (Skriftligt)")
    expect(facts).to_contain_text(WANTED)
    request_path = path_of(filer)

    # The team meets today this week: the förbund admin moves its weekly meeting to today's weekday, and the
    # conversation leader lays in this week's meeting (an outcome can only be recorded for a meeting held).
    admin = new_page()
    log_in(admin, "forbundschef")
    admin.goto(f"{BASE}/installningar/")
    admin.get_by_role("link", name=TEAM).first.click()
    admin.get_by_label("Möts varje vecka på").select_option(label=WEEKDAYS[today.weekday()])
    submit(admin, "Spara")
    expect(admin.locator("ul.messages")).to_be_visible()

    # 2. The conversation leader puts it on the agenda of today's meeting.
    leader = new_page()
    log_in(leader, "samtalsledare")
    leader.goto(f"{BASE}/")
    leader.get_by_role("link", name=TEAM).first.click()
    expect(leader.get_by_role("heading", level=1)).to_have_text(TEAM)
    team_path = path_of(leader)
    leader.get_by_label("Från och med").fill(today.isoformat())
    leader.get_by_label("Antal veckor").fill("1")
    submit(leader, "Lägg in veckomöten")
    row = leader.locator("tr", has_text=reference)
    expect(row).to_contain_text("Inkommen")
    # Before it is on the agenda the team sees the reference only, never the person.
    expect(leader.locator("main")).not_to_contain_text(NAME)
    meeting_date = today.isoformat()
    select_containing(leader, "Möte", meeting_date, within=row)
    with leader.expect_navigation():
        row.get_by_role("button", name="Sätt på dagordningen").click()
    expect(leader).to_have_url(re.compile(re.escape(team_path) + "$"))
    expect(leader.locator("ul.messages")).to_contain_text(f"Ansökan {reference} står på dagordningen.")
    expect(leader.locator("tr", has_text=reference)).to_have_count(0)

    # 3. At the meeting a seated member reviews the case and recommends two supports at the same time.
    member = new_page()
    log_in(member, "team-fk")
    member.goto(team_path)
    member.get_by_role("link", name=re.compile(re.escape(meeting_date))).first.click()
    expect(member.get_by_role("heading", level=1)).to_contain_text(f"Teammöte {meeting_date}")
    agenda_row = member.locator("tr", has_text=reference)
    expect(agenda_row).to_contain_text(NAME)
    agenda_row.get_by_role("link", name="Genomlysning").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(f"Genomlysning av {reference}")
    expect(member.locator("main dl").first).to_contain_text(RESOURCES)
    member.get_by_label("Rekommendation lämnad").check()
    member.get_by_label("Personen var med på mötet").check()
    first = member.locator("fieldset", has=member.locator("legend", has_text="Del 1"))
    first.get_by_label("Slag").select_option(label="Förbundsfinansierad insats")
    select_containing(member, "Insats", "Plattform Norrköping", within=first)
    first.get_by_label("Spår eller del").fill("Koordinatorstöd")
    second = member.locator("fieldset", has=member.locator("legend", has_text="Del 2"))
    second.get_by_label("Slag").select_option(label="Ordinarie stöd hos en medlem")
    second.get_by_label("Ur katalogen").select_option(label="Vägledning för arbetssökande")
    second.get_by_label("Anteckning").fill("Samtidigt med koordinatorstödet.")
    submit(member, "Spara teamets utfall")
    expect(member.locator("ul.messages")).to_contain_text("Teamets utfall är sparat.")
    decided = member.locator("tr", has_text=reference)
    expect(decided).to_contain_text("Rekommendation lämnad")
    expect(decided).to_contain_text("Förbundsfinansierad insats: Plattform Norrköping")
    expect(decided).to_contain_text("Ordinarie stöd hos en medlem: Arbetsförmedlingen")

    # The filer sees both parts on the request, the insats as a referral waiting for the insats.
    filer.goto(request_path)
    expect(filer.get_by_role("heading", level=1)).to_contain_text("Rekommendation lämnad")
    parts = filer.locator("section.card", has_text=meeting_date)
    expect(parts).to_contain_text("Förbundsfinansierad insats: 2014:1 Plattform Norrköping (Koordinatorstöd)")
    expect(parts).to_contain_text("Väntar på insatsen")
    expect(parts).to_contain_text("Ordinarie stöd hos en medlem: Vägledning för arbetssökande")

    # 4. The insats's participant handler accepts the referral, and the participation starts.
    handler = new_page()
    log_in(handler, "plattform")
    handler.goto(f"{BASE}/remisser/")
    expect(handler.get_by_role("heading", level=1)).to_have_text("Remisser från teamet")
    referral_row = handler.locator("tr", has_text=reference)
    expect(referral_row).to_contain_text("Väntar på insatsen")
    referral_row.get_by_role("link", name=reference).click()
    expect(handler.get_by_role("heading", level=1)).to_contain_text(f"Remiss {reference} till Plattform Norrköping")
    expect(handler.locator("main dl").first).to_contain_text(NAME)
    handler.get_by_label("Inskrivningsdatum").fill(today.isoformat())
    handler.get_by_label("Remittent").select_option(label="Arbetsförmedlingen")
    handler.get_by_label("Huvudsaklig försörjning före").select_option(label="Försörjningsstöd")
    handler.get_by_label("Sysselsättning före").select_option(label="Arbetssökande")
    handler.get_by_label("Samtycke till registrering i insatsen").fill(today.isoformat())
    handler.get_by_label("Hur samtycket lämnades").select_option(label="Skriftligt")
    submit(handler, "Skriv in i insatsen")
    expect(handler).to_have_url(re.compile(rf"/f/{FORBUND}/deltagare/[0-9a-f-]{{36}}/$"))
    expect(handler.locator("ul.messages")).to_contain_text("Personen är inskriven i insatsen.")
    # Plattform Norrköping asks for a SAMSIP before start; none is held yet, so the handler is warned, not stopped.
    expect(handler.locator("ul.messages")).to_contain_text("SAMSIP före start")
    expect(handler.get_by_role("heading", level=1)).to_contain_text(NAME)
    insats_heading = handler.get_by_role("heading", level=2, name="2014:1 Plattform Norrköping")
    stay = handler.locator("section.stay", has=insats_heading)
    expect(stay).to_contain_text(f"Inskriven{today.isoformat()}")
    participant_path = path_of(handler)

    # The handler's caseload lists the person, and the referral is marked as enrolled.
    handler.goto(f"/f/{FORBUND}/deltagare/")
    expect(handler.locator("main")).to_contain_text(NAME)
    handler.goto(f"{BASE}/remisser/")
    expect(handler.locator("tr", has_text=reference)).to_contain_text("Inskriven")

    # The team sees the referral taken; the link to the participation is kept.
    filer.goto(request_path)
    expect(filer.locator("section.card", has_text=meeting_date)).to_contain_text("Inskriven")
    # A team member is no participant handler: the participant page stays closed to them.
    response = member.goto(participant_path)
    assert response is not None and response.status in (403, 404), response and response.status
    expect(member.locator("main")).not_to_contain_text(personnummer)
