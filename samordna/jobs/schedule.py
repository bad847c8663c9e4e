"""The daily schedule: apps register functions `f(today, dry_run=False) -> summary`, and each runs once a day.

A run is claimed by a `DailyRun` row that is unique for (name, day), so several schedulers, or one that is
restarted, never run the same job twice on the same day.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from .models import DailyRun

logger = logging.getLogger(__name__)

DailyJob = Callable[..., str | None]
_DAILY: dict[str, DailyJob] = {}


def register_daily(name: str, func: DailyJob) -> None:
    """Run `func(today, dry_run=False)` once a day; what it returns is kept as the run's summary."""
    _DAILY[name] = func


def daily(name: str) -> Callable[[DailyJob], DailyJob]:
    """Decorator form of `register_daily`."""

    def register(func: DailyJob) -> DailyJob:
        register_daily(name, func)
        return func

    return register


def registered() -> dict[str, DailyJob]:
    return dict(sorted(_DAILY.items()))


def daily_at() -> dt.time:
    """Local time after which the day's jobs start: SAMORDNA_DAILY_AT as HH:MM, default 05:00."""
    value = os.environ.get("SAMORDNA_DAILY_AT", "05:00")
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        logger.error("SAMORDNA_DAILY_AT=%r is not a time HH:MM; using 05:00", value)
        return dt.time(5, 0)


def claim(name: str, day: dt.date) -> DailyRun | None:
    try:
        with transaction.atomic():
            return DailyRun.objects.create(name=name, day=day)
    except IntegrityError:
        return None


def run_claimed(run_id: int) -> str:
    run = DailyRun.objects.get(pk=run_id)
    func = _DAILY.get(run.name)
    try:
        if func is None:
            raise LookupError(f"no daily job named {run.name}")
        summary = func(run.day, dry_run=False) or ""
    except Exception as exc:
        logger.exception("Daily job %s for %s failed", run.name, run.day)
        run.outcome, run.summary = DailyRun.Outcome.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        run.outcome, run.summary = DailyRun.Outcome.DONE, summary
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "summary", "finished_at"])
    return run.outcome


def enqueue_due(day: dt.date) -> list[str]:
    """Put each registered job not yet run on `day` on the queue; returns the names put there."""
    from .tasks import run_daily_job

    started = []
    for name in registered():
        run = claim(name, day)
        if run is not None:
            run_daily_job.enqueue(run.pk)
            started.append(name)
    return started


def run_now(day: dt.date, *, dry_run: bool = False) -> list[tuple[str, str]]:
    """Run the day's jobs here and now, without the queue. A dry run changes nothing and claims no day."""
    done = []
    for name, func in registered().items():
        if dry_run:
            done.append((name, func(day, dry_run=True) or ""))
            continue
        run = claim(name, day)
        if run is None:
            done.append((name, "redan körd"))
            continue
        run_claimed(run.pk)
        run.refresh_from_db()
        done.append((name, f"{run.get_outcome_display()}: {run.summary}"))
    return done


def tick(now: dt.datetime | None = None) -> list[str]:
    local = timezone.localtime(now)
    if local.time() < daily_at():
        return []
    return enqueue_due(local.date())


def loop(stop: threading.Event, interval: float = 60.0) -> None:
    """Check once a minute whether the day's jobs are due, until `stop` is set."""
    while not stop.is_set():
        close_old_connections()
        try:
            started = tick()
            if started:
                logger.info("Daily jobs queued: %s", ", ".join(started))
        except Exception:
            logger.exception("The scheduler could not queue the daily jobs; trying again in a minute")
        stop.wait(interval)
    close_old_connections()
