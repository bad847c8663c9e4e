"""Insatser in a real browser: the director creates an insats with a goal and a staffing line, and the insats
manager of the structural insats 2018:5 in Uppsala län reports a volume count, refused first as a duplicate."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import log_in

pytestmark = pytest.mark.e2e


def test_director_creates_an_insats_and_the_party_rule_is_explained(page: Page) -> None:
    log_in(page, "forbundschef")
    page.goto("/f/kavlinge-lomma/insatser/")
    page.get_by_role("link", name="Ny insats").click()

    page.get_by_label("Namn", exact=True).fill("Unga vuxna i Lomma")
    page.get_by_label("Startdatum").fill("2026-01-01")
    page.get_by_label("Slutdatum").fill("2027-12-31")
    page.get_by_label("Insatsägare").select_option(label="Lomma kommun")
    page.get_by_label("Lägsta ålder").fill("16")
    page.get_by_label("Högsta ålder").fill("29")
    page.locator('[name="goals-0-text"]').fill("Minst 40 % till arbete eller studier")
    page.locator('[name="goals-0-target"]').fill("40")
    page.locator('[name="budget-0-year"]').fill("2026")
    page.locator('[name="budget-0-label"]').fill("Coach")
    page.locator('[name="budget-0-headcount"]').fill("1")
    page.locator('[name="budget-0-fte_percent"]').fill("100")
    page.locator('[name="budget-0-amount"]').fill("600000")
    page.get_by_role("button", name="Spara").click()

    # Only the kommun: one party, refused with the reason, and the form keeps what was typed.
    expect(page.get_by_role("alert").first).to_contain_text("minst två parter")
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Unga vuxna i Lomma")

    page.get_by_label("Försäkringskassan").check()
    page.get_by_role("button", name="Spara").click()

    expect(page).to_have_url(re.compile(r"/f/kavlinge-lomma/insatser/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unga vuxna i Lomma")
    expect(page.locator("main")).to_contain_text("Minst 40 % till arbete eller studier")
    expect(page.locator("main")).to_contain_text("16–29 år")


def test_manager_reports_a_volume_count_for_the_structural_insats(page: Page) -> None:
    log_in(page, "insatsansvarig")
    page.goto("/f/uppsala-lan/insatser/")
    page.get_by_role("link", name="En väg in – samverkansstruktur i Knivsta").click()
    expect(page.locator("main")).to_contain_text("Volymuppgifter")
    page.get_by_role("link", name="Lämna eller ändra volymuppgifter").click()

    def report(count: str) -> None:
        page.get_by_label("Från").fill("2018-07-01")
        page.get_by_label("Till").fill("2018-12-31")
        page.get_by_label("Organisation").select_option(label="Försäkringskassan")
        page.get_by_label("Kön").select_option(label="Man")
        page.get_by_label("Antal deltagare").fill(count)
        page.get_by_role("button", name="Spara").click()

    report("4")
    expect(page.locator(".messages")).to_contain_text("Volymuppgiften är sparad")
    report("5")
    expect(page.locator("main")).to_contain_text("Det finns redan en uppgift för Försäkringskassan")
