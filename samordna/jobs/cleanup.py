"""The daily cleanup of files that jobs leave behind: uploads never imported and exports older than a day."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import uuid
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from .files import outputs_dir, uploads_dir
from .models import Job, JobState

MAX_AGE_SECONDS = 24 * 60 * 60


def remove_abandoned_files(today: dt.date, dry_run: bool = False) -> str:
    """Remove uploads and export files older than a day, and fail jobs whose worker stopped over a day ago."""
    cutoff = time.time() - MAX_AGE_SECONDS
    old = [p for p in uploads_dir().iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
    old_outputs = [p for p in outputs_dir().iterdir() if p.is_dir() and p.stat().st_mtime < cutoff]
    stuck = Job.objects.filter(
        state__in=[JobState.QUEUED, JobState.RUNNING], created_at__lt=timezone.now() - dt.timedelta(days=1)
    )
    if not dry_run:
        for path in old:
            path.unlink(missing_ok=True)
        for folder in old_outputs:
            shutil.rmtree(folder, ignore_errors=True)
        stuck.update(
            state=JobState.FAILED,
            finished_at=timezone.now(),
            errors=[_("Jobbet blev aldrig klart och har avbrutits. Inget har sparats. Starta det igen.")],
        )
        Job.objects.filter(pk__in=_job_ids(old_outputs)).update(output="")
    verb = "skulle tas bort" if dry_run else "borttagna"
    return f"{len(old)} uppladdade filer och {len(old_outputs)} exportfiler {verb}"


def _job_ids(folders: list[Path]) -> list[uuid.UUID]:
    ids = []
    for folder in folders:
        try:
            ids.append(uuid.UUID(folder.name))
        except ValueError:
            continue
    return ids
