"""What export jobs share: the owner's permission checked again in the worker, and the file written whole."""

from __future__ import annotations

from pathlib import Path

from samordna.lib.files import write_bytes_when_done
from samordna.tenancy import permissions
from samordna.tenancy.permissions import Capability

from .files import output_path
from .models import Job
from .registry import JobRefused


def require(job: Job, capability: Capability) -> None:
    """The owner may still do this in the job's förbund (a role may have ended since the job was queued)."""
    decision = permissions.check(job.owner, job.forbund, capability)
    if not decision.allowed:
        raise JobRefused([str(decision.reason)])


def write_output(job: Job, filename: str, data: bytes | str) -> Path:
    path = output_path(job.pk, filename)
    write_bytes_when_done(path, data.encode("utf-8") if isinstance(data, str) else data)
    return path
