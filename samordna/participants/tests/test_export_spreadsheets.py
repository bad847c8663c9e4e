"""The participant export as a spreadsheet program sees it: the CSV is UTF-8 with a BOM and ';', and loses its codes
to type guessing (which is why the README sends spreadsheet users to the xlsx); the xlsx keeps every code as text,
also after LibreOffice has opened and saved it."""

import io

import pytest
from django.core.management import call_command

from samordna.lib.tests.spreadsheet_reader import (
    BOM,
    Formula,
    csv_as_spreadsheet,
    libreoffice,
    opened_and_saved,
    xlsx_values,
)
from samordna.participants.transfer import ALL_COLUMNS as COLUMNS
from samordna.participants.transfer import export_rows, import_file, write_csv, write_xlsx
from samordna.tenancy.models import Kommun

from .test_import import GOOD_ROWS, csv_bytes

ROWS = [*GOOD_ROWS, "2017:48;;K;1980;0381;2019-07-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]
CODES = {"insats": "2017:48", "personnummer": "198501019809", "kommun": "0381"}


@pytest.fixture
def exported(world, tmp_path):
    Kommun.objects.create(code="0381", name="Enköping")
    import_file(world.a, csv_bytes(ROWS), "deltagare.csv")
    paths = {}
    for fmt in ("csv", "xlsx"):
        paths[fmt] = tmp_path / f"deltagare.{fmt}"
        call_command("samordna_export_participants", "--forbund", "alfa", "--format", fmt, "-o", str(paths[fmt]))
    return paths


def _column(rows, name):
    index = COLUMNS.index(name)
    return [row[index] for row in rows[1:] if len(row) > index]


def test_the_csv_has_a_bom_and_semicolons_and_no_formula(exported):
    data = exported["csv"].read_bytes()
    rows = csv_as_spreadsheet(data)

    assert data.startswith(BOM)
    assert rows[0] == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in rows)
    assert not [cell for row in rows for cell in row if isinstance(cell, Formula)]


def test_type_guessing_spoils_the_codes_in_the_csv(exported):
    # What the issue saw: opened as CSV, the codes turn into a time and numbers. The xlsx is the file to open.
    rows = csv_as_spreadsheet(exported["csv"].read_bytes())

    assert CODES["insats"] not in _column(rows, "insats")
    assert 381 in _column(rows, "kommun") and CODES["kommun"] not in _column(rows, "kommun")
    assert 198501019809 in _column(rows, "personnummer")


def test_the_xlsx_keeps_every_code_as_a_text_cell(exported):
    values = xlsx_values(exported["xlsx"])

    for name, code in CODES.items():
        assert code in _column(values, name)
    from openpyxl import load_workbook

    sheet = load_workbook(exported["xlsx"]).worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        for name in CODES:
            cell = row[COLUMNS.index(name)]
            if cell.value is not None:
                assert (cell.data_type, cell.number_format) == ("s", "@")


def test_the_xlsx_holds_the_same_cells_as_the_csv(world, exported):
    out = io.StringIO()
    write_csv(export_rows(world.a), out)
    csv_rows = [line.split(";") for line in out.getvalue().splitlines()]

    xlsx_rows = [["" if v is None else v for v in row] for row in xlsx_values(exported["xlsx"])]

    assert xlsx_rows == csv_rows


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice (soffice) is not installed")
def test_an_xlsx_opened_and_saved_by_libreoffice_imports_unchanged(world, exported, tmp_path):
    saved = opened_and_saved(exported["xlsx"], tmp_path)

    assert xlsx_values(saved) == xlsx_values(exported["xlsx"])
    result = import_file(world.a, saved.read_bytes(), saved.name)
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(ROWS))
    again = tmp_path / "again.xlsx"
    write_xlsx(export_rows(world.a), again)
    assert xlsx_values(again) == xlsx_values(exported["xlsx"])
