"""Skellefteå-Norsjö in the present: this year's and last year's economy, applications at every stage, the board's
meetings of the year and the insatser's reports, all dated relative to the day the demo is loaded.

Beyond the förbund's own particulars (its members, address and notice board), nothing here comes from the source
documents: the projects, the board of the current term, the figures and the texts are the demo's own, in the scale
of the 2015 papers. Every write goes through the apps' actions, in the order
the office would take them, so that § numbers, quorum, justering and the room for new projects follow the rules.
Loading again adds nothing; `samordna demo --reset` moves the present to a new day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from samordna.applications import actions as application_actions
from samordna.applications.demo import skelleftea_members
from samordna.applications.models import Application, DecisionOutcome, ReviewOutcome
from samordna.finance import actions as finance_actions
from samordna.finance import queries as finance_queries
from samordna.finance.models import BudgetLine, InvoiceStatus, LineCategory, month_end
from samordna.interventions import actions as intervention_actions
from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib.formats import kr, whole_kronor
from samordna.meetings import actions as meeting_actions
from samordna.meetings.models import AgendaItem, ItemKind, Meeting, Minutes, Paragraph, SignerRole
from samordna.meetings.models import AttendanceCategory as A
from samordna.meetings.queries import earliest_take_down
from samordna.meetings.signing import RecordedSigner
from samordna.reporting import actions as reporting_actions
from samordna.reporting.models import InsatsReport, ReportKind, ReportStatus
from samordna.reporting.schedule import add_months
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import BoardOffice, BoardRole, BoardSeat, Forbund, Member, User, term_for_election

from ..controllers import name_controller

SLUG = "skelleftea-norsjo"
# The draft of the demo applicant; when it exists, the present has been loaded.
MARKER_TITLE = "Naturnära rehabilitering – förstudie"
LSG = "Lokala samverkansgruppen"
INTRO = "Samordningsförbundet beslutar"
PLACE = "Samordningsförbundet, Hörnellgatan 17, Skellefteå"
PLACE_NORSJO = "Kommunhuset, Norsjö"
THURSDAY = 3
MEETING_WEEKS = 7
KOMMUN_KEYS = {"2482": 77_000, "2417": 4_000}  # rounded population, the key for the kommuner's quarter
ADJUSTMENT = "Digital signering"
BANKID = "BankID"


def _thursday_near(day: dt.date) -> dt.date:
    """The Thursday closest to `day`: the board meets on Thursdays."""
    offset = (THURSDAY - day.weekday() + 7) % 7
    return day + dt.timedelta(days=offset if offset <= 3 else offset - 7)


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _first_of_next_month(day: dt.date) -> dt.date:
    return month_end(day) + dt.timedelta(days=1)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@dataclass(frozen=True)
class Timeline:
    """The days the present hangs on, computed from `today`."""

    today: dt.date
    held: tuple[dt.date, ...]  # meetings held, oldest first; the last awaits justering
    upcoming: dt.date  # the next meeting, whose notice is out
    planned: tuple[dt.date, ...]  # later meetings of the year's plan

    @property
    def recent(self) -> dt.date:
        return self.held[-1]

    @property
    def deciding(self) -> dt.date:
        """The meeting before the recent one: it decided the applications of the present."""
        return self.held[-2]

    @property
    def year(self) -> int:
        return self.today.year

    @property
    def last_month_end(self) -> dt.date:
        return self.today.replace(day=1) - dt.timedelta(days=1)


def _off_season(day: dt.date, step: int) -> dt.date:
    """The board takes July and the Christmas weeks off; a meeting that would fall then moves `step` weeks."""
    while day.month == 7 or (day.month, day.day) >= (12, 21) or (day.month, day.day) <= (1, 7):
        day = _thursday_near(day + dt.timedelta(weeks=step))
    return day


def timeline(today: dt.date) -> Timeline:
    recent = _off_season(_thursday_near(today - dt.timedelta(days=14)), -1)
    upcoming = _off_season(_thursday_near(today + dt.timedelta(days=13)), 1)
    held = [recent]
    day = recent
    while True:
        day = _off_season(_thursday_near(day - dt.timedelta(weeks=MEETING_WEEKS)), -3)
        # Always one meeting before the recent one (it decided the applications), then the rest of the year.
        if len(held) > 1 and day < dt.date(today.year, 1, 10):
            break
        held.insert(0, day)
    planned = []
    day = upcoming
    while True:
        day = _off_season(_thursday_near(day + dt.timedelta(weeks=MEETING_WEEKS)), 4)
        if day > dt.date(today.year, 12, 15):
            break
        planned.append(day)
    return Timeline(today, tuple(held), upcoming, tuple(planned))


# --- The board of the current term -----------------------------------------------------------------

# (member key, ledamot, office, ersättare, demo login of the ledamot)
BOARD = (
    ("skelleftea", "Stig Styrelsesson", BoardOffice.CHAIR, "Eva Burman", "styrelse"),
    ("region", "Anders Nyström", BoardOffice.VICE_CHAIR, "Ingrid Lidström", "ledamot-region"),
    ("norsjo", "Jenny Justerare", BoardOffice.NONE, "Tomas Granberg", "justerare"),
    ("fk", "Lena Holmström", BoardOffice.NONE, "Mats Enqvist", "ledamot-fk"),
    ("af", "Peter Sandström", BoardOffice.NONE, "Sara Nordin", "ledamot-af"),
)


def _election_year(day: dt.date) -> int:
    """The general election whose board term covers `day` (elections every fourth year since 2014)."""
    year = day.year - 1 if day < dt.date(day.year, 4, 1) else day.year
    return year - 1 - (year - 1 - 2014) % 4


def _load_board(forbund: Forbund, members: dict[str, Member], users: dict[str, User], days) -> None:
    for election in sorted({_election_year(day) for day in days}):
        start, end = term_for_election(election)
        existing = set(
            BoardSeat.objects.filter(member__forbund=forbund, term_start=start).values_list("person_name", flat=True)
        )
        for key, ledamot, office, ersattare, login in BOARD:
            member = members[key]
            if ledamot in existing:
                continue
            add_seat_pair(member, ledamot, ersattare, office, (start, end), users.get(login) if login else None)


def add_seat_pair(member: Member, ledamot: str, ersattare: str, office, term, user: User | None = None) -> BoardSeat:
    """A ledamot's seat for the member and term, with the ersättare paired to it."""
    seat = tenancy_actions.add_board_seat(
        None,
        member,
        person_name=ledamot,
        role=BoardRole.LEDAMOT,
        office=office,
        term_start=term[0],
        term_end=term[1],
        user=user,
    )
    tenancy_actions.add_board_seat(
        None,
        member,
        person_name=ersattare,
        role=BoardRole.ERSATTARE,
        deputy_for=seat,
        term_start=term[0],
        term_end=term[1],
    )
    return seat


