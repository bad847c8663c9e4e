"""Reading outcome (utfall) from an Excel sheet or a SIE 4 bookkeeping file, checked in full before anything is saved.

Each reader returns the rows it found; `resolve` matches them to budget lines. Any problem raises `ImportRefused`
with every error as "rad N: ...", so that the user can fix the file in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.lib import formats, spreadsheets
from samordna.lib.formats import whole_kronor

from .models import AccountMapping, BudgetLine, BudgetYear, LineKind, month_end

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
    account: int | None = None


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
    missing: dict[int, dict[str, list[RawRow]]] = defaultdict(lambda: defaultdict(list))
    sums: dict[tuple[int, dt.date, dt.date], Decimal] = defaultdict(Decimal)
    by_key: dict[tuple[int, dt.date, dt.date], BudgetLine] = {}
    for r in rows:
        line = lines.get((r.period_start.year, r.line_code))
        if line is None:
            missing[r.period_start.year][r.line_code].append(r)
            continue
        amount = -r.amount if (r.bookkeeping_sign and line.kind == LineKind.INCOME) else r.amount
        key = (line.pk, r.period_start, r.period_end)
        by_key[key] = line
        sums[key] += amount
    if missing:
        raise ImportRefused([_missing_lines(forbund, year, missing[year]) for year in sorted(missing)])
    return [ResolvedActual(by_key[k], k[1], k[2], whole_kronor(v)) for k, v in sums.items()]


class Problem(str):
    """An error or warning text, with the page where it is put right when there is one."""

    link: str

    def __new__(cls, text: str, link: str = "") -> Problem:
        problem = super().__new__(cls, text)
        problem.link = link
        return problem


def _listed(numbers: list[int], most: int = 8) -> str:
    unique = sorted(set(numbers))
    shown = ", ".join(str(n) for n in unique[:most])
    return shown + (" …" if len(unique) > most else "")


def _missing_lines(forbund, year: int, by_code: dict[str, list[RawRow]]) -> Problem:
    """One message per year for every budget line the file needs and the budget lacks, instead of one per row."""
    link = reverse("finance:budget", args=[forbund.slug]) + f"?year={year}"
    from_accounts = all(r.account is not None for rows in by_code.values() for r in rows)
    if from_accounts:
        listed = ", ".join(
            _("”%(code)s” (konto %(accounts)s)")
            % {"code": code, "accounts": _listed([r.account for r in rows if r.account is not None])}
            for code, rows in sorted(by_code.items())
        )
        text = _(
            "Budgeten %(year)s saknar raderna %(lines)s som kontokopplingen pekar på. "
            "Lägg till raderna i budgeten för %(year)s eller ändra kontokopplingen."
        )
    else:
        listed = ", ".join(
            _("”%(code)s” (rad %(rows)s)") % {"code": code, "rows": _listed([r.row for r in rows])}
            for code, rows in sorted(by_code.items())
        )
        text = _(
            "Budgeten %(year)s saknar raderna %(lines)s. "
            "Lägg till raderna i budgeten för %(year)s eller rätta koderna i filen."
        )
    return Problem(text % {"year": year, "lines": listed}, link)


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

Progress = Callable[[Iterable, str, int | None], Iterable]
Field = str | list[str]


def no_progress(iterable: Iterable, description: str, total: int | None = None) -> Iterable:
    return iterable


# One field: quoted text (where \" is a quote and \\ a backslash, so braces and spaces may appear), an object
# list in braces (whose items may be quoted and hold "}"), or a run of other characters.
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_FIELD = re.compile(r"[ \t]*(?:" + _QUOTED + r'|\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}|([^\s"{]+))')
_ITEM = re.compile(r"[ \t]*(?:" + _QUOTED + r'|([^\s"{}]+))')
_ESCAPED = re.compile(r'\\(["\\])')


def _split(line: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The fields of `line`, or ValueError where a quote or a brace is left open (or a field is malformed)."""
    matches = []
    at = 0
    while at < len(line):
        match = pattern.match(line, at)
        if match is None or match.end() == at:
            if line[at:].strip():
                raise ValueError("malformed field")
            break
        matches.append(match)
        at = match.end()
    return matches


def _unquoted(text: str) -> str:
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


def _fields(line: str) -> list[Field]:
    """A SIE line split into fields the way the SIE 4 specification writes them; {…} is an object list."""
    fields: list[Field] = []
    for match in _split(line, _FIELD):
        quoted, items, plain = match.groups()
        if quoted is not None:
            fields.append(_unquoted(quoted))
        elif items is not None:
            inner = (item.groups() for item in _split(items, _ITEM)) if items.strip() else ()
            fields.append([_unquoted(q) if q is not None else p for q, p in inner])
        else:
            fields.append(plain)
    return fields


