"""A board meeting's attendance, justering and notice in a real browser, the way the office runs it:

- `kansli` plans today's board meeting, starts the minutes and records attendance from the board register:
  Försäkringskassan's ledamot is away and her ersättare serves; the quorum is shown;
- the meeting chooses Jenny Justerare in "Val av justerare", and she is named justerare from those present;
- the chair, the secretary and the justerare sign the text shown above their button;
- the office posts the notice, and anyone, without logging in, finds it on the förbund's notice board with the
  last day for appeal.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from samordna.demo.users import DEMO_PASSWORD

from .checkers import axe_violations, require_tools
from .helpers import click_and_wait, log_in, unfold

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"
ABSENT = "Lena Holmström"  # Försäkringskassan's ledamot
SERVING = "Mats Enqvist"  # her ersättare
CHOSEN = "Jenny Justerare"


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def saved(page: Page, text: str = "Sparat.") -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def test_the_office_records_attendance_the_justerare_signs_and_the_notice_goes_up(new_page) -> None:
    require_tools()
    day = today()
    office = new_page()
    log_in(office, "kansli")
    office.goto(f"/f/{FORBUND}/sammantraden/")
    office.get_by_label("Typ").select_option(label="Styrelsemöte")
    office.get_by_label("Datum").fill(day.isoformat())
    office.get_by_label("Plats").fill("Kommunhuset, Norsjö")
    # The meeting's agenda is typed item by item here; the standard items have their own test.
    office.get_by_label("Börja föredragningslistan med förbundets stående punkter").uncheck()
    click_and_wait(office, "Lägg till")
    meeting = re.sub(r"^https?://[^/]+", "", office.url)
    click_and_wait(office, "Börja skriva protokoll")

    # Attendance from the register: every seat answered; one ersättare serves for the absent ledamot.
    with office.expect_navigation():
        office.get_by_role("link", name="Registrera närvaro ur styrelseregistret").click()
    seats = office.locator("fieldset", has=office.locator("legend", has_text=re.compile(r", (ledamot|ersättare) för ")))
    for index in range(seats.count()):
        seat = seats.nth(index)
        legend = seat.locator("legend").inner_text()
        if legend.startswith(ABSENT):
            seat.get_by_label("Frånvarande", exact=True).check()
        elif legend.startswith(SERVING):
            seat.get_by_label("Tjänstgör för frånvarande ledamot").check()
        elif ", ersättare för " in legend:
            seat.get_by_label("Frånvarande", exact=True).check()
        else:
            seat.get_by_label("Närvarande", exact=True).check()
    click_and_wait(office, "Spara närvaron ur registret")
    saved(office, "Närvaron är sparad.")
    main = office.locator("main")
    expect(main).to_contain_text("Beslutande: 5 av 5 platser. Styrelsen är beslutsför.")
    row = office.locator("tr", has_text=SERVING)
    expect(row).to_contain_text("Tjänstgörande ersättare")
    expect(row).to_contain_text(ABSENT)
    office.reload()  # the page itself, without the message of the save
    assert axe_violations(office) == []

    # The meeting chooses its justerare in a paragraph; she is named from those present.
    office.goto(meeting)
    expect(office.locator("main")).to_contain_text("Styrelsen är beslutsför.")
    form = unfold(office, "Lägg till paragraf")
    form.get_by_label("Rubrik").fill("Val av justerare")
    form.get_by_label("Beslut", exact=True).fill(f"att utse {CHOSEN} att jämte ordföranden justera protokollet")
    click_and_wait(office, "Lägg till paragraf", form)
    saved(office)
    for role, name, username in (
        ("Ordförande", "Stig Styrelsesson", "styrelse"),
        ("Sekreterare", "Karin Kanslisson", "kansli"),
    ):
        form = unfold(office, "Utse ordförande, sekreterare eller justerare")
        form.get_by_label("Roll").select_option(label=role)
        form.get_by_label("Namn", exact=True).fill(name)
        form.get_by_label("Användarnamn").fill(username)
        click_and_wait(office, "Spara", form)
        saved(office)
    form = unfold(office, "Utse ordförande, sekreterare eller justerare")
    form.get_by_label("Roll").select_option(label="Justerare")
    form.get_by_label("Justerare bland de beslutande").select_option(label=CHOSEN)
    click_and_wait(office, "Spara", form)
    saved(office)
    click_and_wait(office, "Klart för justering")
    expect(office.locator("main")).to_contain_text("Status: Klart för justering")

    # Each signer reads the text above the button and signs it.
    chair = new_page()
    log_in(chair, "styrelse")
    adjuster = new_page()
    log_in(adjuster, "justerare")
    for signer, role in ((adjuster, "justerare"), (chair, "ordförande"), (office, "sekreterare")):
        signer.goto(f"{meeting}justera/")
        text = signer.locator(".document-text")
        expect(text).to_contain_text(f"utse {CHOSEN} att jämte ordföranden justera protokollet")
        button = signer.get_by_role("button", name="Skriv under")
        assert text.bounding_box()["y"] < button.bounding_box()["y"]
        expect(signer.get_by_role("heading", level=2, name=f"Skriv under som {role}")).to_be_visible()
        signer.get_by_label("Ditt lösenord").fill(DEMO_PASSWORD)
        click_and_wait(signer, "Skriv under")
        saved(signer, "Du har skrivit under protokollet.")
    expect(office.locator("main")).to_contain_text("Status: Justerat")

    # The notice goes up for the appeal period; taking it down at once is refused.
    office.goto(meeting)
    office.get_by_label("Anslaget sätts upp").fill(day.isoformat())
    office.get_by_label("Anslaget tas ner").fill((day + dt.timedelta(days=40)).isoformat())
    click_and_wait(office, "Registrera anslag")
    saved(office)
    appeal = re.search(r"Sista dag för överklagande: (\d{4}-\d{2}-\d{2})", office.locator("main").inner_text())
    assert appeal, "the minutes page shows no last day for appeal"
    click_and_wait(office, "Ta ner anslaget")
    expect(office.locator("ul.messages")).to_contain_text("tiden för överklagande")

    # Anyone finds it on the notice board, without logging in, and may read the justered minutes.
    public = new_page()
    public.goto(f"/anslagstavla/{FORBUND}/")
    notice = public.locator("tr", has_text=f"{day:%Y-%m-%d}")
    expect(notice.first).to_contain_text(appeal.group(1))
    expect(notice.first).to_contain_text("Styrelsemöte")
    assert axe_violations(public) == []
    link = notice.first.get_by_role("link", name=re.compile("Protokoll"))
    response = public.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    expect(public.locator("main")).not_to_contain_text(SERVING)
