"""A `progress(iterable, description, total)` callable that writes how far a job has come to its row."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from .models import Job


class JobProgress:
    """Counts the items of each step and saves the count a few times a second, so a page polling the job sees it.

    `expected` stands in for a step's total when the step cannot know it (rows of a file still being read).
    """

    def __init__(self, job_id, expected: int | None = None, every_seconds: float = 0.3):
        self.job_id = job_id
        self.expected = expected
        self.every_seconds = every_seconds

    def save(self, label: str, done: int, total: int | None) -> None:
        Job.objects.filter(pk=self.job_id).update(progress_label=label[:100], progress_done=done, progress_total=total)

    def __call__(self, iterable: Iterable, description: str, total: int | None = None) -> Iterator:
        total = total if total is not None else self.expected
        done = 0
        self.save(description, done, total)
        last = time.monotonic()
        for item in iterable:
            yield item
            done += 1
            if total is not None and done > total:
                total = done
            if time.monotonic() - last >= self.every_seconds:
                self.save(description, done, total)
                last = time.monotonic()
        self.save(description, done, done if total is None or done > total else total)
