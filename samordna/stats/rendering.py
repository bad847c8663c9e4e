"""Published reports as pages, Excel, PDF, JSON and CSV. Works on the output of `suppression.publish` only, so
nothing reaches a file or a screen without having passed suppression (or been released exact on purpose).

A report is cut into sections: the top-level figures, then one section per breakdown (a flat mapping becomes
label + value with a bar chart, a mapping of mappings a table, a list of records a table). A suppressed share
(None) shows as "–".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from samordna.finance.models import Financier
from samordna.interventions.models import GoalIndicator, GoalLevel, InterventionKind
from samordna.lib.cells import csv_text, formulas_as_text
from samordna.lib.files import workbook_bytes
from samordna.lib.formats import decimal, number, share
from samordna.participants.codes import IncomeSource, OccupationAfter, OccupationBefore, Referrer, Sex
from samordna.tenancy.models import PartyType

from .suppression import HIDDEN_SHARE, SECONDARY, Money

LABELS: dict[str, Any] = {
    "enrolled": _("Inskrivna"),
    "discharged": _("Utskrivna"),
    "active_at_end": _("Aktiva vid periodens slut"),
    "anonymous_enrolled": _("Varav anonyma inskrivna"),
    "by_sex": _("Efter kön"),
    "by_age_band": _("Efter ålder vid inskrivning"),
    "by_referrer": _("Efter remittent"),
    "by_kommun": _("Efter folkbokföringskommun"),
    "by_insats": _("Efter insats"),
    "outcomes": _("Utskrivna efter sysselsättning efter insatsen"),
    "work_or_studies_share": _("Andel till arbete eller studier"),
    "forsorjning_transitions": _("Försörjning före (rad) och efter (kolumn)"),
    "employment_studies": _("Arbete eller studier före och efter"),
    "work_or_studies_before": _("I arbete eller studier före"),
    "work_or_studies_after": _("I arbete eller studier efter"),
    "started_or_increased": _("Började arbeta eller studera"),
    "transitions": _("Sysselsättning före (rad) och efter (kolumn)"),
    "follow_up": _("Uppföljning sex månader efter utskrivning"),
    "due": _("Uppföljningar som förfallit"),
    "followed_up": _("Följdes upp"),
    "situation": _("Sysselsättning vid uppföljningen"),
    "new": _("Nya"),
    "insats": _("Insats"),
    "insatser": _("Insatser"),
    "name": _("Namn"),
    "kind": _("Inriktning"),
    "specific_focus": _("Preciserad inriktning"),
    "target_group": _("Målgrupp"),
    "ages": _("Ålder"),
    "start_date": _("Start"),
    "end_date": _("Slut"),
    "participants": _("Deltagare (personer)"),
    "anonymous": _("Varav anonyma"),
    "goal": _("Mål"),
    "level": _("Nivå"),
    "indicator": _("Mått"),
    "target": _("Målvärde"),
    "numerator": _("Antal"),
    "denominator": _("Av"),
    "value": _("Utfall"),
    "met": _("Uppnått enligt beräkning"),
    "declared_met": _("Uppnått enligt rapport"),
    "declared_text": _("Redovisat"),
    "discrepancy": _("Avvikelse"),
    "years": _("År i perioden"),
    "budget_by_financier": _("Budget"),
    "budget_total": _("Budget totalt"),
    "forbund_budget": _("Förbundets budget"),
    "forbund_actual": _("Förbundets utfall"),
    "forbund_remaining": _("Kvar"),
    "funds": _("Medel per finansiär"),
    "administration": _("Administration"),
    "budget": _("Budget"),
    "actual": _("Utfall"),
    "balance": _("Saldo (medel − administration − insatser)"),
    "allocated_funds": _("Tilldelade medel"),
    "equity_start": _("Eget kapital vid årets början"),
    "equity_end": _("Eget kapital vid årets slut (prognos)"),
    "registration_no": _("Diarienummer"),
    "women": _("Kvinnor"),
    "men": _("Män"),
    "measured": _("Med minst två mätningar"),
    "mean_first": _("Medel första mätningen (%)"),
    "mean_last": _("Medel senaste mätningen (%)"),
    "improved": _("Förbättrade (≥ 10)"),
    "worsened": _("Försämrade (≥ 10)"),
    "unchanged": _("Oförändrade"),
    "survey": _("Enkät"),
    "version": _("Version"),
    "respondent_group": _("Svarsgrupp"),
    "target_percent": _("Mål (% positiva)"),
    "question": _("Fråga"),
    "answered": _("Svar"),
    "positive": _("Positiva"),
    "positive_percent": _("Andel positiva (%)"),
    "OKAND": _("Okänd"),
    "year": _("Helår"),
    "months": _("Per insats och månad"),
    "goals": _("Mål per insats"),
    "insats_report": _("Insatsrapport"),
    "volume_counts": _("Strukturövergripande insatser: deltagare per organisation och kön"),
    "cost_report": _("Kostnadsrapport"),
    "who5": _("WHO-5 första och senaste mätningen"),
    "surveys": _("Indikatorenkäter"),
}
for choices in (Sex, Referrer, IncomeSource, OccupationBefore, OccupationAfter, InterventionKind, GoalLevel):
    LABELS.update({value: label for value, label in choices.choices if value not in LABELS})
LABELS.update({value: label for value, label in GoalIndicator.choices})
LABELS.update({value: label for value, label in Financier.choices})
LABELS.update({value: label for value, label in PartyType.choices})


def label(key: Any) -> str:
    return str(LABELS.get(key, key))


def cell_text(value: Any, key: str = "") -> str:
    """Swedish number formats; a hidden share or missing value is "–". Keys holding "share" are ratios."""
    if value is None:
        return HIDDEN_SHARE
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return share(value) if "share" in key else decimal(value)
    return str(LABELS.get(value, value)) if isinstance(value, str) and value.isupper() else str(value)


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[tuple[Any, list[Any]]]  # (row key, values)
    keys: list[str] = field(default_factory=list)  # the column keys, for formatting
    chart: SafeString | None = None

    def key(self, row_key: str, index: int) -> str:
        return f"{row_key}|{self.keys[index] if index < len(self.keys) else ''}"

    def text_rows(self) -> list[list[str]]:
        return [
            [label(row_key)] + [cell_text(v, self.key(str(row_key), i)) for i, v in enumerate(values)]
            for row_key, values in self.rows
        ]


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def bar_chart(title: str, items: list[tuple[str, Any]]) -> SafeString | None:
    """A horizontal bar chart as inline SVG; hidden counts get no bar, only their label. The numbers are in the
    table beside it, so the chart is decoration for sighted readers and says so to screen readers."""
    numbers = [v for _, v in items if isinstance(v, int) and not isinstance(v, bool)]
    if not numbers or max(numbers) <= 0 or len(items) < 2:
        return None
    top, row_height, label_width, bar_width = max(numbers), 22, 190, 300
    parts = []
    for index, (name, value) in enumerate(items):
        y = index * row_height
        width = round(bar_width * value / top) if isinstance(value, int) and not isinstance(value, bool) else 0
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                y + 15,
                label(name)[:28],
                label_width,
                y + 3,
                width,
                row_height - 6,
                label_width + width + 4,
                y + 15,
                cell_text(value),
            )
        )
    height = len(items) * row_height
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><title>{}</title>{}</svg>',
        label_width + bar_width + 60,
        height,
        label_width + bar_width + 60,
        height,
        title,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every part is built with format_html above  # nosec B308 B703
    )


def _flatten(record: dict) -> dict:
    out = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update({f"{key}.{inner}": v for inner, v in value.items()})
        elif not isinstance(value, list):
            out[key] = value
    return out


def _header(key: str) -> str:
    outer, _sep, inner = key.partition(".")
    return f"{label(outer)}: {label(inner)}" if inner else label(key)


def _all_money(values) -> bool:
    found = list(values)
    return bool(found) and all(isinstance(v, Money) for v in found)


def sections(report: dict, title: str) -> list[Section]:
    """Cut a published report into titled sections (see the module docstring)."""
    figures = [(key, [value]) for key, value in report.items() if _is_scalar(value)]
    out = [Section(title, [str(_("Uppgift")), str(_("Värde"))], figures, keys=["value"])] if figures else []
    for key, value in report.items():
        if not _is_scalar(value):
            out.extend(_section(label(key), value))
    return out


def _section(title: str, value: Any) -> list[Section]:
    if isinstance(value, dict) and not value:
        return [Section(title, [str(_("Inga uppgifter"))], [])]
    if isinstance(value, list):
        if not value or not all(isinstance(v, dict) for v in value):
            return [Section(title, [str(_("Inga uppgifter"))], [])]
        flat = [_flatten(v) for v in value]
        keys = list(dict.fromkeys(k for row in flat for k in row))
        rows = [(row.get(keys[0]), [row.get(k) for k in keys[1:]]) for row in flat]
        headers = [_header(k) + (" (kr)" if _all_money(row.get(k) for row in flat) else "") for k in keys]
        out = [Section(title, headers, rows, keys=keys[1:])]
        for record in value:
            heading = " ".join(str(record[k]) for k in ("insats", "survey") if record.get(k))
            for key, inner in record.items():
                if isinstance(inner, list):
                    out.extend(_section(f"{label(key)}: {heading}", inner))
        return out
    if all(_is_scalar(v) for v in value.values()):
        items = list(value.items())
        rows = [(k, [v]) for k, v in items]
        heading = str(_("Belopp (kr)") if _all_money(v for _k, v in items) else _("Antal"))
        return [Section(title, ["", heading], rows, keys=["n"], chart=bar_chart(title, items))]
    if all(isinstance(v, dict) and all(_is_scalar(x) for x in v.values()) for v in value.values()):
        columns = list(dict.fromkeys(c for row in value.values() for c in row))
        rows = [(k, [cells.get(c) for c in columns]) for k, cells in value.items()]
        first = columns[0] if columns else None
        chart = bar_chart(f"{title}: {label(first)}", [(k, cells.get(first)) for k, cells in value.items()])
        return [Section(title, [""] + [label(c) for c in columns], rows, keys=columns, chart=chart)]
    out = []
    scalars = [(k, [v]) for k, v in value.items() if _is_scalar(v)]
    if scalars:
        out.append(Section(title, ["", str(_("Värde"))], scalars, keys=["value"]))
    for key, inner in value.items():
        if not _is_scalar(inner):
            out.extend(_section(f"{title}: {label(key)}", inner))
    return out


def to_json(report: Any) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _for_sheet(value: Any, key: str) -> Any:
    """Numbers stay numbers (formatted by the cell); hidden cells, flags and codes become their text."""
    if isinstance(value, bool) or value is None:
        return cell_text(value, key)
    if isinstance(value, str):
        return value if value.startswith("<") or value == SECONDARY else cell_text(value, key)
    return value


def to_xlsx(parts: list[Section], title: str, subtitle: str) -> bytes:
    """One sheet per section, bold headers, Swedish number formats, widths that fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    used: set[str] = set()
    for position, part in enumerate(parts, start=1):
        name = "".join(ch for ch in part.title if ch not in "[]:*?/\\")[:28] or str(position)
        if name in used:
            name = f"{name[:24]} {position}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append([part.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([f"{title} · {subtitle}"])
        sheet.append([])
        sheet.append([str(h) for h in part.headers])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row_key, values in part.rows:
            keys = [part.key(str(row_key), i) for i in range(len(values))]
            sheet.append([label(row_key)] + [_for_sheet(v, k) for v, k in zip(values, keys, strict=True)])
            for index, (value, key) in enumerate(zip(values, keys, strict=True), start=2):
                cell = sheet.cell(row=sheet.max_row, column=index)
                if isinstance(value, float):
                    cell.number_format = "0.0%" if "share" in key else "0.0"
                elif isinstance(value, int) and not isinstance(value, bool):
                    cell.number_format = "# ##0"
                else:
                    cell.alignment = Alignment(horizontal="right")
        sheet.column_dimensions["A"].width = 42
        for letter in "BCDEFGHIJKLMNOPQRSTUVWX":
            sheet.column_dimensions[letter].width = 16
    formulas_as_text(workbook)
    return workbook_bytes(workbook)


