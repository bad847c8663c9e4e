"""Text in exported spreadsheets and CSV files stays text: a cell never becomes a formula from what a user typed.

An application title like `=HYPERLINK("http://…","Öppna rapporten")` would otherwise run as a formula when the
board opens the statistics in a spreadsheet program. Every xlsx and CSV writer goes through these functions.
CSV files are UTF-8 with a byte order mark (so that Excel reads å, ä, ö) and ';' between fields (the list
separator of Swedish spreadsheets). Text cells in xlsx files are formatted as text, so that codes such as
insats 2017:48, a personnummer or kommun 0381 stay what they are when the file is edited and saved.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

# What spreadsheet programs read as the start of a formula (or of a command, for tab and carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value: Any) -> Any:
    """A value for a CSV cell: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value


class _TextOnlyWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_value(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


BOM = "\ufeff"
CSV_OPTIONS = {"delimiter": ";", "lineterminator": "\n"}
TEXT_FORMAT = "@"  # the number format of a text cell


def csv_writer(out, **options) -> _TextOnlyWriter:
    """`csv.writer(out, **options)` whose rows never carry a formula; ';' between fields unless told otherwise."""
    return _TextOnlyWriter(csv.writer(out, **{**CSV_OPTIONS, **options}))


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV file as text: the byte order mark, then the rows; encode it as UTF-8."""
    out = io.StringIO()
    out.write(BOM)
    csv_writer(out).writerows(rows)
    return out.getvalue()


def sheet_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append` in a write-only workbook: text is stored as text cells (formula-like text too)."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            cell.number_format = TEXT_FORMAT
            row.append(cell)
        else:
            row.append(value)
    return row


def formulas_as_text(workbook) -> None:
    """Before saving a (normal, not write-only) workbook: every cell that openpyxl took for a formula becomes text.

    openpyxl turns any string that starts with '=' into a formula; the exports write no formulas of their own.
    Text cells get the text format too, so that a code typed over in a spreadsheet program stays text.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                if cell.data_type == "s":
                    cell.number_format = TEXT_FORMAT
