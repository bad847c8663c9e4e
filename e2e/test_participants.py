"""A participant's stay in a real browser, from enrolment with consent to discharge, and the insats wall.

The participant handler `deltagaransvarig` (insats 2017:48 in Uppsala län) enrols a fictional person,
records a SIP meeting and a WHO-5, and discharges them with an outcome; each step must show on the
participant's page. Then `deltagaransvarig2`, handler for the förbund's other insats (2019:3), must get
"not found" for that person, exactly as for someone who does not exist.

Insats 2017:48 ran 2018–2021, so the stay is registered afterwards with dates inside that period.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from stdnum.se import personnummer as personnummer_check

from .helpers import log_in

pytestmark = pytest.mark.e2e

FORBUND = "uppsala-lan"
INSATS = "2017:48 En väg in – fler vägar ut"
ENROLLED = dt.date(2021, 3, 1)
SIP_HELD = dt.date(2021, 3, 15)
WHO5_ANSWERED = dt.date(2021, 3, 15)
DISCHARGED = dt.date(2021, 9, 24)
NAME = "Petra Påhittad"


def luhn_check_digit(digits: str) -> int:
    """The check digit of a Swedish personnummer: Luhn over YYMMDDNNN, weights 2, 1, 2, … from the left."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def fictional_personnummer(birth_date: str, serial: str) -> str:
    """YYYYMMDD-NNNC with serial 98x, the block the project keeps for made-up people."""
    return f"{birth_date}-{serial}{luhn_check_digit(birth_date[2:] + serial)}"


def iso(day: dt.date) -> str:
    return day.isoformat()


def stay_section(page: Page):
    return page.locator("section.stay", has=page.get_by_role("heading", level=2, name=INSATS))


def enrol(page: Page, personnummer: str) -> str:
    """Fill the enrolment form; returns the participant page's path."""
    page.goto(f"/f/{FORBUND}/deltagare/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv in deltagare")
    page.get_by_label("Insats", exact=True).select_option(label=INSATS)
    page.get_by_label("Inskrivningsdatum").fill(iso(ENROLLED))
    page.get_by_label("Personnummer eller samordningsnummer").fill(personnummer)
    page.get_by_label("Namn", exact=True).fill(NAME)
    page.get_by_label("Samtycke lämnat").fill(iso(ENROLLED))
    page.get_by_label("Hur samtycket lämnades").select_option(label="Skriftligt")
    page.get_by_label("Samtyckesblankettens version").fill("2021:1")
    page.get_by_label("Folkbokföringskommun").select_option(label="Knivsta")
    page.get_by_label("Remittent").select_option(label="Arbetsförmedlingen")
    page.get_by_label("Huvudsaklig försörjning före").select_option(label="Försörjningsstöd")
    page.get_by_label("Sysselsättning före").select_option(label="Arbetssökande")
    page.get_by_label("Utbildningsnivå").select_option(label="Gymnasial")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    expect(page).to_have_url(re.compile(rf"/f/{FORBUND}/deltagare/[0-9a-f-]{{36}}/$"))
    return re.sub(r"^https?://[^/]+", "", page.url)


def save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()


