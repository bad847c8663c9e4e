"""The förbund's annual accounts for last year, from the draft to the last signature, in a real browser.

- `kansli` (office, Skellefteå-Norsjö) drafts the annual accounts for last year: the figures come from the
  system (checked against what the server's database holds) and the office writes the förvaltningsberättelse;
- `kansli` plans today's board meeting, registers who is present and writes the paragraph in which the board
  adopts the accounts; on the report's page that paragraph is chosen, and the report is locked;
- each of the five sitting ledamöter logs in and signs on their own page, with the text to sign above the button;
- the PDF downloads and is tagged for screen readers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from playwright.sync_api import Page, expect

from samordna.demo.users import DEMO_PASSWORD
from samordna.lib.formats import number

from .helpers import click_and_wait, log_in, unfold

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"
# The sitting ledamöter of the demo board, with their logins.
LEDAMOTER = (
    ("Stig Styrelsesson", "styrelse"),
    ("Anders Nyström", "ledamot-region"),
    ("Jenny Justerare", "justerare"),
    ("Lena Holmström", "ledamot-fk"),
    ("Peter Sandström", "ledamot-af"),
)
PRESENT = ("Stig Styrelsesson", "Jenny Justerare", "Anders Nyström")
TEXTS = {
    "Förbundets uppdrag och organisation": "Förbundet finansierar samordnade rehabiliteringsinsatser för fem parter.",
    "Väsentliga händelser under året": "Vägen vidare har haft sitt första hela år.",
    "Ekonomisk utveckling och eget kapital": "Resultatet följer budgeten; det egna kapitalet jämförs med taket.",
    "Måluppfyllelse och socialt bokslut": "Insatserna redovisar sina mål; avvikelser mot beräkningen visas.",
    "Förväntad utveckling": "Förbundet planerar nya insatser för unga vuxna.",
}


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def books(var_dir: Path, year: int) -> dict[str, int]:
    """The year's income and costs in the books, and the members' contributions, as the server stored them."""
    with sqlite3.connect(f"file:{var_dir / 'samordna.sqlite3'}?mode=ro", uri=True) as db:
        totals = dict(
            db.execute(
                "SELECT l.kind, SUM(a.amount) FROM finance_actual a JOIN finance_budgetline l ON l.id = a.line_id "
                "JOIN finance_budgetyear y ON y.id = l.budget_year_id JOIN tenancy_forbund f ON f.id = y.forbund_id "
                "WHERE f.slug = ? AND y.year = ? AND a.period_end <= ? GROUP BY l.kind",
                (FORBUND, year, f"{year}-12-31"),
            ).fetchall()
        )
        (contributions,) = db.execute(
            "SELECT SUM(c.amount) FROM finance_contribution c JOIN tenancy_forbund f ON f.id = c.forbund_id "
            "WHERE f.slug = ? AND c.year = ?",
            (FORBUND, year),
        ).fetchone()
        equity_start, fixed_cap, percent = db.execute(
            "SELECT y.equity_start, y.equity_cap_fixed, f.equity_cap_percent FROM finance_budgetyear y "
            "JOIN tenancy_forbund f ON f.id = y.forbund_id WHERE f.slug = ? AND y.year = ?",
            (FORBUND, year),
        ).fetchone()
    cap = fixed_cap if fixed_cap is not None else round(contributions * float(percent) / 100)
    return {
        "income": totals["INCOME"],
        "cost": totals["COST"],
        "contributions": contributions,
        "equity_start": equity_start,
        "cap": cap,
    }


def row_cells(page: Page, section: str, row: str):
    table = page.locator("section.report-table", has=page.get_by_role("heading", name=section, exact=True))
    return table.locator("tr", has=page.locator("th", has_text=row)).first.locator("td")


def test_office_drafts_board_adopts_and_every_ledamot_signs_the_annual_accounts(new_page, server_var_dir) -> None:
    day = today()
    year = day.year - 1

    # The office drafts last year's annual accounts; the figures are the system's own.
    office = new_page()
    log_in(office, "kansli")
    office.goto(f"/f/{FORBUND}/rapportering/")
    with office.expect_navigation():
        office.get_by_role("link", name="Upprätta årsredovisning eller delårsrapport").click()
    office.get_by_label("Rapport", exact=True).select_option(label="Årsredovisning")
    office.get_by_label("Verksamhetsår").fill(str(year))
    click_and_wait(office, "Upprätta utkast")
    expect(office.locator("ul.messages")).to_contain_text("Utkastet är upprättat med siffrorna ur systemet.")
    expect(office.get_by_role("heading", level=1)).to_have_text(f"Årsredovisning {year}")
    report = path_of(office)

    stored = books(server_var_dir, year)
    assert row_cells(office, "Årets resultat", "Intäkter").nth(1).inner_text() == number(stored["income"])
    assert row_cells(office, "Årets resultat", "Kostnader").nth(1).inner_text() == number(stored["cost"])
    result = stored["income"] - stored["cost"]
    assert row_cells(office, "Årets resultat", "Resultat").nth(1).inner_text() == number(result)
    assert row_cells(office, "Medlemsbidrag", "Summa").nth(1).inner_text() == number(stored["contributions"])
    equity = stored["equity_start"] + result
    assert row_cells(office, "Eget kapital", "Eget kapital vid årets slut").first.inner_text() == number(equity)
    assert row_cells(office, "Eget kapital", "Tak för eget kapital").first.inner_text() == number(stored["cap"])
    if equity > stored["cap"]:
        expect(office.locator("main")).to_contain_text(f"är {number(equity - stored['cap'])} kr över taket")
    social = office.locator(
        "section.report-table", has=office.get_by_role("heading", name=re.compile("Socialt bokslut"))
    )
    expect(social).to_contain_text("Vägen vidare – samordnat stöd för unga vuxna")
    # The figures are not typed: the only inputs on the page are the texts and the adoption.
    expect(office.get_by_label("Intäkter")).to_have_count(0)

    for label, text in TEXTS.items():
        office.get_by_label(label, exact=True).fill(text)
    click_and_wait(office, "Spara texterna")
    expect(office.locator("ul.messages")).to_contain_text("Texterna är sparade")
    for text in TEXTS.values():
        expect(office.locator("section.text-part", has_text=text)).to_have_count(1)

    # Today's board meeting: attendance from the register, and the paragraph that adopts the accounts.
    office.goto(f"/f/{FORBUND}/sammantraden/")
    office.get_by_label("Typ").select_option(label="Styrelsemöte")
    office.get_by_label("Datum").fill(day.isoformat())
    office.get_by_label("Från klockan").fill("09:00")
    office.get_by_label("Plats").fill("Förbundets kansli, Skellefteå")
    office.get_by_label("Börja föredragningslistan med förbundets stående punkter").uncheck()
    click_and_wait(office, "Lägg till")
    meeting = path_of(office)
    meeting_id = re.search(r"/sammantraden/(\d+)/", meeting).group(1)
    click_and_wait(office, "Börja skriva protokoll")
    with office.expect_navigation():
        office.get_by_role("link", name="Registrera närvaro ur styrelseregistret").click()
    seats = office.locator("fieldset", has=office.locator("legend", has_text=re.compile(r", (ledamot|ersättare) för ")))
    for index in range(seats.count()):
        seat = seats.nth(index)
        present = any(seat.locator("legend").inner_text().startswith(name) for name in PRESENT)
        seat.get_by_label("Närvarande" if present else "Frånvarande", exact=True).check()
    click_and_wait(office, "Spara närvaron ur registret")
    office.goto(meeting)
    title = f"Årsredovisning {year} (mötet {meeting_id})"
    form = unfold(office, "Lägg till paragraf")
    form.get_by_label("Rubrik").fill(title)
    form.get_by_label("Text", exact=True).fill("Kansliet har upprättat årsredovisningen ur förbundets egna siffror.")
    click_and_wait(office, "Lägg till paragraf", form)
    paragraph = office.locator("article.paragraph", has_text=title)
    number_of = re.search(r"§\s*(\d+)", paragraph.get_by_role("heading").inner_text()).group(1)

    office.goto(report)
    choice = office.get_by_label("Paragraf i styrelsens protokoll")
    choice.select_option(value=choice.locator("option", has_text=title).get_attribute("value"))
    click_and_wait(office, "Registrera fastställelsen")
    expect(office.locator("ul.messages")).to_contain_text("Rapporten är låst")
    expect(office.locator("main")).to_contain_text(f"Fastställd av styrelsen {day:%Y-%m-%d}, protokoll")
    expect(office.locator("main")).to_contain_text(f"§ {number_of}")
    # Locked: nothing of it can be written any more.
    expect(office.get_by_role("button", name="Spara texterna")).to_have_count(0)
    expect(office.get_by_role("button", name="Registrera fastställelsen")).to_have_count(0)
    office.goto(meeting)
    expect(office.locator("article.paragraph", has_text=title)).to_contain_text(f"fastställa årsredovisning för {year}")

    # Each sitting ledamot signs on their own page, the text above the button.
    for name, username in LEDAMOTER:
        ledamot = new_page()
        log_in(ledamot, username)
        ledamot.goto(report)
        with ledamot.expect_navigation():
            ledamot.get_by_role("link", name="Skriv under rapporten").click()
        sign = ledamot.locator("form.sign")
        expect(sign.get_by_role("heading", name=f"Skriv under som {name}")).to_be_visible()
        expect(sign).to_contain_text(f"skriver jag under årsredovisning för {year}")
        # The text signed is above the form: the texts and the figures as adopted.
        article = ledamot.locator("article.to-sign")
        expect(article).to_contain_text(TEXTS["Förväntad utveckling"])
        expect(article.get_by_role("heading", name="Årets resultat")).to_be_visible()
        sign.get_by_label("Ditt lösenord").fill(DEMO_PASSWORD)
        click_and_wait(ledamot, "Skriv under", sign)
        expect(ledamot.locator("ul.messages")).to_contain_text("Du har skrivit under rapporten.")
        expect(ledamot.locator("section.signatures")).to_contain_text(f"{name} (")
        expect(ledamot.locator("section.signatures li", has_text=name)).to_contain_text(f"undertecknat {day:%Y-%m-%d}")

    office.goto(report)
    signatures = office.locator("section.signatures")
    expect(signatures.locator("li")).to_have_count(len(LEDAMOTER))
    expect(signatures).not_to_contain_text("inte undertecknat")

    # The PDF downloads, tagged for screen readers, with the adoption and the signatures in it.
    link = office.get_by_role("link", name="Ladda ner som PDF")
    response = office.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(response.body())) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.get("/Lang", "")) == "sv"
        assert f"Årsredovisning {year}" in str(pdf.docinfo.get("/Title", ""))
