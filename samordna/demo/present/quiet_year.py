"""An ordinary year for the förbund that have no present of their own: Uppsala län, Östra Östergötland and
Kävlinge-Lomma.

Skellefteå-Norsjö's present shows every stage of the board's and the office's work; here each of the other förbund
gets what any förbund has in an ordinary year, dated from the day the demo runs: the board of the current term,
last year's and this year's budget with the outcome to last month, the members' contributions, this year's board
meetings (those held are justered and posted), an application waiting for the preparatory group and an indicator
survey. They send no invoices: none of them has entered its bankgiro and the members' invoice addresses, which an
invoice needs (Skellefteå-Norsjö's present shows the invoices). Kävlinge-Lomma, which the source documents give
no insatser in the present, also runs one with participants, so that its statistics have something to show.

Nothing here comes from the source documents beyond the förbund and their members: the people, figures and texts
are the demo's own. Every write goes through the apps' actions. Loading again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samordna.applications import actions as application_actions
from samordna.applications.models import Application
from samordna.finance import actions as finance_actions
from samordna.finance import queries as finance_queries
from samordna.finance.models import BudgetLine, LineCategory, month_end
from samordna.instruments import actions as instrument_actions
from samordna.instruments.models import IndicatorSurvey
from samordna.interventions import actions as intervention_actions
from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib.formats import kr, whole_kronor
from samordna.meetings import actions as meeting_actions
from samordna.meetings.models import AttendanceCategory as A
from samordna.meetings.models import ItemKind, Meeting, Minutes, SignerRole
from samordna.meetings.queries import earliest_take_down
from samordna.meetings.signing import RecordedSigner
from samordna.openentry import actions as openentry_actions
from samordna.openentry.models import PlacementAgreement, PlacementKind
from samordna.participants.models import Participation
from samordna.reporting import actions as reporting_actions
from samordna.reporting.models import AuditDocumentKind, InsatsReport, ReportKind, ReportStatus
from samordna.reporting.schedule import add_months
from samordna.tenancy.models import (
    BoardOffice,
    BoardRole,
    BoardSeat,
    Forbund,
    Member,
    PartyType,
    term_for_election,
)

from ..users import PRESENT_HANDLER_QUIET
from .skelleftea import WAVE, Spec, _create, _election_year, add_seat_pair
from .uppsala import PresentInsats, _scale, fill_insats

INTRO = "Samordningsförbundet beslutar"
SKELLEFTEA = "skelleftea-norsjo"
SEED = 13  # Kävlinge-Lomma's participants
SURVEY_CODE = "indikatorer-struktur"  # its survey is written last: when it exists, the year is loaded


@dataclass(frozen=True)
class Quiet:
    slug: str
    short: str  # the förbund's name in texts
    place: str
    weekday: int  # the board meets on this weekday (Monday 0)
    total: int  # the members' contributions this year, in kronor
    population: dict[str, int]  # the kommuner's key: rounded population by SCB code
    board: tuple[tuple[str, str], ...]  # (ledamot, ersättare), one pair per member in the order of `members`
    secretary: str
    application: str  # the title of the application waiting for the preparatory group
    applicant: str  # the organisation applying
    seed: int
    owing: str = ""  # the insats whose latest half-year report is still owed (default: the first running)


FORBUND = (
    Quiet(
        slug="uppsala-lan",
        short="Uppsala län",
        place="Förbundets kansli, Uppsala",
        weekday=4,
        total=27_600_000,
        population={
            "0380": 245_000,
            "0381": 47_000,
            "0382": 22_000,
            "0305": 22_000,
            "0330": 20_000,
            "0360": 21_000,
            "0331": 14_000,
            "0319": 9_500,
        },
        board=(
            ("Agneta Lundgren", "Björn Hallberg"),
            ("Cecilia Forsman", "David Ekholm"),
            ("Elin Sjöberg", "Fredrik Nyqvist"),
            ("Gunilla Åberg", "Hampus Lindvall"),
            ("Ida Berglund", "Jonas Wallin"),
            ("Karin Östlund", "Lars Hedlund"),
            ("Maria Sundqvist", "Nils Engström"),
            ("Olle Blomqvist", "Petra Nordlund"),
            ("Rebecka Holm", "Samuel Eklund"),
            ("Therese Lind", "Ulf Dahlberg"),
            ("Viktoria Strand", "Åke Sandberg"),
        ),
        secretary="Linnea Kansli",
        application="Arbetsgivarnätverk i norra Uppland",
        applicant="Tierps kommun, arbetsmarknadsenheten",
        seed=11,
        owing="En väg in – steget vidare",
    ),
    Quiet(
        slug="ostra-ostergotland",
        short="Östra Östergötland",
        place="Förbundets kansli, Norrköping",
        weekday=2,
        total=13_200_000,
        population={"0581": 145_000, "0582": 14_500, "0563": 7_500},
        board=(
            ("Anna Kvist", "Bo Melin"),
            ("Camilla Rydén", "Daniel Borg"),
            ("Emma Fält", "Filip Lundin"),
            ("Greta Hammar", "Henrik Sahlin"),
            ("Isak Törn", "Johanna Vik"),
            ("Kristina Ljung", "Leif Alm"),
        ),
        secretary="Maja Kanslist",
        application="Stöd till unga med aktivitetsersättning i Söderköping",
        applicant="Söderköpings kommun, socialtjänsten",
        seed=12,
    ),
    Quiet(
        slug="kavlinge-lomma",
        short="Kävlinge-Lomma",
        place="FINSAM Kävlinge-Lomma, Lomma",
        weekday=1,
        total=4_400_000,
        population={"1261": 33_000, "1262": 25_000},
        board=(
            ("Astrid Månsson", "Bengt Persson"),
            ("Carina Nilsson", "Dan Olsson"),
            ("Eva Jönsson", "Folke Bengtsson"),
            ("Gerd Larsson", "Hans Ohlsson"),
            ("Inger Svensson", "Jan Mattsson"),
        ),
        secretary="Klara Kansli",
        application="Hälsofrämjande stöd för sjukskrivna i Kävlinge",
        applicant="Kävlinge kommun, arbetsmarknadsavdelningen",
        seed=13,
    ),
)

# The insats Kävlinge-Lomma runs in the present, with the participants of its last years.
KL_INSATS = "Vägar framåt Kävlinge-Lomma"
KL_STAYS = PresentInsats(
    name=KL_INSATS,
    owner="Lomma kommun",
    partners=(),
    start=lambda today: dt.date(today.year - 2, 3, 1),
    number=0,
    per_month=1.6,
    referrers={"KOMMUN": 38, "AF": 26, "FK": 18, "REGION": 12, "EGEN": 6},
    kommuner={"1261": 57, "1262": 43},
    ages=(20, 64),
    planned_per_year=20,
    staff=2,
    handler=PRESENT_HANDLER_QUIET,
)


def _members(forbund: Forbund) -> list[Member]:
    """The members in a fixed order: Försäkringskassan, Arbetsförmedlingen, the region(s), the kommuner by code."""
    order: dict[str, int] = {PartyType.FK: 0, PartyType.AF: 1, PartyType.REGION: 2, PartyType.KOMMUN: 3}
    members = list(Member.objects.filter(forbund=forbund, left__isnull=True).select_related("kommun"))
    return sorted(members, key=lambda m: (order.get(m.party_type, 9), m.kommun.code if m.kommun else "", m.name))


def _key(member: Member) -> str:
    return member.kommun.code if member.kommun else member.party_type.lower()


def load(stdout=None, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    skelleftea = Forbund.objects.filter(slug=SKELLEFTEA).first()
    if skelleftea is not None and not IndicatorSurvey.objects.filter(forbund=skelleftea, code=SURVEY_CODE).exists():
        with transaction.atomic():
            _audit(skelleftea, today)
            _survey(skelleftea)
    for quiet in FORBUND:
        forbund = Forbund.objects.filter(slug=quiet.slug).first()
        if forbund is None or IndicatorSurvey.objects.filter(forbund=forbund, code=SURVEY_CODE).exists():
            continue
        with transaction.atomic():
            _load(forbund, quiet, today)
        if stdout is not None:
            stdout.write(f"{quiet.short} i nuet: budget, bidrag, sammanträden och en ansökan per {today:%Y-%m-%d}.")


def _load(forbund: Forbund, quiet: Quiet, today: dt.date) -> None:
    members = _members(forbund)
    chair, adjuster = _board(forbund, quiet, members, today)
    insatser = _running(forbund, quiet, members, today)
    _finance(forbund, quiet, members, insatser, today)
    _application(forbund, quiet, members, today)
    _meetings(forbund, quiet, today, chair, adjuster)
    _reports(insatser, today, quiet.owing)
    if quiet.slug == "ostra-ostergotland":
        _placements(forbund, today)
    _scale(forbund)
    _survey(forbund)


def _survey(forbund: Forbund) -> None:
    instrument_actions.define_survey(
        None,
        forbund,
        code=SURVEY_CODE,
        title="Indikatorer för strukturinsatser",
        respondent_group="Medverkande personal hos parterna",
        questions=[
            "Jag vet vilka insatser förbundet finansierar.",
            "Samverkan mellan parterna har gett mig nya sätt att arbeta.",
            "Jag vet vem jag ska kontakta hos de andra parterna.",
            "Parternas chefer stödjer samverkan i vardagen.",
        ],
        target_percent=70,
    )


# --- Reports, placements and audit --------------------------------------------------------------

SUMMARIES = (
    "Verksamheten har följt planen. Deltagarna har fått en gemensam planering inom en månad.",
    "Några deltagare har gått vidare till arbete eller studier; samverkan med arbetsgivarna har ökat.",
    "En personalförändring under perioden har hanterats utan uppehåll för deltagarna.",
)


def _reports(insatser: list[Intervention], today: dt.date, owing: str) -> None:
    """Insatser without report requirements get half-year, annual and final reports; those past due are handed
    in a few days early, except the latest half-year report of one insats (`owing`, or the first), still owed."""
    owing = owing or (insatser[0].name if insatser else "")
    for intervention in insatser:
        if not InsatsReport.objects.filter(intervention=intervention).exists():
            reporting_actions.set_requirements(
                None, intervention, kinds=(ReportKind.HALF_YEAR, ReportKind.ANNUAL, ReportKind.FINAL)
            )
        past_due = InsatsReport.objects.filter(
            intervention=intervention, due_date__lt=today, status=ReportStatus.DUE
        ).order_by("due_date", "kind")
        owed = past_due.filter(kind=ReportKind.HALF_YEAR).last() if intervention.name == owing else None
        for index, report in enumerate(past_due):
            if report == owed or report.kind == ReportKind.FINAL:
                continue
            on = max(report.due_date - dt.timedelta(days=5), report.period_end + dt.timedelta(days=1))
            if on > today:
                continue
            reporting_actions.save_answers(None, report, {"summary": SUMMARIES[index % len(SUMMARIES)]})
            report = reporting_actions.submit_report(None, report, on)
            reporting_actions.note_report(None, report, min(on + dt.timedelta(days=21), today))


def _placements(forbund: Forbund, today: dt.date) -> None:
    """Two of Plattform Norrköping's participants in work training at the social enterprise the förbund has an
    agreement with."""
    agreement = PlacementAgreement.objects.filter(forbund=forbund).order_by("valid_from").first()
    if agreement is None:
        return
    stays = Participation.objects.filter(
        intervention__forbund=forbund, discharge_date__isnull=True, enrolment_date__lt=today - dt.timedelta(days=14)
    ).order_by("enrolment_date")[:2]
    for stay in stays:
        openentry_actions.add_placement(
            None,
            stay,
            agreement=agreement,
            kind=PlacementKind.WORK_TRAINING,
            started_on=max(stay.enrolment_date + dt.timedelta(days=7), agreement.valid_from),
            supervisor="Handledare på Returverket",
        )


def _audit(forbund: Forbund, today: dt.date) -> None:
    """The auditors' report on last year, received in the spring; the board answered, one recommendation is
    dealt with and one waits for the autumn's work."""
    year = today.year - 1
    received = _weekday_on_or_after(dt.date(today.year, 4, 8))
    if received > today:
        return
    document = reporting_actions.register_audit_document(
        None,
        forbund,
        kind=AuditDocumentKind.AUDIT_REPORT,
        year=year,
        title=f"Revisionsberättelse för {year}",
        received_on=received,
        summary="Revisorerna bedömer att verksamheten har skötts ändamålsenligt och att räkenskaperna är rättvisande.",
        recommends_discharge=True,
        response_due=received + dt.timedelta(days=60),
        recommendations=(
            "Följ upp insatsernas resultat mot förbundets mål i varje delårsrapport.",
            "Dokumentera hur internkontrollen av attester har genomförts.",
        ),
    )
    answered = min(received + dt.timedelta(days=30), today)
    reporting_actions.respond_to_audit(
        None,
        document,
        text="Styrelsen tackar för rekommendationerna och redovisar åtgärderna i delårsrapporten.",
        approved_on=answered,
        approved_by="Styrelsens presidium",
        sent_on=answered,
    )
    first = document.recommendations.order_by("pk").first()
    if first is not None:
        reporting_actions.complete_recommendation(
            None,
            first,
            "Delårsrapporten redovisar nu varje insats mot målen.",
            min(answered + dt.timedelta(days=60), today),
        )
    # This autumn's review of the internal control, waiting for the board's answer.
    review_received = today - dt.timedelta(days=18)
    if review_received.year == today.year:
        reporting_actions.register_audit_document(
            None,
            forbund,
            kind=AuditDocumentKind.AUDIT_REVIEW,
            year=today.year,
            title=f"Granskning av intern kontroll {today.year}",
            received_on=review_received,
            summary="Revisorerna har granskat hur förbundet följer upp sin internkontrollplan.",
            response_due=review_received + dt.timedelta(days=60),
            recommendations=("Fastställ internkontrollplanen före årets början.",),
        )


