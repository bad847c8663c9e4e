"""Smoke test in a real browser: login with both factors, switching förbund, and tenant isolation.

Each test logs in a different demo user; `helpers.log_in` waits for a fresh one-time code when the same
user logs in again within one 30-second step.
"""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from samordna.demo.users import demo_totp_secret

from .helpers import SECOND_FACTOR, enter_code, enter_password, log_in, one_time_code

pytestmark = pytest.mark.e2e


def test_login_with_second_factor_and_switch_forbund(page: Page) -> None:
    enter_password(page, "forbundschef")
    expect(page).to_have_url(SECOND_FACTOR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsverifiering")

    enter_code(page, one_time_code("forbundschef"))
    # Admin in two förbund: the choice of förbund, or (should the start page change) a dashboard.
    expect(page).to_have_url(re.compile(r"/(f/[\w-]+/)?$"))
    heading = page.get_by_role("heading", level=1)
    if not re.search(r"/f/[\w-]+/$", page.url):
        expect(heading).to_have_text("Välj förbund")

    switcher = page.locator("details", has=page.locator("summary", has_text="Byt förbund"))
    switcher.locator("summary").click()
    target = switcher.locator('a[href="/f/kavlinge-lomma/"]')
    expect(target).to_be_visible()
    name = target.inner_text().strip()
    assert re.search("kävlinge", name, re.IGNORECASE), f"unexpected name for kavlinge-lomma: {name!r}"
    target.click()

    expect(page).to_have_url(re.compile(r"/f/kavlinge-lomma/"))
    expect(heading).to_have_text(name)


def test_wrong_one_time_code_is_refused_in_swedish(page: Page) -> None:
    enter_password(page, "dataskyddsombud")
    expect(page).to_have_url(SECOND_FACTOR)

    totp = pyotp.TOTP(demo_totp_secret("dataskyddsombud"))
    now = time.time()
    # The server also accepts the neighbouring steps, for clock skew.
    accepted = {totp.at(now + offset) for offset in (-30, 0, 30)}
    wrong = next(code for code in ("000000", "111111", "222222", "123456") if code not in accepted)
    enter_code(page, wrong)

    expect(page).to_have_url(SECOND_FACTOR)
    expect(page.get_by_role("alert").first).to_contain_text("Koden stämmer inte")
    expect(page.get_by_label("Engångskod")).to_be_visible()


def test_other_forbunds_page_is_not_found(page: Page) -> None:
    # `styrelse` sits on the board in Skellefteå-Norsjö and has no role in Uppsala län.
    log_in(page, "styrelse")
    own = page.goto("/f/skelleftea-norsjo/")
    assert own is not None and own.status == 200

    other = page.goto("/f/uppsala-lan/")
    assert other is not None and other.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    expect(page.locator("main")).not_to_contain_text("Uppsala")


def test_screenshot_of_a_dashboard(page: Page, screenshot) -> None:
    log_in(page, "kansli")
    page.goto("/f/skelleftea-norsjo/")
    expect(page.get_by_role("heading", level=1)).not_to_be_empty()
    path = screenshot(page, "dashboard-kansli")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
