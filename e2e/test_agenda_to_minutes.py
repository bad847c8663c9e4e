"""The office runs a board meeting from the förbund's standard items to the decision, typing nothing twice.

- `beredning` (preparatory group) recommends an application that is in preparation;
- `kansli` (office) plans today's board meeting with the standard items, puts the application on the agenda,
  moves it up one step, removes an item it does not need, and marks the notice sent;
- `kansli` starts the minutes and finds every agenda item as a paragraph with its proposed decision;
- `kansli` records the board's decision with its motivation in the application's paragraph;
- the application shows the decision as the paragraph words it, with the motivation.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .helpers import log_in

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"
TITLE = "Arbetsträning i Återbruket"
ITEM = f"{TITLE} – ansökan från Föreningen Återbruket Skellefteå"
PROPOSAL = "bevilja det sökta beloppet för arbetsträningen"
MOTIVATION = "Arbetsträningen ger deltagarna ett steg mot arbete tillsammans med flera parter."


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def click_and_wait(page: Page, name: str, scope=None) -> None:
    with page.expect_navigation():
        (scope or page).get_by_role("button", name=name, exact=True).click()


def expect_saved(page: Page, text: str = "Sparat.") -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def take_step(page: Page, step: str, fill) -> None:
    section = page.locator("section.step", has=page.get_by_role("heading", level=2, name=step))
    fill(section)
    click_and_wait(page, step, section)
    expect_saved(page, f"Klart: {step}.")


def agenda_titles(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("ol.agenda > li > strong").all_inner_texts()]


def test_the_office_runs_a_board_meeting_from_the_standard_items_to_the_decision(new_page) -> None:
    day = today()

    office = new_page()
    log_in(office, "kansli")
    office.goto(f"/f/{FORBUND}/ansokningar/")
    office.get_by_role("link", name=TITLE).click()
    application = office.url

    # The preparatory group recommends the application.
    preparatory = new_page()
    log_in(preparatory, "beredning")
    preparatory.goto(application)

    def review(form):
        form.get_by_label("Datum").fill(day.isoformat())
        form.get_by_label("Ställningstagande").select_option(label="Tillstyrkt")
        form.get_by_label("Yttrande").fill("Beredningsgruppen tillstyrker.")

    take_step(preparatory, "Registrera beredningens ställningstagande", review)

    # The office plans today's board meeting; its agenda starts with the standard items.
    office.goto(f"/f/{FORBUND}/sammantraden/")
    office.get_by_label("Typ").select_option(label="Styrelsemöte")
    office.get_by_label("Datum").fill(day.isoformat())
    office.get_by_label("Plats").fill("Stadshuset, Skellefteå")
    expect(office.get_by_label("Börja föredragningslistan med förbundets stående punkter")).to_be_checked()
    click_and_wait(office, "Lägg till")
    expect_saved(office, "Sammanträdet är inlagt i mötesplanen.")
    meeting = office.url
    standard = agenda_titles(office)
    assert standard[0] == "Mötets öppnande" and standard[-2:] == ["Övriga frågor", "Mötets avslutande"]

    # The application goes on the agenda, before the closing items, with its proposed decision.
    office.goto(application)

    def agenda(form):
        form.get_by_label("Sammanträde").select_option(label=f"Styrelsemöte {day:%Y-%m-%d}")
        form.get_by_label("Förslag till beslut: att …").fill(PROPOSAL)

    take_step(office, "Sätt upp på föredragningslistan", agenda)
    office.goto(meeting)
    assert agenda_titles(office)[-3:] == [ITEM, "Övriga frågor", "Mötets avslutande"]
    expect(office.locator("ol.agenda")).to_contain_text("Ekonomiskt utrymme för nya insatser")

    # Moved up one step, and an item the meeting does not need is removed.
    click_and_wait(office, f"Upp {ITEM}")
    expect_saved(office, "Flyttat.")
    titles = agenda_titles(office)
    assert titles.index(ITEM) == len(titles) - 4
    click_and_wait(office, "Ta bort från listan Föregående protokoll")
    expect_saved(office, "Borttaget.")
    titles = agenda_titles(office)
    assert "Föregående protokoll" not in titles and len(titles) == len(standard)

    # Once the notice is sent the agenda keeps its order.
    click_and_wait(office, "Markera kallelsen som skickad")
    expect(office.locator("main")).to_contain_text(f"Kallelsen skickades {day:%Y-%m-%d}.")
    expect(office.get_by_role("button", name=re.compile(r"^Upp "))).to_have_count(0)

    # The minutes start with a paragraph for every item, the proposal as the draft decision.
    click_and_wait(office, "Börja skriva protokoll")
    paragraphs = office.locator("article.paragraph")
    expect(paragraphs).to_have_count(len(titles))
    headings = [
        re.sub(r"^§\s*\d+\s*", "", h.replace("\xa0", " ")).strip() for h in paragraphs.locator("h4").all_inner_texts()
    ]
    assert headings == titles
    decided_paragraph = paragraphs.filter(has_text=ITEM)
    expect(decided_paragraph).to_contain_text(f"att {PROPOSAL}")
    number = re.search(r"§\s*(\d+)", decided_paragraph.get_by_role("heading").inner_text()).group(1)

    # The decision with its motivation is recorded in that paragraph.
    office.goto(application)

    def decision(form):
        form.get_by_label("Beslut", exact=True).select_option(label="Beviljad")
        form.get_by_label("Motivering").fill(MOTIVATION)
        choice = form.get_by_label("Paragraf i protokollet")
        choice.select_option(value=choice.locator("option", has_text=ITEM).get_attribute("value"))

    take_step(office, "Protokollför styrelsens beslut", decision)
    decided = office.locator("section.decision")
    expect(decided).to_contain_text(f"Beviljad {day:%Y-%m-%d}")
    expect(decided).to_contain_text(f"att {PROPOSAL}")
    expect(decided).to_contain_text(MOTIVATION)
    expect(decided).to_contain_text(f"Protokoll {day:%Y-%m-%d}, § {number}")

    # The minutes show the decision and its motivation in the paragraph.
    office.goto(meeting)
    paragraph = office.locator("article.paragraph", has_text=ITEM)
    expect(paragraph).to_contain_text("Beslut om ansökan: Beviljad")
    expect(paragraph).to_contain_text(MOTIVATION)