# --- The board of the current term -----------------------------------------------------------------


def _board(forbund: Forbund, quiet: Quiet, members: list[Member], today: dt.date) -> tuple[str, str]:
    """The board of the term covering today (one ledamot and ersättare per member); the chair and the first
    ordinary ledamot, who justers the minutes."""
    start, end = term_for_election(_election_year(today))
    taken = set(
        BoardSeat.objects.filter(member__forbund=forbund, term_start=start).values_list("person_name", flat=True)
    )
    for index, (member, (ledamot, ersattare)) in enumerate(zip(members, quiet.board, strict=False)):
        if ledamot in taken:
            continue
        office = {0: BoardOffice.CHAIR, 2: BoardOffice.VICE_CHAIR}.get(index, BoardOffice.NONE)
        add_seat_pair(member, ledamot, ersattare, office, (start, end))
    return quiet.board[0][0], quiet.board[1][0]


# --- Insatser --------------------------------------------------------------------------------------


def _running(forbund: Forbund, quiet: Quiet, members: list[Member], today: dt.date) -> list[Intervention]:
    """The individual insatser running this year; Kävlinge-Lomma's own insats is created here, with its stays."""
    if quiet.slug == "kavlinge-lomma" and not Intervention.objects.filter(forbund=forbund, name=KL_INSATS).exists():
        _kavlinge_lomma_insats(forbund, members, today)
    first = dt.date(today.year, 1, 1)
    running = Intervention.objects.filter(forbund=forbund, kind=InterventionKind.INDIVIDUAL, start_date__lte=today)
    return [i for i in running.order_by("registration_no") if i.end_date is None or i.end_date >= first]


