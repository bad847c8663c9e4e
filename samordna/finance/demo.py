"""Finance and reporting demo data for förbund the main demo loader has created. Running it again adds nothing.

Figures from the sources: Skellefteå-Norsjö's economic report per 2015-03-31 and its grants of 2015-04-23
[003 § 600–604], the 2014 audit [003 § 611–612], and Arvika-Eda's yearly budget for 2021–2023 [002].
How the totals split into lines, and the first quarter's outcome, are the demo's own assumptions.
"""

from __future__ import annotations

import datetime as dt

from samordna.interventions.models import Intervention
from samordna.reporting import actions as reporting_actions
from samordna.reporting.models import AuditDocument, AuditDocumentKind, ForbundReport, ForbundReportKind
from samordna.tenancy.models import Forbund, PartyType

from . import actions
from .models import (
    AccountMapping,
    ActualSource,
    BudgetYear,
    Contribution,
    Financier,
    GrantCommitment,
    InterventionBudgetLine,
    LineCategory,
    MemberInvoice,
)

# Skellefteå-Norsjö 2015. The income forecast 6 594 370 = contributions 6 100 000 (the cap of 1 220 000 is 20 %
# of them) + the final ESF claim for the pre-study Improve and other income.
SKELLEFTEA_INCOME = (
    ("medlemsbidrag", "Bidrag från huvudmännen", LineCategory.CONTRIBUTIONS, 6_100_000, 1_525_000),
    ("esf-improve", "Slutrekvirering ESF (förstudien Improve) och övriga intäkter", LineCategory.ESF, 494_370, 0),
)
# The cost forecast 5 385 900 covers the year's budget, ordinary cooperation and projects decided earlier.
SKELLEFTEA_COSTS = (
    ("adm-personal", "Kansli: personal", LineCategory.PERSONNEL, 1_450_000, 362_500),
    ("adm-kring", "Kansli: lokaler, telefon och material", LineCategory.ADMIN_OTHER, 310_000, 71_300),
    ("adm-styrelse", "Styrelse- och revisorsarvoden", LineCategory.BOARD, 175_000, 38_900),
    ("samverkan", "Ordinarie samverkan", LineCategory.OTHER_COST, 650_000, 152_000),
    ("projekt", "Tidigare beslutad projektverksamhet", LineCategory.OTHER_COST, 2_800_900, 576_381),
)
SKELLEFTEA_MAPPINGS = (
    (3000, 3099, "medlemsbidrag"),
    (3100, 3999, "esf-improve"),
    (4000, 4999, "projekt"),
    (5000, 6499, "adm-kring"),
    (6500, 6999, "samverkan"),
    (7000, 7599, "adm-personal"),
    (7600, 7999, "adm-styrelse"),
)
SKELLEFTEA_GRANTS = (
    ("Medlefors folkhögskola, VIA: planerings- och analysfas", 600_000, "§ 602", True),
    ("Skellefteå Stadsmission, Aktiv uppföljning", 200_000, "§ 604", False),
)
# Rounded population, the demo's key for splitting the kommuner's quarter.
SKELLEFTEA_KOMMUN_KEYS = {"2482": 72_000, "2417": 4_200}
GRANT_MEETING = dt.date(2015, 4, 23)

ARVIKA_LINES = (
    ("Samordnare/arbetsmarknadshandläggare (Arvika)", 1, 100, 650_000, False),
    ("Arbetsmarknadshandläggare (Arvika)", 2, 100, 1_200_000, False),
    ("Handledare ASF (Eda)", 1, 50, 300_000, False),
    ("Arbetsmarknadshandläggare, tillfällig förstärkning", 1, 100, 600_000, True),
)
ARVIKA_MEMBER_LINES = (("1784", "Lokaler, administration"), ("1730", "Transporter, administration"))


def load(stdout=None) -> None:
    for slug, loader in (("skelleftea-norsjo", _skelleftea), ("arvika-eda", _arvika), ("uppsala-lan", _uppsala)):
        forbund = Forbund.objects.filter(slug=slug).first()
        if forbund is not None:
            loader(forbund)
    if stdout is not None:
        stdout.write("Ekonomi och rapportering: demodata inläst.")


