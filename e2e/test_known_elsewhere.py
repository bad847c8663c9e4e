"""Enrolling a number the förbund already knows in another insats, in a real browser, shows nothing of that stay.

`deltagaransvarig` (2017:48 in Uppsala län) enrols a fictional person with a name, a consent and a kommun. Then
`deltagaransvarig2`, who handles only 2019:3, enrols the same personnummer on the same form: the enrolment works,
and neither the form nor the person's page nor the caseload shows the name, the consent date, the kommun or the
insats of the first stay.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import log_in
from .test_participants import fictional_personnummer

pytestmark = pytest.mark.e2e

FORBUND = "uppsala-lan"
FIRST = "2017:48 En väg in – fler vägar ut"
SECOND = "2019:3 Steg till arbete Enköping"
FIRST_DAY = dt.date(2021, 2, 1)
FIRST_CONSENT = dt.date(2021, 1, 27)
SECOND_DAY = dt.date(2022, 5, 2)
NAME = "Karin Känd-Förut"


def fill_enrolment(page: Page, insats: str, day: dt.date, personnummer: str, *, consent: dt.date) -> None:
    page.goto(f"/f/{FORBUND}/deltagare/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv in deltagare")
    page.get_by_label("Insats", exact=True).select_option(label=insats)
    page.get_by_label("Inskrivningsdatum").fill(day.isoformat())
    page.get_by_label("Personnummer eller samordningsnummer").fill(personnummer)
    page.get_by_label("Samtycke lämnat").fill(consent.isoformat())
    page.get_by_label("Hur samtycket lämnades").select_option(label="Skriftligt")
    page.get_by_label("Remittent").select_option(label="Arbetsförmedlingen")
    page.get_by_label("Huvudsaklig försörjning före").select_option(label="Försörjningsstöd")
    page.get_by_label("Sysselsättning före").select_option(label="Arbetssökande")
    page.get_by_label("Utbildningsnivå").select_option(label="Gymnasial")


def save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    expect(page).to_have_url(re.compile(rf"/f/{FORBUND}/deltagare/[0-9a-f-]{{36}}/$"))


def test_the_second_handler_enrols_the_known_number_and_sees_nothing_of_the_first_stay(new_page) -> None:
    personnummer = fictional_personnummer("19870611", "986")

    first = new_page()
    log_in(first, "deltagaransvarig")
    fill_enrolment(first, FIRST, FIRST_DAY, personnummer, consent=FIRST_CONSENT)
    first.get_by_label("Namn", exact=True).fill(NAME)
    first.get_by_label("Folkbokföringskommun").select_option(label="Knivsta")
    save(first)
    expect(first.get_by_role("heading", level=1)).to_contain_text(NAME)

    second = new_page()
    log_in(second, "deltagaransvarig2")
    fill_enrolment(second, SECOND, SECOND_DAY, personnummer, consent=SECOND_DAY)
    # Nothing on the form is filled in from what the förbund already holds.
    expect(second.get_by_label("Namn", exact=True)).to_have_value("")
    expect(second.get_by_label("Folkbokföringskommun")).to_have_value("")
    save(second)

    expect(second.locator("ul.messages")).to_contain_text("Deltagaren är inskriven.")
    page_text = second.locator("main").inner_text()
    assert personnummer in page_text
    for secret in (NAME, "Känd", FIRST_CONSENT.isoformat(), FIRST_DAY.isoformat(), "2017:48", "Knivsta"):
        assert secret not in page_text, secret
    facts = second.locator("dl.facts").first
    expect(facts).to_contain_text(f"{SECOND_DAY.isoformat()} (skriftligt)")

    second.goto(f"/f/{FORBUND}/deltagare/?sok={personnummer[-4:]}")
    caseload = second.locator("main").inner_text()
    assert personnummer in caseload
    assert NAME not in caseload and "2017:48" not in caseload