def _text(value: Field) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value


def _decode(data: bytes) -> str:
    # SIE files are officially in the IBM PC 8-bit set (CP437); some programs write UTF-8 instead.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp437")


def _sie_date(value: Field) -> dt.date:
    text = _text(value)
    if not (len(text) == 8 and text.isdigit()):
        raise ValueError("not a date")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _amount(value: Field) -> Decimal:
    amount = Decimal(_text(value))
    if not amount.is_finite():
        raise ValueError("not a number")
    return amount


def _kr(amount: Decimal) -> str:
    return formats.decimal(amount, 2) + " kr"


@dataclass
class _Voucher:
    row: int
    name: str
    date: dt.date
    total: Decimal = Decimal(0)


@dataclass
class _Entry:
    row: int
    account: int
    start: dt.date
    end: dt.date
    amount: Decimal


@dataclass
class SieImport:
    """What a SIE file holds for the budget: outcome rows, and warnings about what is legal but surprising."""

    rows: list[RawRow]
    warnings: list[Problem] = field(default_factory=list)


def _month(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    return start, month_end(start)


def read_sie(
    data: bytes, mappings: list[AccountMapping], year: int | None = None, progress: Progress = no_progress
) -> SieImport:
    """Income and cost outcome from #VER/#TRANS, or else #PSALDO, or else #RES, mapped by account ranges.

    With `year`, the file must be that budget year's accounts. A broken file (a voucher that does not balance, a
    voucher left open, a voucher outside the financial year) is refused as a whole.
    """
    lines = _decode(data).splitlines()
    errors: list[str] = []
    fiscal_year: tuple[dt.date, dt.date] | None = None
    vouchers: list[_Voucher] = []
    trans: list[tuple[_Voucher, _Entry]] = []
    psaldo: list[_Entry] = []
    res: list[_Entry] = []
    announced: _Voucher | None = None  # a #VER waiting for its "{"
    voucher: _Voucher | None = None  # the voucher between "{" and "}"
    for number, raw in progress(enumerate(lines, start=1), _("Läser SIE-filen"), len(lines)):
        text = raw.strip()
        if not text:
            continue
        if text == "{":
            if voucher is not None:
                errors.append(
                    _(
                        "rad %(row)s: en ny verifikation börjar innan verifikation %(voucher)s (rad %(start)s) är "
                        "stängd med }. Filen är skadad; exportera den på nytt ur bokföringsprogrammet."
                    )
                    % {"row": number, "voucher": voucher.name, "start": voucher.row}
                )
            elif announced is None:
                errors.append(_("rad %(row)s: { står utan #VER före.") % {"row": number})
            voucher, announced = announced or voucher, None
            continue
        if text == "}":
            if voucher is None:
                errors.append(_("rad %(row)s: } stänger ingen verifikation.") % {"row": number})
            elif voucher.total != 0:
                errors.append(
                    _(
                        "rad %(row)s: verifikation %(voucher)s (%(date)s) balanserar inte: transaktionerna summerar "
                        "till %(total)s i stället för 0. Rätta verifikationen i bokföringsprogrammet och exportera "
                        "filen igen."
                    )
                    % {
                        "row": voucher.row,
                        "voucher": voucher.name,
                        "date": voucher.date.isoformat(),
                        "total": _kr(voucher.total),
                    }
                )
            voucher = None
            continue
        announced = None
        try:
            parts = _fields(text)
        except ValueError:
            errors.append(_("rad %(row)s: ett citattecken eller en klammer { stängs inte på raden.") % {"row": number})
            continue
        keyword, args = str(parts[0]).upper(), parts[1:]
        try:
            if keyword == "#RAR" and args and args[0] == "0":
                fiscal_year = (_sie_date(args[1]), _sie_date(args[2]))
            elif keyword == "#VER":
                name = f"{_text(args[0])} {_text(args[1])}".strip()
                announced = _Voucher(number, name, _sie_date(args[2]))
                vouchers.append(announced)
            elif keyword == "#TRANS":
                # #RTRANS and #BTRANS (added and removed transactions) are not counted: an added one is repeated
                # as a #TRANS, as the specification requires.
                if voucher is None:
                    errors.append(_("rad %(row)s: #TRANS står utanför en verifikation (#VER { … }).") % {"row": number})
                    continue
                if not isinstance(args[1], list):
                    raise ValueError("object list missing")
                amount = _amount(args[2])
                has_day = len(args) > 3 and isinstance(args[3], str) and re.fullmatch(r"\d{8}", args[3])
                day = _sie_date(args[3]) if has_day else voucher.date
                voucher.total += amount
                trans.append((voucher, _Entry(number, int(_text(args[0])), *_month(day), amount)))
            elif keyword == "#PSALDO" and args[0] == "0" and args[3] in ([], ""):
                month_text = _text(args[1])
                start = dt.date(int(month_text[:4]), int(month_text[4:6]), 1)
                psaldo.append(_Entry(number, int(_text(args[2])), start, month_end(start), _amount(args[4])))
            elif keyword == "#RES" and args[0] == "0":
                res.append(_Entry(number, int(_text(args[1])), dt.date.min, dt.date.min, _amount(args[2])))
        except (IndexError, ValueError, InvalidOperation):
            errors.append(
                _("rad %(row)s: posten %(keyword)s går inte att tolka.") % {"row": number, "keyword": keyword}
            )
    if voucher is not None:
        errors.append(
            _(
                "Filen slutar mitt i verifikation %(voucher)s (rad %(row)s): den stängs aldrig med }. Filen är "
                "troligen avkortad; exportera den på nytt ur bokföringsprogrammet."
            )
            % {"voucher": voucher.name, "row": voucher.row}
        )
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])

    if year is not None and fiscal_year is not None and fiscal_year != (dt.date(year, 1, 1), dt.date(year, 12, 31)):
        raise ImportRefused(
            [
                _(
                    "Filens räkenskapsår (#RAR 0) är %(start)s–%(end)s, men utfallet läses in till budgetåret "
                    "%(year)s. Exportera räkenskapsåret %(year)s ur bokföringsprogrammet eller välj det år "
                    "filen gäller."
                )
                % {"start": fiscal_year[0].isoformat(), "end": fiscal_year[1].isoformat(), "year": year}
            ]
        )
    period = fiscal_year or ((dt.date(year, 1, 1), dt.date(year, 12, 31)) if year is not None else None)
    if period is not None:
        errors += _outside(period, vouchers, trans, psaldo)
        if errors:
            raise ImportRefused(errors[:MAX_ERRORS])

    result_trans = [entry for _v, entry in trans if entry.account in RESULT_ACCOUNTS]
    result_psaldo = [entry for entry in psaldo if entry.account in RESULT_ACCOUNTS]
    result_res = [entry for entry in res if entry.account in RESULT_ACCOUNTS]
    warnings: list[Problem] = []
    entries = result_trans or result_psaldo
    if result_trans and result_res:
        warnings += _res_disagreements(result_trans, result_res)
    if not entries and result_res:
        if period is None:
            raise ImportRefused([_("Filen har #RES-poster men inget räkenskapsår (#RAR 0).")])
        entries = [_Entry(e.row, e.account, period[0], period[1], e.amount) for e in result_res]
    if not entries:
        if trans or psaldo or res:
            raise ImportRefused(
                [
                    _(
                        "Filen har bara balanskonton och inga resultatkonton (konto 3000–8999), så det finns inget "
                        "utfall att läsa in. Exportera en SIE 4-fil med årets verifikationer eller resultatsaldon "
                        "(#RES)."
                    )
                ]
            )
        raise ImportRefused([_("Filen innehåller inga verifikationer (#VER/#TRANS) eller saldon (#PSALDO, #RES).")])
    return SieImport(_mapped(entries, mappings), warnings)


