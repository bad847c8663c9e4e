"""The office corrects the meeting plan and the minutes in a real browser:

- `kansli` moves a planned board meeting whose notice is sent: the notice then counts as not sent, and the page
  asks for it again before the new day;
- `kansli` removes a paragraph added by mistake at the end of unsigned minutes; an earlier one offers no removal.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .helpers import click_and_wait, log_in, unfold

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def saved(page: Page, text: str) -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def plan(page: Page, day: dt.date, place: str, *, standard_items: bool) -> None:
    page.goto(f"/f/{FORBUND}/sammantraden/")
    page.get_by_label("Typ").select_option(label="Styrelsemöte")
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Plats").fill(place)
    page.get_by_label("Börja föredragningslistan med förbundets stående punkter").set_checked(standard_items)
    click_and_wait(page, "Lägg till")
    saved(page, "Sammanträdet är inlagt i mötesplanen.")


def test_the_office_moves_a_meeting_and_removes_a_paragraph_typed_by_mistake(new_page) -> None:
    day = today()
    office = new_page()
    log_in(office, "kansli")

    # A meeting planned for next month, its notice sent, then moved a week on by the board's decision.
    planned = day + dt.timedelta(days=30)
    plan(office, planned, "Kommunhuset, Norsjö", standard_items=True)
    click_and_wait(office, "Markera kallelsen som skickad")
    moved = planned + dt.timedelta(days=7)
    form = unfold(office, "Flytta sammanträdet")
    expect(form).to_contain_text("Kallelsen är skickad.")
    form.get_by_label("Ny dag").fill(moved.isoformat())
    form.get_by_label("Från klockan").fill("13:00")
    form.get_by_label("Till klockan").fill("15:00")
    click_and_wait(office, "Flytta sammanträdet", form)
    saved(office, f"Sammanträdet är flyttat till {moved:%Y-%m-%d}. Kallelsen gällde den gamla dagen: skicka den igen.")
    expect(office.get_by_role("heading", level=1)).to_have_text(f"Styrelsemöte {moved:%Y-%m-%d}")
    expect(office.locator("main")).to_contain_text("kl. 13.00–15.00")
    expect(office.get_by_role("button", name="Markera kallelsen som skickad")).to_be_visible()

    # Today's meeting: a paragraph added twice by mistake is removed from the end of the minutes.
    plan(office, day, "Stadshuset, Skellefteå", standard_items=False)
    click_and_wait(office, "Börja skriva protokoll")
    for title in ("Information från kansliet", "Information från kansliet"):
        form = unfold(office, "Lägg till paragraf")
        form.get_by_label("Rubrik").fill(title)
        click_and_wait(office, "Lägg till paragraf", form)
    paragraphs = office.locator("article.paragraph")
    expect(paragraphs).to_have_count(2)
    removal = re.compile("^Ta bort den sista paragrafen")
    expect(paragraphs.nth(0).get_by_role("button", name=removal)).to_have_count(0)
    last = paragraphs.nth(1)
    number = re.search(r"§\s*(\d+)", last.get_by_role("heading").inner_text()).group(1)
    with office.expect_navigation():
        last.get_by_role("button", name=removal).click()
    saved(office, f"§ {number} är borttagen.")
    expect(paragraphs).to_have_count(1)
    expect(paragraphs.nth(0).get_by_role("button", name=removal)).to_have_count(1)
