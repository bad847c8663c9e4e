"""`samordna report economy`: JSON with whole kronor, a real Excel workbook and a real PDF."""

import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from samordna import cli

KEYS = [
    "income_forecast",
    "cost_forecast",
    "result_forecast",
    "equity_start",
    "equity_end_forecast",
    "equity_cap",
    "room_for_new",
]


def test_alias_points_at_the_report_command():
    assert cli.ALIASES["report"] == "samordna_report"


def test_json(world, skelleftea_2015, capsys):
    call_command(
        "samordna_report", "economy", "--forbund", "alfa", "--year", "2015", "--date", "2015-03-31", "--format", "json"
    )

    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in KEYS} == {
        "income_forecast": 6_594_370,
        "cost_forecast": 5_385_900,
        "result_forecast": 1_208_470,
        "equity_start": 2_192_262,
        "equity_end_forecast": 3_400_732,
        "equity_cap": 1_220_000,
        "room_for_new": 2_180_732,
    }
    assert all(type(data[k]) is int for k in KEYS)


def test_xlsx(world, skelleftea_2015, tmp_path):
    out = tmp_path / "r.xlsx"
    call_command(
        "samordna_report",
        "economy",
        "--forbund",
        "alfa",
        "--year",
        "2015",
        "--date",
        "2015-03-31",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )

    sheet = load_workbook(out).active
    assert isinstance(sheet, Worksheet)
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Utrymme för nya insatser"] == 2_180_732
    assert values["Prognos resultat för året"] == 1_208_470


def test_pdf(world, skelleftea_2015, tmp_path):
    out = tmp_path / "r.pdf"
    call_command("samordna_report", "economy", "--forbund", "alfa", "--year", "2015", "--format", "pdf", "-o", str(out))

    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-32:]
    assert len(data) > 2000


def test_unknown_forbund_and_missing_output_are_explained(world):
    with pytest.raises(CommandError, match="finns inte"):
        call_command("samordna_report", "economy", "--forbund", "gamma", "--year", "2015")
    with pytest.raises(CommandError, match="-o"):
        call_command("samordna_report", "economy", "--forbund", "alfa", "--year", "2015", "--format", "pdf")
