"""Every participant statistic and report of a förbund, counted and grouped by the database.

Each function returns a report built from counts and the containers of `suppression` (Cell, Group, Table, Share,
Verdict, Money); `suppression.publish` then makes it exact or protected for its reader. Every count of people is a
`Cell`: the database counts the records and sums their record keys in the same grouped query (`counted`). Python
only arranges the few grouped rows the database returns; it never walks over participants. Participations
discharged with FELREGISTRERING are excluded from every figure (R28).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, NullIf
from django.utils import timezone

from samordna.finance.models import (
    Actual,
    BudgetLine,
    BudgetYear,
    Contribution,
    Financier,
    InterventionBudgetLine,
    LineCategory,
    month_end,
)
from samordna.instruments.models import IndicatorSurvey, SurveyAnswer, Who5
from samordna.interventions.models import GoalIndicator, Intervention, InterventionKind, VolumeCount
from samordna.participants.codes import (
    DischargeReason,
    FollowUpKind,
    IncomeSource,
    OccupationAfter,
    OccupationBefore,
    Referrer,
    Sex,
)
from samordna.participants.models import (
    FOLLOW_UP_MONTHS,
    REVIEW_MONTHS,
    ActionPlanRevision,
    FollowUp,
    Participation,
)
from samordna.reporting.schedule import add_months
from samordna.tenancy.models import Forbund, PartyType

from .suppression import Cell, Group, Money, Share, Table, Verdict

# DOMAIN.md §6.1: the default age bands (a band with no upper limit is open) and the youth group.
DEFAULT_AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (16, 19),
    (20, 24),
    (25, 29),
    (30, 44),
    (45, 54),
    (55, 64),
    (65, None),
)
YOUTH = (16, 29)
WORK_OR_STUDIES = (OccupationAfter.ARBETE, OccupationAfter.SUBVENTIONERAT_ARBETE, OccupationAfter.STUDIER)
UNKNOWN = "OKAND"
TERTIALS = {"T1": (1, 4), "T2": (5, 8), "T3": (9, 12)}
HALF_YEARS = {"H1": (1, 6), "H2": (7, 12)}
WHO5_SIGNIFICANT = 10


EMPTY = Cell(0)


def counted(
    name: str, condition: Q | None = None, *, persons: str | None = None, key: str = "record_key", keyed: bool = True
) -> dict:
    """The annotations of one `Cell` named `name`: the records under `condition` (or the distinct `persons` among
    them) and the sum of their record keys. A person counted once with two stays adds both stays' keys: the cell's
    key follows the set of stays it rests on. Without `keyed` (a report for exact readers) the keys are left out."""
    number = Count(persons, distinct=True, filter=condition) if persons else Count("pk", filter=condition)
    if not keyed:
        return {name: number}
    return {name: number, f"{name}_key": Coalesce(Sum(key, filter=condition), Value(0))}


def cell(row: Mapping[str, Any], name: str) -> Cell:
    if f"{name}_key" not in row:
        return Cell(row[name], 0, keyed=False)
    return Cell(row[name], row[f"{name}_key"])


def cells(row: Mapping[str, Any], names: Iterable[str]) -> dict[str, Cell]:
    return {name: cell(row, name) for name in names}


def band_label(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else f"{low}–{high}"


def parse_age_bands(text: str) -> tuple[tuple[int, int | None], ...]:
    """'16-19,20-24,65+' -> ((16, 19), (20, 24), (65, None)). Raises ValueError with what to fix."""
    bands: list[tuple[int, int | None]] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if part.endswith("+"):
            bands.append((int(part[:-1]), None))
        else:
            low, _, high = part.replace("–", "-").partition("-")
            bands.append((int(low), int(high)))
    for (_low, upper), (next_low, _upper) in itertools.pairwise(bands):
        if upper is None or next_low != upper + 1:
            raise ValueError(f"Åldersgrupperna ska följa på varandra utan glapp: {text}")
    if not bands:
        raise ValueError("Ange minst en åldersgrupp, till exempel 16-19,20-24,25+.")
    return tuple(bands)


# --- The rows every report starts from -------------------------------------------------------------


def stays(
    forbund: Forbund | None, interventions: Iterable[int] | None = None, forbund_ids: Iterable[int] | None = None
) -> QuerySet:
    """The förbund's participations without felregistreringar, optionally only in `interventions`. With no
    förbund (national figures), those of `forbund_ids`, or of every förbund."""
    return Participation.objects.filter(_stays_condition(forbund, interventions, forbund_ids)).order_by()


def _stays_condition(
    forbund: Forbund | None, interventions: Iterable[int] | None = None, forbund_ids: Iterable[int] | None = None
) -> Q:
    """The condition of `stays` on a participation's own columns."""
    condition = ~Q(discharge_reason=DischargeReason.FELREGISTRERING)
    # On the stay's own förbund column (indexed with the enrolment date and with the discharge date), so that one
    # förbund's figures cost the same however many stays the rest of the installation holds.
    if forbund is not None:
        condition &= Q(forbund=forbund)
    elif forbund_ids is not None:
        condition &= Q(forbund_id__in=list(forbund_ids))
    if interventions is not None:
        condition &= Q(intervention_id__in=list(interventions))
    return condition


