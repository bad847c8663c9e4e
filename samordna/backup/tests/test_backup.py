"""`samordna backup` and `samordna restore`: a populated database comes back table by table, row by row."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from samordna import cli
from samordna.audit.actions import log_read
from samordna.backup.archive import MANIFEST, BackupError, backed_up_models, backup, restore
from samordna.demo.loader import load_demo
from samordna.lib import field_crypto

from .fresh import fresh_database


def rows(db, model) -> list[tuple]:
    """The table's rows as stored, with encrypted values decrypted: each write encrypts anew (a fresh IV), so the
    same value is a different token in the restored database."""
    quote = db.ops.quote_name
    fields = model._meta.local_concrete_fields
    columns = ", ".join(quote(f.column) for f in fields)
    encrypted = [isinstance(f, field_crypto.EncryptedTextField) for f in fields]
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}"  # noqa: S608
        )
        return [
            tuple(field_crypto.decrypt(v) if secret and v else v for v, secret in zip(row, encrypted, strict=True))
            for row in cursor.fetchall()
        ]


def restore_in_subprocess(folder, env) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "samordna.cli", "restore", str(folder)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in backed_up_models()}


@pytest.fixture
def populated(world, settings, tmp_path):
    """The demo förbund, the test world, a read-log row and an uploaded file."""
    load_demo()
    log_read(world.people.handler, world.a, "participants.Participant", object_id="D-1234", purpose="test")
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "imports").mkdir(parents=True)
    (tmp_path / "media" / "imports" / "deltagare.csv").write_text("insats;personnummer\n", encoding="utf-8")
    return world


def test_a_backup_restores_into_an_empty_database_with_every_row_equal(populated, tmp_path, monkeypatch):
    # A console run closes its database connections when done; the test's transaction must survive it.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    cli.main(["backup", "-o", str(tmp_path / "kopia")])
    manifest = json.loads((tmp_path / "kopia" / MANIFEST).read_text())
    assert {t["model"]: t["rows"] for t in manifest["tables"]} == {
        m._meta.label_lower: n for m, n in zip(backed_up_models(), counts().values(), strict=True)
    }

    with fresh_database(tmp_path, postgres=connection.vendor == "postgresql") as (env, fresh):
        done = restore_in_subprocess(tmp_path / "kopia", env)
        assert done.returncode == 0, done.stderr
        assert "Återställt" in done.stdout

        compared = 0
        for model in backed_up_models():
            expected = rows(connection, model)
            assert rows(fresh, model) == expected, model._meta.label
            compared += len(expected)
        assert compared == sum(t["rows"] for t in manifest["tables"]) > 1000
        restored_file = tmp_path / "var-fresh" / "media" / "imports" / "deltagare.csv"
        assert restored_file.read_text(encoding="utf-8") == "insats;personnummer\n"

        again = restore_in_subprocess(tmp_path / "kopia", env)
        assert again.returncode != 0
        assert "Databasen är inte tom" in again.stderr


def test_restore_refuses_a_database_with_content_and_changes_nothing(world, tmp_path):
    backup(tmp_path / "kopia")
    before = counts()

    with pytest.raises(BackupError, match="Databasen är inte tom.*tenancy_forbund"):
        restore(tmp_path / "kopia")

    assert counts() == before


def test_a_changed_or_missing_file_is_refused_before_anything_is_touched(world, tmp_path):
    backup(tmp_path / "kopia")
    data = tmp_path / "kopia" / "data" / "tenancy.forbund.jsonl"
    data.write_text(data.read_text().replace("alfa", "omega"))

    with pytest.raises(BackupError, match="tenancy.forbund.jsonl saknas eller är ändrad"):
        restore(tmp_path / "kopia")
    (tmp_path / "kopia" / MANIFEST).unlink()
    with pytest.raises(BackupError, match="manifest.json saknas"):
        restore(tmp_path / "kopia")


def test_backup_wants_a_new_or_empty_folder(world, tmp_path):
    (tmp_path / "gammal").mkdir()
    (tmp_path / "gammal" / "fil.txt").write_text("x")

    with pytest.raises(BackupError, match="finns redan och är inte tom"):
        backup(tmp_path / "gammal")


def test_the_console_names_backup_and_restore():
    assert cli.ALIASES["backup"] == "samordna_backup"
    assert cli.ALIASES["restore"] == "samordna_restore"
