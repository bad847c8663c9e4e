"""Every demo persona's first hour, in a real browser on a freshly loaded demo.

Each persona logs in, opens the start page of each of its förbund and every page of the menu there, the way a
newcomer would click through. Every page must answer without an error and show something real:
- a heading, and at least one table with a row of data, a list or a form of its own: a page that is only an
  empty table (a body with no rows, or only its "nothing here" row) or an empty-state message fails, while a
  section saying "no overdue reports" beside a table of reports is information, not emptiness;
- on the pages about a period (start page, economy, statistics, meetings, reporting, applications, caseload, log)
  something from the current year, since the demo lives in the present;
- no WCAG 2.1 A/AA violation that axe-core finds, no sideways scrolling at 320 CSS px, unique ids and id references
  that resolve, and HTML that the Nu HTML Checker finds no error in (run once per persona over all the pages it
  saw, since Java is slow to start).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from samordna.demo.users import DEMO_USERS
from samordna.lib.markup import id_problems

from .checkers import axe_violations, reflow_problem, require_tools, vnu_errors
from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.own_page_checks]

# The pages about a period, by the last part of their path inside the förbund.
DATED = re.compile(
    r"^/f/[\w-]+/(|ekonomi/|statistik/|sammantraden/|rapportering/|rapportering/insatsrapporter/|ansokningar/"
    r"|deltagare/|logg/)$"
)

# What a page holds, read in the page itself.
SURVEY = """
() => {
  const main = document.querySelector("main");
  const tables = [...main.querySelectorAll("table")].map((table) => {
    const rows = [...table.querySelectorAll("tbody tr")];
    const placeholder = (row) => row.cells.length === 1 && row.cells[0].colSpan > 1;
    return {rows: rows.length, data: rows.filter((row) => !placeholder(row)).length};
  });
  const own = main.querySelectorAll("li, form input:not([type=hidden]), form select, form textarea, dl").length;
  return {
    tables,
    own,
    empty: [...main.querySelectorAll(".empty")].map((node) => node.innerText.trim()),
    text: main.innerText,
    heading: (main.querySelector("h1") || {innerText: ""}).innerText.trim(),
  };
}
"""

# Where a förbund has no collaboration team yet, its admin's "Team och katalog" page has nothing to list: it explains
# open entry and offers to set up the first team (the other open-entry pages stay out of the menu until then).
FIRST_TEAM = re.compile(r"^/f/[\w-]+/samverkan/installningar/$")

PERSONAS = [user.username for user in DEMO_USERS if not user.system_admin]


def _forbund_starts(page: Page) -> list[str]:
    """The start page of each of the user's förbund: the switcher's links, or the one förbund it landed in."""
    links = page.locator("details.switcher a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    if links:
        return links
    match = re.match(r"^/f/[\w-]+/", page.evaluate("() => location.pathname"))
    assert match, f"the login did not land in a förbund: {page.url}"
    return [match.group(0)]


def _check(page: Page, url: str, year: str, problems: list[str], html_dir: Path) -> None:
    response = page.goto(url)
    status = response.status if response else 0
    if status >= 400 or status == 0:
        problems.append(f"{url}: HTTP {status}")
        return
    found = page.evaluate(SURVEY)
    where = f"{url} ({found['heading']})"
    assert response is not None
    number = len(list(html_dir.iterdir())) + 1
    html = response.body()
    (html_dir / f"{number:02d}{re.sub(r'[^a-z0-9]+', '-', url)}html").write_bytes(html)
    # The Nu HTML Checker does not follow id references (aria-describedby, label for=…); this does.
    problems.extend(f"{where}: {problem}" for problem in id_problems(html.decode()))
    problems.extend(f"{where}: {violation}" for violation in axe_violations(page))
    if wide := reflow_problem(page):
        problems.append(f"{where}: {wide}")
    data_rows = sum(t["data"] for t in found["tables"])
    if not found["heading"]:
        problems.append(f"{where}: no heading")
    if FIRST_TEAM.match(url) and not data_rows and page.get_by_role("link", name="Nytt samverkansteam").count():
        return
    if not data_rows and not found["own"]:
        empty = found["empty"] or [f"{len(found['tables'])} empty table(s)"]
        problems.append(f"{where}: nothing but an empty state: {empty}")
    if DATED.match(url) and year not in found["text"]:
        problems.append(f"{where}: nothing from {year}")


@pytest.mark.parametrize("username", PERSONAS)
def test_each_persona_finds_the_present_on_every_page_of_the_menu(new_page, e2e_dir: Path, username: str) -> None:
    require_tools()
    html_dir = e2e_dir / "html" / username
    html_dir.mkdir(parents=True)
    page = new_page()
    log_in(page, username)
    year = str(dt.date.today().year)
    problems: list[str] = []
    seen: set[str] = set()
    starts = _forbund_starts(page)
    for start in starts:
        _check(page, start, year, problems, html_dir)
        seen.add(start)
        menu = page.locator("nav.menu a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        assert menu, f"{username} has no menu in {start}"
        for url in menu:
            if url not in seen:
                seen.add(url)
                _check(page, url, year, problems, html_dir)
    assert len(seen) > len(starts), f"{username} reached no page beyond the start pages"
    # The accessibility statement, linked from the footer of every page.
    _check(page, "/tillganglighet/", year, problems, html_dir)
    problems.extend(vnu_errors(sorted(html_dir.iterdir())))
    assert not problems, f"{username}: {len(problems)} problems on {len(seen)} pages:\n" + "\n".join(problems)
