"""The final report (slutrapport) of an insats, handed in and signed by each party, in a real browser.

`kansli` (office, Skellefteå-Norsjö) writes the final report of Hälsa i arbete Norsjö, which ended three weeks
ago: the goal registered on the insats's goal page is declared partly met, every question of the form is
answered, each party (the owner and the two partners) signs, and the report is handed in. After that the report
is locked: nothing on it can be changed.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .helpers import click_and_wait, log_in

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"
INSATS = "Hälsa i arbete Norsjö"
GOAL = "Minst 40 procent av deltagarna går till arbete eller studier"
# The questions the system does not fill in itself, by the start of their label, with the answer typed.
TYPED = {
    "3.": "Att pröva en väg tillbaka till arbete med stöd från hälsocentralen.",
    "5.": "Kvinnor och män har erbjudits samma stöd; uppföljningen redovisas efter kön.",
    "6.": "Fler sjukskrivna får nu samordnat stöd tidigt.",
    "9.": "Nej, målgruppen har varit densamma.",
    "10.": "38",
    "11.": "Arbetsträning med handledare och hälsosamtal.",
    "12.": "Hälsosamtalen blev fler än planerat.",
    "13.": "Ja.",
    "14.": "Med insatsens egen uppföljning och förbundets statistik.",
    "15.": "Hälsocentralen fortsätter med arbetssättet i sin ordinarie verksamhet.",
    "18.": "Norsjö kommun: tidig kontakt. Regionen: hälsosamtal. Försäkringskassan: gemensam planering.",
}
# The owner first, then the partners, as the form lists them.
PARTIES = (
    ("Norsjö kommun", "Maria Lindgren", "maria.lindgren@norsjo.example.se"),
    ("Västerbottens läns landsting", "Olof Berg", "olof.berg@regionvasterbotten.example.se"),
    ("Försäkringskassan", "Karin Ek", "karin.ek@forsakringskassan.example.se"),
)


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def question(page: Page, number: str):
    """The input of the question numbered `number` ("3."), found by its label."""
    return page.get_by_label(re.compile(rf"^{re.escape(number)} "))


def test_the_final_report_is_answered_signed_by_every_party_and_locked(new_page) -> None:
    day = today()
    office = new_page()
    log_in(office, "kansli")

    # The insats's goal is registered on its goal page, so that the report can declare it.
    office.goto(f"/f/{FORBUND}/insatser/")
    with office.expect_navigation():
        office.get_by_role("link", name=INSATS).first.click()
    with office.expect_navigation():
        office.get_by_role("link", name="Ändra målen").click()
    office.get_by_label("Mål", exact=True).fill(GOAL)
    office.get_by_label("Mått").select_option(label="Andel utskrivna till arbete eller studier")
    office.get_by_label("Målvärde").fill("40")
    click_and_wait(office, "Lägg till målet")
    expect(office.get_by_role("heading", level=2, name=GOAL, exact=False)).to_be_visible()

    # The final report, from the list of reports to hand in.
    office.goto(f"/f/{FORBUND}/rapportering/insatsrapporter/")
    row = office.locator("tr", has_text=INSATS).filter(has=office.get_by_role("link", name="Slutrapport"))
    with office.expect_navigation():
        row.get_by_role("link", name="Slutrapport").click()
    report = office.url
    main = office.locator("main")
    expect(office.get_by_role("heading", level=1)).to_contain_text("Slutrapport")
    expect(office.get_by_role("heading", level=1)).to_contain_text(INSATS)
    # Questions 1, 2, 7 and 8 come from the insats itself.
    parties = office.locator("#q-parties")
    for organisation, _name, _email in PARTIES:
        expect(parties).to_contain_text(organisation)
    expect(question(office, "8.")).to_have_value(
        "Personer 20–64 år i Norsjö som är sjukskrivna eller har aktivitetsersättning och vill pröva en väg "
        "tillbaka till arbete med stöd från hälsocentralen."
    )

    for number, text in TYPED.items():
        question(office, number).fill(text)
    goal = office.locator("fieldset.field fieldset", has=office.locator("legend", has_text=GOAL))
    goal.get_by_label("Uppnått?").select_option(label="Delvis")
    goal.get_by_label("Utfall och kommentar").fill("14 av 38 gick till arbete eller studier, 37 procent.")
    question(office, "16.").select_option(label="Nej")
    click_and_wait(office, "Spara")
    expect(office.locator("ul.messages")).to_contain_text("Svaren är sparade.")
    # Only the signatures are missing now.
    missing = office.locator("main h2:has-text('Saknas innan rapporten kan lämnas in') + ul")
    expect(missing.locator("li")).to_have_count(len(PARTIES))
    expect(missing).not_to_contain_text("Fråga")

    # Each party signs (question 19): the organisation, the day, the signature and the name in print.
    for organisation, name, email in PARTIES:
        form = office.locator("form", has=office.get_by_role("button", name="Registrera underskriften"))
        choice = form.get_by_label("Organisation")
        choice.select_option(value=choice.locator("option", has_text=organisation).get_attribute("value"))
        form.get_by_label("Datum").fill(day.isoformat())
        form.get_by_label("Namnteckning").fill(name)
        form.get_by_label("Namnförtydligande").fill(name)
        form.get_by_label("E-post").fill(email)
        click_and_wait(office, "Registrera underskriften", form)
        expect(office.locator("ul.messages")).to_contain_text("Underskriften är registrerad.")
        expect(main).to_contain_text(f"{organisation}: {name}, {day:%Y-%m-%d}")
    expect(office.get_by_role("heading", name="Saknas innan rapporten kan lämnas in")).to_have_count(0)
    expect(office.get_by_role("button", name="Registrera underskriften")).to_have_count(0)

    click_and_wait(office, "Lämna in")
    expect(office.locator("ul.messages")).to_contain_text("Rapporten är inlämnad.")
    expect(main).to_contain_text("Inlämnad")

    # Locked: the answers stand as handed in, and no form offers a change.
    office.goto(report)
    for button in ("Spara", "Lämna in", "Registrera underskriften"):
        expect(office.get_by_role("button", name=button, exact=True)).to_have_count(0)
    expect(question(office, "3.")).to_have_value(TYPED["3."])
    expect(question(office, "3.")).to_have_attribute("readonly", "")
    for organisation, name, _email in PARTIES:
        expect(main).to_contain_text(f"{organisation}: {name}, {day:%Y-%m-%d}")
