"""Reading exports back the way a spreadsheet program does, for the export tests.

A CSV file carries no types, so the program guesses them: `=` (and `@`, and `+`/`-` before something that is not a
number) starts a formula, digits become a number (leading zeros lost), `12:34` becomes a time and `2015-03-01` a
date. An xlsx file carries its types, and an opened-and-saved one is what LibreOffice writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess  # nosec B404 - runs LibreOffice on a file the test wrote
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

BOM = b"\xef\xbb\xbf"
_NUMBER = re.compile(r"^[+-]?\d[\d\u00a0 ]*([.,]\d+)?$")
_TIME = re.compile(r"^\d{1,4}:\d{2}(:\d{2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Formula:
    text: str


def guess(cell: str) -> Any:
    """The value a spreadsheet program makes of one CSV cell."""
    if cell.startswith(("=", "@")) or (cell[:1] in ("+", "-") and not _NUMBER.match(cell)):
        return Formula(cell)
    if _NUMBER.match(cell):
        number = float(cell.replace("\u00a0", "").replace(" ", "").replace(",", "."))
        return int(number) if number.is_integer() else number
    if _TIME.match(cell):
        hours, minutes = cell.split(":")[:2]
        return dt.timedelta(hours=int(hours), minutes=int(minutes))
    if _DATE.match(cell):
        return dt.date.fromisoformat(cell)
    return cell


def csv_as_spreadsheet(data: bytes, delimiter: str = ";") -> list[list[Any]]:
    """Rows of guessed values; the byte order mark is what makes the program read the file as UTF-8."""
    text = data[len(BOM) :].decode("utf-8") if data.startswith(BOM) else data.decode("cp1252", "replace")
    return [[guess(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def xlsx_values(data: bytes | Path) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    return [[cell.value for cell in row] for sheet in workbook.worksheets for row in sheet.iter_rows()]


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def opened_and_saved(path: Path, workdir: Path) -> Path:
    """The file as LibreOffice Calc writes it after opening it: `soffice --headless --convert-to xlsx`."""
    program = libreoffice()
    assert program, "LibreOffice is not installed"
    out = workdir / "saved"
    out.mkdir()
    profile = workdir / "profile"
    subprocess.run(  # nosec B603 - fixed arguments
        [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / (path.stem + ".xlsx")
