"""Editing the notice and the minutes in a real browser: an agenda item with an open clause and an
attachment, a paragraph's decision, a guest present at one paragraph with the quorum shown, and the economic room
next to a decided application in the demo minutes of 2015-04-23, which can no longer be edited.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import click_and_wait, log_in, unfold

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"
DAY = "2027-03-18"


def test_the_office_edits_the_notice_and_the_minutes(new_page, tmp_path: Path) -> None:
    office = new_page()
    log_in(office, "kansli")

    office.goto(f"/f/{FORBUND}/sammantraden/?ar=2027")
    office.get_by_label("Datum").fill(DAY)
    office.get_by_label("Plats").fill("Hörnellgatan 17")
    # The meeting's agenda is typed item by item here; the standard items have their own test.
    office.get_by_label("Börja föredragningslistan med förbundets stående punkter").uncheck()
    click_and_wait(office, "Lägg till")
    form = unfold(office, "Lägg till ärende")
    form.get_by_label("Rubrik").fill("Val av justerare")
    click_and_wait(office, "Lägg till ärende", form)

    # The agenda item: an open "att" and an attachment.
    with office.expect_navigation():
        office.get_by_role("link", name="Ändra ärendet").click()
    office.get_by_label("Förslag till beslut").fill("att utse _____ till justerare\natt")
    click_and_wait(office, "Spara")
    expect(office.locator("ol.agenda")).to_contain_text("att utse _____ till justerare")
    expect(office.locator("ol.agenda")).to_contain_text("att …")
    with office.expect_navigation():
        office.get_by_role("link", name="Ändra ärendet").click()
    pdf = tmp_path / "underlag.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% underlag\n")
    office.get_by_label("Bilaga").set_input_files(str(pdf))
    click_and_wait(office, "Ladda upp bilaga")
    expect(office.locator("ul.messages")).to_contain_text("Bilagan är sparad.")
    expect(office.get_by_role("link", name="underlag.pdf")).to_be_visible()

    # The minutes: the agenda's item is their paragraph, not typed again; a guest who attended it, the quorum line.
    office.get_by_role("link", name=re.compile("Styrelsemöte")).click()
    click_and_wait(office, "Börja skriva protokoll")
    expect(office.get_by_role("heading", name=re.compile(r"§\s*\d+ Val av justerare"))).to_have_count(1)
    with office.expect_navigation():
        office.get_by_role("link", name="Registrera närvaro ur styrelseregistret").click()
    expect(office.locator("main")).to_contain_text("Beslutande: 0 av 5 platser.")
    form = office.locator("form", has=office.get_by_role("button", name="Lägg till närvarande"))
    form.get_by_label("Eller namn").fill("Gunnel Gäst")
    form.get_by_label(re.compile(r"§\s*\d+ Val av justerare")).check()
    click_and_wait(office, "Lägg till närvarande", form)
    guest = office.locator("tr", has_text="Gunnel Gäst")
    expect(guest).to_contain_text("Övriga deltagande")
    expect(guest.locator("td").nth(4)).to_have_text(re.compile(r"^\d+$"))
    office.get_by_role("link", name="Tillbaka till sammanträdet").click()

    with office.expect_navigation():
        office.get_by_role("link", name=re.compile("Ändra paragrafen")).click()
    office.get_by_label("Beslut", exact=True).fill("att utse Kenneth Andersson att justera protokollet")
    click_and_wait(office, "Spara")
    expect(office.locator("article.paragraph")).to_contain_text("att utse Kenneth Andersson att justera protokollet")


def test_the_april_minutes_show_the_room_and_offer_no_edits(new_page) -> None:
    office = new_page()
    log_in(office, "kansli")
    office.goto(f"/f/{FORBUND}/sammantraden/?ar=2015")
    with office.expect_navigation():
        office.get_by_role("link", name=re.compile("2015-04-23")).click()

    via = office.locator("article.paragraph", has=office.get_by_role("heading", name=re.compile(r"§\s602")))
    expect(via.locator(".economic-room")).to_contain_text("2\u202f180\u202f732")
    expect(via.locator(".economic-room")).to_contain_text("1\u202f580\u202f732")
    expect(office.get_by_role("link", name=re.compile("Ändra paragrafen"))).to_have_count(0)
    # The source lists seven deciding for five seats: the register's reading is shown with the source's as a warning.
    expect(office.locator("main")).to_contain_text("Anmärkning om närvaron")
    expect(office.locator("main")).to_contain_text("Beslutande: 4 av 5 platser.")
