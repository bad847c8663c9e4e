"""The förbund's annual report (årsredovisning): the figures the system drafts it from, and the texts the office
writes around them (the parts of the förvaltningsberättelse).

The figures are never typed: the year's result from the books, equity against the cap (R20), the members'
contributions against the law's split (R19), the socialt bokslut per insats and the goals with declared against
computed attainment, protected as statistics leaving the participant-handler role are (DOMAIN.md §6.5).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.lib.formats import decimal, kr

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from samordna.stats.rendering import Section
    from samordna.tenancy.models import Forbund

    from .models import ForbundReport


@dataclass(frozen=True)
class TextPart:
    key: str
    title: StrOrPromise
    help: StrOrPromise


TEXT_PARTS: tuple[TextPart, ...] = (
    TextPart(
        "mission",
        _("Förbundets uppdrag och organisation"),
        _("Medlemmarna, styrelsen, kansliet och beredningsgruppen; vad förbundet finansierar."),
    ),
    TextPart("events", _("Väsentliga händelser under året"), _("Beslut, nya och avslutade insatser, förändringar.")),
    TextPart(
        "economy",
        _("Ekonomisk utveckling och eget kapital"),
        _("Kommentera resultatet och det egna kapitalet mot taket. Siffrorna hämtas från systemet."),
    ),
    TextPart(
        "goals",
        _("Måluppfyllelse och socialt bokslut"),
        _("Kommentera insatsernas resultat och målen, både redovisad och beräknad måluppfyllelse."),
    ),
    TextPart("outlook", _("Förväntad utveckling"), _("Det kommande året och förbundets planer.")),
)
TEXT_KEYS = frozenset(part.key for part in TEXT_PARTS)


def annual_figures(forbund: Forbund, year: int) -> dict:
    """The year's figures as they will be printed and signed: plain JSON, counts already protected."""
    from samordna.finance.queries import contribution_shares, economic_report
    from samordna.stats import reports

    economy = economic_report(forbund, year, dt.date(year, 12, 31))
    result = economy.income_to_date - economy.cost_to_date
    equity_end = economy.equity_start + result
    shares = contribution_shares(forbund, year)
    social = reports.social_accounts(forbund, year)
    return {
        "year": year,
        "computed_on": timezone.localdate().isoformat(),
        "result": {
            "income": economy.income_to_date,
            "cost": economy.cost_to_date,
            "result": result,
            "income_budget": economy.income_budget,
            "cost_budget": economy.cost_budget,
        },
        "equity": {
            "start": economy.equity_start,
            "end": equity_end,
            "cap": economy.equity_cap,
            "cap_percent": float(economy.equity_cap_percent),
            "cap_fixed": economy.equity_cap_fixed,
            "over_cap": equity_end > economy.equity_cap,
            "above_cap": max(equity_end - economy.equity_cap, 0),
        },
        "contributions": {
            "total": shares.total,
            "members": [
                {"member": row.member, "party_type": row.party_type, "amount": row.amount} for row in shares.members
            ],
            "warnings": [str(text) for text in shares.warnings],
        },
        "threshold": social["threshold"],
        "insatser": social["insatser"],
        "goals": social["goals"],
    }