# --- Insatser of the last years, with their reports ------------------------------------------------


def _running_insatser(forbund: Forbund, members: dict[str, Member], line: Timeline) -> dict[str, Intervention]:
    year = line.year
    vagen = intervention_actions.create_intervention(
        None,
        forbund,
        owner=members["skelleftea"],
        partners=[members["af"], members["fk"], members["region"]],
        registration_year=year - 2,
        name="Vägen vidare – samordnat stöd för unga vuxna",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(year - 2, 9, 1),
        end_date=dt.date(year + 1, 8, 31),
        target_group="Unga vuxna 18–29 år i Skellefteå som varken arbetar eller studerar och som behöver stöd från "
        "flera myndigheter samtidigt.",
        age_min=18,
        age_max=29,
        description="Två koordinatorer och en studie- och yrkesvägledare arbetar i ett gemensamt team med "
        "handläggare från Arbetsförmedlingen och Försäkringskassan.",
    )
    # Hälsa i arbete ended three weeks ago: its final report is due within a fortnight.
    halsa_end = add_months(line.today + dt.timedelta(days=10), -1)
    halsa = intervention_actions.create_intervention(
        None,
        forbund,
        owner=members["norsjo"],
        partners=[members["region"], members["fk"]],
        registration_year=year - 1,
        name="Hälsa i arbete Norsjö",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(year - 1, 2, 1),
        end_date=halsa_end,
        target_group="Personer 20–64 år i Norsjö som är sjukskrivna eller har aktivitetsersättning och vill "
        "pröva en väg tillbaka till arbete med stöd från hälsocentralen.",
        age_min=20,
        age_max=64,
    )
    # The kommuner that run them hold their participants' data. A newly granted insats (Jobbspåret) and Aktiv
    # uppföljning, run by an association, are left for the office to settle: their pages say so.
    name_controller(vagen)
    name_controller(halsa)
    reporting_actions.set_requirements(None, vagen, kinds=(ReportKind.QUARTERLY, ReportKind.ANNUAL, ReportKind.FINAL))
    reporting_actions.set_requirements(None, halsa, kinds=(ReportKind.HALF_YEAR, ReportKind.FINAL))
    _submit_reports(vagen, line, overdue_kind=ReportKind.QUARTERLY)
    _submit_reports(halsa, line, overdue_kind=ReportKind.HALF_YEAR)
    return {"vagen": vagen, "halsa": halsa}


SUMMARIES = (
    "Arbetet har gått enligt plan. Fler deltagare än väntat har kommit via Arbetsförmedlingen.",
    "Två deltagare har gått till arbete och en till studier. Samverkan med hälsocentralen har stärkts.",
    "Rekryteringen av en koordinator drog ut på tiden; verksamheten är nu fullt bemannad igen.",
    "Deltagarna har fått en gemensam kartläggning inom fyra veckor från start. Väntetiden har kortats.",
)


def _submit_reports(intervention: Intervention, line: Timeline, *, overdue_kind: str) -> None:
    """Reports past their due date are handed in a few days before it, except the latest of `overdue_kind`, which
    is still owed today. Reports handed in long before the present's meetings were noted at meetings not in the
    demo; the rest wait for the next board meeting."""
    past_due = list(
        InsatsReport.objects.filter(intervention=intervention, due_date__lt=line.today).order_by("due_date", "kind")
    )
    owed = max((r for r in past_due if r.kind == overdue_kind), key=lambda r: r.due_date, default=None)
    first_meeting = line.held[0]
    for index, report in enumerate(past_due):
        if report == owed or report.kind == ReportKind.FINAL:
            continue
        on = max(report.due_date - dt.timedelta(days=6), report.period_end + dt.timedelta(days=1))
        if on > line.today:
            continue
        reporting_actions.save_answers(None, report, {"summary": SUMMARIES[index % len(SUMMARIES)]})
        report = reporting_actions.submit_report(None, report, on)
        if on + dt.timedelta(days=20) < first_meeting - dt.timedelta(days=12):
            reporting_actions.note_report(None, report, on + dt.timedelta(days=20))


# --- Finance ---------------------------------------------------------------------------------------

# Month by month, the outcome of a cost line wavers around a twelfth of its budget; the sum over a year is
# 100,2 % of it.
WAVE = (0.96, 1.03, 1.01, 0.98, 1.04, 0.99, 0.82, 0.97, 1.05, 1.02, 1.06, 1.09)


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    category: str
    amount: int
    intervention: Intervention | None = None