def _through(condition: Q, relation: str) -> Q:
    """`condition` on a participation, asked of the rows that point to it through `relation`."""
    children: list[Any] = []
    for child in condition.children:
        if isinstance(child, Q):
            children.append(_through(child, relation))
        else:
            lookup, value = cast(tuple[str, Any], child)
            children.append((f"{relation}__{lookup}", value))
    out = Q(*children)
    out.connector, out.negated = condition.connector, condition.negated
    return out


def latest_year_with_data(
    forbund: Forbund, interventions: Iterable[int] | None = None, today: dt.date | None = None
) -> int | None:
    """The latest year up to this one in which a stay of `interventions` began or ended, a volume count was
    reported or a WHO-5 was answered: the year a statistics page opens on when no period is asked for."""
    end = dt.date((today or timezone.localdate()).year, 12, 31)
    rows = stays(forbund, interventions)
    found = rows.filter(enrolment_date__lte=end).aggregate(latest=Max("enrolment_date"))["latest"]
    ended = rows.filter(discharge_date__lte=end).aggregate(latest=Max("discharge_date"))["latest"]
    counted = volumes(forbund, dt.date(2004, 1, 1), end, interventions).aggregate(latest=Max("period_end"))["latest"]
    answered = Who5.objects.filter(participation__in=rows, answered_on__lte=end).aggregate(latest=Max("answered_on"))[
        "latest"
    ]
    days = [d for d in (found, ended, counted, answered) if d is not None]
    return max(days).year if days else None


def volumes(
    forbund: Forbund | None, start: dt.date, end: dt.date, interventions: Iterable[int] | None = None
) -> QuerySet:
    """The volume counts of structural insatser that belong to the period. A count belongs to the period in which
    its own reporting period ends, so that consecutive report periods never count it twice."""
    rows = VolumeCount.objects.filter(
        intervention__kind=InterventionKind.STRUCTURAL, period_end__gte=start, period_end__lte=end
    )
    if forbund is not None:
        rows = rows.filter(intervention__forbund=forbund)
    if interventions is not None:
        rows = rows.filter(intervention_id__in=list(interventions))
    return rows.order_by()


def by_sex_per_insats(forbund: Forbund, start: dt.date, end: dt.date, interventions=None) -> dict[int, dict]:
    """{insats: {sex: n}}: distinct persons active in the period for individual insatser, and the reported
    volume counts for structural ones."""
    out: dict[int, dict] = {}
    persons = (
        stays(forbund, interventions)
        .filter(active_during(start, end))
        .values("intervention_id", "participant__sex")
        .annotate(**counted("n", persons="participant"))
    )
    for row in persons:
        out.setdefault(row["intervention_id"], {})[row["participant__sex"]] = cell(row, "n")
    for row in volumes(forbund, start, end, interventions).values("intervention_id", "sex").annotate(**volume_sum()):
        out.setdefault(row["intervention_id"], {})[row["sex"]] = cell(row, "n")
    return out


def volume_sum() -> dict:
    """The annotations of a `Cell` of volume counts: the persons they report, and as key the sum of each row's
    key times its count, as if each person of the row were a record with the row's key. A count corrected by one
    then moves the cell's key too, and the correction is not published exactly."""
    return {"n": Sum("count"), "n_key": Coalesce(Sum(F("count") * F("record_key")), Value(0))}


def volume_by_organisation(forbund: Forbund, start: dt.date, end: dt.date, interventions=None) -> Table:
    """Structural insatser: participants per insats and organisation (rows) and sex (columns)."""
    rows: dict[str, dict[str, Cell]] = {}
    per_insats: dict[str, list[str]] = {}
    grouped = (
        volumes(forbund, start, end, interventions)
        .values("intervention__registration_no", "member__name", "sex")
        .annotate(**volume_sum())
        .order_by("intervention__registration_no", "member__name")
    )
    for row in grouped:
        key = f"{row['intervention__registration_no']} {row['member__name']}"
        rows.setdefault(key, dict.fromkeys(Sex.values, EMPTY))[row["sex"]] = cell(row, "n")
        per_insats.setdefault(row["intervention__registration_no"], [])
        if key not in per_insats[row["intervention__registration_no"]]:
            per_insats[row["intervention__registration_no"]].append(key)
    return Table(rows, row_groups=list(per_insats.values()), column_groups=[list(Sex.values)])


def enrolled_in(start: dt.date, end: dt.date) -> Q:
    return Q(enrolment_date__gte=start, enrolment_date__lte=end)


def discharged_in(start: dt.date, end: dt.date) -> Q:
    return Q(discharge_date__gte=start, discharge_date__lte=end)


def active_at(day: dt.date) -> Q:
    """Enrolled on or before `day` and not discharged on or before it."""
    return Q(enrolment_date__lte=day) & (Q(discharge_date__isnull=True) | Q(discharge_date__gt=day))


def active_during(start: dt.date, end: dt.date) -> Q:
    return Q(enrolment_date__lte=end) & (Q(discharge_date__isnull=True) | Q(discharge_date__gte=start))


