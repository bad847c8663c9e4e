"""The pages that change money already written down, each by the role whose job it is: the applicant writes the
detailed budget of a draft, an insats's manager adds, changes and removes the insats's budget lines, and the
office corrects a grant's split between years with the board's paragraph."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from .checkers import axe_violations
from .helpers import log_in

pytestmark = pytest.mark.e2e


def click_and_wait(page: Page, name: str, within=None) -> None:
    with page.expect_navigation():
        (within or page).get_by_role("button", name=name, exact=True).click()


def test_the_applicant_writes_the_detailed_budget_of_a_draft(page: Page) -> None:
    log_in(page, "sokande")
    page.goto("/f/skelleftea-norsjo/ansokningar/ny/")
    page.get_by_label("Projektets eller verksamhetens namn").fill("Detaljbudget i praktiken")
    page.get_by_label("Organisationens namn").fill("Skellefteå kommun")
    click_and_wait(page, "Spara")
    page.goto(re.sub(r"andra/$", "", page.url))
    page.get_by_role("link", name="Ändra den detaljerade budgeten").click()
    assert axe_violations(page) == []
    page.locator('[name="lines-0-description"]').fill("Coach 50 %")
    page.locator('[name="lines-0-monthly_cost"]').fill("24500")
    page.locator('[name="lines-0-months"]').fill("8")
    page.locator('[name="lines-1-description"]').fill("Lokalhyra")
    page.locator('[name="lines-1-category"]').select_option(label="Lokal")
    page.locator('[name="lines-1-lump_sum"]').fill("17500")
    click_and_wait(page, "Spara den detaljerade budgeten")
    expect(page.locator(".messages")).to_contain_text("Den detaljerade budgeten är sparad.")
    expect(page.locator("main")).to_contain_text("Coach 50 % (Personal): 24 500 kr × 8 = 196 000 kr")
    expect(page.locator("main")).to_contain_text("Lokalhyra (Lokal): 17 500 kr")


def test_the_insats_manager_adds_changes_and_removes_a_budget_line(page: Page) -> None:
    year = dt.date.today().year + 2
    log_in(page, "insatsansvarig")
    page.goto("/f/uppsala-lan/insatser/")
    page.get_by_role("link", name="En väg in – steget vidare").click()
    page.get_by_role("link", name="Ändra budgetraderna").click()
    adding = page.locator("form", has=page.get_by_role("button", name="Lägg till raden"))
    adding.get_by_label("År", exact=True).fill(str(year))
    adding.get_by_label("Kostnad eller tjänst").fill("Handledning")
    adding.get_by_label("Belopp per år (kr)").fill("40000")
    click_and_wait(page, "Lägg till raden")
    expect(page.locator(".messages")).to_contain_text("Budgetraden är sparad.")
    assert axe_violations(page) == []

    line = page.locator("section", has=page.get_by_role("heading", name=re.compile(f"^{year}: Handledning")))
    line.get_by_label("Belopp per år (kr)").fill("45000")
    click_and_wait(page, "Spara raden", line)
    expect(page.get_by_role("heading", name=f"{year}: Handledning, 45 000 kr")).to_be_visible()
    line = page.locator("section", has=page.get_by_role("heading", name=f"{year}: Handledning, 45 000 kr"))
    click_and_wait(page, "Ta bort raden", line)
    expect(page.locator(".messages")).to_contain_text("Budgetraden är borttagen.")
    expect(page.get_by_role("heading", name=re.compile(f"^{year}: Handledning"))).to_have_count(0)


def test_the_office_moves_part_of_a_grant_to_the_next_year_with_the_decisions_paragraph(page: Page) -> None:
    log_in(page, "kansli")
    page.goto("/f/skelleftea-norsjo/ansokningar/")
    page.get_by_role("link", name=re.compile("Aktiv uppföljning")).first.click()
    page.get_by_role("link", name="Ändra beviljat bidrag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra beviljat bidrag")
    assert axe_violations(page) == []
    paragraph = page.get_by_label("Styrelsens paragraf")
    paragraph.select_option(paragraph.locator("option", has_text="§ 604").get_attribute("value"))
    page.get_by_label("Beviljat för 2015 (kr)").fill("100000")
    page.get_by_label("Beviljat för 2016 (kr)").fill("100000")
    page.get_by_label("Beviljat för 2017 (kr)").fill("0")
    click_and_wait(page, "Spara ändringen")
    expect(page.locator(".messages")).to_contain_text("Det beviljade bidraget är ändrat.")
    expect(page.locator("section.decision")).to_contain_text("2015: 100 000 kr, 2016: 100 000 kr")