def content_hash(report: ForbundReport) -> str:
    """SHA-256 of the report's figures and texts, as the ledamöter sign them."""
    content = {"kind": report.kind, "year": report.year, "figures": report.figures, "texts": report.texts}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def sections(report: ForbundReport) -> list[Section]:
    """The report's tables, as the page, the PDF and the spreadsheet show them."""
    from samordna.stats.rendering import Section
    from samordna.stats.suppression import Money

    figures = report.figures
    if report.kind != "ANNUAL" or "result" not in figures:
        economy = figures.get("economy", {})
        return [Section(str(_("Ekonomi")), ["", str(_("Belopp (kr)"))], [(k, [v]) for k, v in economy.items()])]
    result, equity = figures["result"], figures["equity"]
    money = str(_("Belopp (kr)"))
    cap_basis = (
        _("fastställt av styrelsen")
        if equity["cap_fixed"]
        else _("%(percent)s %% av medlemsbidragen") % {"percent": decimal(equity["cap_percent"])}
    )
    out = [
        Section(
            str(_("Årets resultat")),
            ["", str(_("Budget (kr)")), str(_("Utfall (kr)"))],
            [
                (str(_("Intäkter")), [Money(result["income_budget"]), Money(result["income"])]),
                (str(_("Kostnader")), [Money(result["cost_budget"]), Money(result["cost"])]),
                (
                    str(_("Resultat")),
                    [Money(result["income_budget"] - result["cost_budget"]), Money(result["result"])],
                ),
            ],
        ),
        Section(
            str(_("Eget kapital")),
            ["", money],
            [
                (str(_("Eget kapital vid årets början")), [Money(equity["start"])]),
                (str(_("Årets resultat")), [Money(result["result"])]),
                (str(_("Eget kapital vid årets slut")), [Money(equity["end"])]),
                (str(_("Tak för eget kapital (%(basis)s)") % {"basis": cap_basis}), [Money(equity["cap"])]),
                (str(_("Över taket")), [Money(equity["above_cap"])]),
            ],
        ),
        Section(
            str(_("Medlemsbidrag")),
            ["", str(_("Part")), money],
            [(row["member"], [row["party_type"], Money(row["amount"])]) for row in figures["contributions"]["members"]]
            + [(str(_("Summa")), ["", Money(figures["contributions"]["total"])])],
        ),
        Section(
            str(_("Socialt bokslut: insatserna under året")),
            [
                str(_("Insats")),
                str(_("Planerade deltagare")),
                str(_("Deltagare (personer)")),
                str(_("Kvinnor")),
                str(_("Män")),
                str(_("Utskrivna")),
                str(_("Till arbete eller studier")),
                str(_("Andel till arbete eller studier")),
                str(_("Förbundets budget (kr)")),
                str(_("Förbundets utfall (kr)")),
            ],
            [
                (
                    f"{row['insats']} {row['name']}",
                    [
                        row["planned_participants"],
                        row["participants"],
                        row["by_sex"].get("K"),
                        row["by_sex"].get("M"),
                        row["discharged"],
                        row["to_work_or_studies"],
                        row["work_or_studies_share"],
                        Money(row["forbund_budget"]),
                        Money(row["forbund_actual"]),
                    ],
                )
                for row in figures["insatser"]
            ],
            keys=["planned", "n", "n", "n", "n", "n", "work_or_studies_share", "kr", "kr"],
        ),
        Section(
            str(_("Måluppfyllelse: redovisad och beräknad")),
            [
                str(_("Insats och mål")),
                str(_("Målvärde")),
                str(_("Utfall")),
                str(_("Uppnått enligt beräkning")),
                str(_("Uppnått enligt rapport")),
                str(_("Redovisat")),
                str(_("Avvikelse")),
            ],
            [
                (
                    f"{insats['insats']}: {goal['goal']}",
                    [
                        goal["target"] or "–",
                        goal["value"],
                        goal["met"],
                        goal["declared_met"],
                        goal["declared_text"] or "–",
                        goal["discrepancy"],
                    ],
                )
                for insats in figures["goals"]
                for goal in insats["goals"]
            ],
            keys=["target", "value", "met", "declared", "text", "discrepancy"],
        ),
    ]
    return out


def warnings(report: ForbundReport) -> list[str]:
    """What the figures themselves call attention to: equity over the cap, contributions off the law's split."""
    figures = report.figures
    if "equity" not in figures:
        return []
    out = []
    equity = figures["equity"]
    if equity["over_cap"]:
        out.append(
            str(
                _("Det egna kapitalet vid årets slut, %(equity)s, är %(over)s över taket %(cap)s.")
                % {"equity": kr(equity["end"]), "over": kr(equity["above_cap"]), "cap": kr(equity["cap"])}
            )
        )
    return out + list(figures["contributions"]["warnings"])