def test_enrol_record_sip_and_who5_then_discharge(new_page) -> None:
    personnummer = fictional_personnummer("19900415", "984")
    assert personnummer_check.is_valid(personnummer), personnummer

    page = new_page()
    log_in(page, "deltagaransvarig")

    # Enrolment with consent: the identity is kept, and the page says so.
    participant_path = enrol(page, personnummer)
    expect(page.locator("ul.messages")).to_contain_text("Deltagaren är inskriven.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text(personnummer)
    expect(facts).to_contain_text("Kvinna")
    expect(facts).to_contain_text("1990")
    expect(facts).to_contain_text("Knivsta")
    expect(facts).to_contain_text(f"{iso(ENROLLED)} (skriftligt)")
    stay = stay_section(page)
    expect(stay).to_contain_text(f"Inskriven{iso(ENROLLED)}")
    expect(stay).to_contain_text("Inga SIP-möten registrerade.")

    # A SIP meeting with the parties that came.
    sip_path = stay.get_by_role("link", name="Registrera SIP").get_attribute("href")
    stay.get_by_role("link", name="Registrera SIP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera SIP-möte")
    page.get_by_label("Datum för SIP-mötet").fill(iso(SIP_HELD))
    for party in ("Deltagaren", "Arbetsförmedlingen", "Kommunen"):
        page.get_by_label(party, exact=True).check()
    page.get_by_label("Nästa SIP").fill(iso(SIP_HELD + dt.timedelta(days=90)))
    save(page)
    expect(page).to_have_url(re.compile(re.escape(participant_path) + "$"))
    stay = stay_section(page)
    sip_list = stay.locator("h3:has-text('SIP-möten') + ul")
    expect(sip_list).to_contain_text(iso(SIP_HELD))
    expect(sip_list).to_contain_text("Deltagaren")
    expect(sip_list).to_contain_text("Arbetsförmedlingen")
    expect(sip_list).to_contain_text(f"nästa {iso(SIP_HELD + dt.timedelta(days=90))}")

    # WHO-5: five answers 0–5, shown as the percentage (raw score × 4) and the raw score.
    stay.get_by_role("link", name="WHO-5").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera WHO-5")
    page.get_by_label("Datum").fill(iso(WHO5_ANSWERED))
    answers = (3, 2, 4, 3, 2)
    for number, answer in enumerate(answers, start=1):
        page.get_by_label(f"Påstående {number} (0–5)").fill(str(answer))
    save(page)
    raw = sum(answers)
    expect(stay_section(page)).to_contain_text(f"WHO-5 {iso(WHO5_ANSWERED)}: {raw * 4} (råpoäng {raw})")

    # Discharge with an outcome: the stay is closed and the six-month follow-up is due.
    stay_section(page).get_by_role("link", name="Skriv ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv ut deltagare")
    page.get_by_label("Utskrivningsdatum").fill(iso(DISCHARGED))
    page.get_by_label("Avslutsorsak").select_option(label="Fullföljd")
    page.get_by_label("Sysselsättning efter").select_option(label="Arbete")
    page.get_by_label("Försörjning efter").select_option(label="Lön")
    save(page)
    stay = stay_section(page)
    expect(stay).to_contain_text(f"Utskriven{iso(DISCHARGED)}, fullföljd")
    expect(stay).to_contain_text("Efter insatsenArbete, lön")
    expect(stay).to_contain_text("sex månader efter utskrivning: 2022-03-24")
    # Once discharged, the stay takes no more SIP meetings, WHO-5 or discharge.
    for link in ("Registrera SIP", "WHO-5", "Skriv ut"):
        expect(stay.get_by_role("link", name=link, exact=True)).to_have_count(0)
    # The earlier steps are still there.
    expect(stay).to_contain_text(f"WHO-5 {iso(WHO5_ANSWERED)}")
    expect(stay.locator("h3:has-text('SIP-möten') + ul")).to_contain_text(iso(SIP_HELD))
    follow_up_path = stay.get_by_role("link", name="Registrera uppföljning").get_attribute("href")
    assert sip_path and follow_up_path

    # The handler of the förbund's other insats cannot open this person, nor any page of the stay.
    other = new_page()
    log_in(other, "deltagaransvarig2")
    caseload = other.goto(f"/f/{FORBUND}/deltagare/")
    assert caseload is not None and caseload.status == 200
    expect(other.locator("main")).not_to_contain_text(NAME)
    for path in (participant_path, sip_path, follow_up_path):
        response = other.goto(path)
        assert response is not None and response.status == 404, f"{path}: {response and response.status}"
        expect(other.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
        expect(other.locator("main")).not_to_contain_text(NAME)
        expect(other.locator("main")).not_to_contain_text(personnummer)

    # The handler of 2017:48 still can.
    response = page.goto(participant_path)
    assert response is not None and response.status == 200