def _lines(year: int, contributions: int, insatser: dict[str, Intervention], line: Timeline) -> list[Line]:
    current = year == line.year
    halsa = insatser["halsa"]
    halsa_end = halsa.end_date or dt.date(year, 12, 31)
    halsa_months = len([m for m in range(1, 13) if halsa.start_date <= dt.date(year, m, 1) <= halsa_end])
    rows = [
        Line("medlemsbidrag", "Bidrag från huvudmännen", LineCategory.CONTRIBUTIONS, contributions),
        Line("ovriga-intakter", "Övriga intäkter (konferensavgifter)", LineCategory.OTHER_INCOME, 45_000),
        Line("adm-personal", "Kansli: personal", LineCategory.PERSONNEL, 1_680_000 if current else 1_610_000),
        Line("adm-lokaler", "Kansli: lokaler", LineCategory.PREMISES, 180_000 if current else 172_000),
        Line("adm-kring", "Kansli: telefon, IT och material", LineCategory.ADMIN_OTHER, 160_000),
        Line("adm-styrelse", "Styrelse- och revisorsarvoden", LineCategory.BOARD, 190_000 if current else 182_000),
        Line("samverkan", "Gemensam kompetensutveckling och samverkan", LineCategory.OTHER_COST, 520_000),
        Line("insats-vagen", insatser["vagen"].name, LineCategory.INTERVENTION, 1_740_000, insatser["vagen"]),
    ]
    if halsa_months:
        rows.append(
            Line("insats-halsa", halsa.name, LineCategory.INTERVENTION, 95_000 * halsa_months, insatser["halsa"])
        )
    if not current:
        rows.append(
            Line(
                "insatser-avslutade",
                "Insatser som avslutades under året",
                LineCategory.OTHER_COST,
                1_350_000,
            )
        )
    return rows


def _contributions(forbund: Forbund, members: dict[str, Member], year: int, total: int) -> None:
    quarter = total // 4
    skelleftea = whole_kronor(quarter * KOMMUN_KEYS["2482"] / sum(KOMMUN_KEYS.values()))
    amounts = (
        ("fk", total - 2 * quarter, None),
        ("region", quarter, None),
        ("skelleftea", skelleftea, KOMMUN_KEYS["2482"]),
        ("norsjo", quarter - skelleftea, KOMMUN_KEYS["2417"]),
        ("af", 0, None),
    )
    for key, amount, key_value in amounts:
        finance_actions.set_contribution(None, members[key], year, amount, key_value)


def _invoices(forbund: Forbund, members: dict[str, Member], year: int, line: Timeline) -> None:
    """Each quarter is invoiced in advance on its first weekday. Sent invoices are paid a few days before they
    fall due, except Norsjö's latest one that has fallen due: it is still unpaid."""
    invoices = finance_actions.create_invoices(None, forbund, year)
    past_due = [i for i in invoices if i.due_date < line.today]
    late = max(
        (i for i in past_due if i.contribution.member_id == members["norsjo"].pk and year == line.year),
        key=lambda i: i.period_no,
        default=None,
    )
    for invoice in invoices:
        sent = _weekday_on_or_after(invoice.period_start + dt.timedelta(days=1))
        if sent > line.today:
            continue
        invoice = finance_actions.move_invoice(None, invoice, InvoiceStatus.SENT, sent)
        paid = invoice.due_date - dt.timedelta(days=4)
        if paid <= line.today and invoice != late:
            finance_actions.move_invoice(None, invoice, InvoiceStatus.PAID, paid)


def _monthly(budget_line: BudgetLine, month: int, *, steady: bool) -> float:
    """The outcome of one month: a twelfth of the budget, wavering; an insats's budget spread over its months."""
    year = budget_line.budget_year.year
    intervention = budget_line.intervention
    if intervention is None:
        return budget_line.amount / 12 * (1 if steady else WAVE[month - 1])
    end = intervention.end_date or dt.date(year, 12, 31)
    active = [m for m in range(1, 13) if intervention.start_date <= dt.date(year, m, 1) <= end]
    return budget_line.amount / len(active) * WAVE[month - 1] if month in active else 0


def _actuals(budget_line: BudgetLine, months: int, *, steady: bool, by_quarter: bool) -> int:
    """Enter the outcome of the first `months` months, month by month or (for a closed year) by quarter; return
    the sum entered."""
    year = budget_line.budget_year.year
    span = 3 if by_quarter else 1
    total = 0
    for first in range(1, months + 1, span):
        amount = whole_kronor(sum(_monthly(budget_line, m, steady=steady) for m in range(first, first + span)))
        if amount:
            start = dt.date(year, first, 1)
            finance_actions.record_actual(
                None, budget_line, start, month_end(dt.date(year, first + span - 1, 1)), amount
            )
        total += amount
    return total


# This year's forecast: a vacancy at the office and a cancelled conference leave money over.
FORECASTS = {"adm-personal": 1_600_000, "samverkan": 460_000}


def _load_finance(forbund: Forbund, members: dict[str, Member], insatser: dict[str, Intervention], line: Timeline):
    year = line.year
    equity = 1_450_000
    for budget_year_no, total in ((year - 1, 6_240_000), (year, 6_400_000)):
        _contributions(forbund, members, budget_year_no, total)
        _invoices(forbund, members, budget_year_no, line)
        budget_year = finance_actions.save_budget_year(
            None,
            forbund,
            budget_year_no,
            equity_start=equity,
            note=f"Eget kapital vid årets början enligt bokslutet för {budget_year_no - 1}."
            if budget_year_no == year
            else "",
        )
        months = 12 if budget_year_no < year else line.last_month_end.month if line.last_month_end.year == year else 0
        result = 0
        for row in _lines(budget_year_no, total, insatser, line):
            budget_line = finance_actions.save_budget_line(
                None,
                budget_year,
                code=row.code,
                label=row.label,
                category=row.category,
                amount=row.amount,
                intervention=row.intervention,
            )
            entered = _actuals(
                budget_line,
                months,
                steady=row.category == LineCategory.CONTRIBUTIONS,
                by_quarter=budget_year_no < year,
            )
            result += entered if budget_line.kind == "INCOME" else -entered
            if budget_year_no == year and months and row.code in FORECASTS:
                finance_actions.record_forecast(None, budget_line, line.last_month_end, FORECASTS[row.code])
        # The year's result is carried over as the next year's opening equity.
        equity += result


# --- Applications ----------------------------------------------------------------------------------


