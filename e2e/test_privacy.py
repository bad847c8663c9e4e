"""The data protection officer and the participant handler at work on a person's data, in a real browser.

The handler of Skellefteå-Norsjö's youth insats (`deltagaransvarig4`) opens an identified participant. The DPO
(`dataskyddsombud`) finds that read in the read log by the person's personnummer and downloads the register
extract as a PDF. Then the handler withdraws the person's consent through the page that says what is lost and
asks for a typed word; afterwards the participant's page shows no personnummer.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from .checkers import axe_violations
from .helpers import log_in

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"
HANDLER = "deltagaransvarig4"
DPO = "dataskyddsombud"


def identified_participant(page: Page) -> tuple[str, str]:
    """(the page's path, the personnummer) of the first identified person among the handler's enrolled."""
    page.goto(f"/f/{FORBUND}/deltagare/")
    link = page.get_by_role("link", name=re.compile(r"\d{8}.\d{4}")).last
    number = re.search(r"\d{8}.\d{4}", link.inner_text())
    assert number is not None
    path = link.get_attribute("href") or ""
    page.goto(path)
    expect(page.locator("dl.facts").first).to_contain_text(number.group())
    return path, number.group()


def test_dpo_finds_the_read_and_downloads_the_extract_then_the_handler_withdraws(new_page) -> None:
    handler = new_page()
    log_in(handler, HANDLER)
    path, number = identified_participant(handler)
    assert re.fullmatch(r"\d{8}.\d{4}", number), number

    dpo = new_page()
    log_in(dpo, DPO)
    dpo.goto(f"/f/{FORBUND}/dataskydd/")
    expect(dpo.get_by_role("heading", level=1)).to_have_text("Dataskydd")
    assert axe_violations(dpo) == []
    dpo.get_by_role("link", name="Sök i läsloggen").click()
    dpo.get_by_label("Personnummer").fill(number)
    with dpo.expect_navigation():
        dpo.get_by_role("button", name="Sök").click()
    rows = dpo.locator("table tbody tr")
    expect(rows.filter(has_text=HANDLER).first).to_be_visible()
    expect(rows.filter(has_text="Deltagare").first).to_be_visible()
    assert number not in dpo.locator("main").inner_text()
    assert axe_violations(dpo) == []

    dpo.goto(f"/f/{FORBUND}/dataskydd/")
    dpo.get_by_role("link", name="Registerutdrag").click()
    expect(dpo.get_by_role("heading", level=1)).to_have_text("Registerutdrag")
    assert axe_violations(dpo) == []
    dpo.get_by_label("Personnummer").fill(number)
    with dpo.expect_download() as download:
        dpo.get_by_role("button", name="Ladda ner registerutdrag").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith("registerutdrag-D-") and pdf.suggested_filename.endswith(".pdf")
    assert (pdf.path().read_bytes() or b"")[:5] == b"%PDF-"

    handler.goto(path)
    handler.get_by_role("link", name="Återkalla samtycket och anonymisera").click()
    expect(handler.get_by_role("heading", level=1)).to_have_text("Återkalla samtycke")
    expect(handler.locator("main")).to_contain_text("personnummer och namn")
    assert axe_violations(handler) == []
    handler.get_by_label("Samtycket återkallades").fill(dt.date.today().isoformat())
    handler.get_by_label("Skriv ANONYMISERA för att bekräfta").fill("anonymisera")
    with handler.expect_navigation():
        handler.get_by_role("button", name="Återkalla samtycket och anonymisera").click()
    expect(handler.locator("main")).to_contain_text("versaler")
    handler.get_by_label("Skriv ANONYMISERA för att bekräfta").fill("ANONYMISERA")
    with handler.expect_navigation():
        handler.get_by_role("button", name="Återkalla samtycket och anonymisera").click()
    expect(handler.locator("ul.messages")).to_contain_text("Samtycket är återkallat")
    assert number not in handler.locator("main").inner_text()
