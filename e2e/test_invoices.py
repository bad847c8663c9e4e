"""Member invoices in a real browser: the admin downloads a Peppol e-invoice that passes the rules, and changes
the reference a member wants on its invoices on the member's page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from samordna.finance.peppol_rules import check_invoice

from .helpers import log_in

pytestmark = pytest.mark.e2e


def test_admin_downloads_an_e_invoice_and_changes_a_members_reference(page: Page) -> None:
    log_in(page, "forbundschef")
    page.goto("/f/skelleftea-norsjo/ekonomi/fakturor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medlemsfakturor")
    expect(page.get_by_text("Fakturorna kan inte skickas förrän")).to_have_count(0)

    link = page.get_by_role("link", name=re.compile("e-faktura \\(Peppol\\)")).first
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    assert path is not None
    content = path.read_bytes()
    assert check_invoice(content) == [], check_invoice(content)

    page.goto("/f/skelleftea-norsjo/forbundet/")
    page.get_by_role("link", name="Norsjö kommun", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fakturauppgifter för Norsjö kommun")
    page.get_by_label("Referens på fakturan").fill("IFO-221")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("status").first).to_contain_text("Uppgifterna om Norsjö kommun är sparade.")
    row = page.get_by_role("row", name=re.compile("^Norsjö kommun Kommun"))
    expect(row).to_contain_text("IFO-221")
