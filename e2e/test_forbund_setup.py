"""A new förbund sets itself up through its pages, starting from `samordna createforbund`.

Its admin logs in (setting up the second factor), creates a user with a temporary password, who must change it at
the first login; the admin then records a member, a statutes version and the board: a ledamot/ersättare pair per
member with a chair. The second test runs the förbund's year on what the first set up: contributions, invoices
with the förbund's bankgiro and the members' invoice addresses, an insats with goals, a budget, an SIE file with
its account mapping, and the economic report checked against what was entered.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Page, expect

from samordna.lib.markup import id_problems

from .checkers import axe_violations, require_tools, vnu_errors
from .conftest import run_command, samordna_command, server_environment, serving

pytestmark = pytest.mark.e2e

SLUG = "nya-forbundet"
ADMIN, ADMIN_PASSWORD = "nya-chefen", "Chefens-Eget-Losen-2026"
NEWCOMER, TEMPORARY, CHOSEN = "nya-ledamoten", "Tillfalligt-Losen-2026", "Ledamotens-Egna-Ord-77"
# The admin's signed-in browser state, kept by the first test for the second, which works in the same förbund.
SIGNED_IN: dict[str, dict] = {}


@pytest.fixture(scope="module")
def new_forbund_url(chromium: Path, tmp_path_factory: pytest.TempPathFactory):
    """An empty installation: migrated, one förbund from `createforbund` with its admin, and nothing else."""
    root = tmp_path_factory.mktemp("new-forbund")
    var_dir = root / "var"
    var_dir.mkdir()
    env = server_environment(var_dir)
    env.pop("SAMORDNA_DEMO", None)
    samordna = samordna_command()
    run_command([samordna, "migrate", "--noinput"], env, root / "migrate.log")
    run_command(
        [samordna, "createuser", ADMIN, "--password", ADMIN_PASSWORD, "--first-name", "Nora"], env, root / "u.log"
    )
    run_command(
        [
            samordna,
            "createforbund",
            SLUG,
            "Nya samordningsförbundet",
            "--founded",
            "2024-01-01",
            "--kommun",
            "2482:Skellefteå",
            "--region",
            "Region Västerbotten",
            "--admin",
            ADMIN,
        ],
        env,
        root / "createforbund.log",
    )
    with serving(samordna, env, root / "server.log") as url:
        yield url


def open_page(browser, url: str) -> Page:
    context = browser.new_context(base_url=url, locale="sv-SE", timezone_id="Europe/Stockholm")
    context.set_default_timeout(15_000)
    return context.new_page()


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/konto/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    submit(page, "Logga in")


class Checks:
    """axe-core and the id references on each page as it is shown, the Nu HTML Checker over all of them at the end."""

    def __init__(self, folder: Path):
        self.folder, self.problems = folder, []

    def __call__(self, page: Page) -> None:
        html = page.content()
        where = page.url.split("//", 1)[-1].split("/", 1)[-1]
        (self.folder / f"{len(list(self.folder.iterdir())):02d}.html").write_text(html, encoding="utf-8")
        self.problems.extend(f"{where}: {problem}" for problem in id_problems(html))
        self.problems.extend(f"{where}: {violation}" for violation in axe_violations(page))

    def finish(self) -> list[str]:
        return self.problems + vnu_errors(sorted(self.folder.iterdir()))


def test_a_new_forbund_records_its_users_members_statutes_and_board(
    browser, new_forbund_url: str, tmp_path: Path
) -> None:
    require_tools()
    check = Checks(tmp_path)
    admin = open_page(browser, new_forbund_url)
    log_in(admin, ADMIN, ADMIN_PASSWORD)
    # The admin sees personal data: the first login sets up the second factor.
    expect(admin.get_by_role("heading", level=1)).to_have_text("Aktivera tvåstegsverifiering")
    secret = admin.locator("code.secret").inner_text().strip()
    admin.locator("#id_code").fill(pyotp.TOTP(secret).now())
    submit(admin, "Aktivera")
    expect(admin).to_have_url(re.compile(rf"/f/{SLUG}/$"))

    # A user with a temporary password, and a role.
    admin.goto(f"/f/{SLUG}/anvandare/")
    check(admin)
    for field, value in {
        "username": NEWCOMER,
        "first_name": "Lisa",
        "last_name": "Ledamot",
        "email": "lisa@example.se",
        "password": TEMPORARY,
    }.items():
        admin.locator(f"#id_create-{field}").fill(value)
    submit(admin, "Skapa")
    expect(admin.locator(".messages")).to_contain_text(NEWCOMER)
    admin.locator("#id_username").fill(NEWCOMER)
    admin.locator("#id_role").select_option("BOARD_MEMBER")
    submit(admin, "Ge roll")
    expect(admin.locator("main table")).to_contain_text("Lisa Ledamot")

    # The new user must change the temporary password before anything else.
    newcomer = open_page(browser, new_forbund_url)
    log_in(newcomer, NEWCOMER, TEMPORARY)
    expect(newcomer).to_have_url(re.compile(r"/losenord/$"))
    newcomer.goto(f"/f/{SLUG}/")
    expect(newcomer).to_have_url(re.compile(r"/losenord/$"))
    check(newcomer)
    newcomer.locator("#id_current_password").fill(TEMPORARY)
    newcomer.locator("#id_new_password").fill(CHOSEN)
    newcomer.locator("#id_repeat_password").fill(CHOSEN)
    submit(newcomer, "Byt lösenord")
    expect(newcomer).to_have_url(re.compile(rf"/f/{SLUG}/$"))

    # A new member, a statutes version and the board.
    admin.goto(f"/f/{SLUG}/forbundet/")
    admin.get_by_role("link", name="Ny medlem").click()
    admin.locator("#id_party_type").select_option("KOMMUN")
    admin.locator("#id_name").fill("Norsjö kommun")
    admin.locator("#id_joined").fill("2025-01-01")
    submit(admin, "Spara")
    check(admin)
    # Norsjö is not yet among the förbund's kommuner: the page says what to fix.
    expect(admin.locator(".field.invalid, [role=alert]").first).to_be_visible()
    admin.goto(f"/f/{SLUG}/forbundet/kommuner/")
    check(admin)
    admin.locator("#id_new_code").fill("2417")
    admin.locator("#id_new_name").fill("Norsjö")
    submit(admin, "Spara")
    admin.get_by_role("link", name="Ny medlem").click()
    admin.locator("#id_party_type").select_option("KOMMUN")
    admin.locator("#id_name").fill("Norsjö kommun")
    admin.locator("#id_kommun").select_option(label="Norsjö")
    admin.locator("#id_joined").fill("2025-01-01")
    submit(admin, "Spara")
    expect(admin.locator("main")).to_contain_text("Norsjö kommun")

    admin.get_by_role("link", name="Ny version av förbundsordningen").click()
    admin.locator("#id_valid_from").fill("2025-01-01")
    check(admin)
    admin.locator("#id_quorum_percent").fill("50")
    admin.locator("#id_notice_days").fill("10")
    admin.locator("#id_equity_cap_percent").fill("20")
    submit(admin, "Spara")
    expect(admin.locator("main")).to_contain_text("2025-01-01")

    people = {
        "Försäkringskassan": ("Anna Ek", "Bo Lind", "CHAIR"),
        "Arbetsförmedlingen": ("Cai Berg", "Dan Ås", ""),
        "Region Västerbotten": ("Eva Al", "Fia Ung", "VICE_CHAIR"),
        "Skellefteå kommun": ("Gus Holm", "Hedda Ros", ""),
        "Norsjö kommun": ("Ivar Sten", "Jon Vik", ""),
    }
    for member, (ledamot, ersattare, office) in people.items():
        admin.get_by_role("link", name="Ny ledamot med ersättare").click()
        admin.locator("#id_member").select_option(label=member)
        if ledamot == "Anna Ek":
            check(admin)
        admin.locator("#id_ledamot").fill(ledamot)
        admin.locator("#id_ersattare").fill(ersattare)
        admin.locator("#id_office").select_option(office)
        admin.locator("#id_term_start").fill("2023-04-01")
        admin.locator("#id_term_end").fill("2027-03-31")
        submit(admin, "Spara")
        expect(admin).to_have_url(re.compile(rf"/f/{SLUG}/forbundet/$"))

    board = admin.locator("main table", has=admin.get_by_role("columnheader", name="Ersättare för"))
    expect(board.locator("tbody tr")).to_have_count(10)
    expect(board.get_by_role("row", name=re.compile("^Anna Ek"))).to_contain_text("ordförande")
    expect(board.get_by_role("row", name=re.compile("^Bo Lind"))).to_contain_text("Anna Ek")

    # A ledamot resigns and is succeeded for the rest of the term; the board page and the user's page are checked.
    admin.get_by_role("link", name="Cai Berg lämnar").click()
    admin.locator("#id_ended_on").fill("2024-06-30")
    check(admin)
    admin.locator("#id_successor").fill("Kim Nyström")
    submit(admin, "Spara")
    expect(board.get_by_role("row", name=re.compile("^Dan Ås"))).to_contain_text("Kim Nyström")
    check(admin)
    admin.goto(f"/f/{SLUG}/anvandare/")
    admin.get_by_role("link", name="Lisa Ledamot").click()
    expect(admin.locator("main")).to_contain_text("Eget")
    check(admin)

    SIGNED_IN["admin"] = admin.context.storage_state()
    problems = check.finish()
    assert not problems, "\n".join(problems)


# Made-up organisation numbers, bankgiro and postal codes that pass their check digits.
FORBUND_DETAILS = {"org_number": "222000-4564", "address": "Storgatan 1", "postal_code": "931 30", "city": "Skellefteå"}
INVOICED = {
    # member: (contribution, key, organisation number)
    "Försäkringskassan": (1_000_000, None, "202100-5521"),
    "Region Västerbotten": (500_000, None, "232100-0008"),
    "Skellefteå kommun": (400_000, 72_000, "212000-0019"),
    "Norsjö kommun": (100_000, 18_000, "212000-0027"),
}


def _sie(year: int) -> bytes:
    return (
        "#FLAGGA 0\n#SIETYP 4\n"
        f"#RAR 0 {year}0101 {year}1231\n"
        '#KONTO 5010 "Lokalhyra"\n#KONTO 7010 "Löner"\n'
        f'#VER A 1 {year}0115 "Hyra"\n{{\n#TRANS 5010 {{}} 12000.00\n#TRANS 1930 {{}} -12000.00\n}}\n'
        f'#VER A 2 {year}0125 "Löner"\n{{\n#TRANS 7010 {{}} 45000.00\n#TRANS 1930 {{}} -45000.00\n}}\n'
    ).encode("cp437")


def test_the_new_forbund_runs_its_year_to_the_economic_report(browser, new_forbund_url: str, tmp_path: Path) -> None:
    assert "admin" in SIGNED_IN, "runs after test_a_new_forbund_records_its_users_members_statutes_and_board"
    context = browser.new_context(
        base_url=new_forbund_url, locale="sv-SE", timezone_id="Europe/Stockholm", storage_state=SIGNED_IN["admin"]
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    (tmp_path / "pages").mkdir()
    check = Checks(tmp_path / "pages")
    year = dt.date.today().year
    economy = f"/f/{SLUG}/ekonomi"

    # The members' contributions: FK half, the region a quarter, the kommuner a quarter by their key.
    page.goto(f"{economy}/medlemsbidrag/?year={year}")
    for member, (amount, key, _org) in INVOICED.items():
        page.locator("#id_member").select_option(label=member)
        page.locator("#id_year").fill(str(year))
        page.locator("#id_amount").fill(str(amount))
        page.locator("#id_key_value").fill(str(key or ""))
        submit(page, "Spara")
    expect(page.locator("main")).to_contain_text("Fördelningen stämmer.")
    expect(page.get_by_role("row", name=re.compile("^Summa"))).to_contain_text("2 000 000 kr")
    check(page)

    # Invoices need the förbund's bankgiro and each member's invoice address: the page links to where they go.
    page.goto(f"{economy}/fakturor/?year={year}")
    submit(page, "Skapa fakturautkast för året")
    expect(page.get_by_role("status").filter(has_text="Förbundet saknar")).to_be_visible()
    page.get_by_role("link", name="Fyll i förbundets inställningar").click()
    for field, value in {**FORBUND_DETAILS, "bankgiro": "123-4566"}.items():
        page.locator(f"#id_{field}").fill(value)
    submit(page, "Spara")
    for member, (_amount, _key, org_number) in INVOICED.items():
        page.goto(f"{economy}/fakturor/?year={year}")
        page.get_by_role("link", name=f"Fyll i uppgifterna om {member}").click()
        for field, value in {
            "org_number": org_number,
            "address": f"Box {len(member)}",
            "postal_code": "931 85",
            "city": "Skellefteå",
            "invoice_reference": f"REF-{len(member)}",
        }.items():
            page.locator(f"#id_{field}").fill(value)
        submit(page, "Spara")
    page.goto(f"{economy}/fakturor/?year={year}")
    expect(page.get_by_text("Fakturorna kan inte skickas förrän")).to_have_count(0)
    check(page)
    to_send = page.get_by_role("button", name="Markera skickad")
    while to_send.count():
        with page.expect_navigation():
            to_send.first.click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Skickad")

    # An insats with a goal, owned by Skellefteå kommun with Försäkringskassan.
    page.goto(f"/f/{SLUG}/insatser/ny/")
    page.get_by_label("Namn", exact=True).fill("Steget före")
    page.get_by_label("Startdatum").fill(f"{year}-01-01")
    page.get_by_label("Slutdatum").fill(f"{year + 1}-12-31")
    page.get_by_label("Insatsägare").select_option(label="Skellefteå kommun")
    page.get_by_label("Försäkringskassan").check()
    page.locator('[name="goals-0-text"]').fill("Minst 40 % till arbete eller studier")
    page.locator('[name="goals-0-target"]').fill("40")
    page.get_by_label("Planerat antal deltagare per år").fill("30")
    submit(page, "Spara")
    expect(page.get_by_role("heading", level=1)).to_have_text("Steget före")
    expect(page.locator("main")).to_contain_text("Minst 40 % till arbete eller studier")
    planned = page.locator("dt", has_text="Planerat antal deltagare per år").locator("xpath=following-sibling::dd[1]")
    expect(planned).to_have_text("30")

    # The year's budget: contributions in, the office and premises and the insats out.
    page.goto(f"{economy}/budget/planera/?year={year}")
    starting = page.locator("form", has=page.get_by_role("heading", name="Lägg upp ett budgetår"))
    starting.get_by_label("Budgetår").fill(str(year))
    starting.get_by_label("Eget kapital vid årets början (kr)").fill("1000000")
    submit(page, "Lägg upp budgetåret")
    adding = page.locator("form", has=page.get_by_role("heading", name="Lägg till en budgetrad"))
    for code, label, category, amount, insats in (
        ("bidrag", "Medlemsbidrag", "Medlemsbidrag", 2_000_000, None),
        ("kansli", "Kansliets personal", "Administration: personal", 600_000, None),
        ("lokaler", "Lokaler", "Administration: lokaler", 100_000, None),
        ("steget-fore", "Steget före", "Insats", 800_000, "Steget före"),
    ):
        adding.get_by_label("Kod", exact=True).fill(code)
        adding.get_by_label("Benämning", exact=True).fill(label)
        adding.get_by_label("Kategori", exact=True).select_option(label=category)
        if insats:
            choice = adding.get_by_label("Insats", exact=True)
            choice.select_option(choice.locator("option", has_text=insats).get_attribute("value"))
        adding.get_by_label("Budget (kr)").fill(str(amount))
        with page.expect_navigation():
            adding.get_by_role("button", name="Lägg till raden").click()
    check(page)

    # The bookkeeping's accounts mapped beside the accounts found in the file, then the file read in.
    sie = tmp_path / "bokforing.se"
    sie.write_bytes(_sie(year))
    page.goto(f"{economy}/kontokoppling/")
    page.get_by_label("SIE-fil").set_input_files(str(sie))
    submit(page, "Visa kontona")
    for account, line in (("5010", "lokaler"), ("7010", "kansli")):
        choice = page.get_by_label(f"Budgetrad för konto {account}")
        choice.select_option(value=line)
        with page.expect_navigation():
            choice.locator("xpath=..").get_by_role("button", name="Koppla").click()
        expect(page.locator(".messages")).to_contain_text("Kontona är kopplade")
    check(page)
    page.goto(f"{economy}/budget/?year={year}")
    reader = page.locator("form", has=page.get_by_role("heading", name="Läs in utfall från fil"))
    reader.get_by_label("Fil").set_input_files(str(sie))
    reader.get_by_label("Format").select_option(label="SIE 4")
    with page.expect_navigation():
        reader.get_by_role("button", name="Läs in").click()
    expect(page.locator(".messages")).to_contain_text("utfallsrader är inlästa")
    # The outcome per line, beside its budget.
    expect(page.get_by_role("row", name=re.compile("^lokaler Lokaler"))).to_contain_text("12 000 kr")
    expect(page.get_by_role("row", name=re.compile("^kansli Kansliets personal"))).to_contain_text("45 000 kr")
    check(page)

    # The economic report: the contributions, the costs so far and the room for new projects
    # (1 000 000 + 2 000 000 − 1 500 000 − the cap of 20 % of 2 000 000).
    page.get_by_role("navigation", name="Ekonomi").get_by_role("link", name="Ekonomisk rapport").click()
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Ekonomisk rapport {year}")
    expect(main).to_contain_text("2 000 000 kr")
    expect(main).to_contain_text("57 000 kr")
    room = main.locator("dt", has_text="Utrymme för nya insatser").locator("xpath=following-sibling::dd[1]")
    expect(room).to_have_text("1 100 000 kr")
    check(page)

    # Next year starts as a copy of this year's budget, and one line is adjusted.
    page.goto(f"{economy}/budget/?year={year + 1}")
    page.get_by_role("link", name="Lägg upp budgeten för året").click()
    page.get_by_label("Eget kapital vid årets början (kr)").fill("1100000")
    page.get_by_label("Kopiera raderna från").select_option(label=str(year))
    submit(page, "Lägg upp budgetåret")
    expect(page.locator(".messages")).to_contain_text(f"Budgeten för {year + 1} är upplagd")
    row = page.get_by_role("form", name="Ändra raden lokaler")
    expect(row.get_by_label("Budget (kr)")).to_have_value("100000")
    row.get_by_label("Budget (kr)").fill("110000")
    with page.expect_navigation():
        row.get_by_role("button", name="Spara raden").click()
    expect(page.locator(".messages")).to_contain_text("Budgetraden lokaler är ändrad")
    expect(page.get_by_role("form", name="Ändra raden kansli").get_by_label("Budget (kr)")).to_have_value("600000")
    check(page)
    problems = check.finish()
    assert not problems, "\n".join(problems)
