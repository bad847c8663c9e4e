"""Organisationsnummer and personnummer: valid ones pass normalised, invalid ones say what to fix."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from samordna.lib.identifiers import birth_date_of, legal_sex_of, normalize_org_number, normalize_personnummer


@pytest.mark.parametrize("raw", ["202100-5521", "2021005521", " 202100-5521 "])
def test_org_numbers_are_normalised(raw):
    assert normalize_org_number(raw) == "202100-5521"


@pytest.mark.parametrize(
    ("raw", "hint"),
    [("202100-5522", "kontrollsiffra"), ("12345", "tio siffror"), ("abcdefghij", "organisationsnummer")],
)
def test_bad_org_numbers_say_what_is_wrong(raw, hint):
    with pytest.raises(ValidationError) as excinfo:
        normalize_org_number(raw)
    assert hint in excinfo.value.messages[0]


def test_personnummer_twelve_digits_birth_and_sex():
    assert normalize_personnummer("19121212-1212") == "191212121212"
    assert normalize_personnummer("121212+1212") == "191212121212"  # '+' marks a person over 100
    assert birth_date_of("191212121212") == dt.date(1912, 12, 12)
    assert legal_sex_of("191212121212") == "M"


def test_samordningsnummer_day_plus_sixty():
    body = "701063239"
    number = f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
    assert birth_date_of(normalize_personnummer(number)) == dt.date(1970, 10, 3)


@pytest.mark.parametrize(("raw", "hint"), [("19121212-1213", "kontrollsiffra"), ("1212", "tolv siffror")])
def test_bad_personnummer_say_what_to_fix(raw, hint):
    with pytest.raises(ValidationError) as excinfo:
        normalize_personnummer(raw)
    assert hint in excinfo.value.messages[0]


@given(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2010, 12, 31)), st.integers(1, 999))
def test_every_valid_number_round_trips(birth, serial):
    body = f"{birth:%y%m%d}{serial:03d}"
    number = body + luhn.calc_check_digit(body)
    normalised = normalize_personnummer(f"{birth.year}{number[2:6]}-{number[6:]}")
    assert birth_date_of(normalised) == birth
    assert legal_sex_of(normalised) == ("M" if serial % 10 % 2 else "K")


@given(st.text(max_size=20))
def test_arbitrary_text_never_crashes(text):
    try:
        normalize_personnummer(text)
    except ValidationError as exc:
        assert exc.messages[0]


def _with_check_digit(body: str) -> str:
    return body + luhn.calc_check_digit(body)


def test_serial_number_000_is_refused_though_the_check_digit_is_right():
    number = _with_check_digit("850101000")  # 8501010009

    for written in (f"19{number[:6]}-{number[6:]}", f"{number[:6]}-{number[6:]}"):
        with pytest.raises(ValidationError) as excinfo:
            normalize_personnummer(written)
        assert excinfo.value.messages == [
            f"Personnumret {written} har födelsenumret 000, som aldrig delas ut. Kontrollera de fyra sista siffrorna."
        ]
    assert normalize_personnummer(f"19{_with_check_digit('850101001')}") == f"19{_with_check_digit('850101001')}"


def test_samordningsnummer_with_serial_000_is_refused_too():
    with pytest.raises(ValidationError, match="000"):
        normalize_personnummer(_with_check_digit("850161000"))


@pytest.mark.parametrize("raw", ["16202100-5521", "162021005521", " 16 202100-5521 "])
def test_twelve_digit_org_numbers_with_16_are_accepted(raw):
    assert normalize_org_number(raw) == "202100-5521"


def test_a_sole_traders_personnummer_in_twelve_digits_is_its_org_number():
    assert normalize_org_number("19850101-9809") == "850101-9809"
    assert normalize_org_number("198501019809") == "850101-9809"
    assert normalize_org_number("850101-9809") == "850101-9809"


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("16202100-5522", "kontrollsiffra"),
        ("19850101-9808", "inget giltigt personnummer"),
        ("19851301-9808", "inget giltigt personnummer"),
        ("552021005521", "börjar inte med 16"),
        ("1620210055", "kontrollsiffra"),
    ],
)
def test_bad_twelve_digit_org_numbers_say_what_is_wrong(raw, hint):
    with pytest.raises(ValidationError) as excinfo:
        normalize_org_number(raw)
    assert hint in excinfo.value.messages[0]