JOBBSPARET = dict(
    background="Många i Skellefteå med aktivitetsersättning har aldrig haft ett arbete. De har kontakt med "
    "flera myndigheter, men ingen håller ihop vägen mot arbete.",
    purpose="Att personer med aktivitetsersättning får ett samordnat stöd som leder till arbete eller studier.",
    goals="Sextio deltagare under två år. Minst 40 % går till arbete eller studier minst 25 % av heltid. Alla "
    "deltagare har en gemensam planering inom en månad.",
    target_group="Personer 19–29 år med aktivitetsersättning, många med neuropsykiatriska "
    "funktionsnedsättningar. Ungefär lika många kvinnor som män.",
    added_value="Ingen part arbetar i dag med gruppen tillsammans. Projektet lägger till en gemensam "
    "arbetsspecialist; myndighetsutövningen ligger kvar hos parterna.",
    organisation="Arbetsmarknadsavdelningen är projektägare. En styrgrupp med en chef från varje part.",
    cooperation="Försäkringskassan och Arbetsförmedlingen deltar i gemensamma trepartsmöten.",
    activities="Kartläggning, individuellt stöd enligt IPS, arbetsplatsbesök och uppföljning.",
    obstacles="Få praktikplatser på mindre orter; projektet samarbetar med näringslivskontoret.",
    time_plan="Start med rekrytering första månaden, deltagare från andra månaden, slutrapport efter två år.",
    gender_equality="Andelen kvinnor och män följs varje kvartal och jämförs med målgruppen.",
    accessibility="Lokalerna är tillgängliga och materialet finns på lättläst svenska.",
    diversity="Tolk används vid behov; arbetsgivare med olika bakgrund söks aktivt.",
    evaluation="Kvartalsrapporter till förbundet och en slutrapport. Utfallen följs med förbundets indikatorer.",
    implementation="Arbetsspecialisten ska ingå i avdelningens ordinarie budget från tredje året.",
    costs="En och en halv tjänst som arbetsspecialist samt resor och material. Bara merkostnader.",
)

HALSOLYFTET = dict(
    background="Många invånare rör sig för lite och det påverkar hälsan.",
    purpose="Att erbjuda träning och kostrådgivning till invånare i Skellefteå.",
    goals="Tvåhundra personer tränar regelbundet efter ett år.",
    target_group="Alla vuxna invånare som vill förbättra sin hälsa.",
    added_value="Gym och kostrådgivning till rabatterat pris.",
    organisation="Bolaget ansvarar och anställer en hälsocoach.",
    cooperation="Regionens hälsocentraler informerar om erbjudandet.",
    activities="Gruppträning, kostkurser och hälsosamtal.",
    obstacles="Att nå dem som inte redan tränar.",
    time_plan="Ett år från start.",
    gender_equality="Träningspass för både kvinnor och män.",
    accessibility="Gymmet är tillgängligt med rullstol.",
    diversity="Information på flera språk.",
    evaluation="Antal besök räknas varje månad.",
    implementation="Erbjudandet fortsätter som vanlig verksamhet om det blir lönsamt.",
    costs="Hälsocoach, lokalhyra och marknadsföring.",
)

KLIV_IN = dict(
    background="Unga vuxna i Norsjö som behöver stöd söker sig ofta till flera myndigheter var för sig, och "
    "många faller mellan stolarna innan de får hjälp.",
    purpose="En gemensam ingång där unga vuxna får möta kommunen, Arbetsförmedlingen och regionen på samma plats.",
    goals="Trettio unga får en samordnad planering under året. Hälften är i arbete, studier eller en "
    "arbetsförberedande insats efter sex månader.",
    target_group="Unga 16–29 år i Norsjö som varken arbetar eller studerar.",
    added_value="Mötesplatsen finns inte i dag; parterna bidrar med personal på plats två dagar i veckan.",
    organisation="Individ- och familjeomsorgen leder arbetet; en samordnare anställs på heltid.",
    cooperation="Arbetsförmedlingen, regionens ungdomsmottagning och kommunens gymnasieskola.",
    activities="Öppet hus två dagar i veckan, gemensamma planeringsmöten och uppsökande arbete.",
    obstacles="Långa avstånd i kommunen; samordnaren kan träffa unga på deras hemort.",
    time_plan="Ett år, med uppföljning efter sex månader.",
    gender_equality="Verksamheten ska nå unga kvinnor, som i dag söker stöd i mindre utsträckning.",
    accessibility="Lokalen är tillgänglig och information finns i lättläst form.",
    diversity="Nyanlända unga informeras tillsammans med SFI.",
    evaluation="Halvårsrapport och slutrapport; förbundets indikatorer för unga används.",
    implementation="Parterna tar ställning till fortsatt drift efter halvårsrapporten.",
    costs="Samordnare på heltid, lokal och resor.",
)

ATERBRUKET = dict(
    background="Återbruket tar emot personer i arbetsträning men saknar handledare som kan möta dem med "
    "större behov av stöd.",
    purpose="Att fler i arbetsträning går vidare till arbete eller studier.",
    goals="Tjugofem deltagare per år; minst 30 % går vidare till arbete, studier eller annan insats.",
    target_group="Personer med långvarigt försörjningsstöd eller sjukskrivning som vill pröva arbete.",
    added_value="En förstärkt handledning som föreningen inte har råd med i dag.",
    organisation="Föreningens styrelse är ansvarig; en handledare anställs.",
    cooperation="Arbetsförmedlingen och Försäkringskassan remitterar och följer upp deltagarna.",
    activities="Arbetsträning i butik och verkstad, handledning och trepartsmöten.",
    obstacles="Föreningens ekonomi är sårbar; projektet har en tydlig budget per månad.",
    time_plan="Arton månader.",
    gender_equality="Arbetsuppgifterna anpassas så att både kvinnor och män kan delta.",
    accessibility="Verkstaden har anpassade arbetsplatser.",
    diversity="Deltagare med olika bakgrund arbetar tillsammans.",
    evaluation="Föreningen rapporterar varje halvår; förbundet följer utfallen.",
    implementation="Handledarrollen ska finansieras med tjänsteköp från kommunen efter projektet.",
    costs="En handledare på heltid, material och arbetskläder.",
)