def _skelleftea(forbund: Forbund) -> None:
    year = 2015
    members = {
        m.kommun.code if m.party_type == PartyType.KOMMUN and m.kommun is not None else m.party_type: m
        for m in forbund.members.all()
    }
    quarter = 1_525_000
    kommun_share = {
        code: quarter * key // sum(SKELLEFTEA_KOMMUN_KEYS.values()) for code, key in SKELLEFTEA_KOMMUN_KEYS.items()
    }
    kommun_share["2417"] = quarter - kommun_share["2482"]
    amounts = {PartyType.FK: 3_050_000, PartyType.REGION: quarter, PartyType.AF: 0, **kommun_share}
    for key, amount in amounts.items():
        member = members.get(key)
        if member is not None and not Contribution.objects.filter(member=member, year=year).exists():
            actions.set_contribution(None, member, year, amount, SKELLEFTEA_KOMMUN_KEYS.get(key))
    if not MemberInvoice.objects.filter(forbund=forbund, contribution__year=year).exists():
        for invoice in actions.create_invoices(None, forbund, year):
            if invoice.period_no == 1:
                actions.move_invoice(None, invoice, "SENT", dt.date(2015, 1, 2))
                actions.move_invoice(None, invoice, "PAID", dt.date(2015, 1, 30))

    if not BudgetYear.objects.filter(forbund=forbund, year=year).exists():
        budget_year = actions.save_budget_year(
            None,
            forbund,
            year,
            equity_start=2_192_262,
            equity_cap_fixed=1_220_000,
            equity_cap_basis="Nationella rådets rekommendation om eget kapital, § 600 2015-04-23",
            note="Överskott från 2005–2014 förs in som eget kapital.",
        )
        for code, label, category, amount, first_quarter in SKELLEFTEA_INCOME + SKELLEFTEA_COSTS:
            line = actions.save_budget_line(None, budget_year, code=code, label=label, category=category, amount=amount)
            if first_quarter:
                actions.record_actual(
                    None, line, dt.date(year, 1, 1), dt.date(year, 3, 31), first_quarter, ActualSource.MANUAL
                )
    if not AccountMapping.objects.filter(forbund=forbund).exists():
        for first, last, code in SKELLEFTEA_MAPPINGS:
            actions.set_account_mapping(None, forbund, first, last, code)
    for label, amount, reference, conditional in SKELLEFTEA_GRANTS:
        # The board's decisions in the minutes demo commit their grants under the same paragraph reference.
        committed = GrantCommitment.objects.filter(forbund=forbund, year=year)
        if not committed.filter(label=label).exists() and not committed.filter(reference=reference).exists():
            actions.commit_grant(
                None,
                forbund,
                year=year,
                label=label,
                amount=amount,
                decided_on=GRANT_MEETING,
                reference=reference,
                conditional=conditional,
            )
    _skelleftea_audit(forbund)


def _skelleftea_audit(forbund: Forbund) -> None:
    if not AuditDocument.objects.filter(forbund=forbund, year=2014).exists():
        reporting_actions.register_audit_document(
            None,
            forbund,
            kind=AuditDocumentKind.AUDIT_REPORT,
            year=2014,
            title="Revisionsberättelse för verksamhetsåret 2014",
            received_on=dt.date(2015, 4, 23),
            summary="Verksamheten bedöms ändamålsenlig, räkenskaperna rättvisande och den interna kontrollen "
            "tillräcklig.",
            recommends_discharge=True,
            noted_reference="§ 611",
        )
        reporting_actions.register_audit_document(
            None,
            forbund,
            kind=AuditDocumentKind.AUDIT_REVIEW,
            year=2014,
            title="Granskning av årsredovisningen och av uppdraget enligt 7 § lagen om finansiell samordning",
            received_on=dt.date(2015, 4, 23),
            noted_reference="§ 612",
            response_due=dt.date(2015, 8, 31),
            recommendations=[
                "Analysera noga vad Nationella rådets rekommendation om eget kapital innebär för förbundet.",
                "Följ upp de övergripande målen på förbundsnivå mer strukturerat.",
                "Upprätta en budget i balans.",
            ],
        )
    if not ForbundReport.objects.filter(forbund=forbund, kind=ForbundReportKind.ANNUAL, year=2015).exists():
        reporting_actions.create_forbund_report(None, forbund, ForbundReportKind.ANNUAL, 2015)


def _arvika(forbund: Forbund) -> None:
    insats = Intervention.objects.filter(forbund=forbund, registration_no="2020:1").first()
    if insats is None:
        return
    kommuner = {m.kommun.code: m for m in forbund.members.filter(party_type=PartyType.KOMMUN) if m.kommun is not None}
    for year in (2021, 2022, 2023):
        if InterventionBudgetLine.objects.filter(intervention=insats, year=year).exists():
            continue
        for label, count, fte, amount, temporary in ARVIKA_LINES:
            actions.save_intervention_budget_line(
                None,
                insats,
                year=year,
                financier=Financier.FORBUND,
                label=label,
                headcount=count,
                fte_percent=fte,
                amount=amount,
                temporary=temporary,
            )
        for code, label in ARVIKA_MEMBER_LINES:
            actions.save_intervention_budget_line(
                None,
                insats,
                year=year,
                financier=Financier.MEMBER,
                financier_member=kommuner[code],
                label=label,
                monthly_amount=10_000,
                months=12,
            )
        budget_year = actions.save_budget_year(
            None, forbund, year, equity_start=0, note="Bara insatsen Plattform för samverkan är inlagd i demon."
        )
        actions.save_budget_line(
            None,
            budget_year,
            code="insats-2020-1",
            label=insats.name,
            category=LineCategory.INTERVENTION,
            amount=2_750_000,
            intervention=insats,
        )
    if not insats.report_requirements.exists():
        reporting_actions.set_requirements(None, insats)


def _uppsala(forbund: Forbund) -> None:
    """Knivsta's insats 2017:48 owes a final report one month after 2021-12-31 [001]."""
    insats = Intervention.objects.filter(forbund=forbund, registration_no="2017:48").first()
    if insats is not None and not insats.report_requirements.exists():
        reporting_actions.set_requirements(None, insats, kinds=("FINAL",))