def _or_unknown(field: str):
    return Coalesce(NullIf(F(field), Value("")), Value(UNKNOWN))


def age_at_enrolment():
    """Completed years at enrolment (R26), as the stay keeps it since enrolment: anonymising the person (which
    keeps only the birth year) or a later change changes no age band."""
    return F("age_at_enrolment")


def _band_of(bands: Sequence[tuple[int, int | None]]) -> Case:
    """The age band of a stay's age at enrolment, in SQL: below the first band "0–(first−1)", above a closed last
    band "(last+1)+". Only the last band can be open."""
    whens = [When(age_at_enrolment__lt=bands[0][0], then=Value(f"0–{bands[0][0] - 1}"))]
    whens += [
        When(age_at_enrolment__lte=high, then=Value(band_label(low, high))) for low, high in bands if high is not None
    ]
    last = bands[-1][1]
    return Case(*whens, default=Value(f"{last + 1}+" if last is not None else band_label(*bands[-1])))


def _age_band_rows(bands: Sequence[tuple[int, int | None]]) -> list[str]:
    rows = [f"0–{bands[0][0] - 1}"] + [band_label(low, high) for low, high in bands]
    if bands[-1][1] is not None:
        rows.append(f"{bands[-1][1] + 1}+")
    return rows


def _youth_bands(bands: Sequence[tuple[int, int | None]]) -> list[str]:
    return [band_label(lo, hi) for lo, hi in bands if hi is not None and lo >= YOUTH[0] and hi <= YOUTH[1]]


def _group(codes: Iterable[str], rows: Iterable[Mapping[str, Any]], key: str, count: str = "n") -> Group:
    found = dict.fromkeys(codes, EMPTY)
    for row in rows:
        found[row[key] if row[key] is not None else UNKNOWN] = cell(row, count)
    return Group(found)


# --- 1. The participant report -------------------------------------------------------------------


