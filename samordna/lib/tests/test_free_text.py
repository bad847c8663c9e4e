"""The one check that keeps a participant's personnummer out of the förbund's free texts."""

import pytest

from samordna.lib.free_text import contains_personnummer

# 850101-9809 is a valid fictional number; 850161-9806 a valid samordningsnummer (day + 60).
VALID = [
    "850101-9809",
    "8501019809",
    "850101+9809",
    "850101 9809",
    "19850101-9809",
    "198501019809",
    "Deltagaren 19850101-9809 har slutat.",
    "850161-9806",
    "198501619806",
]
ORDINARY = [
    "850101-9808",  # wrong check digit
    "851301-9805",  # no month 13
    "850100-9801",  # no day 0
    "556123-4567",  # an organisationsnummer (month 61)
    "070-123 45 67",
    "0701234567",
    "Dnr 2017:48, 3 495 000 kr",
    "2015-04-23",
    "Bankgiro 5050-1055",
    "198501019809123",  # part of a longer number
]


@pytest.mark.parametrize("text", VALID)
def test_a_valid_personnummer_or_samordningsnummer_is_found(text):
    assert contains_personnummer(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_not_taken_for_one(text):
    assert not contains_personnummer(text)


def test_texts_inside_json_are_read_too():
    assert contains_personnummer({"purpose": "Bra", "goals": ["Mål", {"outcome": "8501019809 fick jobb"}]})
    assert not contains_personnummer({"purpose": "Bra", "count": 8501019809})
