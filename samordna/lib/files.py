"""Writing output files so that an interrupted job leaves no half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replaced_when_done(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary file beside `path` that becomes `path` only when the block finishes without error.

    Until then `path` is untouched (absent, or the previous version); the rename is atomic on one file system.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_bytes_when_done(path: str | os.PathLike, data: bytes) -> None:
    with replaced_when_done(path) as temporary:
        temporary.write_bytes(data)
