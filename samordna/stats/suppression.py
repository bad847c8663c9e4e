"""Small-number suppression (DOMAIN.md §6.5): the one function every figure passes through on its way out.

Queries build reports from plain values and three containers: `Group` (cells that add up to a total),
`Table` (rows × columns, with the row and column sets that add up) and `Share` (a ratio and the counts it
rests on). `publish(report, threshold)` turns that into plain JSON-ready data: exact when `threshold` is None
(the participant handler's own insatser, the Uppföljning Finsam export, an operator's `--unsuppressed`), and
otherwise with

* counts 1 … threshold−1 shown as the string "<threshold" ("<5"); 0 stays 0;
* secondary suppression: totals are taken as known, so in every set of cells that adds up, the hidden cells
  must be at least two and hold at least `threshold` together; until they do, the smallest visible non-zero
  cell of the set is hidden too (repeated over all sets until nothing changes) and shown as "x";
* a share whose numerator or denominator is hidden becomes None (JSON null; pages, Excel and PDF show "–").

Plain ints anywhere in the report are counts; money is wrapped in `Money` so that it is never suppressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# A cell hidden only so that a small one cannot be worked out from totals; it is never itself below the
# threshold, so it is not labelled "<5" (the convention of Statistics Sweden for confidential cells).
SECONDARY = "x"
HIDDEN_SHARE = "–"


class Money(int):
    """Whole kronor: passes suppression untouched."""


def hidden_label(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value: int, threshold: int | None) -> bool:
    return threshold is not None and 0 < value < threshold


def is_hidden(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith("<") or value == SECONDARY)


@dataclass
class Share:
    """numerator / denominator × scale, rounded to `places`; None when the denominator is 0."""

    numerator: int | Decimal
    denominator: int | Decimal
    places: int = 3
    scale: int = 1
    numerator_is_count: bool = True
    denominator_is_count: bool = True

    def value(self) -> float | None:
        if not self.denominator:
            return None
        exact = Decimal(self.numerator) * self.scale / Decimal(self.denominator)
        return float(exact.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP))

    def hidden(self, threshold: int | None) -> bool:
        return (self.numerator_is_count and is_small(int(self.numerator), threshold)) or (
            self.denominator_is_count and is_small(int(self.denominator), threshold)
        )


@dataclass
class Table:
    """Counts by row and column. `row_groups`: sets of rows that add up (in each column of `summed_columns`,
    default all); `column_groups`: sets of columns that add up (in each row)."""

    rows: dict[str, dict[str, int]]
    row_groups: list[Sequence[str]] | None = None
    column_groups: list[Sequence[str]] = field(default_factory=list)
    summed_columns: Sequence[str] | None = None

    def columns(self) -> list[str]:
        seen: dict[str, None] = {}
        for cells in self.rows.values():
            seen.update(dict.fromkeys(cells))
        return list(seen)

    def groups(self) -> Iterable[list[tuple[str, str]]]:
        row_groups = self.row_groups if self.row_groups is not None else [list(self.rows)]
        summed = self.summed_columns if self.summed_columns is not None else self.columns()
        for column in summed:
            for rows in row_groups:
                yield [(row, column) for row in rows if column in self.rows.get(row, {})]
        for row, cells in self.rows.items():
            for columns in self.column_groups:
                yield [(row, column) for column in columns if column in cells]


@dataclass
class Group:
    """Cells that together make up a total, e.g. discharges per outcome code. Published as a flat dict."""

    cells: dict[str, int]

    def as_table(self) -> Table:
        return Table({key: {"n": value} for key, value in self.cells.items()})


def _safe(group: list, values: dict, hidden: set, threshold: int) -> bool:
    concealed = [cell for cell in group if cell in hidden]
    return not concealed or (len(concealed) >= 2 and sum(values[cell] for cell in concealed) >= threshold)


def _secondary(values: dict, hidden: set, groups: list[list], threshold: int) -> set:
    """Hide more cells until every adding-up set is safe (see the module docstring). Returns the cells added.

    Among the candidates of an unsafe set, one that also lies in another unsafe set is taken first (it protects
    both, closing a rectangle in a two-way table), then the smallest."""
    member_of: dict = {}
    for index, group in enumerate(groups):
        for cell in group:
            member_of.setdefault(cell, []).append(index)
    added: set = set()
    changed = True
    while changed:
        changed = False
        for index, group in enumerate(groups):
            if _safe(group, values, hidden, threshold):
                continue
            candidates = [cell for cell in group if cell not in hidden and values[cell] > 0]
            if not candidates:
                continue

            def helps_elsewhere(cell, index=index) -> bool:
                return any(
                    other != index and not _safe(groups[other], values, hidden, threshold) for other in member_of[cell]
                )

            chosen = min(candidates, key=lambda cell: (not helps_elsewhere(cell), values[cell]))
            hidden.add(chosen)
            added.add(chosen)
            changed = True
    return added


def _suppress_table(table: Table, threshold: int | None) -> dict[str, dict[str, Any]]:
    values = {(row, column): value for row, cells in table.rows.items() for column, value in cells.items()}
    if threshold is None:
        return {row: dict(cells) for row, cells in table.rows.items()}
    primary = {cell for cell, value in values.items() if is_small(value, threshold)}
    hidden = set(primary)
    _secondary(values, hidden, [g for g in table.groups() if g], threshold)
    label = hidden_label(threshold)

    def shown(cell, value):
        if cell in primary:
            return label
        return SECONDARY if cell in hidden else value

    return {
        row: {column: shown((row, column), value) for column, value in cells.items()}
        for row, cells in table.rows.items()
    }


def publish(report: Any, threshold: int | None) -> Any:
    """The report as plain data, suppressed with `threshold`, or exact when `threshold` is None."""
    if isinstance(report, Money | bool) or report is None:
        return report
    if isinstance(report, int):
        return hidden_label(threshold) if threshold is not None and is_small(report, threshold) else report
    if isinstance(report, Share):
        return None if report.hidden(threshold) else report.value()
    if isinstance(report, Group):
        return {key: cells["n"] for key, cells in _suppress_table(report.as_table(), threshold).items()}
    if isinstance(report, Table):
        return _suppress_table(report, threshold)
    if isinstance(report, Mapping):
        return {key: publish(value, threshold) for key, value in report.items()}
    if isinstance(report, list | tuple):
        return [publish(value, threshold) for value in report]
    if isinstance(report, Decimal):
        return float(report)
    if isinstance(report, dt.date):
        return report.isoformat()
    return report
