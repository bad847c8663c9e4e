"""An indicator survey answered without login: the participant handler makes handout codes for an insats, a
participant answers on the public page in a browser of their own, the code cannot be used twice, and the answer is
counted in the survey's results in the statistics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .checkers import PageChecks, require_tools
from .helpers import click_and_wait, log_in

pytestmark = pytest.mark.e2e

FORBUND = "uppsala-lan"
INSATS = "En väg in – fler vägar ut"
SURVEY = "Indikatorer för strukturinsatser"
FIRST_QUESTION = "Jag vet vilka insatser förbundet finansierar."


def _answered(page: Page) -> int:
    """The number of answers to the survey's first question in the handler's statistics for the year."""
    page.goto(f"/f/{FORBUND}/statistik/enkater/")
    row = page.locator("tr", has=page.locator("th, td", has_text=FIRST_QUESTION)).first
    expect(row).to_be_visible()
    return int(row.locator("td").first.inner_text().strip())


def test_a_participant_answers_with_a_handout_code_once_and_is_counted(new_page, e2e_dir: Path) -> None:
    require_tools()
    check = PageChecks(e2e_dir / "html" / "public-survey")
    handler = new_page()
    log_in(handler, "deltagaransvarig")
    before = _answered(handler)

    handler.goto(f"/f/{FORBUND}/insatser/")
    handler.get_by_role("link", name=INSATS, exact=True).click()
    handler.get_by_role("link", name="Enkätkoder till deltagarna").click()
    expect(handler.get_by_role("heading", level=1)).to_have_text("Enkätkoder")
    check(handler)
    handler.get_by_label("Enkät").select_option(label=f"{SURVEY}, version 1")
    handler.get_by_label("Antal koder").fill("3")
    click_and_wait(handler, "Skapa koder")
    expect(handler.locator(".messages")).to_contain_text("Koderna är skapade")
    codes = [c.strip() for c in handler.locator(".code-slips .code").all_inner_texts()]
    assert len(codes) == 3 and all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", c) for c in codes), codes
    check(handler)

    # The participant: a browser of their own, never logged in.
    participant = new_page()
    participant.goto("/enkat/")
    expect(participant.get_by_role("heading", level=1)).to_have_text("Svara på enkäten")
    check(participant)
    participant.get_by_label("Svarskod").fill("ABCDE-FGH23")
    click_and_wait(participant, "Fortsätt")
    expect(participant.locator("main")).to_contain_text("Koden finns inte")
    check(participant)

    participant.get_by_label("Svarskod").fill(codes[0].lower())
    click_and_wait(participant, "Fortsätt")
    expect(participant.get_by_role("heading", level=1)).to_have_text(SURVEY)
    # Nothing tells the participant's browser which insats the code belongs to.
    expect(participant.locator("main")).not_to_contain_text(INSATS)
    check(participant)
    participant.get_by_role("group", name=f"1. {FIRST_QUESTION}").get_by_label("5 – stämmer helt").check()
    participant.get_by_role("group", name=re.compile(r"^2\. ")).get_by_label("4", exact=True).check()
    click_and_wait(participant, "Skicka svaren")
    expect(participant.get_by_role("heading", level=1)).to_have_text("Tack för dina svar")
    check(participant)

    # The same code again, as someone would who tries to answer twice.
    participant.get_by_role("link", name="Svara med en ny kod").click()
    participant.get_by_label("Svarskod").fill(codes[0])
    click_and_wait(participant, "Fortsätt")
    expect(participant.locator("main")).to_contain_text("Koden är redan använd")

    assert _answered(handler) == before + 1
    check(handler)
    # The printed list now holds only the two unused codes.
    handler.goto(f"/f/{FORBUND}/insatser/")
    handler.get_by_role("link", name=INSATS, exact=True).click()
    handler.get_by_role("link", name="Enkätkoder till deltagarna").click()
    handler.get_by_role("link", name=re.compile("Skriv ut koderna")).first.click()
    expect(handler.locator(".code-slips .code")).to_have_count(2)

    problems = check.finish()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