def _outside(
    period: tuple[dt.date, dt.date], vouchers: list[_Voucher], trans: list[tuple[_Voucher, _Entry]], psaldo
) -> list[str]:
    """Vouchers and balances dated outside the financial year: refused, because the outcome would land in a month of
    another year's budget (or nowhere), and a bookkeeping program does not write such a file for one year."""
    start, end = period
    names = {"start": start.isoformat(), "end": end.isoformat()}
    errors = [
        _(
            "rad %(row)s: verifikation %(voucher)s är daterad %(date)s, utanför räkenskapsåret %(start)s–%(end)s. "
            "Rätta datumet i bokföringsprogrammet eller exportera rätt räkenskapsår."
        )
        % {"row": v.row, "voucher": v.name, "date": v.date.isoformat(), **names}
        for v in vouchers
        if not start <= v.date <= end
    ]
    errors += [
        _(
            "rad %(row)s: transaktionen i verifikation %(voucher)s gäller %(month)s, utanför räkenskapsåret "
            "%(start)s–%(end)s. Rätta transaktionsdatumet i bokföringsprogrammet."
        )
        % {"row": e.row, "voucher": v.name, "month": e.start.strftime("%Y-%m"), **names}
        for v, e in trans
        if start <= v.date <= end and not (start <= e.start and e.end <= month_end(end))
    ]
    errors += [
        _("rad %(row)s: periodsaldot för %(month)s ligger utanför räkenskapsåret %(start)s–%(end)s.")
        % {"row": e.row, "month": e.start.strftime("%Y-%m"), **names}
        for e in psaldo
        if not (start <= e.start and e.end <= month_end(end))
    ]
    return errors