def participant_report(
    forbund: Forbund | None,
    start: dt.date,
    end: dt.date,
    interventions: Iterable[int] | None = None,
    age_bands: Sequence[tuple[int, int | None]] = DEFAULT_AGE_BANDS,
    forbund_ids: Iterable[int] | None = None,
    keyed: bool = True,
) -> dict:
    """The standard participant report for [start, end] (issue 4 §1); keys as the JSON contract names them.
    With `forbund` None it covers `forbund_ids` (or the whole country), and insatser are named "slug dnr".
    `keyed=False` leaves out the cell keys: the report can then be published exactly only."""
    base = stays(forbund, interventions, forbund_ids)
    enrolled, discharged, active = enrolled_in(start, end), discharged_in(start, end), active_at(end)
    left = base.filter(discharged)
    left_condition = _stays_condition(forbund, interventions, forbund_ids) & discharged

    insatser = Intervention.objects.order_by("forbund__slug", "registration_no")
    if forbund is not None:
        insatser = insatser.filter(forbund=forbund)
    elif forbund_ids is not None:
        insatser = insatser.filter(forbund_id__in=list(forbund_ids))
    if interventions is not None:
        insatser = insatser.filter(pk__in=list(interventions))
    names = {
        pk: regno if forbund is not None else f"{slug} {regno}"
        for pk, regno, slug in insatser.values_list("pk", "registration_no", "forbund__slug")
    }

    # Three grouped queries, each one pass over the stays, and every figure a sum of the rows they return. First the
    # stays alone, without their persons, by insats and referrer (at most insatser × referrers rows).
    by_insats = {name: {"enrolled": EMPTY, "discharged": EMPTY, "active_at_end": EMPTY} for name in names.values()}
    referrers = dict.fromkeys(Referrer.values, EMPTY)
    for row in (
        base.filter(enrolled | discharged | active)
        .values("intervention_id", "referrer")
        .annotate(
            **counted("enrolled", enrolled, keyed=keyed),
            **counted("discharged", discharged, keyed=keyed),
            **counted("active_at_end", active, keyed=keyed),
        )
        .order_by()
    ):
        insats = by_insats[names[row["intervention_id"]]]
        for key in ("enrolled", "discharged", "active_at_end"):
            insats[key] += cell(row, key)
        if row["enrolled"]:
            referrers[row["referrer"]] = referrers.get(row["referrer"], EMPTY) + cell(row, "enrolled")

    # Then the persons enrolled or discharged in the period, by sex, age band (and whether young) and kommun: the
    # totals and the tables by sex, age band and kommun. The stay keeps its age at enrolment, so the band is a
    # CASE on a column; the rows are bounded by sexes × bands × kommuner (a few dozen for a förbund, some
    # thousand for the whole country), however many the stays.
    totals = {"enrolled": EMPTY, "discharged": EMPTY, "active_at_end": EMPTY, "anonymous_enrolled": EMPTY}
    totals["active_at_end"] = sum((insats["active_at_end"] for insats in by_insats.values()), EMPTY)
    by_sex = {code: {"enrolled": EMPTY, "discharged": EMPTY} for code in Sex.values}
    band_rows = _age_band_rows(age_bands)
    youth_label = band_label(*YOUTH)
    by_band = {band: {"enrolled": EMPTY, "discharged": EMPTY} for band in band_rows}
    youth = {"enrolled": EMPTY, "discharged": EMPTY}
    kommuner: dict[str, Cell] = {}
    young = Q(age_at_enrolment__gte=YOUTH[0], age_at_enrolment__lte=YOUTH[1])
    anonymous = enrolled & Q(identified_at_enrolment=False)
    for row in (
        base.filter(enrolled | discharged)
        .values(
            sex=F("participant__sex"),
            band=_band_of(age_bands),
            young=ExpressionWrapper(young, output_field=BooleanField()),
            kommun=F("kommun_at_enrolment__name"),
        )
        .annotate(
            **counted("enrolled", enrolled, keyed=keyed),
            **counted("discharged", discharged, keyed=keyed),
            **counted("anonymous_enrolled", anonymous, keyed=keyed),
        )
        .order_by()
    ):
        found = cells(row, ("enrolled", "discharged", "anonymous_enrolled"))
        for key in ("enrolled", "discharged", "anonymous_enrolled"):
            totals[key] += found[key]
        for target in (by_sex[row["sex"]], by_band[row["band"]], youth if row["young"] else None):
            if target is not None:
                target["enrolled"] += found["enrolled"]
                target["discharged"] += found["discharged"]
        if row["enrolled"]:
            kommun = row["kommun"] if row["kommun"] is not None else UNKNOWN
            kommuner[kommun] = kommuner.get(kommun, EMPTY) + found["enrolled"]
    by_band[youth_label] = youth
    others = [band for band in band_rows if band not in _youth_bands(age_bands)]
    age_table = Table(by_band, row_groups=[band_rows, _youth_bands(age_bands), [youth_label, *others]])

    # Last the discharged, by income and occupation before × after (at most a few thousand rows): outcomes, both
    # matrices, the work-or-studies counts and how many were due a six-month follow-up by `end`.
    outcomes = dict.fromkeys(OccupationAfter.values, EMPTY)
    transitions = {code: dict.fromkeys(IncomeSource.values, EMPTY) for code in IncomeSource.values}
    occupation = {code: dict.fromkeys(OccupationAfter.values, EMPTY) for code in OccupationBefore.values}
    work = {"before": EMPTY, "after": EMPTY, "started": EMPTY}
    due = EMPTY
    for row in (
        left.annotate(income=_or_unknown("income_after"), after=_or_unknown("occupation_after"))
        .values("income_before", "income", "occupation_before", "after")
        .annotate(
            **counted("n", keyed=keyed),
            **counted("due", Q(discharge_date__lte=add_months(end, -FOLLOW_UP_MONTHS)), keyed=keyed),
        )
        .order_by()
    ):
        n, before_works, after_works = (
            cell(row, "n"),
            row["occupation_before"] in WORK_OR_STUDIES,
            row["after"] in WORK_OR_STUDIES,
        )
        outcomes[row["after"]] += n
        transitions[row["income_before"]][row["income"]] += n
        occupation[row["occupation_before"]][row["after"]] += n
        work["before"] += n if before_works else EMPTY
        work["after"] += n if after_works else EMPTY
        work["started"] += n if after_works and not before_works else EMPTY
        due += cell(row, "due")

    return {
        **totals,
        "by_sex": Table(by_sex),
        "by_age_band": age_table,
        "by_referrer": Group(referrers),
        "by_kommun": Group(dict(sorted(kommuner.items(), key=lambda item: (item[0] == UNKNOWN, item[0])))),
        "by_insats": Table(by_insats),
        "outcomes": Group(outcomes),
        "work_or_studies_share": Share(work["after"], totals["discharged"], places=3),
        "forsorjning_transitions": Table(transitions, column_groups=[IncomeSource.values]),
        "employment_studies": {
            "work_or_studies_before": work["before"],
            "work_or_studies_after": work["after"],
            "started_or_increased": work["started"],
            "transitions": Table(occupation, column_groups=[OccupationAfter.values]),
        },
        "follow_up": follow_up(left_condition, due, keyed),
    }


def follow_up(discharged: Q, due: Cell, keyed: bool = True) -> dict:
    """Of the stays under `discharged` (a condition on a participation), `due` of which were due a six-month
    follow-up by the end of the period: how many were followed up, and their situation then (that of the latest
    six-month follow-up of each stay)."""
    six_months = FollowUp.objects.filter(kind=FollowUpKind.SIX_MONTHS)
    later = six_months.filter(
        Q(contacted_on__gt=OuterRef("contacted_on")) | Q(contacted_on=OuterRef("contacted_on"), pk__gt=OuterRef("pk")),
        participation=OuterRef("participation"),
    )
    # A stay's latest follow-up is the one with no later one beside it (the database answers that with an anti-join,
    # not one lookup per stay); a stay that was followed up has exactly one, so their count is those followed up.
    # The stays' condition is a join, not a subquery: the database then starts from the period's discharged stays
    # of the förbund (by its index) and looks up their follow-ups, instead of reading every follow-up there is.
    latest = six_months.filter(~Exists(later), _through(discharged, "participation"))
    situation = _group(
        OccupationAfter.values,
        latest.values(situation=_or_unknown("occupation"))
        .annotate(**counted("n", key="participation__record_key", keyed=keyed))
        .order_by(),
        "situation",
    )
    followed_up = sum(situation.cells.values(), EMPTY)
    in_work = sum((situation.cells[code] for code in WORK_OR_STUDIES), EMPTY)
    return {
        "due": due,
        "followed_up": followed_up,
        "situation": situation,
        "work_or_studies_share": Share(in_work, followed_up, places=3),
    }


