"""The privacy app's daily job: the retention run (gallring) under each förbund's plan."""

from __future__ import annotations

import datetime as dt

from .actions import run_retention


def daily_retention(today: dt.date, dry_run: bool = False) -> str:
    runs = run_retention(today, dry_run=dry_run)
    verb = "skulle anonymiseras" if dry_run else "anonymiserade"
    return "; ".join(f"{run.forbund.slug}: {len(run.due)} {verb}" for run in runs) or "inga gallringsplaner"
