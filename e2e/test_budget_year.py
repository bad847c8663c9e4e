"""The förbund's year in a real browser: the admin starts next year's budget as a copy of this year's, adjusts a
line and adopts it with the board's paragraph, records a forecast for this year, reads in a SIE file after mapping
the accounts found in it, and reaches the economic report with the room for new projects. Then an insats's manager
adds a goal and declares its attainment in the insats's report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .checkers import axe_violations, require_tools, vnu_errors
from .helpers import log_in

pytestmark = pytest.mark.e2e

FORBUND = "/f/uppsala-lan"


def _sie(year: int, month: int) -> bytes:
    day = f"{year}{month:02d}15"
    return (
        "#FLAGGA 0\n#SIETYP 4\n"
        f"#RAR 0 {year}0101 {year}1231\n"
        '#KONTO 5010 "Lokalhyra"\n#KONTO 6990 "Övriga kostnader"\n'
        f'#VER A 1 {day} "Hyra"\n{{\n#TRANS 5010 {{}} 12000.00\n#TRANS 1930 {{}} -12000.00\n}}\n'
        f'#VER A 2 {day} "Material"\n{{\n#TRANS 6990 {{}} 3500.00\n#TRANS 1930 {{}} -3500.00\n}}\n'
    ).encode("cp437")


def _checked(page: Page, pages: list[Path], out: Path, name: str) -> None:
    assert axe_violations(page) == [], name
    path = out / f"{name}.html"
    path.write_text(page.content(), encoding="utf-8")
    pages.append(path)


def test_admin_sets_up_next_years_budget_and_reads_in_the_bookkeeping(page: Page, tmp_path: Path) -> None:
    require_tools()
    checked: list[Path] = []
    today = dt.date.today()
    this_year, next_year = today.year, today.year + 1
    log_in(page, "forbundschef")

    # Next year starts as a copy of this year's budget.
    page.goto(f"{FORBUND}/ekonomi/budget/?year={next_year}")
    page.get_by_role("link", name="Lägg upp budgeten för året").click()
    page.get_by_label("Eget kapital vid årets början (kr)").fill("1500000")
    page.get_by_label("Kopiera raderna från").select_option(label=str(this_year))
    page.get_by_role("button", name="Lägg upp budgetåret").click()
    expect(page.locator(".messages")).to_contain_text(f"Budgeten för {next_year} är upplagd")
    _checked(page, checked, tmp_path, "plan")

    # One line adjusted in its own row.
    row = page.get_by_role("form", name=re.compile(r"^Ändra raden ")).first
    code = (row.get_attribute("aria-label") or "").removeprefix("Ändra raden ")
    row.get_by_label("Budget (kr)").fill("123456")
    row.get_by_role("button", name="Spara raden").click()
    expect(page.locator(".messages")).to_contain_text(f"Budgetraden {code} är ändrad")
    expect(page.get_by_role("form", name=f"Ändra raden {code}").get_by_label("Budget (kr)")).to_have_value("123456")

    # Adopted as the board decided it: a date in the future is refused first.
    page.get_by_label("Styrelsens beslutsdatum").fill((today + dt.timedelta(days=1)).isoformat())
    page.get_by_label("Paragraf i protokollet").fill("§ 45")
    page.get_by_role("button", name="Fastställ budgeten").click()
    expect(page.get_by_role("alert").first).to_contain_text("kan inte ligga i framtiden")
    page.get_by_label("Styrelsens beslutsdatum").fill(today.isoformat())
    page.get_by_role("button", name="Fastställ budgeten").click()
    expect(page.locator("main")).to_contain_text(f"Fastställd av styrelsen {today.isoformat()}, § 45.")

    # A forecast for this year, at the end of the month that has passed.
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    forecast_year = last_month_end.year
    page.goto(f"{FORBUND}/ekonomi/budget/?year={forecast_year}")
    forecast = page.locator("form", has=page.get_by_role("heading", name="Lägg in prognos"))
    forecast.get_by_label("Budgetrad").select_option(index=1)
    forecast.get_by_label("Prognos per").select_option(value=last_month_end.isoformat())
    forecast.get_by_label("Prognos för helåret (kr)").fill("250000")
    forecast.get_by_role("button", name="Spara prognos").click()
    expect(page.locator(".messages")).to_contain_text("Prognosen är sparad")
    expect(page.locator("main")).to_contain_text(last_month_end.isoformat())

    # The bookkeeping: refused while its accounts are not mapped, mapped beside the accounts found, then read in.
    sie = tmp_path / "bokforing.se"
    sie.write_bytes(_sie(forecast_year, last_month_end.month))

    def upload() -> None:
        reader = page.locator("form", has=page.get_by_role("heading", name="Läs in utfall från fil"))
        reader.get_by_label("Fil").set_input_files(str(sie))
        reader.get_by_label("Format").select_option(label="SIE 4")
        reader.get_by_role("button", name="Läs in").click()

    upload()
    expect(page.get_by_role("alert").first).to_contain_text("inte är kopplade")
    page.get_by_role("link", name="Koppla kontona i filen").click()
    expect(page.locator("main")).to_contain_text("Lokalhyra")
    _checked(page, checked, tmp_path, "accounts")
    for account in ("5010", "6990"):
        choice = page.get_by_label(f"Budgetrad för konto {account}")
        choice.select_option(index=1)
        choice.locator("xpath=..").get_by_role("button", name="Koppla").click()
        expect(page.locator(".messages")).to_contain_text("Kontona är kopplade")
    page.get_by_role("link", name="Läs in utfallet på sidan Budget och utfall").click()
    upload()
    expect(page.locator(".messages")).to_contain_text("utfallsrader är inlästa")

    # The economic report with the room for new projects.
    page.get_by_role("navigation", name="Ekonomi").get_by_role("link", name="Ekonomisk rapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Ekonomisk rapport {forecast_year}")
    expect(page.locator("main")).to_contain_text("Utrymme för nya insatser")
    assert vnu_errors(checked) == []


def test_manager_adds_a_goal_and_declares_it_in_the_report(page: Page, tmp_path: Path) -> None:
    require_tools()
    goal_text = "Minst 30 deltagare per år"
    log_in(page, "insatsansvarig")
    page.goto(f"{FORBUND}/insatser/")
    page.get_by_role("link", name="En väg in – steget vidare").click()

    page.get_by_role("link", name="Ändra målen").click()
    adding = page.locator("form", has=page.get_by_role("button", name="Lägg till målet"))
    adding.get_by_label("Mål", exact=True).fill(goal_text)
    adding.get_by_label("Mått").select_option(label="Deltagare per år")
    adding.get_by_label("Målvärde").fill("30")
    adding.get_by_label("Enhet").select_option(label="st")
    adding.get_by_role("button", name="Lägg till målet").click()
    expect(page.locator(".messages")).to_contain_text("Målet är sparat")
    expect(page.get_by_role("heading", name=re.compile(goal_text))).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{FORBUND}/rapportering/insatsrapporter/")
    rows = page.get_by_role("row").filter(has_text="2021:31 En väg in – steget vidare")
    rows.get_by_role("link", name="Årsrapport med socialt bokslut", exact=True).first.click()
    goal = page.get_by_role("group", name=re.compile(goal_text))
    goal.get_by_label("Uppnått?").select_option(label="Delvis")
    goal.get_by_label("Utfall och kommentar").fill("24 deltagare hittills")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Svaren är sparade")
    again = page.get_by_role("group", name=re.compile(goal_text))
    expect(again.get_by_label("Uppnått?")).to_have_value("delvis")
    assert axe_violations(page) == []
    path = tmp_path / "report.html"
    path.write_text(page.content(), encoding="utf-8")
    assert vnu_errors([path]) == []