# --- 2. The monthly report with roll-ups ---------------------------------------------------------


def _rollup_groups(months: list[str]) -> list[Sequence[str]]:
    """The sets of rows that add up in a year's table: months within tertials, halves and the year, the
    tertials and halves themselves, and the mixed sums (H1 = T1 + May + June, H2 = July + August + T3)."""
    groups: list[Sequence[str]] = [months[a - 1 : b] for a, b in (*TERTIALS.values(), *HALF_YEARS.values())]
    groups += [months, list(TERTIALS), list(HALF_YEARS), ["T1", months[4], months[5]], [months[6], months[7], "T3"]]
    return groups


def monthly_report(forbund: Forbund, year: int, interventions: Iterable[int] | None = None) -> dict:
    """Per insats and month: new, discharged and to what, active at month end; tertials, halves, the year."""
    base = stays(forbund, interventions)
    ends = {m: month_end(dt.date(year, m, 1)) for m in range(1, 13)}
    regno = "intervention__registration_no"
    insatser = Intervention.objects.filter(forbund=forbund).order_by("registration_no")
    if interventions is not None:
        insatser = insatser.filter(pk__in=list(interventions))
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    codes = OccupationAfter.values
    empty = {"new": EMPTY, "discharged": EMPTY, **dict.fromkeys(codes, EMPTY), "active_at_end": EMPTY}
    tables = {r: {key: dict(empty) for key in months} for r in insatser.values_list("registration_no", flat=True)}

    at_month_end: dict = {}
    for m, day in ends.items():
        at_month_end.update(counted(f"a{m}", active_at(day)))
    for row in base.values(regno).annotate(**at_month_end):
        for m in range(1, 13):
            tables[row[regno]][months[m - 1]]["active_at_end"] = cell(row, f"a{m}")
    for row in (
        base.filter(enrolment_date__year=year)
        .annotate(m=ExtractMonth("enrolment_date"))
        .values(regno, "m")
        .annotate(**counted("n"))
    ):
        tables[row[regno]][months[row["m"] - 1]]["new"] = cell(row, "n")
    for row in (
        base.filter(discharge_date__year=year)
        .annotate(m=ExtractMonth("discharge_date"), after=_or_unknown("occupation_after"))
        .values(regno, "m", "after")
        .annotate(**counted("n"))
    ):
        month = tables[row[regno]][months[row["m"] - 1]]
        month[row["after"]] = cell(row, "n")
        month["discharged"] += cell(row, "n")

    summed = ["new", "discharged", *codes]
    out = {}
    # An insats none of whose stays touched the year (one that ended long ago, or has not begun) has no table:
    # a förbund of 150 insatser would otherwise show mostly empty ones. Nothing is hidden by leaving it out, its
    # counts all being 0, which stay 0 when perturbed.
    tables = {key: rows for key, rows in tables.items() if any(any(month.values()) for month in rows.values())}
    for key, rows in tables.items():
        periods = {**TERTIALS, **HALF_YEARS, "year": (1, 12)}
        for name, (first, last) in periods.items():
            span = [rows[months[m - 1]] for m in range(first, last + 1)]
            rows[name] = {col: sum((r[col] for r in span), EMPTY) for col in summed}
            rows[name]["active_at_end"] = span[-1]["active_at_end"]
        out[key] = Table(rows, row_groups=_rollup_groups(months), column_groups=[codes], summed_columns=summed)
    return {"year": year, "insatser": out}


# --- 3. Goal attainment --------------------------------------------------------------------------