STEGET_FORE = dict(
    background="Arbetsintegrerande sociala företag i Skellefteå har platser, men få hittar dit utan stöd.",
    purpose="Att matcha personer långt från arbetsmarknaden mot platser i sociala företag.",
    goals="Fyrtio personer får en plats under projekttiden; hälften är kvar efter sex månader.",
    target_group="Personer 20–64 år som har varit utan arbete i minst två år.",
    added_value="En gemensam matchning för alla sociala företag i kommunen.",
    organisation="Föreningen anställer en matchare; en referensgrupp med parterna.",
    cooperation="Arbetsförmedlingen och kommunens arbetsmarknadsavdelning.",
    activities="Kartläggning, studiebesök, provanställning och uppföljning.",
    obstacles="Företagens platser varierar över året.",
    time_plan="Två år.",
    gender_equality="Platser i både vård, service och verkstad.",
    accessibility="Företagen har erfarenhet av anpassade arbetsplatser.",
    diversity="Matcharen talar flera språk.",
    evaluation="Halvårsrapporter och en extern utvärdering det andra året.",
    implementation="Sociala företag finansierar matchningen gemensamt efter projektet.",
    costs="Matchare på heltid, resor och utvärdering.",
)


@dataclass
class Spec:
    title: str
    org_name: str
    sections: dict[str, str]
    parties: tuple[str, ...]
    start: dt.date
    months: int
    monthly: dict[str, int]
    contact_name: str
    org_unit: str = ""
    org_number: str = ""
    signatory: str = ""
    lump: dict[str, int] = field(default_factory=dict)


def _budget(spec: Spec) -> dict[int, dict[str, int]]:
    """The budget table per year: the monthly costs for the months of each year, lump sums in the last year."""
    columns: dict[int, dict[str, int]] = {}
    for index in range(spec.months):
        year = add_months(spec.start, index).year
        column = columns.setdefault(year, {})
        for category, amount in spec.monthly.items():
            column[category] = column.get(category, 0) + amount
    last = add_months(spec.start, spec.months - 1).year
    for category, amount in spec.lump.items():
        columns[last][category] = columns[last].get(category, 0) + amount
    return columns


def _create(forbund, members, spec: Spec, actor=None) -> Application:
    end = add_months(spec.start, spec.months) - dt.timedelta(days=1)
    application = application_actions.create_application(
        actor,
        forbund,
        title=spec.title,
        org_name=spec.org_name,
        org_unit=spec.org_unit,
        org_number=spec.org_number,
        contact_name=spec.contact_name,
        period_start=spec.start,
        period_end=end,
        sections=spec.sections,
        involved_parties=[members[k] for k in spec.parties],
    )
    application_actions.set_budget(actor, application, _budget(spec))
    if spec.signatory:
        application_actions.set_signatories(
            actor, application, [{"name": spec.signatory, "organisation": spec.org_name}]
        )
    return application


def _registered(forbund, members, spec: Spec, received: dt.date, actor=None) -> Application:
    application = _create(forbund, members, spec, actor)
    # The office registers the day it arrived: the applicant cannot date its own submission.
    application_actions.submit(None, application, received_date=received)
    application_actions.start_preparation(None, application)
    return application


# --- Meetings --------------------------------------------------------------------------------------


@dataclass
class Item:
    title: str
    kind: str = ItemKind.DECISION
    background: str = ""
    proposal: list[str] = field(default_factory=list)
    body: str = ""
    clauses: list[str] = field(default_factory=list)
    application: Application | None = None
    after: Callable[[Paragraph], None] | None = None


@dataclass
class Context:
    forbund: Forbund
    members: dict[str, Member]
    users: dict[str, User]
    line: Timeline
    insatser: dict[str, Intervention]
    previous: dt.date | None = None  # the meeting before the one being written


INFORMATION = (
    "Förbundschefen berättar om arbetet med förbundets indikatorer och om ett möte med de andra förbunden i länet.",
    "Beredningsgruppen har besökt Vägen vidare. Nationella nätverket för samordningsförbund har bjudit in till "
    "sin årliga konferens.",
    "Försäkringskassan informerar om ändrade arbetssätt för sjukpenning och om samverkan med hälsocentralerna.",
    "Arbetsförmedlingen informerar om sitt nya uppdrag att rusta och matcha arbetssökande.",
    "Förbundschefen redovisar hur många som deltagit i förbundets utbildningsdagar under året.",
    "Regionen berättar om arbetet med samordnade individuella planer.",
)
TOPICS = (
    Item(
        "Kompetensutveckling för medlemmarnas personal",
        background="Beredningsgruppen föreslår en gemensam utbildningsdag om samordnad individuell plan.",
        proposal=["uppdra åt förbundschefen att genomföra en utbildningsdag inom sex månader"],
        clauses=["uppdra åt förbundschefen att genomföra en utbildningsdag inom sex månader"],
        body="Beredningsgruppen föreslår en gemensam utbildningsdag om samordnad individuell plan.",
    ),
    Item(
        "Revisionsberättelse för föregående år",
        background="Revisorerna tillstyrker ansvarsfrihet och lämnar två rekommendationer om uppföljningen av "
        "insatserna.",
        proposal=["notera informationen"],
        clauses=["notera informationen"],
        body="Revisorerna bedömer att verksamheten skötts ändamålsenligt och tillstyrker ansvarsfrihet.",
    ),
    Item(
        "Samverkan med arbetsgivare",
        kind=ItemKind.INFORMATION,
        body="Näringslivskontoret och Arbetsförmedlingen berättar om en gemensam satsning på praktikplatser.",
    ),
    Item(
        "Uppföljning av förbundets mål",
        background="Förbundschefen redovisar hur insatserna bidrar till förbundets mål.",
        proposal=["lägga redovisningen till handlingarna"],
        clauses=["lägga redovisningen till handlingarna"],
        body="Förbundschefen redovisar utfallen för de pågående insatserna, med små tal dolda.",
    ),
    Item(
        "Internkontrollplan",
        background="Kansliet föreslår att internkontrollen i år gäller attest av fakturor och hantering av "
        "personuppgifter.",
        proposal=["fastställa internkontrollplanen"],
        clauses=["fastställa internkontrollplanen"],
        body="Internkontrollen gäller i år attest av fakturor och hanteringen av personuppgifter.",
    ),
)


