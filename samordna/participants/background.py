"""The participant import as background jobs: the check of an uploaded file, then, once confirmed, the import.

The uploaded file waits under the var directory, readable by the server's user only. The check removes it when
it finds problems or fails; the import removes it when it ends, whatever the outcome. The import itself stays
all-or-nothing: `transfer.import_file` checks every row again and stores them in one transaction.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samordna.jobs.files import uploads_dir
from samordna.jobs.models import Job, JobKind
from samordna.jobs.registry import JobRefused, Outcome, Progress, handles

from . import access, transfer


def expected_rows(data: bytes, filename: str) -> int | None:
    """About how many rows a file has, for the progress bar; unknown for spreadsheets until they are read."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return None
    return max(data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1), 0)


def _upload(job: Job) -> Path:
    return uploads_dir() / os.path.basename(job.params["token"])


def _read(job: Job, path: Path) -> bytes:
    try:
        access.require_import(job.owner, job.forbund)
    except PermissionDenied as refused:
        raise JobRefused([str(refused)]) from None
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise JobRefused([_("Filen att importera finns inte längre. Ladda upp den igen.")]) from None


def _refused(errors: list[transfer.RowError]) -> JobRefused:
    summary = ngettext(
        "Filen har %(n)s fel. Inget har sparats. Rätta raderna och ladda upp filen igen.",
        "Filen har %(n)s fel. Inget har sparats. Rätta raderna och ladda upp filen igen.",
        len(errors),
    ) % {"n": len(errors)}
    return JobRefused([str(e) for e in errors], summary=summary)


@handles(JobKind.PARTICIPANT_CHECK)
def check_upload(job: Job, progress: Progress) -> Outcome:
    path = _upload(job)
    passed = False
    try:
        data = _read(job, path)
        rows, errors = transfer.check_file(job.forbund, data, job.params["filename"], job.owner, progress)
        if errors:
            raise _refused(errors)
        passed = True
    finally:
        if not passed:
            path.unlink(missing_ok=True)
    summary = _("%(name)s: alla %(n)s rader är rätt.") % {"name": job.params["filename"], "n": len(rows)}
    return Outcome(summary=summary, result={"checked": len(rows)})


@handles(JobKind.PARTICIPANT_IMPORT)
def import_upload(job: Job, progress: Progress) -> Outcome:
    path = _upload(job)
    try:
        data = _read(job, path)
        result = transfer.import_file(job.forbund, data, job.params["filename"], job.owner, progress)
    except transfer.ImportRefused as refused:
        raise _refused(refused.errors) from None
    finally:
        path.unlink(missing_ok=True)
    figures = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    summary = _("Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade rader.") % figures
    return Outcome(summary=summary, result={"rows": result.rows, **figures})
