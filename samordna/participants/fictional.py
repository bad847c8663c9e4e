"""Fictional people for tests and demo data: numbers that pass the check digit but belong to nobody known.

They all use the serial block 98x, so that they are easy to recognise as made up. Real people may still hold
such numbers: use them only in tests and demo installations.
"""

from __future__ import annotations

from stdnum import luhn


def fictional_personnummer(birth_date: str, serial: int, sex: str = "K") -> str:
    """A twelve-digit number for `birth_date` (YYYYMMDD) whose ninth digit gives `sex`; serial 0–9 picks one."""
    sex_digit = (2 * serial) % 10 + (1 if sex == "M" else 0)
    body = f"{birth_date[2:]}98{sex_digit}"
    return f"{birth_date}98{sex_digit}{luhn.calc_check_digit(body)}"


def is_fictional(personnummer: str) -> bool:
    """Is this twelve-digit number in the block that `fictional_personnummer` draws from (serial 98x)?"""
    return len(personnummer) == 12 and personnummer.isdigit() and personnummer[8:10] == "98"
