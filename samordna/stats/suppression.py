"""Disclosure control (DOMAIN.md §6.5): the one function every figure passes through on its way out.

Queries build reports from counts and four containers: `Group` (cells that add up to a total), `Table` (rows ×
columns, with the row and column sets that add up), `Share` (a ratio and the counts it rests on) and `Verdict` (a
yes/no judged on a share). `publish(report, threshold)` turns that into plain JSON-ready data: exact when
`threshold` is None (the participant handler's own insatser, the Uppföljning Finsam export, an operator's
`--unsuppressed`), and otherwise protected.

Counts of people come as `Cell`s: the number of records and the sum of their record keys. Each stay (and each
volume count and survey answer sheet) draws its record key once, at random, from 0 … 2^16−1 and keeps it. The
protection is the cell-key method of the statistical agencies:

* a cell's key is the sum of its records' keys modulo 2^16, summed by the database in the query that counts them;
* the fixed `PERTURBATION` table, read with the cell's count and key, gives the noise: −2 … +2, on average 0,
  never below zero, and none for an empty cell; so the same set of records always gets the same noise, and asking
  again, in another format or through the API gives the same figure;
* a total is a cell of its own, perturbed with its own key, never the sum of perturbed parts: subtracting
  published parts from a published total leaves the sum of several independent noises, not the hidden part;
* a perturbed count 1 … threshold−1, or any cell whose true count is below the threshold, is shown as "<5";
  a true count of 1 or 2 may be shown as 0, so neither "0" nor "<5" says exactly how many;
* a share is computed from the perturbed counts and is None (JSON null; pages show "–") when one of them is
  hidden; a verdict on a share is judged on the published share.

Plain ints are counts without record keys (none of the published figures today): for them a count
1 … threshold−1 is shown as "<5", and in every set of cells that adds up the hidden cells must be at least two
and hold at least `threshold` together; until they do, the smallest visible non-zero cell of the set is hidden too
and shown as "x". Money is wrapped in `Money` so that it is never suppressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from samordna.lib.record_keys import KEY_SPACE

# A cell hidden only so that a small one cannot be worked out from totals; it is never itself below the
# threshold, so it is not labelled "<5" (the convention of Statistics Sweden for confidential cells).
SECONDARY = "x"
HIDDEN_SHARE = "–"


class Money(int):
    """Whole kronor: passes suppression untouched."""


# The noise for a count, by the cell key's position in sixteenths of the key space: (offset, sixteenths) in order.
# Each row has mean 0; a count of 1 cannot go below 0, so its row leans the other way with a rare +2. Variance
# 22/16 for counts of 2 and more, 11/16 for a count of 1.
PERTURBATION: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((-1, 5), (0, 7), (1, 3), (2, 1)),
    2: ((-2, 2), (-1, 3), (0, 6), (1, 3), (2, 2)),
}
MAX_DEVIATION = 2


def noise(count: int, key: int) -> int:
    """The fixed perturbation of a cell with `count` records whose keys sum to `key`."""
    if count <= 0:
        return 0
    position = (key % KEY_SPACE) * 16 // KEY_SPACE
    for offset, weight in PERTURBATION[min(count, 2)]:
        if position < weight:
            return offset
        position -= weight
    raise ValueError("PERTURBATION rows must hold sixteen sixteenths")


@dataclass(frozen=True)
class Cell:
    """A count of records and the sum of their record keys; cells of disjoint records add up, key and all."""

    n: int
    key: int = 0
    keyed: bool = True  # False: counted without its key, for exact readers only

    def __add__(self, other: Cell | int) -> Cell:
        if isinstance(other, Cell):
            return Cell(self.n + other.n, self.key + other.key, self.keyed and other.keyed)
        if other == 0:
            return self
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: Cell) -> Cell:
        """The records of this cell that are not in `other`, which must be a part of it."""
        return Cell(self.n - other.n, self.key - other.key, self.keyed and other.keyed)

    def __bool__(self) -> bool:
        return self.n != 0

    def perturbed(self) -> int:
        return self.n + noise(self.n, self.key)


def hidden_label(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value: int, threshold: int | None) -> bool:
    return threshold is not None and 0 < value < threshold


def is_hidden(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith("<") or value == SECONDARY)


def published_count(cell: Cell, threshold: int | None) -> int | str:
    """The count as its reader may see it: exact without a threshold, otherwise perturbed (module docstring)."""
    if threshold is None:
        return cell.n
    if not cell.keyed:
        raise ValueError("A count without its cell key can only be published exactly.")
    shown = cell.perturbed()
    if shown == 0:
        return 0
    if shown < threshold or cell.n < threshold:
        return hidden_label(threshold)
    return shown


def _published_part(value: Any, is_count: bool, threshold: int | None) -> Any:
    if isinstance(value, Cell):
        return published_count(value, threshold)
    if is_count and is_small(int(value), threshold):
        return hidden_label(threshold or 0)
    return value


@dataclass
class Share:
    """numerator / denominator × scale, rounded to `places`; None when the denominator is 0."""

    numerator: Cell | int | Decimal
    denominator: Cell | int | Decimal
    places: int = 3
    scale: int = 1
    numerator_is_count: bool = True
    denominator_is_count: bool = True

    def value(self) -> float | None:
        """The exact ratio."""
        return self.published(None)

    def published(self, threshold: int | None) -> float | None:
        """The ratio of the counts as published with `threshold`; None when one of them is hidden."""
        numerator = _published_part(self.numerator, self.numerator_is_count, threshold)
        denominator = _published_part(self.denominator, self.denominator_is_count, threshold)
        if isinstance(numerator, str) or isinstance(denominator, str) or not denominator:
            return None
        exact = Decimal(numerator) * self.scale / Decimal(denominator)
        return float(exact.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP))


@dataclass
class Verdict:
    """A yes/no judged on a share: on the exact share for exact readers, on the published one for the rest, so
    that the answer tells nothing the published share does not."""

    share: Share
    rule: Callable[[float], bool | None]
    hidden: bool | None = None  # the answer when the share is hidden or undefined

    def published(self, threshold: int | None) -> bool | None:
        value = self.share.published(threshold)
        return self.hidden if value is None else self.rule(value)


@dataclass
class Table:
    """Counts by row and column. `row_groups`: sets of rows that add up (in each column of `summed_columns`,
    default all); `column_groups`: sets of columns that add up (in each row)."""

    rows: Mapping[str, Mapping[str, int | Cell]]
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

    cells: Mapping[str, int | Cell]

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
    found = {(row, column): value for row, cells in table.rows.items() for column, value in cells.items()}
    if threshold is None or any(isinstance(value, Cell) for value in found.values()):
        # Exact, or perturbed cell by cell: every margin is a cell of its own, so no cell needs hiding for another.
        return {
            row: {column: publish(value, threshold) for column, value in cells.items()}
            for row, cells in table.rows.items()
        }
    values = {cell: int(value) for cell, value in found.items() if not isinstance(value, Cell)}
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
    if isinstance(report, Cell):
        return published_count(report, threshold)
    if isinstance(report, int):
        return hidden_label(threshold) if threshold is not None and is_small(report, threshold) else report
    if isinstance(report, Share | Verdict):
        return report.published(threshold)
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