def _kavlinge_lomma_insats(forbund: Forbund, members: list[Member], today: dt.date) -> Intervention:
    by_key = {_key(m): m for m in members}
    start = KL_STAYS.start(today)
    intervention = intervention_actions.create_intervention(
        None,
        forbund,
        owner=by_key["1262"],
        partners=[by_key["1261"], by_key["fk"], by_key["af"], by_key["region"]],
        registration_year=start.year - 1,
        name=KL_INSATS,
        kind=InterventionKind.INDIVIDUAL,
        start_date=start,
        end_date=dt.date(today.year + 1, 2, 28),
        target_group="Personer 20–64 år i Kävlinge och Lomma som står långt från arbetsmarknaden och behöver "
        "stöd från flera parter samtidigt.",
        age_min=20,
        age_max=64,
        description="En koordinator och en arbetsspecialist arbetar med handläggare från parterna i ett "
        "gemensamt team.",
    )
    fill_insats(forbund, intervention, KL_STAYS, today, SEED)
    return intervention


# --- The economy -----------------------------------------------------------------------------------


def _contributions(quiet: Quiet, members: list[Member], year: int, total: int) -> None:
    """Försäkringskassan half (Arbetsförmedlingen's share included), the region(s) a quarter, the kommuner a
    quarter by population."""
    quarter = total // 4
    kommuner = [m for m in members if m.party_type == PartyType.KOMMUN and m.kommun]
    regions = [m for m in members if m.party_type == PartyType.REGION]
    keys = {m.pk: quiet.population.get(m.kommun.code if m.kommun else "", 10_000) for m in kommuner}
    left = quarter
    for number, member in enumerate(kommuner):
        last = number == len(kommuner) - 1
        amount = left if last else whole_kronor(quarter * keys[member.pk] / sum(keys.values()))
        left -= amount
        finance_actions.set_contribution(None, member, year, amount, keys[member.pk])
    for number, member in enumerate(regions):
        share = quarter // len(regions)
        finance_actions.set_contribution(None, member, year, quarter - share * number if number == 0 else share)
    for member in members:
        if member.party_type == PartyType.FK:
            finance_actions.set_contribution(None, member, year, total - 2 * quarter)
        elif member.party_type == PartyType.AF:
            finance_actions.set_contribution(None, member, year, 0)


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _active_months(intervention: Intervention, year: int) -> list[int]:
    end = intervention.end_date or dt.date(year, 12, 31)
    return [
        m
        for m in range(1, 13)
        if intervention.start_date <= month_end(dt.date(year, m, 1)) and dt.date(year, m, 1) <= end
    ]


