"""Outcome from Excel and SIE 4 files: mapped to budget lines, all or nothing, errors by row."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from samordna.finance import actions, imports
from samordna.finance.models import Actual, LineCategory


@pytest.fixture
def budget(world):
    budget_year = actions.save_budget_year(None, world.a, 2015, equity_start=0)
    actions.save_budget_line(
        None, budget_year, code="avgifter", label="Bidrag", category=LineCategory.CONTRIBUTIONS, amount=1_000_000
    )
    actions.save_budget_line(
        None, budget_year, code="lokaler", label="Lokaler", category=LineCategory.PREMISES, amount=120_000
    )
    actions.set_account_mapping(None, world.a, 3000, 3999, "avgifter")
    actions.set_account_mapping(None, world.a, 5000, 5099, "lokaler")
    return budget_year


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def _import(world, rows, source):
    resolved = imports.resolve(world.a, rows)
    return actions.import_actuals(None, world.a, resolved, source=source, filename="f")


def test_excel_rows_by_month_and_quarter(world, budget):
    rows = imports.read_excel(
        _xlsx([["Budgetrad", "Period", "Belopp"], ["lokaler", "2015-01", 10_000], ["avgifter", "2015-Q1", 250_000]])
    )

    assert _import(world, rows, "EXCEL") == 2
    quarter = Actual.objects.get(line__code="avgifter")
    assert (quarter.period_start, quarter.period_end, quarter.amount) == (
        dt.date(2015, 1, 1),
        dt.date(2015, 3, 31),
        250_000,
    )


def test_excel_errors_name_the_row_and_nothing_is_saved(world, budget):
    file = _xlsx(
        [
            ["Budgetrad", "Period", "Belopp"],
            ["lokaler", "2015-01", 10_000],
            ["lokaler", "januari", "tio"],
            ["finnsinte", "2015-02", 5],
        ]
    )

    with pytest.raises(imports.ImportRefused) as refused:
        _import(world, imports.read_excel(file), "EXCEL")

    assert refused.value.errors[0].startswith("rad 3: perioden ”januari”")
    assert refused.value.errors[1].startswith("rad 3: beloppet ”tio”")
    assert not Actual.objects.exists()

    file = _xlsx([["Budgetrad", "Period", "Belopp"], ["lokaler", "2015-01", 10_000], ["finnsinte", "2015-02", 5]])
    with pytest.raises(imports.ImportRefused) as refused:
        _import(world, imports.read_excel(file), "EXCEL")
    assert refused.value.errors == [
        "Budgeten 2015 saknar raderna ”finnsinte” (rad 3). Lägg till raderna i budgeten för 2015 eller rätta koderna "
        "i filen."
    ]
    assert getattr(refused.value.errors[0], "link", None) == "/f/alfa/ekonomi/budget/?year=2015"
    assert not Actual.objects.exists()


SIE = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#FNAMN "Alfa samordningsförbund"
#RAR 0 20150101 20151231
#KONTO 1930 "Bank"
#KONTO 3010 "Medlemsbidrag"
#KONTO 5010 "Lokalhyra"
#VER A 1 20150115 "Hyra januari"
{
#TRANS 5010 {} 10000.00
#TRANS 1930 {} -10000.00
}
#VER A 2 20150131 "Bidrag Försäkringskassan"
{
#TRANS 1930 {} 125000.00
#TRANS 3010 {} -125000.00
}
#VER A 3 20150215 "Hyra februari"
{
#TRANS 5010 {} 10000.50
#TRANS 1930 {} -10000.50
}
"""


def test_sie_vouchers_become_monthly_outcome_with_income_turned_positive(world, budget):
    rows = imports.read_sie(SIE.encode("cp437"), list(world.a.account_mappings.all())).rows

    assert _import(world, rows, "SIE") == 3
    got = {(a.line.code, a.period_start.month): a.amount for a in Actual.objects.select_related("line")}
    assert got == {("lokaler", 1): 10_000, ("avgifter", 1): 125_000, ("lokaler", 2): 10_001}

    # Importing the same file again replaces, it does not add.
    _import(world, imports.read_sie(SIE.encode("utf-8"), list(world.a.account_mappings.all())).rows, "SIE")
    assert Actual.objects.count() == 3


def test_sie_period_balances_when_there_are_no_vouchers(world, budget):
    text = '#RAR 0 20150101 20151231\n#PSALDO 0 201503 5010 {} 30000\n#PSALDO 0 201503 5010 {1 "10"} 999\n'

    rows = imports.read_sie(text.encode(), list(world.a.account_mappings.all())).rows

    assert [(r.line_code, r.period_start, r.amount) for r in rows] == [("lokaler", dt.date(2015, 3, 1), 30000)]


def test_sie_unmapped_account_refuses_the_whole_file(world, budget):
    text = SIE.replace("#TRANS 5010 {} 10000.50", "#TRANS 6110 {} 10000.50")

    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_sie(text.encode(), list(world.a.account_mappings.all()))

    assert refused.value.errors == ["konto 6110 (rad 21) är inte kopplat till någon budgetrad. Koppla kontot först."]


def test_upload_on_the_budget_page(world, budget, login_as):
    client = login_as(world.people.office)
    upload = io.BytesIO(SIE.encode("cp437"))
    upload.name = "alfa.se"

    response = client.post(
        "/f/alfa/ekonomi/budget/?year=2015", {"form": "upload", "kind": "sie", "file": upload, "year": 2015}
    )

    assert response.status_code == 302
    assert Actual.objects.count() == 3


def test_auditor_cannot_import(world, budget, login_as):
    client = login_as(world.people.auditor)
    upload = io.BytesIO(SIE.encode("cp437"))
    upload.name = "alfa.se"

    response = client.post("/f/alfa/ekonomi/budget/", {"form": "upload", "kind": "sie", "file": upload, "year": 2015})

    assert response.status_code == 403
    assert not Actual.objects.exists()
