"""Text that a user typed reaches the board's spreadsheets and the Finsam CSV as text, never as a formula."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samordna.interventions.models import Intervention
from samordna.lib.cells import csv_value, csv_writer, formulas_as_text, sheet_row

pytestmark = pytest.mark.django_db
TITLE = '=HYPERLINK("http://evil.example/steal","Öppna rapporten")'
PERIOD = {"date_from": "2020-01-01", "date_to": "2020-12-31", "year": "2020"}


@pytest.fixture
def hostile_names(world, year_2020):
    # An applicant's title becomes the insats's name once the application is granted.
    Intervention.objects.filter(pk=world.insats_a.pk).update(name=TITLE, specific_focus="=1+2")


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("name", ["stats:insatser", "stats:goals"])
def test_a_formula_title_is_text_in_the_statistics_workbook(world, hostile_names, login_as, name):
    client = login_as(world.people.board)

    response = client.get(reverse(name, args=["alfa"]), {**PERIOD, "format": "xlsx"})

    assert response.status_code == 200
    cells = _cells(response.content)
    titled = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert titled, "the insats's name is in the workbook"
    assert all(c.data_type == "s" for c in titled)
    assert not [c for c in cells if c.data_type == "f"]


def test_a_formula_focus_is_text_in_the_finsam_csv(world, hostile_names, login_as):
    client = login_as(world.people.admin)

    csv = client.get(reverse("stats:finsam", args=["alfa"]), {"year": 2020, "format": "csv"}).content.decode()

    assert ";'=1+2;" in csv and ";=1+2;" not in csv
    assert "'=HYPERLINK(" in csv


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_escaped(text):
    out = io.StringIO()
    csv_writer(out, delimiter=";").writerow([text, 5, None])
    assert csv_value(text) == "'" + text
    assert out.getvalue().lstrip('"').startswith("'")


def test_plain_text_and_numbers_are_left_alone():
    assert csv_value("Alfas väg in") == "Alfas väg in" and csv_value(-5) == -5
    assert csv_value("2020-01-01") == "2020-01-01"


def test_write_only_and_normal_workbooks(tmp_path):
    from openpyxl import Workbook

    streamed = Workbook(write_only=True)
    sheet = streamed.create_sheet("x")
    sheet.append(sheet_row(sheet, ["=1+2", "ok", 3]))
    streamed.save(tmp_path / "streamed.xlsx")
    normal = Workbook()
    normal.worksheets[0].append(["=1+2", "ok", 3])
    formulas_as_text(normal)
    normal.save(tmp_path / "normal.xlsx")

    for path in (tmp_path / "streamed.xlsx", tmp_path / "normal.xlsx"):
        cells = _cells(path.read_bytes())
        assert [(c.value, c.data_type) for c in cells] == [("=1+2", "s"), ("ok", "s"), (3, "n")]
