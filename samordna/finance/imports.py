"""Reading outcome (utfall) from an Excel sheet or a SIE 4 bookkeeping file, checked in full before anything is saved.

Each reader returns the rows it found; `resolve` matches them to budget lines. Any problem raises `ImportRefused`
with every error as "rad N: ...", so that the user can fix the file in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from samordna.lib import spreadsheets
from samordna.lib.formats import whole_kronor

from .models import AccountMapping, BudgetLine, LineKind, month_end

# Accounts in these classes are income and cost accounts; balance accounts (1xxx, 2xxx) are not part of the budget.
RESULT_ACCOUNTS = range(3000, 9000)
MAX_ERRORS = 50


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class RawRow:
    row: int
    line_code: str
    period_start: dt.date
    period_end: dt.date
    amount: Decimal
    # SIE amounts are debit-positive: income arrives negative and is turned around for income lines.
    bookkeeping_sign: bool = False


@dataclass
class ResolvedActual:
    line: BudgetLine
    period_start: dt.date
    period_end: dt.date
    amount: int


def resolve(forbund, rows: list[RawRow]) -> list[ResolvedActual]:
    """Match rows to the förbund's budget lines and add up rows for the same line and period."""
    years = {r.period_start.year for r in rows}
    lines = {
        (line.budget_year.year, line.code): line
        for line in BudgetLine.objects.filter(budget_year__forbund=forbund, budget_year__year__in=years).select_related(
            "budget_year"
        )
    }
    errors: list[str] = []
    sums: dict[tuple[int, dt.date, dt.date], Decimal] = defaultdict(Decimal)
    by_key: dict[tuple[int, dt.date, dt.date], BudgetLine] = {}
    for r in rows:
        line = lines.get((r.period_start.year, r.line_code))
        if line is None:
            errors.append(
                _("rad %(row)s: budgeten %(year)s saknar raden ”%(code)s”. Lägg till raden eller rätta koden.")
                % {"row": r.row, "year": r.period_start.year, "code": r.line_code}
            )
            continue
        amount = -r.amount if (r.bookkeeping_sign and line.kind == LineKind.INCOME) else r.amount
        key = (line.pk, r.period_start, r.period_end)
        by_key[key] = line
        sums[key] += amount
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])
    return [ResolvedActual(by_key[k], k[1], k[2], whole_kronor(v)) for k, v in sums.items()]


# --- Excel ---------------------------------------------------------------------------------------

EXCEL_COLUMNS = {"budgetrad": "code", "period": "period", "belopp": "amount"}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[- ]?(?:Q|K|kv)([1-4])$", re.IGNORECASE)


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """'2015-03' is March; '2015-Q1' or '2015 K1' the first quarter; '2015' the whole year."""
    text = text.strip()
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            start = dt.date(year, month, 1)
            return start, month_end(start)
        return None
    if m := _QUARTER.match(text):
        year, quarter = int(m[1]), int(m[2])
        start = dt.date(year, 3 * quarter - 2, 1)
        return start, month_end(dt.date(year, 3 * quarter, 1))
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    return None


def _refused_as_import(rows: Iterator[tuple]) -> Iterator[tuple]:
    try:
        yield from rows
    except spreadsheets.SpreadsheetRefused as exc:
        raise ImportRefused([_("Filen går inte att läsa in: %(reason)s") % {"reason": exc}]) from None


def read_excel(file) -> list[RawRow]:
    """The first sheet, with the columns Budgetrad, Period and Belopp in a header row."""
    rows = _refused_as_import(spreadsheets.first_sheet_rows(file if isinstance(file, bytes) else file.read()))
    header = next(rows, None) or ()
    columns = {EXCEL_COLUMNS.get(str(h).strip().lower()): i for i, h in enumerate(header) if h is not None}
    missing = [name for name, key in EXCEL_COLUMNS.items() if key not in columns]
    if missing:
        raise ImportRefused(
            [_("rad 1: kolumnerna %(columns)s saknas i rubrikraden.") % {"columns": ", ".join(missing).title()}]
        )
    out: list[RawRow] = []
    errors: list[str] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        code = str(values[columns["code"]] or "").strip()
        period_value = values[columns["period"]]
        amount_value = values[columns["amount"]]
        period: tuple[dt.date, dt.date] | None
        if isinstance(period_value, dt.datetime | dt.date):
            day = period_value if isinstance(period_value, dt.date) else period_value.date()
            period = (day.replace(day=1), month_end(day))
        else:
            period = parse_period(str(period_value or ""))
        try:
            amount = Decimal(str(amount_value).replace(" ", "").replace(",", "."))
        except (InvalidOperation, ValueError):
            amount = None
        if not code:
            errors.append(_("rad %(row)s: budgetradens kod saknas.") % {"row": number})
        if period is None:
            errors.append(
                _("rad %(row)s: perioden ”%(value)s” går inte att tolka. Skriv till exempel 2015-03 eller 2015-Q1.")
                % {"row": number, "value": period_value or ""}
            )
        if amount is None or amount_value in (None, ""):
            errors.append(
                _("rad %(row)s: beloppet ”%(value)s” är inte ett tal.") % {"row": number, "value": amount_value or ""}
            )
        if code and period and amount is not None and amount_value not in (None, ""):
            out.append(RawRow(number, code, period[0], period[1], amount))
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])
    if not out:
        raise ImportRefused([_("Filen innehåller inga utfallsrader.")])
    return out


