"""Who holds the participants' data, in a real browser.

The director (`forbundschef`) names Skellefteå kommun controller of the newly granted Jobbspåret, and Skellefteå
kommun and Arbetsförmedlingen joint controllers of Aktiv uppföljning with their arrangement (art. 26). In Uppsala
län the director adds Enköping's insats 2019:3 to the role of the coordinator employed by Region Uppsala
(`deltagaransvarig3`) and records her employer on her user page: she is refused 2019:3's participants, and the read
log gets no row of her. The DPO (`dataskyddsombud`) opens Skellefteå kommun's record of processing and downloads it.
"""

from __future__ import annotations

import re
import subprocess  # nosec B404 (our own console script)

import pytest
from playwright.sync_api import Page, expect

from .checkers import axe_violations
from .conftest import samordna_command
from .helpers import log_in

pytestmark = pytest.mark.e2e

SKELLEFTEA = "skelleftea-norsjo"
UPPSALA = "uppsala-lan"
SINGLE = "Jobbspåret – väg till arbete med aktivitetsersättning"
JOINT = "Aktiv uppföljning"
OUTSIDE_HANDLER = "deltagaransvarig3"  # Region Uppsala's coordinator
ENKOPING = "Steg till arbete Enköping"  # 2019:3, controlled by Enköpings kommun

READS_OF = """
from samordna.audit.models import ReadLogEntry
from samordna.participants.models import Participation
stays = Participation.objects.filter(intervention__forbund__slug="{forbund}", intervention__registration_no="{insats}")
ids = {{str(s.pk) for s in stays}} | {{str(s.participant_id) for s in stays}}
rows = ReadLogEntry.objects.filter(actor__username="{username}", forbund__slug="{forbund}")
print(rows.filter(object_id__in=ids).count() + rows.filter(query__contains="{insats}").count())
"""