def _lines(total: int, insatser: list[Intervention], year: int) -> list[tuple[str, str, str, int, Intervention | None]]:
    """(code, label, category, amount, insats): the office costs about a fifth of the money, the rest the insatser."""
    rows: list[tuple[str, str, str, int, Intervention | None]] = [
        ("medlemsbidrag", "Bidrag från huvudmännen", LineCategory.CONTRIBUTIONS, total, None),
        ("adm-personal", "Kansli: personal", LineCategory.PERSONNEL, whole_kronor(total * 0.12), None),
        ("adm-lokaler", "Kansli: lokaler", LineCategory.PREMISES, whole_kronor(total * 0.02), None),
        ("adm-kring", "Kansli: IT, telefon och material", LineCategory.ADMIN_OTHER, whole_kronor(total * 0.02), None),
        ("adm-styrelse", "Styrelse- och revisorsarvoden", LineCategory.BOARD, whole_kronor(total * 0.02), None),
        ("samverkan", "Kompetensutveckling och samverkan", LineCategory.OTHER_COST, whole_kronor(total * 0.04), None),
    ]
    share = [i for i in insatser if _active_months(i, year)]
    for number, intervention in enumerate(share, start=1):
        months = len(_active_months(intervention, year))
        amount = whole_kronor(total * 0.7 / len(share) * months / 12 / 1000) * 1000
        rows.append((f"insats-{number}", intervention.name, LineCategory.INTERVENTION, amount, intervention))
    return rows


