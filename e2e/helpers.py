"""Logging in demo users in the browser, with a one-time code the server has not accepted before.

The server remembers the time step of the last code it accepted from each user and refuses that step
again, so a second login of the same user within one 30-second step must wait for the next step.
Every browser test logs in through `log_in`, which keeps track of the steps used in this test session
and waits only when it has to.
"""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import Page

from samordna.demo.users import DEMO_PASSWORD, demo_totp_secret

SECOND_FACTOR = re.compile(r"/konto/tvastegsverifiering/$")
STEP_SECONDS = 30

# The last time step whose code was handed out per user during this test session.
_used_steps: dict[str, int] = {}


def one_time_code(username: str) -> str:
    """A code for the current step, or for the next one (after waiting for it) when this one is used up."""
    step = int(time.time() // STEP_SECONDS)
    last = _used_steps.get(username)
    if last is not None and step <= last:
        step = last + 1
        # A little past the boundary, so that the server's clock is surely in the new step too.
        time.sleep(max(0.0, step * STEP_SECONDS - time.time()) + 0.5)
    _used_steps[username] = step
    return pyotp.TOTP(demo_totp_secret(username)).at(step * STEP_SECONDS)


def enter_password(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    # Every submit answers with a new page, the refusals too, so waiting for it makes `page.url` settled.
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()


def enter_code(page: Page, code: str) -> None:
    page.get_by_label("Engångskod").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Verifiera").click()


def log_in(page: Page, username: str) -> None:
    """Both factors when the user has one-time codes, the password alone otherwise."""
    enter_password(page, username)
    assert "/konto/logga-in/" not in page.url, f"{username} was not let in: {page.locator('main').inner_text()}"
    if SECOND_FACTOR.search(page.url):
        enter_code(page, one_time_code(username))
    assert "/konto/" not in page.url, f"{username} did not get past the login pages: {page.url}"


def click_and_wait(page: Page, name: str, scope=None) -> None:
    """Press the button and wait for the page it answers with."""
    with page.expect_navigation():
        (scope or page).get_by_role("button", name=name, exact=True).click()


def unfold(page: Page, summary: str):
    """Open the folded section with this summary and return it."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    details.locator("summary").click()
    return details
