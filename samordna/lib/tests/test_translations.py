"""The English translation is complete: every string marked for translation has an English text."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_marked_string_has_an_english_translation(tmp_path):
    copy = tmp_path / "samordna"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "locale", "tests"))
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "samordna.settings",
        "SAMORDNA_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "1",
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    extracted = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    committed = {entry.msgid: entry for entry in polib.pofile(str(CATALOGUE))}

    missing = [e.msgid for e in extracted if e.msgid not in committed]
    untranslated = [e.msgid for e in extracted if e.msgid in committed and not committed[e.msgid].translated()]

    assert not missing, f"{len(missing)} strings missing from {CATALOGUE}, e.g. {missing[:5]}"
    assert not untranslated, f"{len(untranslated)} strings without English text, e.g. {untranslated[:5]}"


def test_english_is_served_when_chosen(client, db):
    client.cookies["django_language"] = "en"

    response = client.get("/konto/logga-in/")

    assert "Log in" in response.content.decode()