def _economy_text(forbund: Forbund, day: dt.date, line: Timeline) -> tuple[str, str]:
    """The title and body of the meeting's economic report, as of the last month end before it (and not after
    the last month end before today: a report for the next meeting has only the outcome booked so far)."""
    on = min(day.replace(day=1) - dt.timedelta(days=1), line.last_month_end)
    report = finance_queries.economic_report(forbund, on.year, on)
    body = (
        f"Resultatet hittills i år är {kr(report.result_to_date)}. Prognosen för helåret är intäkter på "
        f"{kr(report.income_forecast)} och kostnader på {kr(report.cost_forecast)}, beslutade bidrag "
        f"inräknade. Det egna kapitalet beräknas till {kr(report.equity_end_forecast)} vid årets slut, och "
        f"utrymmet för nya insatser är {kr(report.room_for_new)}."
    )
    return f"Ekonomisk rapport per {on:%Y-%m-%d}", body


def _reports_to_note(ctx: Context, notice_day: dt.date) -> list[InsatsReport]:
    return list(
        InsatsReport.objects.filter(
            intervention__forbund=ctx.forbund, status=ReportStatus.SUBMITTED, submitted_on__lte=notice_day
        )
        .select_related("intervention")
        .order_by("submitted_on", "pk")
    )


def _reports_item(reports: list[InsatsReport], day: dt.date) -> Item:
    listing = "; ".join(
        f"{r.intervention.registration_no} {r.intervention.name}: {r.get_kind_display().lower()} "
        f"{r.period_start:%Y-%m-%d}–{r.period_end:%Y-%m-%d}"
        for r in reports
    )

    def note(paragraph: Paragraph) -> None:
        for report in reports:
            reporting_actions.note_report(None, report, day)

    clause = "tacka för rapporterna och lägga dem till handlingarna"
    return Item(
        "Rapporter från insatserna",
        background=listing,
        proposal=[clause],
        body=f"Kansliet har tagit emot: {listing}.",
        clauses=[clause],
        after=note,
    )


def _standard_start(ctx: Context, day: dt.date) -> list[Item]:
    adjuster = ctx.users["justerare"].get_full_name()
    items = [
        Item(
            "Val av justerare",
            kind=ItemKind.ELECTION,
            proposal=["utse _____ att jämte ordföranden justera protokollet"],
            clauses=[f"utse {adjuster} att jämte ordföranden justera protokollet"],
        ),
        Item("Godkännande av dagordningen", proposal=["godkänna dagordningen"], clauses=["godkänna dagordningen"]),
    ]
    if ctx.previous is not None:
        items.append(
            Item(
                "Föregående mötes protokoll",
                proposal=["lägga protokollet till handlingarna"],
                body=f"Protokollet från sammanträdet {ctx.previous:%Y-%m-%d} gicks igenom.",
                clauses=["lägga protokollet till handlingarna"],
            )
        )
    title, body = _economy_text(ctx.forbund, day, ctx.line)
    items.append(
        Item(title, background=body, proposal=["godkänna rapporten"], body=body, clauses=["godkänna rapporten"])
    )
    return items


def _standard_end(index: int) -> list[Item]:
    return [
        Item("Informationsärenden", kind=ItemKind.INFORMATION, body=INFORMATION[index % len(INFORMATION)]),
        Item("Övriga frågor", kind=ItemKind.OTHER_BUSINESS, body="Inga övriga frågor anmäldes."),
    ]


def _attendance(ctx: Context, minutes: Minutes, index: int) -> None:
    """All five ledamöter, except that Försäkringskassan's ledamot is away at every third meeting and her
    ersättare serves; the director and the secretary take part from the office."""
    for key, ledamot, office, ersattare, _login in BOARD:
        member = ctx.members[key]
        office_label = {BoardOffice.CHAIR: "ordförande", BoardOffice.VICE_CHAIR: "vice ordförande"}.get(office, "")
        if key == "fk" and index % 3 == 1:
            meeting_actions.record_attendance(
                None,
                minutes,
                person_name=ersattare,
                category=A.SERVING_DEPUTY,
                member=member,
                serving_for=ledamot,
                office="ersättare",
            )
        else:
            meeting_actions.record_attendance(
                None, minutes, person_name=ledamot, category=A.VOTING, member=member, office=office_label
            )
    for user, role in ((ctx.users["forbundschef"], "förbundschef"), (ctx.users["kansli"], "sekreterare")):
        meeting_actions.record_attendance(
            None,
            minutes,
            person_name=user.get_full_name(),
            category=A.OTHER,
            organisation=f"Samordningsförbundet, {role}",
        )


def _signed_with_bankid(slot, day: dt.date) -> None:
    """The förbund's signers sign with BankID through its e-signature service; Samordna records the signature with
    its reference. (The chair and the adjuster of the minutes awaiting justering sign in Samordna itself.)"""
    reference = f"bankid-{slot.minutes.meeting.date:%Y%m%d}-{slot.role.lower()}"
    meeting_actions.sign(None, slot, signer=RecordedSigner(BANKID, reference), signed_at=_at(day))


