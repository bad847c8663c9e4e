"""A small XLSX that unpacks to something huge is refused, with the limit, before openpyxl loads it."""

import io
import tracemalloc
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from samordna.finance import actions as finance_actions
from samordna.finance import imports as finance_imports
from samordna.lib import spreadsheets
from samordna.participants.models import Participation
from samordna.participants.transfer import COLUMNS, ImportRefused, import_file

HUGE = 120 * 1024 * 1024  # far past the limits, a few hundred kilobytes compressed
PEAK_LIMIT = 50 * 1024 * 1024


def _workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.worksheets[0].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_member(data: bytes, name: str, head: bytes, size: int, tail: bytes) -> bytes:
    """`data` with the member `name` replaced by head + `size` times 'A' + tail, written in chunks."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        with target.open(name, "w", force_zip64=True) as stream:
            stream.write(head)
            chunk = b"A" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
            stream.write(tail)
    return out.getvalue()


def inline_string_xlsx(size: int = HUGE, header=COLUMNS) -> bytes:
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1">' + b"".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>'.encode() for h in header) + b"</row>"
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    )
    return _with_member(
        _workbook([["x"]]), "xl/worksheets/sheet1.xml", head, size, b"</t></is></c></row></sheetData></worksheet>"
    )


def shared_string_xlsx(size: int = HUGE) -> bytes:
    data = _workbook([["Budgetrad", "Period", "Belopp"], ["lokaler", "2015-03", "text"]])
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">'
        b"<si><t>Budgetrad</t></si><si><t>Period</t></si><si><t>Belopp</t></si><si><t>lokaler</t></si><si><t>"
    )
    return _with_member(data, "xl/sharedStrings.xml", head, size, b"</t></si></sst>")


def _peak(call):
    tracemalloc.start()
    try:
        call()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


@pytest.mark.django_db
def test_participant_import_refuses_a_huge_inline_string_without_loading_it(world, login_as):
    data = inline_string_xlsx()
    assert len(data) < 1024 * 1024
    client = login_as(world.people.handler)
    upload = io.BytesIO(data)
    upload.name = "deltagare.xlsx"
    responses = []

    url = reverse("participants:import", args=["alfa"])
    peak = _peak(lambda: responses.append(client.post(url, {"step": "check", "file": upload}, follow=True)))

    # The check runs as a job; its page lists what was refused.
    page = responses[0].content.decode()
    assert responses[0].status_code == 200 and "/jobb/" in responses[0].redirect_chain[-1][0]
    assert "mer än 32\u00a0767 tecken" in page or "MB uppackad" in page
    assert peak < PEAK_LIMIT, f"peak {peak / 1024 / 1024:.0f} MB"
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_budget_import_refuses_a_huge_shared_string_without_loading_it(world):
    finance_actions.save_budget_year(None, world.a, 2015, equity_start=0)
    data = shared_string_xlsx()
    errors = []

    def read():
        with pytest.raises(finance_imports.ImportRefused) as refused:
            finance_imports.read_excel(io.BytesIO(data))
        errors.extend(refused.value.errors)

    peak = _peak(read)

    assert len(errors) == 1 and "MB" in errors[0] and "högst 50 MB" in errors[0]
    assert peak < PEAK_LIMIT, f"peak {peak / 1024 / 1024:.0f} MB"


def test_a_long_text_within_the_size_limits_is_refused_too():
    data = inline_string_xlsx(size=5 * 1024 * 1024)

    with pytest.raises(spreadsheets.SpreadsheetRefused, match="32\u00a0767 tecken"):
        spreadsheets.check_xlsx(data)


def test_members_that_unpack_past_the_limit_are_refused_by_their_declared_size(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1024 * 1024)
    data = inline_string_xlsx(size=2 * 1024 * 1024)

    with pytest.raises(spreadsheets.SpreadsheetRefused, match="MB uppackad; högst 1 MB"):
        spreadsheets.check_xlsx(data)


@pytest.mark.django_db
def test_a_sheet_with_too_many_cells_is_refused(world, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 100)
    data = _workbook([COLUMNS] + [["2017:48"] * len(COLUMNS)] * 10)

    with pytest.raises(ImportRefused) as refused:
        import_file(world.a, data, "deltagare.xlsx")

    assert "fler än 100 celler" in str(refused.value)


def test_not_a_zip_and_an_ordinary_workbook():
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="går inte att läsa som XLSX"):
        spreadsheets.check_xlsx(b"PK not really")
    rows = list(spreadsheets.first_sheet_rows(_workbook([["a", 1], ["b", 2]])))
    assert rows == [("a", 1), ("b", 2)]


@pytest.mark.parametrize("chunk", [3, 7, 1024])
def test_the_longest_text_is_measured_across_chunks(monkeypatch, chunk):
    monkeypatch.setattr(spreadsheets, "CHUNK", chunk)
    xml = b"<a><b>" + b"x" * 50 + b"</b><c>" + b"y" * 20 + b"</c>zz</a>"

    assert spreadsheets._longest_text(io.BytesIO(xml)) == 50
