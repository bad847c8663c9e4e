"""Writing output files so that an interrupted job leaves no half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
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
        return self.error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


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


def write_bytes_when_done(path: str | os.PathLike, data: bytes) -> None:
    with replaced_when_done(path) as temporary:
        temporary.write_bytes(data)