def _meeting(ctx: Context, day: dt.date, index: int, extra: list[Item], *, held: bool, adjusted: bool) -> Meeting:
    place = PLACE_NORSJO if index % 4 == 2 else PLACE
    meeting = meeting_actions.plan_meeting(
        None, ctx.forbund, date=day, start_time=dt.time(9, 0), end_time=dt.time(12, 0), place=place
    )
    notice_day = min(day - dt.timedelta(days=12), ctx.line.today - dt.timedelta(days=1))
    items = _standard_start(ctx, day) + extra
    reports = _reports_to_note(ctx, notice_day)
    if reports:
        items.append(_reports_item(reports, day))
    items += _standard_end(index)
    agenda: list[AgendaItem] = []
    for item in items:
        if item.application is not None:
            agenda.append(application_actions.put_on_agenda(None, item.application, meeting, proposal=item.proposal))
        else:
            agenda.append(
                meeting_actions.add_agenda_item(
                    None,
                    meeting,
                    kind=item.kind,
                    title=item.title,
                    background=item.background,
                    proposal=item.proposal,
                )
            )
    meeting_actions.send_notice(None, meeting, sent_on=notice_day)
    if not held:
        return meeting

    minutes = meeting_actions.start_minutes(None, meeting, adjustment_method=ADJUSTMENT, from_agenda=False)
    _attendance(ctx, minutes, index)
    for item, agenda_item in zip(items, agenda, strict=True):
        paragraph = meeting_actions.add_paragraph(
            None,
            minutes,
            title=agenda_item.title,
            body=item.body,
            decision_intro=INTRO if item.clauses else "",
            decision_clauses=item.clauses,
            agenda_item=agenda_item,
        )
        if item.after is not None:
            item.after(paragraph)
    users = ctx.users
    signers = (
        (SignerRole.CHAIR, users["styrelse"]),
        (SignerRole.SECRETARY, users["kansli"]),
        (SignerRole.ADJUSTER, users["justerare"]),
    )
    for role, user in signers:
        meeting_actions.set_signer(None, minutes, role=role, person_name=user.get_full_name(), user=user)
    meeting_actions.mark_ready(None, minutes)
    slots = {slot.role: slot for slot in minutes.signers.all()}
    _signed_with_bankid(slots[SignerRole.SECRETARY], day + dt.timedelta(days=4))
    if adjusted:
        _signed_with_bankid(slots[SignerRole.CHAIR], day + dt.timedelta(days=5))
        _signed_with_bankid(slots[SignerRole.ADJUSTER], day + dt.timedelta(days=6))
        posted = day + dt.timedelta(days=7)
        meeting_actions.post_certificate(
            None,
            Minutes.objects.get(pk=minutes.pk),
            posted_on=posted,
            taken_down_on=earliest_take_down(posted),
            storage_place=ctx.forbund.storage_place,
            signed_by=users["kansli"].get_full_name(),
        )
    return meeting


def _decision_items(ctx: Context) -> list[Item]:
    """The deciding meeting grants Jobbspåret, which becomes a running insats, and rejects Hälsolyftet."""
    day = ctx.line.deciding
    members = ctx.members
    start = _first_of_next_month(day)
    beredning = ctx.users["beredning"]
    jobb = _registered(
        ctx.forbund,
        members,
        Spec(
            title="Jobbspåret – väg till arbete med aktivitetsersättning",
            org_name="Skellefteå kommun",
            org_unit="Arbetsmarknadsavdelningen",
            org_number="212000-2643",
            contact_name="Malin Forsberg",
            signatory="Johan Lundgren",
            sections=JOBBSPARET,
            parties=("skelleftea", "fk", "af"),
            start=start,
            months=24,
            monthly={"personnel": 62_000, "other": 6_000},
        ),
        day - dt.timedelta(days=70),
    )
    application_actions.review(
        beredning, jobb, outcome=ReviewOutcome.RECOMMENDED, body=LSG, reviewed_on=day - dt.timedelta(days=21)
    )
    halso = _registered(
        ctx.forbund,
        members,
        Spec(
            title="Hälsolyftet – träning och kost för alla",
            org_name="Friskvårdsbolaget Norr AB",
            contact_name="Jonas Wikström",
            signatory="Jonas Wikström",
            sections=HALSOLYFTET,
            parties=("skelleftea", "region"),
            start=start,
            months=12,
            monthly={"personnel": 22_000, "premises": 6_000},
        ),
        day - dt.timedelta(days=55),
    )
    application_actions.review(
        beredning,
        halso,
        outcome=ReviewOutcome.ADVISED_AGAINST,
        body=LSG,
        reviewed_on=day - dt.timedelta(days=21),
        statement="Insatsen vänder sig till alla invånare och inte till personer som behöver samordnat stöd från "
        "flera parter för att nå arbete.",
    )
    jobb.refresh_from_db()
    halso.refresh_from_db()
    granted = sum(b.net for b in jobb.budget_years.all())
    end = add_months(start, 24) - dt.timedelta(days=1)

    def grant(paragraph: Paragraph) -> None:
        application_actions.decide(
            None,
            jobb,
            outcome=DecisionOutcome.GRANTED,
            decided_on=day,
            paragraph=paragraph,
            report_kinds=(ReportKind.QUARTERLY, ReportKind.FINAL),
        )
        jobb.refresh_from_db()
        insats = jobb.intervention
        if insats is None:
            raise RuntimeError("Ett beviljat ärende på blanketten ska ha blivit en insats.")
        _submit_reports(insats, ctx.line, overdue_kind="")
        ctx.insatser["jobb"] = insats

    def reject(paragraph: Paragraph) -> None:
        application_actions.decide(
            None,
            halso,
            outcome=DecisionOutcome.REJECTED,
            decided_on=day,
            paragraph=paragraph,
            motivation="Ansökan gäller friskvård för alla invånare. Förbundet finansierar samordnade "
            "rehabiliteringsinsatser för personer som behöver stöd från flera parter för att nå arbete, och "
            "beredningsgruppen avstyrker.",
        )

    clause = f"bevilja Skellefteå kommun {kr(granted)} för Jobbspåret under {start:%Y-%m-%d}–{end:%Y-%m-%d}"
    return [
        Item(
            jobb.title,
            application=jobb,
            proposal=[clause],
            body="Ansökan gäller en arbetsspecialist som håller ihop stödet till arbete för unga med "
            "aktivitetsersättning. Beredningsgruppen tillstyrker.",
            clauses=[clause, "insatsen rapporterar varje kvartal och lämnar en slutrapport"],
            after=grant,
        ),
        Item(
            halso.title,
            application=halso,
            proposal=["avslå ansökan"],
            body="Ansökan gäller träning och kostrådgivning för alla invånare. Beredningsgruppen avstyrker.",
            clauses=["avslå ansökan"],
            after=reject,
        ),
    ]


