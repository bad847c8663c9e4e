"""A whole board meeting in a real browser, the way the office runs it, from the standard items to the insats:

- `beredning` (preparatory group) recommends an application that is in preparation;
- `kansli` (office) plans today's board meeting with the förbund's standard items, puts the application on the
  agenda, moves it up one step, removes an item the meeting does not need, reads the notice PDF and marks the
  notice sent, after which the agenda keeps its order;
- on the day `kansli` starts the minutes (every item a paragraph with its proposal, nothing typed again) and records
  attendance from the board register: Försäkringskassan's ledamot is away and her ersättare serves; the quorum is
  shown;
- the board's decision, granted with its motivation, goes into the application's paragraph, and the meeting's
  choice of justerare into "Val av justerare";
- the chair, the secretary and the chosen justerare sign the text shown above their button;
- the office posts the notice; anyone, without logging in, finds it on the förbund's notice board with the last day
  for appeal, and taking it down at once is refused;
- the granted application is an insats with the granted years as its budget, the parties and its reporting plan.
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
TITLE = "Arbetsträning i Återbruket"
ITEM = f"{TITLE} – ansökan från Föreningen Återbruket Skellefteå"
PROPOSAL = "bevilja det sökta beloppet för arbetsträningen"
MOTIVATION = "Arbetsträningen ger deltagarna ett steg mot arbete tillsammans med flera parter."
ABSENT = "Lena Holmström"  # Försäkringskassan's ledamot
SERVING = "Mats Enqvist"  # her ersättare
CHOSEN = "Jenny Justerare"


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def saved(page: Page, text: str = "Sparat.") -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def take_step(page: Page, step: str, fill) -> None:
    section = page.locator("section.step", has=page.get_by_role("heading", level=2, name=step))
    fill(section)
    click_and_wait(page, step, section)
    saved(page, f"Klart: {step}.")


def agenda_titles(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("ol.agenda > li > strong").all_inner_texts()]


def number_of(paragraph) -> str:
    return re.search(r"§\s*(\d+)", paragraph.get_by_role("heading").inner_text()).group(1)


def test_the_office_runs_a_board_meeting_from_the_standard_items_to_the_insats(new_page) -> None:
    require_tools()
    day = today()

    office = new_page()
    log_in(office, "kansli")
    office.goto(f"/f/{FORBUND}/ansokningar/")
    office.get_by_role("link", name=TITLE).click()
    application = path_of(office)

    # The preparatory group recommends the application, so it goes on the agenda prepared.
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
    saved(office, "Sammanträdet är inlagt i mötesplanen.")
    meeting = path_of(office)
    meeting_id = re.search(r"/sammantraden/(\d+)/", meeting).group(1)
    standard = agenda_titles(office)
    assert standard[0] == "Mötets öppnande" and standard[-2:] == ["Övriga frågor", "Mötets avslutande"]

    # The application goes on this meeting's agenda (by its id: another test may plan one on the same day),
    # before the closing items, with its proposed decision and the room for new projects beside it.
    office.goto(application)

    def agenda(form):
        form.get_by_label("Sammanträde").select_option(value=meeting_id)
        form.get_by_label("Förslag till beslut: att …").fill(PROPOSAL)

    take_step(office, "Sätt upp på föredragningslistan", agenda)
    office.goto(meeting)
    assert agenda_titles(office)[-3:] == [ITEM, "Övriga frågor", "Mötets avslutande"]
    expect(office.locator("ol.agenda")).to_contain_text("Ekonomiskt utrymme för nya insatser")
    expect(office.locator("ol.agenda")).not_to_contain_text("Ansökan är inte beredd")

    # Moved up one step, and an item the meeting does not need is removed.
    click_and_wait(office, f"Upp {ITEM}")
    saved(office, "Flyttat.")
    titles = agenda_titles(office)
    assert titles.index(ITEM) == len(titles) - 4
    click_and_wait(office, "Ta bort från listan Föregående protokoll")
    saved(office, "Borttaget.")
    titles = agenda_titles(office)
    assert "Föregående protokoll" not in titles and len(titles) == len(standard)

    # The notice is a PDF; once it is sent the agenda keeps its order.
    notice = office.request.get(office.get_by_role("link", name="Kallelse som PDF").get_attribute("href"))
    assert notice.status == 200 and notice.body()[:5] == b"%PDF-"
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
    number = number_of(decided_paragraph)

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
    expect(office.locator("main")).to_contain_text("Beslutande: 5 av 5 platser. Styrelsen är beslutsför.")
    row = office.locator("tr", has_text=SERVING)
    expect(row).to_contain_text("Tjänstgörande ersättare")
    expect(row).to_contain_text(ABSENT)
    office.reload()  # the page itself, without the message of the save
    assert axe_violations(office) == []
    office.goto(meeting)
    expect(office.locator("main")).to_contain_text("Styrelsen är beslutsför.")

    # The board grants the application; the decision and its motivation go into the application's paragraph.
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
    office.goto(meeting)
    paragraph = office.locator("article.paragraph", has_text=ITEM)
    expect(paragraph).to_contain_text("Beslut om ansökan: Beviljad")
    expect(paragraph).to_contain_text(MOTIVATION)

    # The meeting's choice of justerare goes into its paragraph; she is then named from those present.
    election = office.locator("article.paragraph", has_text="Val av justerare")
    with office.expect_navigation():
        election.get_by_role("link", name=re.compile("^Ändra paragrafen")).click()
    office.get_by_label("Beslut", exact=True).fill(f"utse {CHOSEN} att jämte ordföranden justera protokollet")
    click_and_wait(office, "Spara")
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
        expect(text).to_contain_text(MOTIVATION)
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
    taken_down = day + dt.timedelta(days=40)  # a day of its own, to find this notice among others on the board
    office.get_by_label("Anslaget tas ner").fill(taken_down.isoformat())
    click_and_wait(office, "Registrera anslag")
    saved(office)
    appeal = re.search(r"Sista dag för överklagande: (\d{4}-\d{2}-\d{2})", office.locator("main").inner_text())
    assert appeal, "the minutes page shows no last day for appeal"
    click_and_wait(office, "Ta ner anslaget")
    expect(office.locator("ul.messages")).to_contain_text("tiden för överklagande")

    # Anyone finds it on the notice board, without logging in, and may read the justered minutes.
    public = new_page()
    public.goto(f"/anslagstavla/{FORBUND}/")
    posted = public.locator("tbody tr", has_text=f"{taken_down:%Y-%m-%d}").filter(has_text=f"{day:%Y-%m-%d}")
    expect(posted).to_have_count(1)
    expect(posted).to_contain_text(appeal.group(1))
    expect(posted).to_contain_text("Styrelsemöte")
    assert axe_violations(public) == []
    response = public.request.get(posted.get_by_role("link", name=re.compile("Protokoll")).get_attribute("href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    expect(public.locator("main")).not_to_contain_text(SERVING)

    # The granted application is an insats: the granted years as its budget, the parties and its reporting plan.
    office.goto(application)
    facts = office.locator("dl.facts")
    expect(facts).to_contain_text("Insats")
    office.goto(f"/f/{FORBUND}/insatser/")
    with office.expect_navigation():
        office.get_by_role("link", name=TITLE, exact=True).click()
    main = office.locator("main")
    expect(office.get_by_role("heading", level=1)).to_have_text(TITLE)
    # The applicant is a förening, not a member, so the register has no owner for it; the parties are the partners.
    expect(main.locator("dl.facts dt:has-text('Samverkansparter') + dd")).to_contain_text("Försäkringskassan")
    budget = office.locator("table", has=office.get_by_role("columnheader", name="Förbundets del"))
    years = [int(y) for y in budget.locator("tbody tr td:first-child").all_inner_texts() if y.strip().isdigit()]
    assert years and all(year >= day.year for year in years), years
    plan = office.locator("table", has=office.get_by_role("columnheader", name="Senast"))
    expect(plan.locator("tbody tr").first).not_to_contain_text("Ingen rapporteringsplan upplagd.")
