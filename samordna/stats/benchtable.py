"""The one table `samordna bench` prints: each measurement next to its baseline from the same run."""

from __future__ import annotations

import math
from dataclasses import dataclass

from samordna.lib.formats import number


@dataclass(frozen=True)
class Row:
    part: str
    measured: str
    value: str
    baseline: str
    baseline_value: str
    ratio: float | None = None  # measured / baseline, when the two are comparable numbers
    goal: str = ""


def milliseconds(seconds: float) -> str:
    return "–" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms"


def p50_p95(p50: float, p95: float) -> str:
    if math.isnan(p50):
        return "–"
    return f"{p50 * 1000:.0f} / {p95 * 1000:.0f} ms"


def rate(per_second: float, unit: str) -> str:
    return f"{number(per_second)} {unit}/s"


HEADER = ("Del", "Mätning", "Resultat", "Baslinje", "Baslinjens resultat", "Kvot", "Mål")


def format_table(rows: list[Row]) -> str:
    """A plain-text table that reads well in a terminal and in a README code block."""
    cells = [HEADER] + [
        (
            r.part,
            r.measured,
            r.value,
            r.baseline,
            r.baseline_value,
            "" if r.ratio is None or math.isnan(r.ratio) else f"{r.ratio:.2f}",
            r.goal,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]

    def line(row) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths]), *(line(row) for row in cells[1:])])