def _on_agenda(ctx: Context) -> Item:
    """Kliv in Norsjö, prepared by the preparatory group, for the next meeting."""
    today = ctx.line.today
    start = _first_of_next_month(ctx.line.upcoming + dt.timedelta(days=20))
    kliv = _registered(
        ctx.forbund,
        ctx.members,
        Spec(
            title="Kliv in Norsjö – samordnad ingång för unga vuxna",
            org_name="Norsjö kommun",
            org_unit="Individ- och familjeomsorgen",
            org_number="212000-2858",
            contact_name="Hanna Berglund",
            signatory="Mikael Sundqvist",
            sections=KLIV_IN,
            parties=("norsjo", "af", "region"),
            start=start,
            months=12,
            monthly={"personnel": 38_000, "premises": 2_500, "other": 2_000},
        ),
        today - dt.timedelta(days=40),
    )
    application_actions.review(
        ctx.users["beredning"],
        kliv,
        outcome=ReviewOutcome.RECOMMENDED_WITH_CONDITIONS,
        body=LSG,
        reviewed_on=today - dt.timedelta(days=9),
        statement="Beredningsgruppen tillstyrker, under förutsättning att Arbetsförmedlingen medverkar på plats "
        "och att en halvårsrapport lämnas innan parterna tar ställning till fortsatt drift.",
    )
    kliv.refresh_from_db()
    amount = sum(b.net for b in kliv.budget_years.all())
    return Item(
        kliv.title,
        application=kliv,
        proposal=[f"bevilja Norsjö kommun {kr(amount)} för Kliv in Norsjö", "insatsen lämnar en halvårsrapport"],
    )


def _applications_before_the_board(ctx: Context, sokande: User) -> None:
    """The application with the preparatory group, the one waiting for the office, and the applicant's draft."""
    today = ctx.line.today
    forbund, members = ctx.forbund, ctx.members
    _registered(
        forbund,
        members,
        Spec(
            title="Arbetsträning i Återbruket",
            org_name="Föreningen Återbruket Skellefteå",
            contact_name="Anna-Karin Öberg",
            signatory="Leif Marklund",
            sections=ATERBRUKET,
            parties=("skelleftea", "af", "fk"),
            start=_first_of_next_month(today + dt.timedelta(days=45)),
            months=18,
            monthly={"personnel": 34_000, "other": 3_000},
        ),
        today - dt.timedelta(days=18),
    )
    nordsken = "Nordsken ekonomisk förening"
    steget = _create(
        forbund,
        members,
        Spec(
            title="Steget före – matchning till sociala företag",
            org_name=nordsken,
            contact_name=sokande.get_full_name(),
            signatory=sokande.get_full_name(),
            sections=STEGET_FORE,
            parties=("skelleftea", "af", "region"),
            start=_first_of_next_month(today + dt.timedelta(days=60)),
            months=24,
            monthly={"personnel": 41_000, "other": 4_000},
            lump={"evaluation": 60_000},
        ),
        sokande,
    )
    # Sent two days ago: its arrival date is the office's record of that day.
    application_actions.submit(None, steget, received_date=today - dt.timedelta(days=2))
    _create(
        forbund,
        members,
        Spec(
            title=MARKER_TITLE,
            org_name=nordsken,
            contact_name=sokande.get_full_name(),
            sections={
                "background": "Vistelse i natur och trädgård kan hjälpa personer med utmattning att komma tillbaka "
                "till ett arbetsliv.",
                "purpose": "Att pröva om ett naturnära upplägg passar som försteg före arbetsträning.",
            },
            parties=("skelleftea", "region"),
            start=_first_of_next_month(today + dt.timedelta(days=90)),
            months=6,
            monthly={"personnel": 25_000},
        ),
        sokande,
    )


def _load_meetings(ctx: Context, sokande: User) -> None:
    line = ctx.line
    topics = iter(TOPICS * 3)
    for index, day in enumerate(line.held):
        extra: list[Item] = []
        if day == line.deciding:
            extra = _decision_items(ctx)
        elif day != line.recent:
            extra = [next(topics)]
        _meeting(ctx, day, index, extra, held=True, adjusted=day != line.recent)
        ctx.previous = day
    # Applications that arrived after the recent meeting: one for the next meeting, one with the preparatory group,
    # one waiting to be registered and the applicant's draft.
    agenda_item = _on_agenda(ctx)
    _applications_before_the_board(ctx, sokande)
    _meeting(ctx, line.upcoming, len(line.held), [agenda_item], held=False, adjusted=False)
    for day in line.planned:
        if not Meeting.objects.filter(forbund=ctx.forbund, date=day, kind="BOARD").exists():
            meeting_actions.plan_meeting(
                None, ctx.forbund, date=day, start_time=dt.time(9, 0), end_time=dt.time(12, 0), place=PLACE
            )


# --- Loading ---------------------------------------------------------------------------------------


def load(stdout=None, today: dt.date | None = None) -> None:
    """Load the present of Skellefteå-Norsjö once, relative to `today`."""
    forbund = Forbund.objects.filter(slug=SLUG).first()
    if forbund is None:
        return
    if Application.objects.filter(forbund=forbund, title=MARKER_TITLE).exists():
        return
    today = today or timezone.localdate()
    _load(forbund, timeline(today))
    if stdout is not None:
        stdout.write(
            f"Skellefteå-Norsjö i nuet: ekonomi, ansökningar, sammanträden och rapporter per {today:%Y-%m-%d}."
        )


@transaction.atomic
def _load(forbund: Forbund, line: Timeline) -> None:
    members = skelleftea_members(forbund)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "styrelse",
                "justerare",
                "ledamot-region",
                "ledamot-fk",
                "ledamot-af",
                "kansli",
                "beredning",
                "sokande",
                "forbundschef",
            ]
        )
    }
    _load_board(forbund, members, users, [*line.held, line.upcoming, *line.planned])
    insatser = _running_insatser(forbund, members, line)
    _load_finance(forbund, members, insatser, line)
    ctx = Context(forbund, members, users, line, insatser)
    _load_meetings(ctx, users["sokande"])