def _actuals(line: BudgetLine, months: int, *, by_quarter: bool) -> int:
    year = line.budget_year.year
    intervention = line.intervention
    active = _active_months(intervention, year) if intervention else list(range(1, 13))
    steady = line.category == LineCategory.CONTRIBUTIONS

    def monthly(month: int) -> float:
        if month not in active:
            return 0.0
        return line.amount / len(active) * (1 if steady else WAVE[month - 1])

    span = 3 if by_quarter else 1
    total = 0
    for first in range(1, months + 1, span):
        amount = whole_kronor(sum(monthly(m) for m in range(first, first + span)))
        if amount:
            finance_actions.record_actual(
                None, line, dt.date(year, first, 1), month_end(dt.date(year, first + span - 1, 1)), amount
            )
        total += amount
    return total


def _finance(forbund: Forbund, quiet: Quiet, members: list[Member], insatser: list[Intervention], today: dt.date):
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    equity = whole_kronor(quiet.total * 0.18)
    for year, total in ((today.year - 1, whole_kronor(quiet.total * 0.97)), (today.year, quiet.total)):
        _contributions(quiet, members, year, total)
        budget_year = finance_actions.save_budget_year(
            None,
            forbund,
            year,
            equity_start=equity,
            note=f"Eget kapital vid årets början enligt bokslutet för {year - 1}." if year == today.year else "",
        )
        months = 12 if year < today.year else last_month_end.month if last_month_end.year == year else 0
        result = 0
        for code, label, category, amount, intervention in _lines(total, insatser, year):
            line = finance_actions.save_budget_line(
                None, budget_year, code=code, label=label, category=category, amount=amount, intervention=intervention
            )
            entered = _actuals(line, months, by_quarter=year < today.year)
            result += entered if line.kind == "INCOME" else -entered
        equity += result


