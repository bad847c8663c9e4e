"""A real SMTP server process for the notification tests, and helpers to read what it received.

The server is aiosmtpd, started once per test session; it writes every message it accepts to a
Maildir, which each test empties first.
"""

from __future__ import annotations

import mailbox
import socket
import subprocess
import sys
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import SimpleNamespace

import pytest

# The collaboration team and its filed request, for the open-entry events.
from samordna.openentry.tests.conftest import filed, team  # noqa: F401


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the SMTP server stopped: {process.stderr.read().decode() if process.stderr else ''}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("the SMTP server did not start")


@pytest.fixture(scope="session")
def smtp_server(tmp_path_factory):
    maildir = tmp_path_factory.mktemp("smtp") / "received"
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        yield SimpleNamespace(port=port, maildir=maildir)
    finally:
        process.terminate()
        process.wait(timeout=10)


class Inbox:
    def __init__(self, maildir):
        self.box = mailbox.Maildir(maildir)

    def clear(self) -> None:
        self.box.clear()

    def messages(self) -> list[EmailMessage]:
        found = []
        for key in self.box.iterkeys():
            raw = self.box.get_bytes(key)
            found.append(message_from_bytes(raw, policy=policy.default))
        return sorted(found, key=lambda m: (m["To"], m["Subject"]))

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages() if m["To"] == address]

    def recipients(self) -> list[str]:
        return sorted(m["To"] for m in self.messages())


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None, "the message has no plain-text part"
    return part.get_content()


@pytest.fixture
def smtp(smtp_server, settings):
    """Mail goes through SMTP to the test server; returns its inbox, empty."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "noreply@samordna.example.se"
    settings.SAMORDNA_SITE_URL = "https://samordna.example.se"
    inbox = Inbox(smtp_server.maildir)
    inbox.clear()
    return inbox


def give_addresses(*users) -> None:
    for user in users:
        user.email = f"{user.username}@example.se"
        user.save(update_fields=["email"])


@pytest.fixture
def mailed(world):
    """Every persona of förbund A with an e-mail address, and A's sender name and reply-to set."""
    give_addresses(*vars(world.people).values())
    world.a.mail_sender_name = "Alfa samordningsförbund"
    world.a.mail_reply_to = "kansli@alfa.example.se"
    world.a.save(update_fields=["mail_sender_name", "mail_reply_to"])
    return world
