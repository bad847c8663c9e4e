"""Finished reports kept between requests for as long as nothing recorded in the förbund has changed.

A report is a pure function of the förbund's data, the period, the insatser it covers and the suppression
threshold. Every write records an audit event in its own transaction, and `audit.event_count` moves with each
one (bulk imports and anonymisation included), so a key that holds the count is never answered with figures
older than the data. The day is in the key too, for the figures that depend on today's date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from samordna.audit.actions import event_count

TIMEOUT_SECONDS = 60 * 60


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return tuple(sorted(value))
    return value


def key(kind: str, forbund, **parts: Any) -> str:
    described = (
        kind,
        forbund.pk,
        event_count(forbund),
        timezone.localdate().isoformat(),
        get_language(),
        sorted((name, _plain(value)) for name, value in parts.items()),
    )
    return "samordna:stats:" + hashlib.sha256(repr(described).encode()).hexdigest()


def remembered(name: str, build: Callable[[], Any]) -> Any:
    """`build()`, from the cache when it was built under the same key (see `key`) already."""
    found = cache.get(name)
    if found is None:
        found = build()
        cache.set(name, found, TIMEOUT_SECONDS)
    return found


def forget() -> None:
    """Drop every cached report: after a restore the counts may go back to values already used as keys."""
    cache.clear()
