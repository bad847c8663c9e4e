"""Swedish formats, defined once for pages, PDFs, spreadsheets, e-mail and CSV: amounts "2 750 000 kr", counts
"12 345", percentages "50,0 %", dates "2015-04-23" and years "2015" (never grouped).

Every function takes None (or "") and gives MISSING, so a table shows a dash rather than "None".
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

GROUP = " "  # the one thousands separator, in amounts and counts alike
MINUS = "−"  # a real minus sign, not a hyphen
PERCENT_SPACE = "\u00a0"  # "50,0 %" must not break before the sign
MISSING = "–"

Number = int | float | Decimal


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def whole_kronor(value: Number) -> int:
    """Round half up to whole kronor, the way the accounts round."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _grouped(whole: int) -> str:
    sign = MINUS if whole < 0 else ""
    return sign + f"{abs(whole):,}".replace(",", GROUP)


def number(value: Number | str | None) -> str:
    """A grouped whole number: 1234567 → "1 234 567", −5000 → "−5 000"; decimals are rounded half up."""
    exact = _decimal(value)
    return MISSING if exact is None else _grouped(whole_kronor(exact))


def kr(value: Number | str | None) -> str:
    """An amount in whole kronor: 2750000 → "2 750 000 kr"."""
    exact = _decimal(value)
    return MISSING if exact is None else f"{_grouped(whole_kronor(exact))} kr"


def decimal(value: Number | str | None, places: int = 1) -> str:
    """A decimal number with a decimal comma: 1.25 → "1,3" (half up), 1234.5 → "1 234,5"."""
    exact = _decimal(value)
    if exact is None:
        return MISSING
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = MINUS if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = _grouped(int(whole))
    return sign + (f"{text},{fraction}" if fraction else text)


def percent(value: Number | str | None, places: int = 1) -> str:
    """A percentage given in per cent: 50 → "50,0 %", 12.25 → "12,3 %"."""
    text = decimal(value, places)
    return MISSING if text == MISSING else f"{text}{PERCENT_SPACE}%"


def share(value: Number | str | None, places: int = 1) -> str:
    """A ratio as a percentage: 0.5 → "50,0 %"."""
    exact = _decimal(value)
    return MISSING if exact is None else percent(exact * 100, places)


def day(value: dt.date | str | None) -> str:
    """A date the Swedish way, ISO 8601: "2015-04-23"; a datetime gives its date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def year(value: int | str | None) -> str:
    """A year is a name, not a quantity: 2015 → "2015", never "2 015"."""
    if value is None or value == "":
        return ""
    return str(int(value))