# --- An application --------------------------------------------------------------------------------


def _sections(quiet: Quiet) -> dict[str, str]:
    return dict(
        background=f"Parterna i {quiet.short} möter många som behöver stöd från flera håll samtidigt, men stödet "
        "ges i dag var för sig.",
        purpose="Att deltagarna får en samordnad väg mot arbete eller studier.",
        goals="Trettio deltagare under projekttiden; minst en tredjedel går till arbete eller studier.",
        target_group="Personer 20–64 år som har haft kontakt med minst två av parterna det senaste året.",
        added_value="Ingen part kan ge stödet ensam; myndighetsutövningen ligger kvar hos parterna.",
        organisation="Projektägaren leder arbetet; en styrgrupp med en chef från varje part följer det.",
        cooperation="Handläggare från Försäkringskassan och Arbetsförmedlingen deltar i gemensamma möten.",
        activities="Kartläggning, samordnad planering, stöd på arbetsplatsen och uppföljning.",
        obstacles="Det kan vara svårt att hitta arbetsplatser; projektet samarbetar med näringslivet.",
        time_plan="Rekrytering de första två månaderna, deltagare därefter, slutrapport efter projekttiden.",
        gender_equality="Andelen kvinnor och män följs varje halvår och jämförs med målgruppen.",
        accessibility="Lokalerna är tillgängliga och informationen finns på lättläst svenska.",
        diversity="Tolk används vid behov.",
        evaluation="Halvårsrapporter och en slutrapport; utfallen följs med förbundets indikatorer.",
        implementation="Arbetssättet ska föras in i projektägarens ordinarie verksamhet efter projekttiden.",
        costs="En tjänst som koordinator samt resor och material. Bara merkostnader.",
    )


def _application(forbund: Forbund, quiet: Quiet, members: list[Member], today: dt.date) -> Application | None:
    if Application.objects.filter(forbund=forbund, title=quiet.application).exists():
        return None
    by_key = {_key(m): m for m in members}
    start = add_months(today.replace(day=1), 3)
    spec = Spec(
        title=quiet.application,
        org_name=quiet.applicant,
        sections=_sections(quiet),
        parties=tuple(k for k in ("fk", "af") if k in by_key),
        start=start,
        months=18,
        monthly={"personnel": 52_000, "other": 4_000},
        contact_name="Projektledaren",
        signatory="Verksamhetschefen",
    )
    application = _create(forbund, by_key, spec)
    received = _weekday_on_or_after(today - dt.timedelta(days=9))
    application_actions.submit(None, application, received_date=min(received, today))
    application_actions.start_preparation(None, application)
    return application


# --- The board's meetings of the year -------------------------------------------------------------

MONTHS = (2, 3, 5, 6, 9, 10, 11, 12)


def _second_weekday(year: int, month: int, weekday: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=1)


def _economy_text(forbund: Forbund, day: dt.date, today: dt.date) -> tuple[str, str]:
    on = min(day.replace(day=1), today.replace(day=1)) - dt.timedelta(days=1)
    report = finance_queries.economic_report(forbund, on.year, on)
    body = (
        f"Resultatet hittills i år är {kr(report.result_to_date)}. Det egna kapitalet beräknas till "
        f"{kr(report.equity_end_forecast)} vid årets slut, och utrymmet för nya insatser är "
        f"{kr(report.room_for_new)}."
    )
    return f"Ekonomisk rapport per {on:%Y-%m-%d}", body


