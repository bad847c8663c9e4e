"""Uppföljning Finsam as files: the CSV is UTF-8 with a BOM, ';' and Swedish labels with money headed as money, and
neither it nor the workbook lets a typed name become a formula; the workbook keeps the insats numbers as text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samordna.interventions.models import Intervention
from samordna.lib.cells import FORMULA_STARTS
from samordna.lib.tests.spreadsheet_reader import BOM, Formula, csv_as_spreadsheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def finsam(world, year_2020, login_as):
    Intervention.objects.filter(pk=world.insats_a.pk).update(
        name='=HYPERLINK("http://evil.example","Öppna")', specific_focus="+1+2", target_group="@SUM(A1)"
    )
    client = login_as(world.people.admin)
    url = reverse("stats:finsam", args=["alfa"])
    return lambda fmt: client.get(url, {"year": 2020, "format": fmt})


def test_the_csv_is_utf8_with_bom_and_semicolons(finsam):
    response = finsam("csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    assert response.content.decode("utf-8-sig").splitlines()[0].split(";") == [
        "Samordningsförbund",
        "alfa",
        "År",
        "2020",
    ]


def test_the_csv_has_swedish_labels_and_money_headed_as_money(finsam):
    rows = csv_as_spreadsheet(finsam("csv").content)

    assert ["Post", "Belopp (kr)"] in rows
    header = next(row for row in rows if row and row[0] == "Diarienummer")
    assert header == [
        "Diarienummer",
        "Namn",
        "Inriktning",
        "Preciserad inriktning",
        "Målgrupp",
        "Budget (kr)",
        "Utfall (kr)",
        "Kvinnor",
        "Män",
        "Deltagare (personer)",
    ]
    insats = rows[rows.index(header) + 1]
    assert insats[2] == "Individinriktad"
    text = finsam("csv").content.decode("utf-8-sig")
    assert "INDIVIDUAL" not in text and "Antal" not in text
    assert any(row[0] == "Tilldelade medel: Kommun" for row in rows if row)


def test_no_cell_of_the_csv_is_read_as_a_formula(finsam):
    rows = csv_as_spreadsheet(finsam("csv").content)

    assert not [cell for row in rows for cell in row if isinstance(cell, Formula)]
    insats = next(row for row in rows if row and row[0] == "Diarienummer")
    first = rows[rows.index(insats) + 1]
    assert first[1] == '\'=HYPERLINK("http://evil.example","Öppna")'
    assert (first[3], first[4]) == ("'+1+2", "'@SUM(A1)")


def test_the_workbook_keeps_codes_as_text_and_heads_money_as_money(finsam):
    workbook = load_workbook(io.BytesIO(finsam("xlsx").content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]

    codes = [cell for cell in cells if cell.value in ("2017:48", "2019:3", "2020:7")]
    assert len(codes) == 3 and all((c.data_type, c.number_format) == ("s", "@") for c in codes)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert {"Belopp (kr)", "Budget (kr)", "Utfall (kr)", "Individinriktad"} <= set(texts)
    assert "INDIVIDUAL" not in texts
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    assert {c.value for c in formula_like} >= {'=HYPERLINK("http://evil.example","Öppna")', "+1+2", "@SUM(A1)"}
    assert all(c.data_type == "s" for c in formula_like)
