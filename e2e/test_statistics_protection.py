"""Statistics in a real browser: a board member reads the participant and monthly reports, protected by the
cell-key method and saying so, and the participant handler reads exact figures of their own insats."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .checkers import axe_violations, require_tools
from .helpers import log_in

pytestmark = pytest.mark.e2e


def test_board_member_reads_protected_figures_and_how_they_are_protected(page: Page) -> None:
    require_tools()
    log_in(page, "styrelse")
    page.goto("/f/skelleftea-norsjo/statistik/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Deltagarrapport")
    note = page.get_by_role("status").filter(has_text="cellnyckelmetoden")
    expect(note).to_contain_text("cellnyckelmetoden")
    expect(note).to_contain_text("mellan −2 och +2")
    expect(note).to_contain_text("Antal under 5 visas som ”<5” eller 0")
    expect(page.locator("main table").first).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Månadsrapport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Månadsrapport")
    expect(page.get_by_role("status").filter(has_text="cellnyckelmetoden")).to_contain_text("fast tal")


def test_participant_handler_reads_exact_figures_of_the_own_insats(page: Page) -> None:
    log_in(page, "deltagaransvarig")
    page.goto("/f/uppsala-lan/statistik/")

    expect(page.get_by_role("status").filter(has_text="Exakta antal.")).to_have_text("Exakta antal.")
    expect(page.locator("main")).not_to_contain_text("cellnyckelmetoden")
