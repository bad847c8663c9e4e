"""The economic report and member invoices as files: JSON, Excel (openpyxl) and PDF (WeasyPrint)."""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samordna.lib.cells import formulas_as_text
from samordna.lib.files import workbook_bytes
from samordna.lib.formats import percent

from .invoicing import document
from .queries import EconomicReport


def economy_rows(report: EconomicReport) -> list[tuple[str, int]]:
    """The report's figures in reading order, with their Swedish labels."""
    return [
        (_("Intäkter hittills"), report.income_to_date),
        (_("Kostnader hittills"), report.cost_to_date),
        (_("Resultat hittills"), report.result_to_date),
        (_("Budgeterade intäkter"), report.income_budget),
        (_("Budgeterade kostnader"), report.cost_budget),
        (_("Prognos intäkter"), report.income_forecast),
        (_("Prognos kostnader enligt budgetraderna"), report.cost_forecast_budget_lines),
        (_("Beviljade bidrag utöver budgeten"), report.committed_grants),
        (_("Prognos kostnader"), report.cost_forecast),
        (_("Prognos resultat för året"), report.result_forecast),
        (_("Eget kapital vid årets början"), report.equity_start),
        (_("Prognos eget kapital vid årets slut"), report.equity_end_forecast),
        (_("Årets medlemsbidrag"), report.contributions),
        (_("Tak för eget kapital"), report.equity_cap),
        (_("Utrymme för nya insatser"), report.room_for_new),
    ]


def cap_explanation(report: EconomicReport) -> str:
    if report.equity_cap_fixed:
        return _("Fast belopp beslutat av styrelsen.")
    return _("%(percent)s av årets medlemsbidrag.") % {"percent": percent(report.equity_cap_percent)}


def economy_json(report: EconomicReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2)


def economy_xlsx(report: EconomicReport, forbund_name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook()
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("A new workbook starts with one worksheet.")
    sheet.title = _("Ekonomisk rapport")
    sheet.append(
        [_("Ekonomisk rapport %(year)s per %(date)s") % {"year": report.year, "date": report.date.isoformat()}]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([forbund_name])
    sheet.append([])
    sheet.append([_("Post"), _("Belopp (kr)")])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for label, amount in economy_rows(report):
        sheet.append([label, amount])
        sheet.cell(row=sheet.max_row, column=2).number_format = "# ##0"
    sheet.append([])
    sheet.append([_("Taket"), cap_explanation(report)])
    for warning in report.warnings:
        sheet.append([_("Varning"), warning])
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 18
    formulas_as_text(workbook)
    return workbook_bytes(workbook)


def pdf_from_template(template: str, context: dict) -> bytes:
    from samordna.lib.pdf import html_to_pdf

    return html_to_pdf(render_to_string(template, context))


def economy_pdf(report: EconomicReport, forbund_name: str) -> bytes:
    return pdf_from_template(
        "finance/economy_pdf.html",
        {"report": report, "rows": economy_rows(report), "forbund_name": forbund_name, "cap": cap_explanation(report)},
    )


def invoice_pdf(invoice, statement: dict) -> bytes:
    """The invoice as a PDF; the caller has made sure that nothing it needs is missing."""
    return pdf_from_template(
        "finance/invoice_pdf.html", {"invoice": invoice, "doc": document(invoice), "statement": statement}
    )