def _res_disagreements(trans: list[_Entry], res: list[_Entry]) -> list[Problem]:
    """#RES and the vouchers in one file should tell the same story; when they do not, the vouchers are used."""
    from_vouchers: dict[int, Decimal] = defaultdict(Decimal)
    for entry in trans:
        from_vouchers[entry.account] += entry.amount
    from_res: dict[int, Decimal] = defaultdict(Decimal)
    for entry in res:
        from_res[entry.account] += entry.amount
    return [
        Problem(
            _(
                "Konto %(account)s: resultatsaldot (#RES) är %(res)s men verifikationerna summerar till %(trans)s. "
                "Utfallet läses från verifikationerna; kontrollera att filen innehåller årets alla verifikationer."
            )
            % {"account": account, "res": _kr(from_res[account]), "trans": _kr(from_vouchers[account])}
        )
        for account in sorted(set(from_vouchers) | set(from_res))
        if from_vouchers[account] != from_res[account]
    ]


def _mapped(entries: list[_Entry], mappings: list[AccountMapping]) -> list[RawRow]:
    out: list[RawRow] = []
    unmapped: dict[int, list[int]] = defaultdict(list)
    for entry in entries:
        mapping = next((m for m in mappings if m.account_from <= entry.account <= m.account_to), None)
        if mapping is None:
            unmapped[entry.account].append(entry.row)
            continue
        out.append(
            RawRow(
                entry.row,
                mapping.line_code,
                entry.start,
                entry.end,
                entry.amount,
                bookkeeping_sign=True,
                account=entry.account,
            )
        )
    if unmapped:
        raise ImportRefused(
            [
                _("konto %(account)s (rad %(rows)s) är inte kopplat till någon budgetrad. Koppla kontot först.")
                % {"account": account, "rows": _listed(rows)}
                for account, rows in sorted(unmapped.items())
            ][:MAX_ERRORS]
        )
    return out


def import_sie(actor, forbund, year: int, data: bytes, filename: str, progress: Progress = no_progress):
    """Check a SIE file in full and store its outcome for the budget year, replacing what earlier SIE files gave
    that year, so a #RES file after a #TRANS file (or the reverse) never counts the outcome twice."""
    from . import actions

    budget_year = BudgetYear.objects.filter(forbund=forbund, year=year).first()
    if budget_year is None:
        raise ImportRefused(
            [
                Problem(
                    _("Det finns ingen budget för %(year)s. Lägg in budgeten innan utfallet läses in.")
                    % {"year": year},
                    reverse("finance:budget", args=[forbund.slug]) + f"?year={year}",
                )
            ]
        )
    sie = read_sie(data, list(AccountMapping.objects.filter(forbund=forbund)), year, progress)
    resolved = resolve(forbund, sie.rows)
    count = actions.import_actuals(actor, forbund, resolved, source="SIE", filename=filename, replaces=budget_year)
    return count, sie.warnings


@dataclass
class FoundAccount:
    """A result account of a SIE file: its number, its name in the file (#KONTO) and its total for the year."""

    account: int
    name: str
    amount: int


def accounts_in_sie(data: bytes, year: int | None = None) -> list[FoundAccount]:
    """The result accounts a SIE file books on, so that each can be mapped to a budget line before the import.

    The file is checked as the import checks it; a broken file is refused with the same errors.
    """
    everything = AccountMapping(account_from=RESULT_ACCOUNTS.start, account_to=RESULT_ACCOUNTS.stop - 1, line_code="")
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for row in read_sie(data, [everything], year).rows:
        if row.account is not None:
            totals[row.account] += row.amount
    names: dict[int, str] = {}
    for raw in _decode(data).splitlines():
        if raw.strip().upper().startswith("#KONTO"):
            try:
                parts = _fields(raw.strip())
                names[int(_text(parts[1]))] = _text(parts[2])
            except (IndexError, ValueError):
                continue
    return [FoundAccount(account, names.get(account, ""), whole_kronor(totals[account])) for account in sorted(totals)]
