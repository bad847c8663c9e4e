"""Where jobs keep files: uploads waiting to be imported, and the files that exports make."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from samordna.lib.files import write_bytes_when_done


def uploads_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def outputs_dir() -> Path:
    path = Path(settings.VAR_DIR) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep_upload(token: str, data: bytes) -> Path:
    """Put an uploaded file aside, readable by the server's user only. Raises NotWritten."""
    path = uploads_dir() / token
    write_bytes_when_done(path, data)
    os.chmod(path, 0o600)
    return path


def output_path(job_id, filename: str) -> Path:
    folder = outputs_dir() / str(job_id)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / filename
