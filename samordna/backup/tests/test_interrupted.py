"""Jobs killed halfway (SIGKILL, no chance to clean up) leave nothing half-stored: not in the database, not on disk.

Each job runs as `samordna ...` in its own process on its own SQLite database, and is killed once it is
visibly writing: the import when its transaction has started filling the write-ahead log, the export when
its output has started to grow.
"""

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from samordna.participants.fictional import fictional_personnummer
from samordna.participants.transfer import ALL_COLUMNS

from .fresh import command_env

SEEDED_STAYS = 20_000
IMPORT_ROWS = 12_000
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A migrated SQLite database with förbund alfa, its insatser and SEEDED_STAYS stays, made once."""
    var = tmp_path_factory.mktemp("seeded")
    subprocess.run(
        [sys.executable, "-m", "samordna.backup.tests.seed_sqlite", str(SEEDED_STAYS)],
        env=command_env(var),
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return var / "samordna.sqlite3"


@pytest.fixture
def var(template, tmp_path) -> Path:
    var = tmp_path / "var"
    var.mkdir()
    shutil.copy(template, var / "samordna.sqlite3")
    return var


class Job:
    """A `samordna` command in its own process, with its progress output collected as it comes."""

    def __init__(self, var: Path, *args: str):
        self.output = b""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "samordna.cli", *args],
            env=command_env(var),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 4096):
            self.output += chunk

    def kill_when(self, ready, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while not ready(self.output.decode(errors="replace")):
            if self.process.poll() is not None:
                pytest.fail(f"the job ended before it could be killed:\n{self.output.decode(errors='replace')}")
            if time.monotonic() > deadline:
                self.process.kill()
                pytest.fail("the job never got to the point where it should be killed")
            time.sleep(0.01)
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=30) == -signal.SIGKILL


def query(var: Path, sql: str):
    with sqlite3.connect(var / "samordna.sqlite3") as db:
        return db.execute(sql).fetchone()[0]


def stored(var: Path) -> dict:
    assert query(var, "PRAGMA integrity_check") == "ok"
    return {
        table: query(var, f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        for table in ["participants_participant", "participants_participation", "participants_consent"]
    } | {"events": query(var, "SELECT COUNT(*) FROM audit_auditevent WHERE action LIKE 'participants.%'")}


def write_import_file(path: Path) -> None:
    lines = [";".join(ALL_COLUMNS)]
    for i in range(IMPORT_ROWS):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=i // 10)
        number = fictional_personnummer(f"{born:%Y%m%d}", i % 5, "KM"[i // 5 % 2])
        lines.append(f"2017:48;{number};;;2482;2020-02-03;AF;A_KASSA;ARBETSSOKANDE;;;;;2020-01-20;SKRIFTLIGT")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_import_killed_while_storing_leaves_nothing_stored(var, tmp_path):
    write_import_file(tmp_path / "deltagare.csv")
    before = stored(var)
    wal = var / "samordna.sqlite3-wal"

    job = Job(var, "import-participants", "--forbund", "alfa", str(tmp_path / "deltagare.csv"))
    # "Sparar" is the storing step; a growing write-ahead log means rows are being inserted.
    job.kill_when(lambda out: "Sparar" in out and wal.exists() and wal.stat().st_size > 512 * 1024)

    assert "Importerade" not in job.output.decode()
    assert (
        stored(var)
        == before
        == {
            "participants_participant": SEEDED_STAYS,
            "participants_participation": SEEDED_STAYS,
            "participants_consent": 0,
            "events": 0,
        }
    )


def test_an_export_killed_while_writing_leaves_no_file(var, tmp_path):
    target = tmp_path / "ut" / "deltagare.csv"
    target.parent.mkdir()
    before = stored(var)

    def writing(out: str) -> bool:
        partial = [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
        return "Exporterar" in out and any(p.stat().st_size > 64 * 1024 for p in partial)

    job = Job(var, "export-participants", "--forbund", "alfa", "--format", "csv", "-o", str(target))
    job.kill_when(writing)

    assert not target.exists()
    assert stored(var) == before
