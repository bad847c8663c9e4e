"""A participant file imported in the background, in a real browser against the real server and worker.

The participant handler `deltagaransvarig` uploads a file of 20 000 anonymous stays in insats 2017:48 (Uppsala
län), watches the check's progress bar move, reloads the page while it runs, confirms the import and sees its
result. A file with wrong rows in it shows every problem, and nothing of it is stored: the server's own database
is read before and after to see that.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .checkers import axe_violations, require_tools, vnu_errors
from .helpers import log_in

pytestmark = pytest.mark.e2e

FORBUND = "uppsala-lan"
INSATS = "2017:48"
ROWS = 20_000
COLUMNS = (
    "insats;personnummer;kon;fodelsear;kommun;inskrivningsdatum;remittent;forsorjning_fore;sysselsattning_fore;"
    "utskrivningsdatum;avslutsorsak;sysselsattning_efter;forsorjning_efter"
)
FIRST_ENROLMENT = dt.date(2018, 9, 1)
JOB_PAGE = re.compile(r"/jobb/[0-9a-f-]{36}/$")


def stay_row(n: int) -> str:
    """An anonymous stay in 2017:48 (which ran 2018–2021), enrolled and discharged within its period."""
    enrolled = FIRST_ENROLMENT + dt.timedelta(days=n % 900)
    discharged = enrolled + dt.timedelta(days=60)
    return (
        f"{INSATS};;{'KM'[n % 2]};{1960 + n % 40};Tierp;{enrolled:%Y-%m-%d};AF;A_KASSA;ARBETSSOKANDE;"
        f"{discharged:%Y-%m-%d};FULLFOLJD;ARBETE;LON"
    )


def participant_file(rows: list[str]) -> dict:
    text = "\n".join([COLUMNS, *rows]) + "\n"
    return {"name": "deltagare.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def stays_in_insats(var_dir: Path) -> int:
    with sqlite3.connect(f"file:{var_dir / 'samordna.sqlite3'}?mode=ro", uri=True) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM participants_participation p JOIN interventions_intervention i "
            "ON i.id = p.intervention_id JOIN tenancy_forbund f ON f.id = i.forbund_id "
            "WHERE i.registration_no = ? AND f.slug = ?",
            (INSATS, FORBUND),
        ).fetchone()
    return count


def upload(page: Page, rows: list[str]) -> None:
    page.goto(f"/f/{FORBUND}/deltagare/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera deltagare")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(participant_file(rows))
    with page.expect_navigation():
        page.get_by_role("button", name="Kontrollera").click()
    expect(page).to_have_url(JOB_PAGE)


# The job's state and its bar read at one moment: the status part is replaced every second while the job runs.
READ_STATUS = """() => {
  const bar = document.querySelector("progress#job-progress");
  return {
    state: document.querySelector("#job-state")?.textContent ?? "",
    value: bar?.getAttribute("value") ?? null,
    max: bar?.getAttribute("max") ?? null,
  };
}"""


def watch_progress(page: Page, reload_at: float = 0.3) -> list[tuple[int, int]]:
    """(value, max) of the progress bar each time it changes, until the job has finished; reloads the page once
    when the bar has passed `reload_at` of the way, and checks that the bar carries on from where it was."""
    seen: list[tuple[int, int]] = []
    reloaded = False
    for _tick in range(2400):
        status = page.evaluate(READ_STATUS)
        if status["state"] in ("Klart", "Misslyckades"):
            return seen
        if status["value"] is not None and status["max"] is not None:
            shown = (int(status["value"]), int(status["max"]))
            if not seen or seen[-1] != shown:
                seen.append(shown)
            if not reloaded and shown[0] > reload_at * shown[1]:
                page.reload()
                reloaded = True
                after = page.evaluate(READ_STATUS)
                assert after["state"], "the job's page lost its state on reload"
                if after["value"] is not None and after["max"] == status["max"]:
                    assert int(after["value"]) >= shown[0], f"the bar went back on reload: {after} after {shown}"
        page.wait_for_timeout(250)
    pytest.fail(f"The job did not finish; the bar showed {seen[-5:]}")


def check_page(page: Page, name: str, html_dir: Path) -> list[str]:
    (html_dir / f"{name}.html").write_text(page.content(), encoding="utf-8")
    return axe_violations(page)


def test_a_handler_imports_20000_stays_watching_the_progress_and_reloading(
    page: Page, server_var_dir: Path, tmp_path: Path
):
    require_tools()
    before = stays_in_insats(server_var_dir)
    log_in(page, "deltagaransvarig")
    upload(page, [stay_row(n) for n in range(ROWS)])
    problems = check_page(page, "checking", tmp_path)

    checking = watch_progress(page)

    # The page polls once a second, and reading 20 000 rows may be over within one poll: the check's bar is
    # seen when it can be; the import, which writes every row, is watched on its way below.
    assert all(maximum == ROWS for _value, maximum in checking), checking
    expect(page.locator("#job-state")).to_have_text("Klart")
    expect(page.locator("#job-summary")).to_have_text(f"deltagare.csv: alla {ROWS} rader är rätt.")
    assert stays_in_insats(server_var_dir) == before
    page.reload()
    expect(page.locator("#job-summary")).to_have_text(f"deltagare.csv: alla {ROWS} rader är rätt.")

    with page.expect_navigation():
        page.get_by_role("button", name="Importera").click()
    expect(page).to_have_url(JOB_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import av deltagare")
    importing = watch_progress(page)

    # The bulk import may also write its 20 000 rows within one poll of the page: the bar must be shown, for every
    # row, and where it is seen on its way it only goes forward (watch_progress checks it across the reload too).
    assert importing, "the import's bar was never shown"
    assert all(maximum == ROWS for _value, maximum in importing), importing
    values = [value for value, _maximum in importing]
    assert values == sorted(values), f"the import's bar went back: {importing}"
    expect(page.locator("#job-state")).to_have_text("Klart")
    done = f"Importen är klar: {ROWS} nya, 0 ändrade och 0 oförändrade rader."
    expect(page.locator("#job-summary")).to_have_text(done)
    page.reload()
    expect(page.locator("#job-summary")).to_have_text(done)
    problems += check_page(page, "done", tmp_path)
    assert stays_in_insats(server_var_dir) == before + ROWS

    page.goto("/jobb/")
    expect(page.get_by_role("link", name="Import av deltagare")).to_have_count(1)
    problems += vnu_errors(sorted(tmp_path.glob("*.html")))
    assert not problems, "\n".join(problems)


def test_a_broken_file_shows_every_problem_and_stores_nothing(page: Page, server_var_dir: Path):
    before = stays_in_insats(server_var_dir)
    rows = [stay_row(n) for n in range(ROWS)]
    rows[99] = rows[99].replace(";Tierp;", ";Atlantis;")
    rows[9_999] = rows[9_999].replace(";AF;", ";XX;")
    rows[19_998] = rows[19_998].replace(";FULLFOLJD;", ";;")
    log_in(page, "deltagaransvarig")
    upload(page, rows)

    watch_progress(page)

    expect(page.locator("#job-state")).to_have_text("Misslyckades")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Filen har 3 fel. Inget har sparats.")
    expect(alert.locator("li")).to_have_count(3)
    expect(alert).to_contain_text("rad 101: kommun: Atlantis är ingen känd kommun.")
    expect(alert).to_contain_text("rad 10001: remittent: XX är ingen giltig kod.")
    expect(alert).to_contain_text("rad 20000: avslutsorsak: Ange avslutsorsak")
    expect(page.get_by_role("button", name="Importera")).to_have_count(0)
    assert stays_in_insats(server_var_dir) == before
