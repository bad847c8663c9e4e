"""An application from the applicant's form to a locked decision in the minutes, in a real browser.

Every step goes through the web pages, each user in a browser of their own (they are all logged in
at once, as at a real förbund):

- `sokande` (applicant, Skellefteå-Norsjö) fills in the application with its budget and submits it;
- `kansli` (office) hands it to the preparatory group, `beredning` recommends it;
- `kansli` plans a board meeting, puts the application on its agenda and marks the notice sent;
- `forbundschef` (förbund admin, the meeting's secretary) writes the minutes: attendance from the board
  register, the paragraph, the board's decision on the application, the three signers; then marks them ready;
- the chair (`styrelse`), the secretary and the adjuster (`justerare`) each sign with their password,
  which adjusts the minutes;
- `forbundschef` registers the posting on the notice board and locks the minutes;
- the applicant then sees the decision with its certified extract.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from samordna.applications.sections import SECTIONS
from samordna.demo.users import DEMO_PASSWORD

from .helpers import click_and_wait, log_in, unfold

pytestmark = pytest.mark.e2e

FORBUND = "skelleftea-norsjo"
TITLE = "Samverkansteam för unga vuxna"
YEAR = 2027
PERSONNEL = 450_000
OTHER_COSTS = 30_000
APPLIED = PERSONNEL + OTHER_COSTS
PARAGRAPH_TITLE = f"{TITLE} – ansökan om medel"
# (role on the form, name, username): the chair and the adjuster sit on the board; the förbundschef keeps the minutes.
SIGNERS = (
    ("Ordförande", "Stig Styrelsesson", "styrelse"),
    ("Sekreterare", "Fredrika Förbundschef", "forbundschef"),
    ("Justerare", "Jenny Justerare", "justerare"),
)
# Three of the five ledamöter in the register are present, so the board is quorate.
PRESENT = ("Stig Styrelsesson", "Jenny Justerare", "Anders Nyström")


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def status_fact(page: Page):
    return page.locator("dl.facts dt:has-text('Status') + dd")


def expect_saved(page: Page, text: str = "Sparat.") -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def write_application(page: Page) -> str:
    """The applicant's form, then the budget of its one year; returns the application's page."""
    page.goto(f"/f/{FORBUND}/ansokningar/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny ansökan om medel")
    page.get_by_label("Projektets eller verksamhetens namn").fill(TITLE)
    page.get_by_label("Organisationens namn").fill("Skellefteå kommun")
    page.get_by_label("Enhet/arbetsställe").fill("Arbetsmarknadsenheten")
    page.get_by_label("Organisationsnummer").fill("212000-2643")
    page.get_by_label("Kontaktperson", exact=True).fill("Sune Sökandesson")
    page.get_by_label("Kontaktpersonens e-post").fill("sune@example.org")
    page.get_by_label("Period från").fill(f"{YEAR}-01-01")
    page.get_by_label("Period till").fill(f"{YEAR}-12-31")
    # Two parties: the kommuner count as one, Försäkringskassan as another.
    for party in ("Skellefteå kommun", "Norsjö kommun", "Försäkringskassan"):
        page.get_by_label(party, exact=True).check()
    page.get_by_label("Firmatecknare/chef").fill("Sune Sökandesson")
    for section in SECTIONS:
        page.get_by_label(str(section.heading), exact=True).fill(f"{section.heading}: vår plan för {YEAR}.")
    click_and_wait(page, "Spara")
    expect_saved(page, "Utkastet är sparat. Fyll i budgeten per år.")

    page.get_by_label(f"Personal {YEAR}", exact=True).fill(str(PERSONNEL))
    page.get_by_label(f"Övriga kostnader (inkl. ev. startkostnader) {YEAR}", exact=True).fill(str(OTHER_COSTS))
    click_and_wait(page, "Spara")
    expect_saved(page, "Ansökan är sparad.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(status_fact(page)).to_have_text("Utkast")
    return path_of(page)


def take_step(page: Page, step: str, fill=None) -> None:
    """Fill in and take one workflow step on the application's page."""
    section = page.locator("section.step", has=page.get_by_role("heading", level=2, name=step))
    if fill is not None:
        fill(section)
    click_and_wait(page, step, section)
    expect_saved(page, f"Klart: {step}.")


