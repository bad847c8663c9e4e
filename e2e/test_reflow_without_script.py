"""Without JavaScript the wide tables get no scrolling box of their own; the page must still fit 320 CSS px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .checkers import REFLOW_WIDTH
from .helpers import enter_code, enter_password, one_time_code

pytestmark = pytest.mark.e2e

# The widest pages: the statistics tables and the economic report.
WIDE_PAGES = [
    "/f/skelleftea-norsjo/statistik/?date_from=2015-01-01&date_to=2019-12-31",
    "/f/skelleftea-norsjo/ekonomi/",
]


def test_wide_tables_do_not_widen_the_page_when_scripts_are_off(browser, server_url) -> None:
    context = browser.new_context(
        base_url=server_url,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        java_script_enabled=False,
        viewport={"width": REFLOW_WIDTH, "height": 800},
    )
    try:
        page = context.new_page()
        enter_password(page, "forbundschef")
        enter_code(page, one_time_code("forbundschef"))
        for path in WIDE_PAGES:
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert page.locator("main table").count() > 0, path
            assert page.locator(".table-scroll").count() == 0, "the script ran although scripts are off"
            # The document stays as wide as the window; the tables scroll inside the main area.
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= REFLOW_WIDTH, f"{path}: {width} px wide at {REFLOW_WIDTH} px"
            main_widths = page.evaluate("() => [document.querySelector('main').scrollWidth, innerWidth]")
            assert main_widths[0] > main_widths[1], f"{path}: nothing wider than the window, the test proves nothing"
    finally:
        context.close()