def period_years(start: dt.date, end: dt.date) -> Decimal:
    """The period's length in years to two decimals: 2019-01-01–2021-12-31 is 3.00."""
    days = Decimal((end - start).days + 1)
    return (days / Decimal("365.25")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def insats_figures(forbund: Forbund, start: dt.date, end: dt.date, interventions=None) -> dict[int, dict]:
    """Per insats, in one grouped query: distinct persons active in the period, discharges and those to work or
    studies, active at the end and those of them with an action plan revised in the last three months."""
    recent_plan = ActionPlanRevision.objects.filter(
        participation=OuterRef("pk"), revised_on__gt=add_months(end, -REVIEW_MONTHS), revised_on__lte=end
    )
    discharged = discharged_in(start, end)
    rows = (
        stays(forbund, interventions)
        .alias(planned=Exists(recent_plan))
        .values("intervention_id")
        .annotate(
            **counted("persons", active_during(start, end), persons="participant"),
            **counted("enrolled", enrolled_in(start, end)),
            **counted(
                "anonymous",
                active_during(start, end) & Q(identified_at_enrolment=False),
                persons="participant",
            ),
            **counted("discharged", discharged),
            **counted("to_work_or_studies", discharged & Q(occupation_after__in=WORK_OR_STUDIES)),
            **counted("active_at_end", active_at(end)),
            **counted("with_plan", active_at(end) & Q(planned=True)),
        )
    )
    figures = {row["intervention_id"]: cells(row, FIGURES) for row in rows}
    # Structural insatser have no enrolled persons: their participants are the reported volume counts.
    for row in volumes(forbund, start, end, interventions).values("intervention_id").annotate(**volume_sum()):
        figures.setdefault(row["intervention_id"], dict.fromkeys(FIGURES, EMPTY))["persons"] = cell(row, "n")
    return figures


FIGURES = ("persons", "enrolled", "anonymous", "discharged", "to_work_or_studies", "active_at_end", "with_plan")


def _goal_value(goal, figures: dict, years: Decimal) -> Share | None:
    if goal.indicator == GoalIndicator.WORK_OR_STUDIES_SHARE:
        return Share(figures["to_work_or_studies"], figures["discharged"], places=1, scale=100)
    if goal.indicator == GoalIndicator.PARTICIPANTS_PER_YEAR:
        return Share(figures["persons"], years, places=1, denominator_is_count=False)
    if goal.indicator == GoalIndicator.PLAN_COVERAGE:
        return Share(figures["with_plan"], figures["active_at_end"], places=1, scale=100)
    return None


def _disagrees_with(goal):
    """Whether a computed value contradicts the goal's declared Ja/Nej (never when either is missing)."""

    def disagrees(value: float) -> bool:
        met = goal.is_met_by(value)
        return met is not None and goal.declared_met is not None and met != goal.declared_met

    return disagrees


def goal_attainment(forbund: Forbund, start: dt.date, end: dt.date, interventions=None) -> list[dict]:
    """Each goal of each insats against its computed value (DOMAIN.md §6.3); a computed result that disagrees
    with the declared Ja/Nej is a discrepancy, shown rather than hidden."""
    insatser = Intervention.objects.filter(forbund=forbund).prefetch_related("goals").order_by("registration_no")
    if interventions is not None:
        insatser = insatser.filter(pk__in=list(interventions))
    figures = insats_figures(forbund, start, end, interventions)
    years = period_years(start, end)
    empty = dict.fromkeys(FIGURES, EMPTY)
    out = []
    for insats in insatser:
        numbers = figures.get(insats.pk, empty)
        goals = []
        for goal in insats.goals.all():
            value = _goal_value(goal, numbers, years)
            goals.append(
                {
                    "goal": goal.text,
                    "level": goal.level,
                    "indicator": goal.indicator,
                    "target": goal.target_label,
                    "numerator": value.numerator if value is not None else None,
                    "denominator": value.denominator if value is not None else None,
                    "value": value,
                    "met": Verdict(value, goal.is_met_by) if value is not None else None,
                    "declared_met": goal.declared_met,
                    "declared_text": goal.declared_text,
                    "discrepancy": Verdict(value, _disagrees_with(goal), hidden=False) if value is not None else False,
                }
            )
        out.append({"insats": insats.registration_no, "name": insats.name, "years": years, "goals": goals})
    return out


# --- 4. Insats report and cost report ------------------------------------------------------------


def insats_report(forbund: Forbund, start: dt.date, end: dt.date, interventions=None) -> list[dict]:
    insatser = Intervention.objects.filter(forbund=forbund).order_by("registration_no")
    if interventions is not None:
        insatser = insatser.filter(pk__in=list(interventions))
    figures = insats_figures(forbund, start, end, interventions)
    sexes = by_sex_per_insats(forbund, start, end, interventions)
    out = []
    for insats in insatser:
        numbers = figures.get(insats.pk, {})
        counts = sexes.get(insats.pk, {})
        out.append(
            {
                "insats": insats.registration_no,
                "name": insats.name,
                "kind": insats.kind,
                "specific_focus": insats.specific_focus,
                "target_group": insats.target_group,
                "ages": insats.age_range,
                "start_date": insats.start_date,
                "end_date": insats.end_date,
                "participants": numbers.get("persons", EMPTY),
                "by_sex": Group({sex: counts.get(sex, EMPTY) for sex in Sex.values}),
                "enrolled": numbers.get("enrolled", EMPTY),
                "anonymous": numbers.get("anonymous", EMPTY),
                "discharged": numbers.get("discharged", EMPTY),
            }
        )
    return out


def insatser_of_year(forbund: Forbund, year: int) -> QuerySet:
    """The insatser that ran during some part of `year`."""
    return (
        Intervention.objects.filter(forbund=forbund, start_date__lte=dt.date(year, 12, 31))
        .exclude(end_date__lt=dt.date(year, 1, 1))
        .order_by("registration_no")
    )


def social_accounts(forbund: Forbund, year: int) -> list[dict]:
    """The socialt bokslut of the förbund's annual report: each insats that ran during `year`, with its planned and
    actual participants, its discharges and how many of them went to work or studies, and what it cost the
    förbund. Counts are cells, published like every other statistic."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    insatser = insatser_of_year(forbund, year)
    figures = insats_figures(forbund, start, end)
    sexes = by_sex_per_insats(forbund, start, end)
    money = {row["insats"]: row for row in cost_report(forbund, year)["insatser"]}
    out = []
    for insats in insatser:
        numbers = figures.get(insats.pk, dict.fromkeys(FIGURES, EMPTY))
        counts = sexes.get(insats.pk, {})
        costs = money.get(insats.registration_no, {})
        out.append(
            {
                "insats": insats.registration_no,
                "name": insats.name,
                "kind": insats.kind,
                "planned_participants": insats.planned_participants,
                "participants": numbers["persons"],
                "by_sex": Group({sex: counts.get(sex, EMPTY) for sex in Sex.values}),
                "discharged": numbers["discharged"],
                "to_work_or_studies": numbers["to_work_or_studies"],
                "work_or_studies_share": Share(numbers["to_work_or_studies"], numbers["discharged"]),
                "forbund_budget": costs.get("forbund_budget", Money(0)),
                "forbund_actual": costs.get("forbund_actual", Money(0)),
            }
        )
    return out


def _money_by(rows, key: str, amount: str = "amount") -> dict:
    return {row[key]: Money(row[amount] or 0) for row in rows}


def cost_report(forbund: Forbund, year: int, interventions=None) -> dict:
    """Budget vs outcome per insats and financier for `year`, and the förbund's funds, administration and
    balance (DOMAIN.md §6.2 item 3). Outcome is what the förbund's books hold: its own insats cost lines."""
    budget = InterventionBudgetLine.objects.filter(intervention__forbund=forbund, year=year)
    lines = BudgetLine.objects.filter(budget_year__forbund=forbund, budget_year__year=year)
    actuals = Actual.objects.filter(line__budget_year__forbund=forbund, line__budget_year__year=year)
    insatser = Intervention.objects.filter(forbund=forbund).order_by("registration_no")
    if interventions is not None:
        ids = list(interventions)
        budget, insatser = budget.filter(intervention_id__in=ids), insatser.filter(pk__in=ids)
        lines, actuals = lines.filter(intervention_id__in=ids), actuals.filter(line__intervention_id__in=ids)
    per_financier: dict[int, dict] = {}
    for row in budget.values("intervention_id", "financier").annotate(amount=Sum("amount")).order_by():
        per_financier.setdefault(row["intervention_id"], {})[row["financier"]] = Money(row["amount"])
    insats_lines = lines.filter(category=LineCategory.INTERVENTION)
    own_budget = _money_by(
        insats_lines.values("intervention_id").annotate(amount=Sum("amount")).order_by(), "intervention_id"
    )
    own_actual = _money_by(
        actuals.filter(line__category=LineCategory.INTERVENTION)
        .values("line__intervention_id")
        .annotate(amount=Sum("amount"))
        .order_by(),
        "line__intervention_id",
    )
    rows = []
    for insats in insatser:
        financiers = {code: per_financier.get(insats.pk, {}).get(code, Money(0)) for code in Financier.values}
        rows.append(
            {
                "insats": insats.registration_no,
                "name": insats.name,
                "budget_by_financier": financiers,
                "budget_total": Money(sum(financiers.values())),
                "forbund_budget": own_budget.get(insats.pk, Money(0)),
                "forbund_actual": own_actual.get(insats.pk, Money(0)),
                "forbund_remaining": Money(own_budget.get(insats.pk, 0) - own_actual.get(insats.pk, 0)),
            }
        )
    report: dict = {"year": year, "insatser": rows}
    if interventions is None:
        admin = [LineCategory.PREMISES, LineCategory.PERSONNEL, LineCategory.BOARD, LineCategory.ADMIN_OTHER]
        funds = _money_by(
            Contribution.objects.filter(forbund=forbund, year=year)
            .values("member__party_type")
            .annotate(amount=Sum("amount"))
            .order_by(),
            "member__party_type",
        )
        sums = lines.aggregate(admin_budget=Sum("amount", filter=Q(category__in=admin)))
        done = actuals.aggregate(
            admin=Sum("amount", filter=Q(line__category__in=admin)),
            insatser=Sum("amount", filter=Q(line__category=LineCategory.INTERVENTION)),
        )
        total_funds = sum(funds.values())
        report["funds"] = {party: funds.get(party, Money(0)) for party in PartyType.values}
        report["administration"] = {
            "budget": Money(sums["admin_budget"] or 0),
            "actual": Money(done["admin"] or 0),
        }
        report["balance"] = Money(total_funds - (done["admin"] or 0) - (done["insatser"] or 0))
    return report


# --- 5. Uppföljning Finsam -----------------------------------------------------------------------


def finsam_export(forbund: Forbund, year: int) -> dict:
    """The yearly figures for Uppföljning Finsam (DOMAIN.md §6.4). Exact counts: FK registers the numbers.
    Participants are distinct persons active during the year, by sex for individual insatser; for structural
    insatser the sum of the volume counts reported for the year."""
    from samordna.finance.queries import economic_report

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    costs = cost_report(forbund, year)
    budget_year = BudgetYear.objects.filter(forbund=forbund, year=year).first()
    economy = economic_report(forbund, year, end)
    by_sex = by_sex_per_insats(forbund, start, end)
    money = {row["insats"]: row for row in costs["insatser"]}
    insatser = []
    for insats in Intervention.objects.filter(forbund=forbund).order_by("registration_no"):
        if insats.start_date > end or (insats.end_date and insats.end_date < start):
            continue
        counts = by_sex.get(insats.pk, {})
        individual = insats.kind == InterventionKind.INDIVIDUAL
        insatser.append(
            {
                "registration_no": insats.registration_no,
                "name": insats.name,
                "kind": insats.kind,
                "specific_focus": insats.specific_focus,
                "target_group": insats.target_group,
                "budget": money[insats.registration_no]["forbund_budget"],
                "actual": money[insats.registration_no]["forbund_actual"],
                "women": counts.get(Sex.WOMAN, EMPTY) if individual else None,
                "men": counts.get(Sex.MAN, EMPTY) if individual else None,
                "participants": sum(counts.values(), EMPTY),
            }
        )
    return {
        "forbund": forbund.slug,
        "year": year,
        "allocated_funds": costs["funds"],
        "equity_start": Money(budget_year.equity_start if budget_year else 0),
        "equity_end": Money(economy.equity_end_forecast),
        "administration": costs["administration"],
        "insatser": insatser,
    }


# --- 6. Questionnaires ---------------------------------------------------------------------------


def who5_change(forbund: Forbund, start: dt.date, end: dt.date, interventions=None) -> dict:
    """Per insats, for stays active in the period with at least two WHO-5 by `end`: mean % score at the first
    and the last measurement, and how many improved or worsened by ≥ 10 points."""
    scores = Who5.objects.filter(participation=OuterRef("pk"), answered_on__lte=end)
    first = scores.order_by("answered_on", "pk")
    last = scores.order_by("-answered_on", "-pk")
    regno = "intervention__registration_no"
    rows = (
        stays(forbund, interventions)
        .filter(active_during(start, end))
        .annotate(
            first_id=Subquery(first.values("pk")[:1]),
            last_id=Subquery(last.values("pk")[:1]),
            first=Subquery(first.values("percent")[:1]),
            last=Subquery(last.values("percent")[:1]),
        )
        .filter(first_id__isnull=False)
        .exclude(first_id=F("last_id"))
        .alias(change=F("last") - F("first"))
        .values(regno)
        .annotate(
            **counted("measured"),
            first_sum=Sum("first"),
            last_sum=Sum("last"),
            **counted("improved", Q(change__gte=WHO5_SIGNIFICANT)),
            **counted("worsened", Q(change__lte=-WHO5_SIGNIFICANT)),
        )
    )
    out = {}
    for row in rows:
        measured, improved, worsened = cell(row, "measured"), cell(row, "improved"), cell(row, "worsened")
        # A mean is not a count: shown exactly, but only where the count it rests on is shown.
        out[row[regno]] = {
            "measured": measured,
            "mean_first": Share(row["first_sum"], measured, places=1, numerator_is_count=False),
            "mean_last": Share(row["last_sum"], measured, places=1, numerator_is_count=False),
            "improved": improved,
            "worsened": worsened,
            "unchanged": measured - improved - worsened,
        }
    return dict(sorted(out.items()))


def _reaches(target: int):
    def reaches(value: float) -> bool:
        return value >= target

    return reaches


def survey_shares(forbund: Forbund, start: dt.date, end: dt.date, interventions=None) -> list[dict]:
    """Per indicator survey and question: answers, positive answers and their share against the target."""
    answers = SurveyAnswer.objects.filter(
        response__survey__forbund=forbund, response__answered_on__gte=start, response__answered_on__lte=end
    )
    if interventions is not None:
        answers = answers.filter(response__intervention_id__in=list(interventions))
    counts = {
        (row["response__survey_id"], row["question"]): row
        for row in answers.values("response__survey_id", "question")
        .annotate(
            **counted("answered", key="response__record_key"),
            **counted("positive", Q(value__gte=F("response__survey__positive_from")), key="response__record_key"),
        )
        .order_by()
    }
    out = []
    for survey in IndicatorSurvey.objects.filter(forbund=forbund).order_by("code", "version"):
        questions = []
        for number, text in enumerate(survey.questions, start=1):
            row = counts.get((survey.pk, number))
            answered, positive = (cell(row, "answered"), cell(row, "positive")) if row else (EMPTY, EMPTY)
            share = Share(positive, answered, places=1, scale=100)
            target = survey.target_percent
            questions.append(
                {
                    "question": text,
                    "answered": answered,
                    "positive": positive,
                    "positive_percent": share,
                    "met": None if target is None else Verdict(share, _reaches(target)),
                }
            )
        out.append(
            {
                "survey": survey.title,
                "version": str(survey.version),
                "respondent_group": survey.respondent_group,
                "target_percent": str(survey.target_percent) if survey.target_percent is not None else None,
                "questions": questions,
            }
        )
    return out