def _meetings(forbund: Forbund, quiet: Quiet, today: dt.date, chair: str, adjuster: str) -> None:
    yesterday = today - dt.timedelta(days=1)
    for month in MONTHS:
        day = _second_weekday(today.year, month, quiet.weekday)
        if Meeting.objects.filter(forbund=forbund, date=day, kind="BOARD").exists():
            continue
        meeting = meeting_actions.plan_meeting(
            None, forbund, date=day, start_time=dt.time(13, 0), end_time=dt.time(16, 0), place=quiet.place
        )
        if day - dt.timedelta(days=12) > yesterday:
            continue  # later in the year: planned, with no agenda yet
        title, body = _economy_text(forbund, day, today)
        items = [
            (ItemKind.ELECTION, "Val av justerare", f"utse {adjuster} att jämte ordföranden justera protokollet", ""),
            (ItemKind.DECISION, "Godkännande av dagordningen", "godkänna dagordningen", ""),
            (ItemKind.DECISION, title, "godkänna rapporten", body),
            (ItemKind.INFORMATION, "Informationsärenden", "", "Förbundschefen berättar om arbetet i insatserna."),
            (ItemKind.OTHER_BUSINESS, "Övriga frågor", "", "Inga övriga frågor anmäldes."),
        ]
        agenda = [
            meeting_actions.add_agenda_item(
                None, meeting, kind=kind, title=text, background=body, proposal=[clause] if clause else []
            )
            for kind, text, clause, body in items
        ]
        meeting_actions.send_notice(None, meeting, sent_on=min(day - dt.timedelta(days=12), yesterday))
        if day > yesterday:
            continue  # the next meeting: its notice is out
        minutes = meeting_actions.start_minutes(None, meeting, adjustment_method="Digital signering", from_agenda=False)
        _attendance(forbund, minutes)
        for (_kind, _text, clause, body), agenda_item in zip(items, agenda, strict=True):
            meeting_actions.add_paragraph(
                None,
                minutes,
                title=agenda_item.title,
                body=body,
                decision_intro=INTRO if clause else "",
                decision_clauses=[clause] if clause else [],
                agenda_item=agenda_item,
            )
        for role, name in (
            (SignerRole.CHAIR, chair),
            (SignerRole.SECRETARY, quiet.secretary),
            (SignerRole.ADJUSTER, adjuster),
        ):
            meeting_actions.set_signer(None, minutes, role=role, person_name=name)
        meeting_actions.mark_ready(None, minutes)
        for number, slot in enumerate(minutes.signers.order_by("role"), start=1):
            signed = min(day + dt.timedelta(days=2 + number), yesterday)
            reference = f"bankid-{day:%Y%m%d}-{slot.role.lower()}"
            meeting_actions.sign(
                None,
                slot,
                signer=RecordedSigner("BankID", reference),
                signed_at=timezone.make_aware(dt.datetime.combine(signed, dt.time(17, 0))),
            )
        posted = min(day + dt.timedelta(days=7), yesterday)
        meeting_actions.post_certificate(
            None,
            Minutes.objects.get(pk=minutes.pk),
            posted_on=posted,
            taken_down_on=earliest_take_down(posted),
            storage_place=forbund.storage_place or quiet.place,
            notice_board=forbund.notice_board or "Förbundets digitala anslagstavla",
            signed_by=quiet.secretary,
        )


def _attendance(forbund: Forbund, minutes: Minutes) -> None:
    """Every ledamot of the term is present and votes."""
    term_seats = BoardSeat.objects.filter(
        member__forbund=forbund,
        role=BoardRole.LEDAMOT,
        term_start__lte=minutes.meeting.date,
        term_end__gte=minutes.meeting.date,
    ).select_related("member")
    offices: dict[str, str] = {BoardOffice.CHAIR: "ordförande", BoardOffice.VICE_CHAIR: "vice ordförande"}
    for seat in term_seats.order_by("pk"):
        meeting_actions.record_attendance(
            None,
            minutes,
            person_name=seat.person_name,
            category=A.VOTING,
            member=seat.member,
            office=offices.get(seat.office, ""),
        )