# --- SIE 4 ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\{[^}]*\}|\S+')


def _tokens(line: str) -> list[str]:
    return [t[1:-1].replace('\\"', '"') if t.startswith('"') else t for t in _TOKEN.findall(line)]


def _decode(data: bytes) -> str:
    # SIE files are officially in the IBM PC 8-bit set (CP437); some programs write UTF-8 instead.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp437")


def _sie_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y%m%d").date()


def read_sie(data: bytes, mappings: list[AccountMapping]) -> list[RawRow]:
    """Income and cost outcome from #VER/#TRANS, or else #PSALDO, or else #RES, mapped by account ranges."""
    lines = _decode(data).splitlines()
    errors: list[str] = []
    fiscal_year: tuple[dt.date, dt.date] | None = None
    trans: list[tuple[int, int, dt.date, dt.date, Decimal]] = []
    psaldo: list[tuple[int, int, dt.date, dt.date, Decimal]] = []
    res: list[tuple[int, int, Decimal]] = []
    voucher_date: dt.date | None = None
    in_voucher = False
    for number, raw in enumerate(lines, start=1):
        parts = _tokens(raw.strip())
        if not parts:
            continue
        keyword, args = parts[0].upper(), parts[1:]
        try:
            if keyword == "#RAR" and args and args[0] == "0":
                fiscal_year = (_sie_date(args[1]), _sie_date(args[2]))
            elif keyword == "#VER":
                voucher_date = _sie_date(args[2])
            elif keyword == "{":
                in_voucher = True
            elif keyword == "}":
                in_voucher, voucher_date = False, None
            elif keyword == "#TRANS":
                if not in_voucher or voucher_date is None:
                    errors.append(_("rad %(row)s: #TRANS står utanför en verifikation (#VER { … }).") % {"row": number})
                    continue
                day = _sie_date(args[3]) if len(args) > 3 and re.fullmatch(r"\d{8}", args[3]) else voucher_date
                start = day.replace(day=1)
                trans.append((number, int(args[0]), start, month_end(start), Decimal(args[2])))
            elif keyword == "#PSALDO" and args[0] == "0" and args[3] in ("{}", ""):
                start = dt.date(int(args[1][:4]), int(args[1][4:6]), 1)
                psaldo.append((number, int(args[2]), start, month_end(start), Decimal(args[4])))
            elif keyword == "#RES" and args[0] == "0":
                res.append((number, int(args[1]), Decimal(args[2])))
        except (IndexError, ValueError, InvalidOperation):
            errors.append(
                _("rad %(row)s: posten %(keyword)s går inte att tolka.") % {"row": number, "keyword": keyword}
            )
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])

    entries = trans or psaldo
    if not entries and res:
        if fiscal_year is None:
            raise ImportRefused([_("Filen har #RES-poster men inget räkenskapsår (#RAR 0).")])
        entries = [(n, account, fiscal_year[0], fiscal_year[1], amount) for n, account, amount in res]
    if not entries:
        raise ImportRefused([_("Filen innehåller inga verifikationer (#VER/#TRANS) eller saldon (#PSALDO, #RES).")])

    out: list[RawRow] = []
    for number, account, start, end, amount in entries:
        if account not in RESULT_ACCOUNTS:
            continue
        mapping = next((m for m in mappings if m.account_from <= account <= m.account_to), None)
        if mapping is None:
            errors.append(
                _("rad %(row)s: konto %(account)s är inte kopplat till någon budgetrad. Koppla kontot först.")
                % {"row": number, "account": account}
            )
            continue
        out.append(RawRow(number, mapping.line_code, start, end, amount, bookkeeping_sign=True))
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])
    return out
