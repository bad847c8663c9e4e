"""Notifications in a real browser: after the day's reminders have gone out (by mail, to a real SMTP server), the
applicant organisation's contact opens their notifications, marks one read and turns one kind off."""

from __future__ import annotations

import mailbox
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .checkers import axe_violations, require_tools
from .conftest import run_command, samordna_command
from .helpers import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def reminded(server_url: str, server_env: dict[str, str], e2e_dir: Path, mail_dir: Path) -> list:
    """`samordna remind` on the server's demo database: the messages it sent to sokande."""
    run_command([samordna_command(), "remind"], server_env, e2e_dir / "remind.log")
    box = mailbox.Maildir(mail_dir)
    messages = [message_from_bytes(box.get_bytes(key), policy=policy.default) for key in box.iterkeys()]
    return [m for m in messages if m["To"] == "sokande@demo.example.org"]


def test_a_user_reads_their_notifications_marks_one_read_and_turns_a_kind_off(page: Page, reminded: list) -> None:
    require_tools()
    assert reminded, "the day's reminders sent sokande nothing"
    text = reminded[0].get_body(("plain",)).get_content()
    assert "/konto/aviseringar/" in text

    log_in(page, "sokande")
    link = page.get_by_role("link", name=re.compile(r"^Aviseringar \(\d+ oläst"))
    unread = int(re.search(r"\((\d+)", link.inner_text()).group(1))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aviseringar")
    assert axe_violations(page) == []

    page.get_by_role("button", name=re.compile("^Markera som läst: aviseringen från")).first.click()
    expect(page.get_by_role("status")).to_contain_text("1 avisering är markerad som läst.")
    expect(page.get_by_role("cell", name="Läst", exact=True)).to_have_count(1)
    if unread > 1:
        expect(page.get_by_role("link", name=re.compile(rf"^Aviseringar \({unread - 1} oläst"))).to_be_visible()
    else:
        expect(page.get_by_role("link", name="Aviseringar", exact=True)).to_be_visible()

    page.get_by_role("link", name="Välj vilka aviseringar du får och hur").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Val för aviseringar")
    assert axe_violations(page) == []
    soon = page.get_by_role("group", name="Insatsrapport ska lämnas om 14 dagar")
    expect(soon.get_by_label("E-post i en daglig sammanfattning")).to_be_checked()
    soon.get_by_label("Inte alls").check()
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("status")).to_contain_text("Dina val är sparade.")
    soon = page.get_by_role("group", name="Insatsrapport ska lämnas om 14 dagar")
    expect(soon.get_by_label("Inte alls")).to_be_checked()
    expect(
        page.get_by_role("group", name="Insatsrapport är försenad").get_by_label("E-post i en daglig sammanfattning")
    ).to_be_checked()
