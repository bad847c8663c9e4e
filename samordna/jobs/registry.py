"""What each kind of job does: apps register a handler per kind, and the runner looks it up by the job's kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Job

Progress = Callable[[Iterable, str, int | None], Iterable]


@dataclass
class Outcome:
    """What a finished job shows: a sentence, figures for tests and the API, and the file it made, if any."""

    summary: str
    result: dict = field(default_factory=dict)
    output: Path | None = None


class JobRefused(Exception):
    """The job could not do its work; every problem is listed for the user and nothing was stored."""

    def __init__(self, errors: list[str], summary: str = ""):
        super().__init__("\n".join(errors))
        self.errors = errors
        self.summary = summary


Handler = Callable[["Job", Progress], Outcome]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `kind`."""

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return register
