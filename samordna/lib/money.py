"""Swedish money and date formats for pages, PDFs and spreadsheets: "2 750 000 kr", "2015-04-23"."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

SPACE = " "


def thousands(amount: int) -> str:
    """1234567 -> '1 234 567', -5000 -> '−5 000' (with a real minus sign)."""
    sign = "−" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", SPACE)


def kr(amount: int) -> str:
    return f"{thousands(amount)} kr"


def whole_kronor(value: Decimal | float | int) -> int:
    """Round half up to whole kronor, the way the accounts round."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
