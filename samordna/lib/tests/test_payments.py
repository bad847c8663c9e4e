"""OCR references, bankgiro and plusgiro numbers: modulus-10 check digits computed by hand, and refusals."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from samordna.lib.payments import (
    check_digit,
    has_valid_check_digit,
    is_valid_ocr,
    normalize_bankgiro,
    normalize_plusgiro,
    ocr_reference,
)


def test_check_digit_of_the_textbook_example():
    # 7992739871, from the right, weights 2,1,2,1 …:
    # 1·2=2, 7·1=7, 8·2=16→1+6=7, 9·1=9, 3·2=6, 7·1=7, 2·2=4, 9·1=9, 9·2=18→1+8=9, 7·1=7
    # sum 2+7+7+9+6+7+4+9+9+7 = 67; the next ten is 70, so the check digit is 3.
    assert check_digit("7992739871") == "3"
    assert has_valid_check_digit("79927398713")
    assert not has_valid_check_digit("79927398710")


def test_ocr_with_length_digit():
    # Base 12345 has five digits; with the length digit and the check digit the reference has 7,
    # so the length digit is 7: 123457. Its sum from the right: 7·2=14→5, 5·1=5, 4·2=8, 3·1=3, 2·2=4, 1·1=1
    # = 26, and 30 − 26 gives the check digit 4.
    assert ocr_reference("12345") == "1234574"
    assert is_valid_ocr("1234574")


def test_ocr_without_length_digit():
    # 12345 from the right: 5·2=10→1, 4·1=4, 3·2=6, 2·1=2, 1·2=2 = 15, and 20 − 15 gives 5.
    assert ocr_reference("12345", length_digit=False) == "123455"
    assert is_valid_ocr("123455", length_digit=False)
    # Read as if it had a length digit, the second last digit 5 does not match its six digits.
    assert not is_valid_ocr("123455")


def test_ocr_of_an_invoice_reference():
    # Year 2026, member 7, period 03: base 2026703 (seven digits) gets the length digit 9 (seven + two): 20267039.
    # From the right: 9·2=18→9, 3·1=3, 0·2=0, 7·1=7, 6·2=12→3, 2·1=2, 0·2=0, 2·1=2 = 26, check digit 4.
    assert ocr_reference("2026703") == "202670394"


def test_ocr_catches_a_dropped_digit_and_a_swap():
    assert not is_valid_ocr("123457")  # the check digit 4 dropped
    assert not is_valid_ocr("1234754")  # two digits swapped
    assert not is_valid_ocr("12a4574")
    assert not is_valid_ocr("")


@given(st.text(alphabet="0123456789", min_size=1, max_size=22))
def test_ocr_references_agree_with_the_luhn_algorithm(base):
    reference = ocr_reference(base)
    assert luhn.is_valid(reference)
    assert is_valid_ocr(reference)
    assert check_digit(base) == luhn.calc_check_digit(base)


def test_ocr_longer_than_bankgirot_allows_is_refused():
    with pytest.raises(ValueError):
        ocr_reference("1" * 24)


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [
        # 123456 from the right: 6·2=12→3, 5, 4·2=8, 3, 2·2=4, 1 = 24, check digit 6.
        ("1234566", "123-4566"),
        ("123-4566", "123-4566"),
        # 1234567 from the right: 7·2=14→5, 6, 5·2=10→1, 4, 3·2=6, 2, 1·2=2 = 26, check digit 4.
        ("1234 5674", "1234-5674"),
    ],
)
def test_bankgiro_numbers_are_normalised(raw, formatted):
    assert normalize_bankgiro(raw) == formatted


def test_numbers_bankgirot_prints_on_its_own_documents_pass():
    # Bankgirocentralen's letterhead gives its own bankgiro number 160-9908 and organisation number 556047-3521;
    # both end in a modulus-10 check digit computed the way OCR references are.
    assert normalize_bankgiro("160-9908") == "160-9908"
    assert has_valid_check_digit("5560473521")
    assert not has_valid_check_digit("5560473522")


@pytest.mark.parametrize(
    ("raw", "hint"),
    [("123-4567", "kontrollsiffra"), ("12-3456", "sju eller åtta siffror"), ("abc-defg", "sju eller åtta")],
)
def test_bad_bankgiro_numbers_say_what_is_wrong(raw, hint):
    with pytest.raises(ValidationError) as excinfo:
        normalize_bankgiro(raw)
    assert hint in excinfo.value.messages[0]


def test_plusgiro_numbers():
    # 12345 from the right: 5·2=10→1, 4, 3·2=6, 2, 1·2=2 = 15, check digit 5.
    assert normalize_plusgiro("123455") == "12345-5"
    assert normalize_plusgiro("1234 5-5") == "12345-5"
    with pytest.raises(ValidationError, match="kontrollsiffra"):
        normalize_plusgiro("12345-6")
    with pytest.raises(ValidationError, match="två till åtta"):
        normalize_plusgiro("123456789-0")
