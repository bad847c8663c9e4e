"""Property tests: identifiers, dates, amounts and the participant import parser, over generated input.

Whatever comes in, the answer is a normalised value or a ValidationError / a listed row error; never a crash.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from samordna.lib.formats import GROUP, MINUS, number, whole_kronor
from samordna.lib.identifiers import birth_date_of, legal_sex_of, normalize_org_number, normalize_personnummer
from samordna.participants.transfer import COLUMNS, ImportRefused, _Checker, check_file, read_table

born = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2024, 12, 31))
serial = st.integers(min_value=1, max_value=999)  # 000 is never issued


def personnummer(day: dt.date, number: int, coordination: bool = False) -> str:
    body = f"{day:%y%m}{day.day + (60 if coordination else 0):02d}{number:03d}"
    return f"{day:%Y}{body[2:]}{luhn.calc_check_digit(body)}"


@given(born, serial, st.booleans())
def test_a_valid_number_normalises_to_itself_with_its_birth_date_and_sex(day, number, coordination):
    pnr = personnummer(day, number, coordination)

    assert normalize_personnummer(pnr) == pnr
    assert normalize_personnummer(f"{pnr[:8]}-{pnr[8:]}") == pnr
    assert birth_date_of(pnr) == day
    assert legal_sex_of(pnr) == ("M" if number % 2 else "K")


@given(born, serial, st.integers(min_value=0, max_value=99))
def test_ten_digits_take_the_century_of_the_age(day, number, years_later):
    pnr = personnummer(day, number)
    today = dt.date(min(day.year + years_later, 2124), 12, 31)
    sign = "+" if today.year - day.year >= 100 else "-"

    assert normalize_personnummer(f"{pnr[2:8]}{sign}{pnr[8:]}", today=today) == pnr


@given(born, serial, st.integers(min_value=2, max_value=11), st.integers(min_value=1, max_value=9))
def test_any_single_wrong_digit_is_refused(day, number, position, change):
    pnr = personnummer(day, number)
    wrong = pnr[:position] + str((int(pnr[position]) + change) % 10) + pnr[position + 1 :]

    with pytest.raises(ValidationError):
        normalize_personnummer(wrong)


@given(st.text(max_size=20))
def test_any_text_is_a_personnummer_or_a_validation_error(text):
    try:
        normalised = normalize_personnummer(text)
    except ValidationError:
        return
    assert len(normalised) == 12 and normalised.isdigit() and luhn.is_valid(normalised[2:])


@given(st.integers(min_value=0, max_value=99), st.integers(min_value=20, max_value=99), st.integers(0, 99_999))
def test_a_valid_org_number_is_formatted_and_stable(first, month, rest):
    body = f"{first:02d}{month:02d}{rest:05d}"
    number = body + luhn.calc_check_digit(body)

    formatted = normalize_org_number(number)

    assert formatted == f"{number[:6]}-{number[6:]}"
    assert normalize_org_number(formatted) == formatted


@given(st.text(max_size=20))
def test_any_text_is_an_org_number_or_a_validation_error(text):
    try:
        formatted = normalize_org_number(text)
    except ValidationError:
        return
    assert len(formatted) == 11 and formatted[6] == "-"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_amounts_are_written_with_spaces_and_read_back(amount):
    written = number(amount)

    assert int(written.replace(GROUP, "").replace(MINUS, "-")) == amount
    assert all(len(group) == 3 for group in written.lstrip(MINUS).split(GROUP)[1:])


@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=2))
def test_rounding_to_whole_kronor_is_within_half_a_krona(value):
    rounded = whole_kronor(value)

    assert abs(Decimal(rounded) - value) <= Decimal("0.5")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)) | st.text(max_size=12))
def test_the_import_reads_any_date_cell_as_a_date_or_a_row_error(value):
    text = value.isoformat() if isinstance(value, dt.date) else value
    errors: list = []

    parsed = _Checker._date(text, "inskrivningsdatum", errors, 2)

    if isinstance(value, dt.date):
        assert parsed == value and not errors
    else:
        assert (parsed is None) == bool(errors) or text == ""


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=15)


@given(st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=8))
def test_any_csv_written_with_semicolons_is_read_back_cell_for_cell(rows):
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows([["a;b", *row] for row in rows])

    read = [cells for _line, cells in read_table(out.getvalue().encode("utf-8-sig"), "fil.csv")]

    assert read == [[c.strip() for c in ["a;b", *row]] for row in rows]


@given(st.binary(max_size=300))
def test_any_bytes_are_rows_or_a_refusal(data):
    try:
        for line, row in read_table(data, "fil.csv"):
            assert line >= 1 and isinstance(row, list)
    except ImportRefused as refused:
        assert refused.errors


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, min_size=0, max_size=len(COLUMNS) + 1), max_size=5))
def test_any_rows_under_the_right_header_are_stored_or_listed_as_errors(world, rows):
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows([COLUMNS, *rows])

    checked, errors = check_file(world.a, out.getvalue().encode(), "fil.csv")

    assert {row.line for row in checked}.isdisjoint({error.line for error in errors})
    assert all(error.line >= 2 and error.message for error in errors)
