"""A restore that stops halfway (a full disk, a killed process) is run again and completes: every row, every file."""

import subprocess
import sys

import pytest
from django.db import connection

from samordna.audit.actions import log_read
from samordna.backup.archive import backed_up_models, backup

from .fresh import fresh_database
from .test_backup import restore_in_subprocess, rows

FILES = {"imports/deltagare.csv": "insats;personnummer\n", "protokoll/2026-03-12.pdf": "%PDF-1.7 protokoll\n"}


@pytest.fixture
def kopia(world, settings, tmp_path):
    log_read(world.people.handler, world.a, "participants.Participant", object_id="D-1234", purpose="test")
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, text in FILES.items():
        (tmp_path / "media" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "media" / name).write_text(text, encoding="utf-8")
    backup(tmp_path / "kopia")
    return tmp_path / "kopia"


def crashing_restore(step: str, folder, env) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "samordna.backup.tests.crashing_restore", step, str(folder)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("step", ["files", "rows"])
def test_a_restore_that_crashed_is_run_again_and_everything_is_there(kopia, tmp_path, step):
    with fresh_database(tmp_path, postgres=connection.vendor == "postgresql") as (env, fresh):
        crashed = crashing_restore(step, kopia, env)
        assert crashed.returncode != 0
        assert "No space left on device" in crashed.stderr or "died while loading" in crashed.stderr

        again = restore_in_subprocess(kopia, env)

        assert again.returncode == 0, again.stderr
        assert "Återställt" in again.stdout
        for model in backed_up_models():
            assert rows(fresh, model) == rows(connection, model), model._meta.label
        media = tmp_path / "var-fresh" / "media"
        assert {p.relative_to(media).as_posix(): p.read_text() for p in media.rglob("*") if p.is_file()} == FILES


def test_a_file_that_is_not_in_the_backup_still_stops_the_restore(kopia, tmp_path):
    with fresh_database(tmp_path, postgres=connection.vendor == "postgresql") as (env, fresh):
        stray = tmp_path / "var-fresh" / "media" / "imports" / "deltagare.csv"
        stray.parent.mkdir(parents=True)
        stray.write_text("något annat\n", encoding="utf-8")

        refused = restore_in_subprocess(kopia, env)

        assert refused.returncode != 0
        assert "innehåller filer som inte kommer från den här säkerhetskopian (imports/deltagare.csv)" in refused.stderr
        assert stray.read_text(encoding="utf-8") == "något annat\n"
