"""A new förbund sets itself up through its pages, starting from `samordna createforbund`.

Its admin logs in (setting up the second factor), creates a user with a temporary password, who must change it at
the first login; the admin then records a member, a statutes version and the board: a ledamot/ersättare pair per
member with a chair.
"""

from __future__ import annotations

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
    check(admin)
    admin.locator("#id_valid_from").fill("2025-01-01")
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
        if ledamot == "Anna Ek":
            check(admin)
        admin.locator("#id_member").select_option(label=member)
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
    check(admin)
    admin.locator("#id_ended_on").fill("2024-06-30")
    admin.locator("#id_successor").fill("Kim Nyström")
    submit(admin, "Spara")
    expect(board.get_by_role("row", name=re.compile("^Dan Ås"))).to_contain_text("Kim Nyström")
    check(admin)
    admin.goto(f"/f/{SLUG}/anvandare/")
    admin.get_by_role("link", name="Lisa Ledamot").click()
    expect(admin.locator("main")).to_contain_text("Eget")
    check(admin)

    problems = check.finish()
    assert not problems, "\n".join(problems)
