"""The pages below the menu pass the same checks as the menu pages (axe-core, reflow at 320 px, the Nu HTML
Checker): one of each kind, a meeting, an application, a participant's stay, an insats and the forms for new
records, each reached the way the persona whose job it is would reach it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .checkers import PageChecks, require_tools
from .helpers import log_in

pytestmark = pytest.mark.e2e

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# Persona → (the list page it starts from, the pattern of the deeper page it opens there), then forms it fills in.
DEEPER = {
    "kansli": [
        ("/f/skelleftea-norsjo/sammantraden/", r"^/f/skelleftea-norsjo/sammantraden/\d+/$"),
        ("/f/skelleftea-norsjo/ansokningar/", r"^/f/skelleftea-norsjo/ansokningar/\d+/$"),
    ],
    "deltagaransvarig": [("/f/uppsala-lan/deltagare/", rf"^/f/uppsala-lan/deltagare/{UUID}/$")],
    "insatsansvarig": [("/f/uppsala-lan/insatser/", r"^/f/uppsala-lan/insatser/\d+/$")],
}
FORMS = {
    "kansli": ["/f/skelleftea-norsjo/ansokningar/ny/"],
    "deltagaransvarig": ["/f/uppsala-lan/deltagare/ny/"],
    "forbundschef": ["/f/kavlinge-lomma/insatser/ny/"],
}


def _first_link(page: Page, pattern: str) -> str:
    links = page.locator("main a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    found = [href for href in links if href and re.match(pattern, href)]
    assert found, f"{page.url} has no link like {pattern}"
    return found[0]


@pytest.mark.parametrize("username", sorted(set(DEEPER) | set(FORMS)))
def test_deeper_pages_pass_the_accessibility_and_markup_checks(new_page, e2e_dir: Path, username: str) -> None:
    require_tools()
    check = PageChecks(e2e_dir / "html" / f"deeper-{username}")
    page = new_page()
    log_in(page, username)
    visited = []
    for start, pattern in DEEPER.get(username, []):
        page.goto(start)
        deeper = _first_link(page, pattern)
        response = page.goto(deeper)
        assert response is not None and response.ok, f"{deeper}: HTTP {response.status if response else 0}"
        check(page)
        visited.append(deeper)
    for form in FORMS.get(username, []):
        response = page.goto(form)
        assert response is not None and response.ok, f"{form}: HTTP {response.status if response else 0}"
        assert page.locator("main form").count(), f"{form} shows no form"
        check(page)
        visited.append(form)
    problems = check.finish()
    assert not problems, f"{username}: {len(problems)} problems on {visited}:\n" + "\n".join(problems)
