"""Backups of the whole installation: every table and the uploaded files, and their restore into an empty database.

A backup is a folder: `data/<app.model>.jsonl` (one row a line, ordered by primary key, read in one snapshot),
`media/` (a copy of MEDIA_ROOT) and `manifest.json` with the row counts, the applied migrations and a SHA-256
of every file. The manifest is written last, so a folder without one is an unfinished backup. Rows are written
with Django's serializer and read back with its deserializer, so a backup taken on SQLite restores into
PostgreSQL and the other way round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from samordna.audit import database as log_database
from samordna.lib import field_crypto
from samordna.lib.files import REASONS, copy_private, make_private_dir, private_opener
from samordna.stats import cache as stats_cache

FORMAT = "samordna-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data"
MEDIA_DIR = "media"
CHUNK = 1000
# A media file being written by a restore; renamed to its real name once its checksum is verified.
PARTIAL_SUFFIX = ".samordna-restore"
# `migrate` fills these itself (post_migrate); the restore replaces them with the backup's rows.
FILLED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}

Progress = Callable[[Iterable, str, int | None], Iterable]


def no_progress(iterable: Iterable, description: str, total: int | None = None) -> Iterable:
    return iterable


class BackupError(Exception):
    """The backup or restore was refused; the message says what to do. Nothing has been changed."""


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages, many-to-many tables included, each after the tables it points to."""
    found = {
        m._meta.label_lower: m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }
    needs = {
        label: {
            (f.related_model._meta.concrete_model or f.related_model)._meta.label_lower
            for f in model._meta.local_concrete_fields
            if f.is_relation and f.related_model is not None
        }
        - {label}
        for label, model in found.items()
    }
    ordered: list[type[models.Model]] = []
    remaining = dict(found)
    while remaining:
        ready = sorted(label for label in remaining if not needs[label] & remaining.keys())
        # A cycle of foreign keys: the constraints are checked at commit, so any order inside it loads.
        for label in ready or [min(remaining)]:
            ordered.append(remaining.pop(label))
    return ordered


def _json_value(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()  # full precision; DjangoJSONEncoder would cut microseconds
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} kan inte skrivas till säkerhetskopian")


def _chunks(iterable: Iterable, size: int = CHUNK) -> Iterator[list]:
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _applied_migrations(using: str) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


# --- Backup ------------------------------------------------------------------------------------------------


def _recode_encrypted(model: type[models.Model], row: dict, change) -> None:
    """Encrypted fields stay encrypted in the backup (the serializer reads them decrypted): the backup holds tokens
    that only SAMORDNA_FIELD_KEY opens, and the key itself is never written."""
    for field in model._meta.local_concrete_fields:
        if isinstance(field, field_crypto.EncryptedTextField) and row["fields"].get(field.name):
            row["fields"][field.name] = change(row["fields"][field.name])


def _dump_model(model: type[models.Model], folder: Path, using: str, progress: Progress) -> dict:
    label = model._meta.label_lower
    fields = [f.name for f in model._meta.local_concrete_fields if not f.primary_key]
    queryset = model._base_manager.using(using).order_by("pk")
    path = folder / f"{label}.jsonl"
    serializer = serializers.get_serializer("python")()
    rows = 0
    with open(path, "w", encoding="utf-8", opener=private_opener) as out:
        objects = progress(queryset.iterator(chunk_size=CHUNK), label, queryset.count())
        for chunk in _chunks(objects):
            for row in serializer.serialize(chunk, fields=fields):
                _recode_encrypted(model, row, field_crypto.encrypt)
                out.write(json.dumps(row, default=_json_value, ensure_ascii=False, separators=(",", ":")) + "\n")
                rows += 1
    return {"model": label, "table": model._meta.db_table, "rows": rows, "file": f"{DATA_DIR}/{path.name}"}


def _private_parents(path: Path, top: Path) -> None:
    """Create the folders between `top` and `path`, each 0700."""
    make_private_dir(top)
    for parent in reversed(path.relative_to(top).parents):
        if parent != Path("."):
            make_private_dir(top / parent)


def _copy_media(target: Path) -> list[dict]:
    source = Path(settings.MEDIA_ROOT)
    files = []
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            copy = target / relative
            _private_parents(copy, target)
            copy_private(path, copy)
            files.append({"file": f"{MEDIA_DIR}/{relative}"})
    return files


