"""Writing output files so that an interrupted job leaves no half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

REASONS = {
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EFBIG: "filen blev större än vad som får skrivas",
    errno.EACCES: "behörighet att skriva där saknas",
    errno.EROFS: "filsystemet är skrivskyddat",
}


class NotWritten(Exception):
    """An output file could not be written; nothing was left behind. The message says why and what to do."""

    def __init__(self, path: Path, error: OSError):
        self.path, self.error = path, error
        reason = REASONS.get(error.errno or 0) or error.strerror or str(error)
        super().__init__(
            f"Det gick inte att skriva {path}: {reason}. Ingen fil skrevs. "
            "Frigör utrymme eller välj en annan plats och försök igen."
        )

    @property
    def disk_full(self) -> bool:
        return is_disk_full(self.error)


@contextlib.contextmanager
def replaced_when_done(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary file beside `path` that becomes `path` only when the block finishes without error.

    Until then `path` is untouched (absent, or the previous version); the rename is atomic on one file system.
    An OSError while writing (a full disk, say) becomes NotWritten, after the temporary file is removed.
    """
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise NotWritten(path, exc) from exc
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise NotWritten(path, exc) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)


@contextlib.contextmanager
def spreadsheet_scratch_removed() -> Iterator[None]:
    """openpyxl writes every sheet to a scratch file in the temporary folder and removes it only when the save
    succeeds, or when the process ends; a long-running server that failed a save (a full disk) would keep the
    file and the space. This removes the scratch files of a failed save at once."""
    from openpyxl.worksheet import _writer

    before = set(_writer.ALL_TEMP_FILES)
    try:
        yield
    except BaseException:
        for scratch in [p for p in _writer.ALL_TEMP_FILES if p not in before]:
            with contextlib.suppress(OSError):
                os.remove(scratch)
            with contextlib.suppress(ValueError):
                _writer.ALL_TEMP_FILES.remove(scratch)
        raise


def workbook_bytes(workbook) -> bytes:
    """The workbook as xlsx bytes, leaving no scratch file behind when the save fails."""
    out = io.BytesIO()
    with spreadsheet_scratch_removed():
        workbook.save(out)
    return out.getvalue()


def is_disk_full(error: BaseException | None) -> bool:
    if isinstance(error, NotWritten):
        return error.disk_full
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def write_bytes_when_done(path: str | os.PathLike, data: bytes) -> None:
    with replaced_when_done(path) as temporary:
        temporary.write_bytes(data)


# Backups and stored files hold personal data: readable by the owner (the service's account) only.
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_opener(path: str, flags: int) -> int:
    """For open(..., opener=private_opener): a new file gets mode 0600 whatever the umask; an old one is set to it."""
    fd = os.open(path, flags, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)
    return fd


def make_private_dir(path: str | os.PathLike) -> Path:
    """The folder (and missing parents inside it) with mode 0700."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    path.chmod(PRIVATE_DIR)
    return path


def copy_private(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Copy a file's bytes and times, the copy readable by the owner only."""
    shutil.copyfile(source, target)
    shutil.copystat(source, target)
    os.chmod(target, PRIVATE_FILE)