def test_application_decided_by_the_board_and_minutes_locked(new_page) -> None:
    day = today()

    # The applicant writes and submits; the application gets its diarienummer.
    applicant = new_page()
    log_in(applicant, "sokande")
    application = write_application(applicant)
    take_step(applicant, "Skicka in ansökan")
    expect(status_fact(applicant)).to_have_text("Inlämnad")
    registration_no = applicant.locator("dl.facts dt:has-text('Diarienummer') + dd").inner_text().strip()
    assert re.fullmatch(rf"{day.year}:\d+", registration_no), registration_no

    # The office hands it to the preparatory group, which recommends it.
    office = new_page()
    log_in(office, "kansli")
    office.goto(application)
    take_step(office, "Lämna till beredning")
    expect(status_fact(office)).to_have_text("Under beredning")

    preparatory = new_page()
    log_in(preparatory, "beredning")
    preparatory.goto(application)

    def review(form):
        form.get_by_label("Datum").fill(day.isoformat())
        form.get_by_label("Ställningstagande").select_option(label="Tillstyrkt")
        form.get_by_label("Yttrande").fill("Beredningen tillstyrker ansökan.")

    take_step(preparatory, "Registrera beredningens ställningstagande", review)
    expect(status_fact(preparatory)).to_have_text("Beredd")

    # The office plans today's board meeting and puts the application on its agenda.
    office.goto(f"/f/{FORBUND}/sammantraden/")
    office.get_by_label("Typ").select_option(label="Styrelsemöte")
    office.get_by_label("Datum").fill(day.isoformat())
    office.get_by_label("Från klockan").fill("13:00")
    office.get_by_label("Plats").fill("Stadshuset, Skellefteå")
    # The meeting's agenda is typed item by item here; the standard items have their own test.
    office.get_by_label("Börja föredragningslistan med förbundets stående punkter").uncheck()
    click_and_wait(office, "Lägg till")
    expect_saved(office, "Sammanträdet är inlagt i mötesplanen.")
    meeting = path_of(office)

    office.goto(application)

    def agenda(form):
        # The meeting just planned, by its id: another test may have planned a board meeting on the same day.
        form.get_by_label("Sammanträde").select_option(value=re.search(r"/sammantraden/(\d+)/", meeting).group(1))
        form.get_by_label("Förslag till beslut: att …").fill(f"bevilja {APPLIED} kr för {YEAR}")

    take_step(office, "Sätt upp på föredragningslistan", agenda)
    expect(status_fact(office)).to_have_text("På föredragningslistan")

    office.goto(meeting)
    agenda_list = office.locator("ol.agenda")
    expect(agenda_list).to_contain_text(f"{TITLE} – ansökan från Skellefteå kommun")
    expect(agenda_list).to_contain_text(f"att bevilja {APPLIED} kr för {YEAR}")
    expect(agenda_list.get_by_role("link", name=f"Ansökan {registration_no}")).to_be_visible()
    click_and_wait(office, "Markera kallelsen som skickad")
    expect(office.locator("main")).to_contain_text(f"Kallelsen skickades {day:%Y-%m-%d}.")

    # The förbundschef keeps the minutes: attendance and the paragraph of the decision.
    secretary = new_page()
    log_in(secretary, "forbundschef")
    secretary.goto(meeting)
    click_and_wait(secretary, "Börja skriva protokoll")
    expect(secretary.locator("main")).to_contain_text("Status: Utkast")

    with secretary.expect_navigation():
        secretary.get_by_role("link", name="Registrera närvaro ur styrelseregistret").click()
    seats = secretary.locator(
        "fieldset", has=secretary.locator("legend", has_text=re.compile(r", (ledamot|ersättare) för "))
    )
    for index in range(seats.count()):
        seat = seats.nth(index)
        present = any(seat.locator("legend").inner_text().startswith(name) for name in PRESENT)
        seat.get_by_label("Närvarande" if present else "Frånvarande", exact=True).check()
    click_and_wait(secretary, "Spara närvaron ur registret")
    expect_saved(secretary, "Närvaron är sparad.")
    form = secretary.locator("form", has=secretary.get_by_role("button", name="Lägg till närvarande"))
    form.get_by_label("Användare").select_option(label="Fredrika Förbundschef")
    click_and_wait(secretary, "Lägg till närvarande", form)
    expect(secretary.locator("main")).to_contain_text("Beslutande: 3 av 5 platser. Styrelsen är beslutsför.")
    secretary.goto(meeting)

    form = unfold(secretary, "Lägg till paragraf")
    form.get_by_label("Rubrik").fill(PARAGRAPH_TITLE)
    form.get_by_label("Text", exact=True).fill("Beredningsgruppen har tillstyrkt ansökan.")
    form.get_by_label("Beslut", exact=True).fill(f"att bevilja {APPLIED} kr för {YEAR}")
    click_and_wait(secretary, "Lägg till paragraf", form)
    expect_saved(secretary)
    paragraph = secretary.locator("article.paragraph", has_text=PARAGRAPH_TITLE)
    expect(paragraph).to_contain_text(f"att bevilja {APPLIED} kr för {YEAR}")
    number = re.search(r"§\s*(\d+)", paragraph.get_by_role("heading").inner_text()).group(1)

    # The board's decision is recorded on the application, tied to that paragraph.
    secretary.goto(application)

    def decision(form):
        form.get_by_label("Beslut", exact=True).select_option(label="Beviljad")
        form.get_by_label("Motivering").fill("Insatsen stärker samverkan kring unga vuxna.")
        choice = form.get_by_label("Paragraf i protokollet")
        choice.select_option(value=choice.locator("option", has_text=PARAGRAPH_TITLE).get_attribute("value"))

    take_step(secretary, "Protokollför styrelsens beslut", decision)
    expect(status_fact(secretary)).to_have_text("Beslutad")
    decided = secretary.locator("section.decision")
    expect(decided).to_contain_text(f"Beviljad {day:%Y-%m-%d}")
    expect(decided).to_contain_text(f"Protokoll {day:%Y-%m-%d}, § {number}")

    # Three signers are named, each with their login, and the text is frozen for adjustment.
    secretary.goto(meeting)
    for role, name, username in SIGNERS:
        form = unfold(secretary, "Utse ordförande, sekreterare eller justerare")
        form.get_by_label("Roll").select_option(label=role)
        if role == "Justerare":
            form.get_by_label("Justerare bland de beslutande").select_option(label=name)
        else:
            form.get_by_label("Namn", exact=True).fill(name)
            form.get_by_label("Användarnamn").fill(username)
        click_and_wait(secretary, "Spara", form)
        expect_saved(secretary)
    signers = secretary.locator("h3:has-text('Justering') + ul")
    for role, name, _username in SIGNERS:
        expect(signers).to_contain_text(f"{role}: {name} – inte undertecknat")
    click_and_wait(secretary, "Klart för justering")
    expect(secretary.locator("main")).to_contain_text("Status: Klart för justering")
    expect(secretary.get_by_role("button", name="Lägg till paragraf")).to_have_count(0)

    # Each signer signs the same text with their password; the last signature adjusts the minutes.
    sign_page = f"{meeting}justera/"
    chair = new_page()
    log_in(chair, "styrelse")
    adjuster = new_page()
    log_in(adjuster, "justerare")
    for signer, (role, name, _username) in zip((chair, secretary, adjuster), SIGNERS, strict=True):
        signer.goto(sign_page)
        expect(signer.get_by_role("heading", level=2, name=f"Skriv under som {role.lower()}")).to_be_visible()
        signer.get_by_label("Ditt lösenord").fill(DEMO_PASSWORD)
        click_and_wait(signer, "Skriv under")
        expect_saved(signer, "Du har skrivit under protokollet.")
        expect(signer.locator("main ul:not(.messages)").first).to_contain_text(
            f"{role}: {name} – undertecknat {day:%Y-%m-%d}"
        )
    expect(adjuster.locator("main")).to_contain_text("Status: Justerat")

    # Posted on the notice board for the appeal period, then locked.
    secretary.goto(meeting)
    expect(secretary.locator("main")).to_contain_text("Status: Justerat")
    taken_down = day + dt.timedelta(days=30)  # up until the three weeks for appeal have run out
    secretary.get_by_label("Anslaget sätts upp").fill(day.isoformat())
    secretary.get_by_label("Anslaget tas ner").fill(taken_down.isoformat())
    click_and_wait(secretary, "Registrera anslag")
    expect_saved(secretary)
    expect(secretary.locator("main")).to_contain_text(f"Uppsatt {day:%Y-%m-%d}, nedtas {taken_down:%Y-%m-%d}")
    click_and_wait(secretary, "Lås protokollet")
    expect_saved(secretary)
    main = secretary.locator("main")
    expect(main).to_contain_text("Status: Låst")
    # Nothing in locked minutes can be changed any more: none of the forms is offered.
    editing = ("Lägg till paragraf", "Klart för justering", "Registrera anslag", "Lås protokollet")
    for button in editing:
        expect(secretary.get_by_role("button", name=button)).to_have_count(0)
    for role, name, _username in SIGNERS:
        expect(main).to_contain_text(f"{role}: {name} – undertecknat")

    # The meeting plan shows the locked minutes; the applicant sees the decision and gets the extract.
    office.goto(f"/f/{FORBUND}/sammantraden/?ar={day.year}")
    row = office.locator("tr", has=office.locator(f'a[href="{meeting}"]'))
    expect(row).to_contain_text("Låst")

    applicant.goto(application)
    expect(status_fact(applicant)).to_have_text("Beslutad")
    expect(applicant.locator("section.decision")).to_contain_text(f"Beviljad {day:%Y-%m-%d}")
    extract = applicant.get_by_role("link", name="protokollsutdrag (PDF)")
    response = applicant.request.get(extract.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