def backup(target: Path, *, using: str = DEFAULT_DB_ALIAS, progress: Progress = no_progress) -> dict:
    """Write every table and the uploaded files to `target` (new or empty) and return the manifest."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"Mappen {target} finns redan och är inte tom. Ange en ny eller tom mapp.")
    existed = target.exists()
    try:
        return _write_backup(target, using, progress)
    except OSError as exc:
        # A folder half full of files could be taken for a backup by someone who does not look for the manifest.
        if existed:
            for child in target.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        else:
            shutil.rmtree(target, ignore_errors=True)
        raise BackupError(
            f"Säkerhetskopian kunde inte skrivas till {target}: {REASONS.get(exc.errno or 0) or exc.strerror or exc}. "
            "Det som hann skrivas är borttaget. Frigör utrymme eller välj en annan plats och försök igen."
        ) from exc


def _write_backup(target: Path, using: str, progress: Progress) -> dict:
    make_private_dir(target)
    make_private_dir(target / DATA_DIR)
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        # One snapshot for every table. SQLite's transaction (BEGIN IMMEDIATE) already holds writers off.
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        tables = [_dump_model(model, target / DATA_DIR, using, progress) for model in backed_up_models()]
        migrations = _applied_migrations(using)
        media = _copy_media(target / MEDIA_DIR)
    for entry in [*tables, *media]:
        entry["sha256"] = _sha256(target / entry["file"])
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": migrations,
        "tables": tables,
        "media": media,
    }
    manifest["checksum"] = _manifest_checksum(manifest)
    with open(target / MANIFEST, "w", encoding="utf-8", opener=private_opener) as out:
        out.write(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return manifest


def _manifest_checksum(manifest: dict) -> str:
    """One SHA-256 over the file checksums and row counts, to see that the manifest itself is whole."""
    lines = [f"{t['file']} {t['rows']} {t['sha256']}" for t in manifest["tables"]]
    lines += [f"{m['file']} {m['sha256']}" for m in manifest["media"]]
    lines += [f"{app}.{name}" for app, name in manifest["migrations"]]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


# --- Restore -----------------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    """The backup's manifest, after checking that every file it lists is there and unchanged."""
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{source} är ingen hel säkerhetskopia: {MANIFEST} saknas. Ange mappen som `samordna backup` skrev."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise BackupError(f"{path} går inte att läsa. Säkerhetskopian är skadad.") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{source} är inte en säkerhetskopia i Samordnas format (version {FORMAT_VERSION}).")
    if manifest.get("checksum") != _manifest_checksum(manifest):
        raise BackupError(f"{path} stämmer inte med sin egen kontrollsumma. Säkerhetskopian är skadad.")
    for entry in [*manifest["tables"], *manifest["media"]]:
        relative = Path(entry["file"])
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"{entry['file']}: filer i en säkerhetskopia ska ligga i dess mapp. Kopian är skadad.")
        file = Path(source) / relative
        if not file.is_file() or _sha256(file) != entry["sha256"]:
            raise BackupError(
                f"{entry['file']} saknas eller är ändrad sedan säkerhetskopian gjordes. Inget är återställt."
            )
    return manifest


def _non_empty_tables(using: str, labels: Iterable[str]) -> list[str]:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    return [
        f"{by_label[label]._meta.db_table} ({by_label[label]._base_manager.using(using).count()} rader)"
        for label in labels
        if by_label[label]._meta.db_table in existing and by_label[label]._base_manager.using(using).exists()
    ]


def _require_empty_target(using: str, manifest: dict) -> None:
    labels = [m._meta.label_lower for m in backed_up_models() if m._meta.label_lower not in FILLED_BY_MIGRATE]
    filled = _non_empty_tables(using, labels)
    if filled:
        raise BackupError(
            "Databasen är inte tom, så inget har återställts. Tabeller med innehåll: "
            + ", ".join(filled[:5])
            + (" …" if len(filled) > 5 else "")
            + ". Återställ till en ny, tom databas (en ny SQLite-fil eller en nyskapad PostgreSQL-databas)."
        )
    media = Path(settings.MEDIA_ROOT)
    if manifest["media"] and media.is_dir():
        # Files that an interrupted restore of this same backup already put in place are taken as they are.
        expected = {str(Path(entry["file"]).relative_to(MEDIA_DIR)): entry["sha256"] for entry in manifest["media"]}
        for path in media.rglob("*"):
            if not path.is_file() or path.name.endswith(PARTIAL_SUFFIX):
                continue
            relative = path.relative_to(media).as_posix()
            if expected.get(relative) != _sha256(path):
                raise BackupError(
                    f"Mappen för uppladdade filer ({media}) innehåller filer som inte kommer från den här "
                    f"säkerhetskopian ({relative}). Töm den eller ange en ny mapp."
                )