def to_pdf(parts: list[Section], title: str, subtitle: str) -> bytes:
    from samordna.lib.pdf import html_to_pdf

    return html_to_pdf(
        render_to_string("stats/report_pdf.html", {"sections": parts, "title": title, "subtitle": subtitle})
    )


def finsam_csv(export: dict) -> str:
    """Uppföljning Finsam as semicolon-separated UTF-8 text with a byte order mark, labelled in Swedish."""
    money = str(_("Belopp (kr)"))
    rows: list[list[Any]] = [
        [str(_("Samordningsförbund")), export["forbund"], str(_("År")), export["year"]],
        [],
        [str(_("Post")), money],
    ]
    for party, amount in export["allocated_funds"].items():
        rows.append([f"{label('allocated_funds')}: {label(party)}", amount])
    rows += [
        [label("equity_start"), export["equity_start"]],
        [label("equity_end"), export["equity_end"]],
        [f"{label('administration')}: {label('budget')}", export["administration"]["budget"]],
        [f"{label('administration')}: {label('actual')}", export["administration"]["actual"]],
        [],
        [
            label("registration_no"),
            label("name"),
            label("kind"),
            label("specific_focus"),
            label("target_group"),
            str(_("Budget (kr)")),
            str(_("Utfall (kr)")),
            label("women"),
            label("men"),
            label("participants"),
        ],
    ]
    for row in export["insatser"]:
        rows.append(
            [
                row["registration_no"],
                row["name"],
                label(row["kind"]),
                row["specific_focus"],
                row["target_group"],
                *["" if row[c] is None else row[c] for c in ("budget", "actual", "women", "men", "participants")],
            ]
        )
    return csv_text(rows)