def reads_of(server_env: dict[str, str], username: str, forbund: str, insats: str) -> int:
    """How many read-log rows of `username` name a stay or a person of `insats`, or a list of it."""
    result = subprocess.run(  # noqa: S603  # nosec B603 (our own console script, fixed arguments)
        [samordna_command(), "shell", "-c", READS_OF.format(username=username, forbund=forbund, insats=insats)],
        env=server_env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return int(result.stdout.strip().splitlines()[-1])


def open_controller_form(page: Page, forbund: str, insats: str) -> None:
    page.goto(f"/f/{forbund}/insatser/")
    page.get_by_role("link", name=insats, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(insats)
    page.get_by_role("link", name=re.compile("^(Ange personuppgiftsansvarig|Ändra personuppgiftsansvaret)$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personuppgiftsansvar")


def members_box(page: Page):
    return page.locator("fieldset", has=page.locator("legend", has_text="Ansvariga medlemmar"))


def test_the_director_names_the_controllers_and_a_handler_of_another_member_is_refused(
    new_page, server_env: dict[str, str]
) -> None:
    director = new_page()
    log_in(director, "forbundschef")

    # One member: the kommun that runs the insats.
    open_controller_form(director, SKELLEFTEA, SINGLE)
    assert axe_violations(director) == []
    director.get_by_label("En eller flera medlemmar").check()
    members_box(director).get_by_label("Skellefteå kommun").check()
    with director.expect_navigation():
        director.get_by_role("button", name="Spara personuppgiftsansvaret").click()
    expect(director.locator("ul.messages")).to_contain_text("Personuppgiftsansvaret för insatsen är sparat")
    facts = director.locator("dl.facts").last
    expect(facts).to_contain_text("Skellefteå kommun")
    expect(director.locator("main")).not_to_contain_text("Insatsen har ingen personuppgiftsansvarig")

    # Joint controllers: refused without the arrangement, saved with it.
    open_controller_form(director, SKELLEFTEA, JOINT)
    director.get_by_label("En eller flera medlemmar").check()
    members_box(director).get_by_label("Skellefteå kommun").check()
    members_box(director).get_by_label("Arbetsförmedlingen").check()
    with director.expect_navigation():
        director.get_by_role("button", name="Spara personuppgiftsansvaret").click()
    expect(director.locator("main")).to_contain_text("Ange när avtalet om gemensamt personuppgiftsansvar skrevs under")
    director.get_by_label("Besvarar de registrerades begäranden (vid gemensamt ansvar)").select_option(
        label="Skellefteå kommun"
    )
    director.get_by_label("Informerar de registrerade (vid gemensamt ansvar)").select_option(label="Arbetsförmedlingen")
    director.get_by_label("Avtalet om gemensamt ansvar undertecknat (vid gemensamt ansvar)").fill("2015-09-01")
    director.get_by_label("Avtalets beteckning (vid gemensamt ansvar)").fill("Dnr 2015:04-PuB")
    with director.expect_navigation():
        director.get_by_role("button", name="Spara personuppgiftsansvaret").click()
    expect(director.locator("ul.messages")).to_contain_text("Personuppgiftsansvaret för insatsen är sparat")
    expect(director.locator("main")).to_contain_text("gemensamt ansvariga")
    expect(director.locator("main")).to_contain_text("Dnr 2015:04-PuB, 2015-09-01")

    # Uppsala län: Enköping's insats is added to the role of Region Uppsala's coordinator.
    director.goto(f"/f/{UPPSALA}/anvandare/")
    form = director.locator("form", has=director.get_by_role("button", name="Ge roll"))
    form.get_by_label("Användarnamn").fill(OUTSIDE_HANDLER)
    form.get_by_label("Roll").select_option(label="Deltagaransvarig")
    form.get_by_label("Insatser (för deltagaransvarig och insatsansvarig)").select_option(label=f"2019:3 {ENKOPING}")
    with director.expect_navigation():
        form.get_by_role("button", name="Ge roll").click()
    expect(director.locator("ul.messages")).to_contain_text("Rollen är tilldelad")
    row = director.locator("tr", has_text=f"({OUTSIDE_HANDLER})").filter(has_text="Deltagaransvarig")
    expect(row).to_contain_text("2019:3")

    # Her employer, on her user page.
    row.get_by_role("link").first.click()
    expect(director.locator("main")).to_contain_text("Anställd av")
    assert axe_violations(director) == []
    director.get_by_label("Anställd av").select_option(label="Region Uppsala")
    with director.expect_navigation():
        director.get_by_role("button", name="Spara arbetsgivaren").click()
    expect(director.locator("ul.messages")).to_contain_text("är anställd av Region Uppsala")

    # The handler of 2019:3 shows where one of its participants lives.
    own = new_page()
    log_in(own, "deltagaransvarig2")
    own.goto(f"/f/{UPPSALA}/deltagare/?sok=2019:3")
    hrefs = own.locator("main a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    person = re.compile(rf"/f/{UPPSALA}/deltagare/[0-9a-f-]{{36}}/")
    participant_path = next(href for href in hrefs if href and person.fullmatch(href))

    assert reads_of(server_env, OUTSIDE_HANDLER, UPPSALA, "2019:3") == 0
    outside = new_page()
    log_in(outside, OUTSIDE_HANDLER)
    response = outside.goto(participant_path)
    assert response is not None and response.status == 404
    expect(outside.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    outside.goto(f"/f/{UPPSALA}/deltagare/ny/")
    insats_choice = outside.get_by_label("Insats")
    expect(insats_choice.locator("option", has_text="2019:3")).to_have_count(0)
    api = outside.request.get(f"/api/v1/forbund/{UPPSALA}/participants/stays?insats=2019:3")
    assert api.status == 403
    reason = api.json()["detail"]
    assert "Region Uppsala" in reason and "inte är personuppgiftsansvarig" in reason
    # Her own insatser's lists (the start page) are read-logged as ever; nothing of 2019:3 is.
    assert reads_of(server_env, OUTSIDE_HANDLER, UPPSALA, "2019:3") == 0


def test_the_dpo_opens_a_controllers_record_of_processing_and_downloads_it(page: Page) -> None:
    log_in(page, "dataskyddsombud")
    page.goto(f"/f/{SKELLEFTEA}/dataskydd/")
    page.get_by_role("link", name="Förteckning över behandlingar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förteckning över behandlingar")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Skellefteå kommun", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förteckning över behandlingar: Skellefteå kommun")
    main = page.locator("main")
    expect(main).to_contain_text("Dataskyddsombudet, Skellefteå kommun")
    expect(main).to_contain_text("Vägen vidare – samordnat stöd för unga vuxna")
    expect(main).to_contain_text("Överföring till tredje land")
    expect(main).to_contain_text("Säkerhetsåtgärder")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith("behandlingar-skelleftea-norsjo-")
    assert (pdf.path().read_bytes() or b"")[:5] == b"%PDF-"