def _require_same_migrations(using: str, manifest: dict) -> None:
    known = {f"{app}.{name}" for app, name in MigrationLoader(connections[using], load=True).graph.nodes}
    in_backup = {f"{app}.{name}" for app, name in manifest["migrations"]}
    if in_backup - known:
        raise BackupError(
            "Säkerhetskopian kommer från en nyare version av Samordna (okända migreringar: "
            + ", ".join(sorted(in_backup - known)[:5])
            + "). Återställ med den versionen."
        )
    if known - in_backup:
        raise BackupError(
            "Säkerhetskopian kommer från en äldre version av Samordna (den saknar migreringarna "
            + ", ".join(sorted(known - in_backup)[:5])
            + "). Återställ med den versionen och uppgradera sedan med `samordna migrate`."
        )


def _load_model(model: type[models.Model], entry: dict, source: Path, using: str, progress: Progress) -> None:
    fields = model._meta.local_concrete_fields
    manager = model._base_manager.using(using)
    batch = max(1, min(CHUNK, connections[using].ops.bulk_batch_size(fields, [None] * CHUNK)))
    with (source / entry["file"]).open(encoding="utf-8") as stream:
        rows = progress((json.loads(line) for line in stream), entry["model"], entry["rows"])
        for chunk in _chunks(rows, batch):
            for row in chunk:
                _recode_encrypted(model, row, field_crypto.decrypt)
            objects = [item.object for item in serializers.deserialize("python", chunk, using=using)]
            # raw=True keeps every stored value as it was, auto_now_add timestamps included.
            manager._insert(objects, fields=fields, using=using, raw=True)  # type: ignore[attr-defined]  # private, not in the stubs
    loaded = manager.count()
    if loaded != entry["rows"]:
        raise BackupError(f"{entry['model']}: {loaded} rader inlästa men säkerhetskopian har {entry['rows']}.")


def _place_media(manifest: dict, source: Path) -> None:
    """Put every uploaded file in its final place, each verified against its checksum before it gets its name.

    A file already there with the right checksum (from an earlier, interrupted restore) is left as it is.
    """
    media_root = Path(settings.MEDIA_ROOT)
    for entry in manifest["media"]:
        target = media_root / Path(entry["file"]).relative_to(MEDIA_DIR)
        if target.is_file() and _sha256(target) == entry["sha256"]:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        shutil.copy2(source / entry["file"], partial)
        with partial.open("rb") as stream:
            os.fsync(stream.fileno())
        if _sha256(partial) != entry["sha256"]:
            partial.unlink()
            raise BackupError(f"{entry['file']} blev inte likadan när den kopierades. Inget är återställt i databasen.")
        os.replace(partial, target)
    for leftover in media_root.rglob(f"*{PARTIAL_SUFFIX}") if media_root.is_dir() else ():
        leftover.unlink()


def _load_rows(manifest: dict, source: Path, using: str, progress: Progress) -> None:
    """Every row of the backup, in one transaction: all of them or none."""
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            for model in reversed(backed_up_models()):
                if model._meta.label_lower in FILLED_BY_MIGRATE:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608  # a table name from the model registry  # nosec B608
            for statement in log_database.keep_original_times(connection):
                # The log rows keep the times they were written at; the database's clock is back before commit.
                cursor.execute(statement)
        for entry in manifest["tables"]:
            _load_model(by_label[entry["model"]], entry, source, using, progress)
        with connection.cursor() as cursor:
            for statement in log_database.database_time_again(connection):
                cursor.execute(statement)
            for statement in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                cursor.execute(statement)


def restore(source: Path, *, using: str = DEFAULT_DB_ALIAS, progress: Progress = no_progress) -> dict:
    """Load the backup into an empty database: first the uploaded files, then all rows in one transaction.

    The files go first, so that a restore interrupted at any point leaves either no rows at all (and is simply
    run again: the files already in place are checked and kept) or everything.
    """
    source = Path(source)
    manifest = read_manifest(source)
    _require_empty_target(using, manifest)
    _require_same_migrations(using, manifest)
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    unknown = [t["model"] for t in manifest["tables"] if t["model"] not in by_label]
    if unknown:
        raise BackupError(f"Säkerhetskopian har tabeller som den här versionen saknar: {', '.join(unknown)}.")
    _place_media(manifest, source)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    _load_rows(manifest, source, using, progress)
    stats_cache.forget()
    return manifest
