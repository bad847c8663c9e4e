"""Uppsala län in the present: insatser running now and some 400 stays over the current year and the two before it,
dated from the day the demo is loaded.

Everything here is the demo's own invention, drawn with a seeded random generator so that it looks like the
Knivsta final report [001] rather than uniform noise: most referrals come from the kommun and the region, few from
Arbetsförmedlingen and hardly any from Försäkringskassan [001 L9, L73, L143]; the target group stands far from the
labour market, so about a third of the discharged leave for work or studies; action plans and SIP meetings come back
about every third month [001 L17–20], and progression is rated with the förbund's SMAIL [001 L105–109].

Every write goes through the actions (interventions, participants, instruments, tenancy), with the operator's console
as actor, in one transaction: the load happens whole or not at all, and a second run finds the first present insats
and adds nothing. The people are made up: names from the fixed list below, personnummer from the test block 98x.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from samordna.instruments import actions as instrument_actions
from samordna.instruments.models import ProgressionScale, Respondent
from samordna.interventions import actions as intervention_actions
from samordna.interventions.models import (
    Comparator,
    GoalIndicator,
    GoalLevel,
    GoalUnit,
    Intervention,
    InterventionKind,
)
from samordna.participants import actions
from samordna.participants.codes import (
    DischargeReason,
    FollowUpKind,
    IncomeSource,
    OccupationAfter,
    OccupationBefore,
    Referrer,
)
from samordna.participants.fictional import fictional_personnummer
from samordna.participants.models import Participant
from samordna.reporting.schedule import add_months
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import Forbund, Kommun, Member, Role, RoleAssignment, User

from ..controllers import employ, name_controller
from ..users import PRESENT_HANDLER_UPPSALA

SLUG = "uppsala-lan"
SEED = 1  # seed 001, the Knivsta final report
SCALE_NAME = "SMAIL"

# --- The made-up people -------------------------------------------------------------------------------------

WOMEN = (
    "Anna", "Maria", "Sara", "Emma", "Fatima", "Johanna", "Linnea", "Aisha", "Karin", "Elin", "Malin", "Sofia",
    "Hanna", "Amina", "Lena", "Ida", "Jenny", "Nour", "Therese", "Maja", "Camilla", "Zahra", "Helena", "Sanna",
)  # fmt: skip
MEN = (
    "Erik", "Johan", "Ahmed", "Daniel", "Mikael", "Ali", "Anders", "Jonas", "Omar", "Fredrik", "Oskar", "Hassan",
    "Niklas", "Patrik", "Yusuf", "Marcus", "Emil", "Samir", "Tobias", "Kristoffer", "Linus", "Robin", "Mattias",
)  # fmt: skip
# Surnames nobody is likely to carry, so that a demo screen never looks like a real person's file.
SURNAMES = (
    "Exempel", "Prov", "Testsson", "Demosson", "Påhittad", "Låtsasson", "Provander", "Exempelberg", "Testlund",
    "Demoström", "Fiktivsson", "Provqvist", "Testberg", "Exempeldotter", "Demodal", "Provén",
)  # fmt: skip

PLAN_TEXTS = (
    "Kartläggning av arbetsförmåga, intressen och tidigare erfarenheter.",
    "Arbetsträning två dagar i veckan i kommunens fastighetsservice.",
    "Praktik inom lager och logistik på halvtid, med stöd av handledare.",
    "Studiebesök på Komvux och ansökan till en yrkesutbildning.",
    "Kontakt med vårdcentralens rehabiliteringskoordinator om en plan för hälsan.",
    "Arbetsträning på second hand-butik, utökas till tre dagar i veckan.",
    "Förberedelse inför en anställning med lönestöd.",
    "Stöd i att skriva cv och söka arbete, två ansökningar i veckan.",
    "Svenska för yrkeslivet och praktik inom äldreomsorgen.",
    "Gemensam planering med handläggaren om ersättning under arbetsträningen.",
)


def weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# What a referral usually brings with it: the income source and occupation before the insats, by referrer.
INCOME_BY_REFERRER: dict[str, dict[str, float]] = {
    Referrer.KOMMUN: {
        IncomeSource.FORSORJNINGSSTOD: 70,
        IncomeSource.INGEN: 10,
        IncomeSource.ETABLERINGSERSATTNING: 8,
        IncomeSource.AKTIVITETSSTOD: 5,
        IncomeSource.OKAND: 7,
    },
    Referrer.AF: {
        IncomeSource.AKTIVITETSSTOD: 50,
        IncomeSource.A_KASSA: 15,
        IncomeSource.ETABLERINGSERSATTNING: 10,
        IncomeSource.FORSORJNINGSSTOD: 20,
        IncomeSource.OKAND: 5,
    },
    Referrer.FK: {
        IncomeSource.SJUKPENNING: 50,
        IncomeSource.REHABILITERINGSERSATTNING: 10,
        IncomeSource.SJUKERSATTNING: 15,
        IncomeSource.AKTIVITETSERSATTNING: 25,
    },
    Referrer.REGION: {
        IncomeSource.SJUKPENNING: 30,
        IncomeSource.AKTIVITETSERSATTNING: 20,
        IncomeSource.FORSORJNINGSSTOD: 25,
        IncomeSource.INGEN: 15,
        IncomeSource.SJUKERSATTNING: 5,
        IncomeSource.OKAND: 5,
    },
    Referrer.EGEN: {
        IncomeSource.INGEN: 40,
        IncomeSource.FORSORJNINGSSTOD: 30,
        IncomeSource.STUDIEMEDEL: 10,
        IncomeSource.LON: 10,
        IncomeSource.OKAND: 10,
    },
    Referrer.ANNAN: {IncomeSource.FORSORJNINGSSTOD: 50, IncomeSource.INGEN: 30, IncomeSource.OKAND: 20},
}
OCCUPATION_BY_REFERRER: dict[str, dict[str, float]] = {
    Referrer.AF: {
        OccupationBefore.ARBETSSOKANDE: 80,
        OccupationBefore.INGEN_SYSSELSATTNING: 15,
        OccupationBefore.SUBVENTIONERAT_ARBETE: 5,
    },
    Referrer.FK: {OccupationBefore.ARBETE: 20, OccupationBefore.INGEN_SYSSELSATTNING: 70, OccupationBefore.OKAND: 10},
}
OCCUPATION_OTHERWISE: dict[str, float] = {
    OccupationBefore.INGEN_SYSSELSATTNING: 65,
    OccupationBefore.ARBETSSOKANDE: 20,
    OccupationBefore.STUDIER: 4,
    OccupationBefore.ARBETE: 3,
    OccupationBefore.SUBVENTIONERAT_ARBETE: 2,
    OccupationBefore.OKAND: 6,
}
EDUCATION: dict[str, float] = {"FORGYMNASIAL": 35, "GYMNASIAL": 40, "EFTERGYMNASIAL": 12, "OKAND": 13}
REASONS: dict[str, float] = {
    DischargeReason.FULLFOLJD: 60,
    DischargeReason.AVBRUTEN: 24,
    DischargeReason.OVRIGT: 14,
    DischargeReason.FELREGISTRERING: 2,
}
# Where the discharged went, by reason: those who completed the insats mostly reached work, studies or another
# insats; those who broke off mostly went back to their referrer or to nothing.
OUTCOME_BY_REASON: dict[str, dict[str, float]] = {
    DischargeReason.FULLFOLJD: {
        OccupationAfter.ARBETE: 24,
        OccupationAfter.SUBVENTIONERAT_ARBETE: 14,
        OccupationAfter.STUDIER: 14,
        OccupationAfter.ARBETSSOKANDE: 21,
        OccupationAfter.ANNAN_INSATS: 16,
        OccupationAfter.INGEN_SYSSELSATTNING: 8,
        OccupationAfter.OKAND: 3,
    },
    DischargeReason.AVBRUTEN: {
        OccupationAfter.ARBETE: 5,
        OccupationAfter.STUDIER: 5,
        OccupationAfter.ARBETSSOKANDE: 15,
        OccupationAfter.ANNAN_INSATS: 30,
        OccupationAfter.INGEN_SYSSELSATTNING: 35,
        OccupationAfter.OKAND: 10,
    },
    DischargeReason.OVRIGT: {
        OccupationAfter.ARBETE: 12,
        OccupationAfter.ARBETSSOKANDE: 15,
        OccupationAfter.INGEN_SYSSELSATTNING: 20,
        OccupationAfter.OKAND: 53,
    },
}
# How long a stay lasts, in months, by reason.
LENGTH_BY_REASON: dict[str, tuple[int, int]] = {
    DischargeReason.FULLFOLJD: (5, 15),
    DischargeReason.AVBRUTEN: (1, 7),
    DischargeReason.OVRIGT: (1, 9),
}
WORK_OR_STUDIES = (OccupationAfter.ARBETE, OccupationAfter.SUBVENTIONERAT_ARBETE, OccupationAfter.STUDIER)


def income_after(rng: random.Random, occupation: str, before: str) -> str:
    if occupation in (OccupationAfter.ARBETE, OccupationAfter.SUBVENTIONERAT_ARBETE):
        return IncomeSource.LON
    if occupation == OccupationAfter.STUDIER:
        return IncomeSource.STUDIEMEDEL
    if occupation == OccupationAfter.ARBETSSOKANDE:
        return weighted(
            rng, {IncomeSource.AKTIVITETSSTOD: 50, IncomeSource.A_KASSA: 15, IncomeSource.FORSORJNINGSSTOD: 35}
        )
    if occupation == OccupationAfter.OKAND:
        return weighted(rng, {IncomeSource.OKAND: 60, before: 40})
    return before


def situation_later(rng: random.Random, occupation: str) -> str:
    """The occupation six months after discharge: most keep what they left for, some move on or fall back."""
    if occupation in WORK_OR_STUDIES:
        return occupation if rng.random() < 0.8 else OccupationAfter.ARBETSSOKANDE
    if occupation in (OccupationAfter.ARBETSSOKANDE, OccupationAfter.ANNAN_INSATS) and rng.random() < 0.25:
        return weighted(
            rng, {OccupationAfter.ARBETE: 60, OccupationAfter.STUDIER: 25, OccupationAfter.SUBVENTIONERAT_ARBETE: 15}
        )
    return occupation


# --- The insatser ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresentInsats:
    name: str
    owner: str
    partners: tuple[str, ...]
    start: Callable[[dt.date], dt.date]
    number: int  # the diarienummer is the year of the decision (the year before the start) and this number
    per_month: float  # enrolments per month
    referrers: dict[str, float]
    kommuner: dict[str, float]  # home kommun by SCB code
    ages: tuple[int, int]
    planned_per_year: int
    staff: int
    target_group: str = ""
    specific_focus: str = ""
    description: str = ""
    decided_year_before: bool = True
    max_stay_months: int | None = None
    income: dict[str, float] = field(default_factory=dict)  # overrides the referrer's usual income source
    handler: str = PRESENT_HANDLER_UPPSALA  # the demo user who handles its participants
    # Members that control the participants' data together with the owner (joint controllers, art. 26).
    joint_with: tuple[str, ...] = ()

    def registration_no(self, today: dt.date) -> str:
        start = self.start(today)
        return f"{start.year - 1 if self.decided_year_before else start.year}:{self.number}"


def _first_of_month(day: dt.date, months_back: int) -> dt.date:
    return add_months(day.replace(day=1), -months_back)


INSATSER = (
    PresentInsats(
        name="En väg in – steget vidare",
        owner="Knivsta kommun",
        partners=("Arbetsförmedlingen", "Försäkringskassan", "Region Uppsala"),
        start=lambda today: dt.date(today.year - 4, 1, 1),
        number=31,
        per_month=2.4,
        referrers={"KOMMUN": 45, "REGION": 30, "AF": 15, "FK": 3, "EGEN": 5, "ANNAN": 2},
        kommuner={"0330": 92, "0380": 5, "0305": 3},
        ages=(18, 64),
        planned_per_year=30,
        staff=2,
        target_group=(
            "Personer 18–64 år i Knivsta som behöver samordnat stöd för att nå arbete eller studier, oavsett "
            "vilken ersättning de har."
        ),
        specific_focus="Arbetslivsinriktad rehabilitering med IPS-inspirerat arbetssätt",
        description="Fortsättningen på En väg in – fler vägar ut, med operativ avstämning varje månad med parterna.",
        handler="deltagaransvarig",  # the handler of 2017:48 goes on with its successor
    ),
    PresentInsats(
        name="Vägen vidare Uppsala",
        owner="Uppsala kommun",
        partners=("Arbetsförmedlingen", "Försäkringskassan", "Region Uppsala"),
        start=lambda today: dt.date(today.year - 3, 9, 1),
        number=12,
        per_month=3.4,
        referrers={"KOMMUN": 40, "REGION": 27, "AF": 20, "FK": 6, "EGEN": 6, "ANNAN": 1},
        kommuner={"0380": 96, "0305": 2, "0330": 2},
        ages=(18, 64),
        planned_per_year=40,
        staff=3,
        target_group="Personer 18–64 år i Uppsala med flera myndighetskontakter som står långt från arbetsmarknaden.",
        specific_focus="Samordnat stöd med SIP och gemensam kartläggning",
        max_stay_months=18,
        joint_with=("Region Uppsala",),  # the region employs the coordinator
    ),
    PresentInsats(
        name="Unga framåt Östhammar",
        owner="Östhammars kommun",
        partners=("Arbetsförmedlingen", "Region Uppsala"),
        start=lambda today: dt.date(today.year - 2, 2, 1),
        number=27,
        per_month=1.8,
        referrers={"KOMMUN": 45, "AF": 30, "REGION": 15, "EGEN": 8, "ANNAN": 2},
        kommuner={"0382": 96, "0360": 4},
        ages=(16, 29),
        planned_per_year=25,
        staff=2,
        target_group="Unga 16–29 år i Östhammar som varken arbetar eller studerar.",
        specific_focus="Unga som varken arbetar eller studerar",
        joint_with=("Region Uppsala",),  # the region employs the coordinator
    ),
    PresentInsats(
        name="Jobbspåret norra Uppland",
        owner="Tierps kommun",
        partners=("Älvkarleby kommun", "Heby kommun", "Arbetsförmedlingen", "Försäkringskassan"),
        start=lambda today: dt.date(today.year - 1, 8, 15),
        number=4,
        per_month=2.2,
        referrers={"KOMMUN": 40, "AF": 30, "FK": 10, "REGION": 15, "EGEN": 5},
        kommuner={"0360": 62, "0319": 26, "0331": 12},
        ages=(18, 64),
        planned_per_year=25,
        staff=2,
        decided_year_before=False,
        target_group="Personer 18–64 år i Tierp, Älvkarleby och Heby som behöver stöd tillbaka till arbete.",
        joint_with=("Region Uppsala",),  # the region employs the coordinator
    ),
    PresentInsats(
        name="Hälsa och arbete Håbo",
        owner="Region Uppsala",
        partners=("Håbo kommun", "Försäkringskassan"),
        start=lambda today: _first_of_month(today, 4),
        number=2,
        per_month=1.5,
        referrers={"REGION": 50, "FK": 30, "KOMMUN": 20},
        kommuner={"0305": 100},
        ages=(20, 64),
        planned_per_year=20,
        staff=1,
        decided_year_before=False,
        target_group="Sjukskrivna eller tidigare sjukskrivna 20–64 år i Håbo som vill pröva att arbeta igen.",
    ),
)

# The fictional Enköping insats of the seed demo (2019:3) runs on; its present stays come from the same draw.
ENKOPING = PresentInsats(
    name="Steg till arbete Enköping",
    owner="Enköpings kommun",
    partners=(),
    start=lambda today: dt.date(2019, 9, 1),
    number=3,
    per_month=1.4,
    referrers={"KOMMUN": 82, "AF": 10, "REGION": 4, "EGEN": 4},
    kommuner={"0381": 100},
    ages=(20, 64),
    planned_per_year=20,
    staff=1,
    income={IncomeSource.FORSORJNINGSSTOD: 90, IncomeSource.ETABLERINGSERSATTNING: 10},
)

SMAIL_ITEMS = [
    "Jag vet vilket arbete eller vilka studier jag vill nå.",
    "Jag klarar att passa tider och hålla en planering.",
    "Jag orkar vara aktiv flera timmar om dagen.",
    "Jag kan själv ta kontakt med arbetsgivare eller skolor.",
    "Min hälsa hindrar mig inte från att arbeta eller studera.",
    "Jag har stöd omkring mig när det blir svårt.",
]


# --- The plan of one stay, drawn before anything is written --------------------------------------------------


@dataclass
class StayPlan:
    insats: PresentInsats
    enrolled: dt.date
    referrer: str
    income_before: str
    occupation_before: str
    education: str
    sex: str
    birth: dt.date
    kommun: str
    identity: dict[str, Any]
    sips: list[dt.date] = field(default_factory=list)
    plans: list[dt.date] = field(default_factory=list)
    measured: list[dt.date] = field(default_factory=list)
    discharge: dict[str, Any] | None = None
    follow_up: dict[str, Any] | None = None
    who5_base: float = 2.0
    gain: float = 0.0


class People:
    """Names and personnummer, none used twice (nor any already in the förbund)."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.taken = set(taken)

    def personnummer(self, birth: dt.date, sex: str) -> str | None:
        # Serials 3 and 4 give two of the five numbers per birth date and sex; 0–2 are left to the seed demo and tests.
        for serial in self.rng.sample((3, 4), 2):
            number = fictional_personnummer(f"{birth:%Y%m%d}", serial, sex)
            if number not in self.taken:
                self.taken.add(number)
                return number
        return None

    def name(self, sex: str) -> str:
        return f"{self.rng.choice(WOMEN if sex == 'K' else MEN)} {self.rng.choice(SURNAMES)}"


def _reviews(rng: random.Random, enrolled: dt.date, until: dt.date) -> list[dt.date]:
    """SIP at the start, then a little less than every third month, while the stay lasts (until `until`)."""
    dates = []
    day = enrolled + dt.timedelta(days=rng.randint(3, 20))
    while day <= until:
        dates.append(day)
        day += dt.timedelta(days=rng.randint(70, 88))
    return dates


def _lagging(rng: random.Random, dates: list[dt.date], today: dt.date) -> list[dt.date]:
    """An active stay whose reviews stopped: the latest is more than three months old, so the next is overdue."""
    cutoff = add_months(today, -3) - dt.timedelta(days=rng.randint(1, 40))
    return [day for day in dates if day <= cutoff]


def draw_stays(
    rng: random.Random, insatser: Sequence[PresentInsats], today: dt.date, taken: set[str]
) -> list[StayPlan]:
    people = People(rng, taken)
    window = dt.date(today.year - 2, 1, 1)
    # The stays still running at the start of the window began in the half-year before it.
    earliest = add_months(window, -6)
    out: list[StayPlan] = []
    for insats in insatser:
        first = max(insats.start(today), earliest)
        days = (today - first).days
        count = round(insats.per_month * days / 30.44)
        for _ in range(count):
            enrolled = first + dt.timedelta(days=rng.randint(0, days - 1))
            out.append(_draw_stay(rng, people, insats, enrolled, today))
    out.sort(key=lambda plan: plan.enrolled)
    return out


def _draw_stay(
    rng: random.Random, people: People, insats: PresentInsats, enrolled: dt.date, today: dt.date
) -> StayPlan:
    referrer = weighted(rng, insats.referrers)
    income = weighted(rng, insats.income or INCOME_BY_REFERRER[referrer])
    occupation = weighted(rng, OCCUPATION_BY_REFERRER.get(referrer, OCCUPATION_OTHERWISE))
    sex = "K" if rng.random() < 0.55 else "M"
    low, high = insats.ages
    age = int(rng.triangular(low, high + 0.99, low + (high - low) / 4))
    birth = enrolled - dt.timedelta(days=int(age * 365.25) + rng.randint(30, 330))
    kommun = weighted(rng, insats.kommuner)
    number = people.personnummer(birth, sex) if rng.random() < 0.85 else None
    identity: dict[str, Any]
    if number:
        identity = {
            "personnummer": number,
            "name": people.name(sex),
            "consent_given_on": enrolled - dt.timedelta(days=rng.randint(0, 10)),
            "consent_method": weighted(rng, {"WRITTEN": 60, "DIGITAL": 40}),
        }
    else:
        identity = {"sex": sex, "birth_year": birth.year}
    plan = StayPlan(
        insats=insats,
        enrolled=enrolled,
        referrer=referrer,
        income_before=income,
        occupation_before=occupation,
        education=weighted(rng, EDUCATION),
        sex=sex,
        birth=birth,
        kommun=kommun,
        identity=identity,
        who5_base=rng.uniform(1.2, 2.8),
    )
    reason = weighted(rng, REASONS)
    if reason == DischargeReason.FELREGISTRERING:
        left = enrolled + dt.timedelta(days=rng.randint(1, 10))
        if left <= today:
            plan.discharge = {"discharge_date": left, "reason": reason}
        return plan
    shortest, longest = LENGTH_BY_REASON[reason]
    left = add_months(enrolled, rng.randint(shortest, longest)) + dt.timedelta(days=rng.randint(-12, 12))
    if left > today:
        # Still in the insats: reviewed on time, or with the latest review more than three months back.
        plan.sips = _reviews(rng, enrolled, today)
        plan.plans = [day + dt.timedelta(days=rng.randint(0, 6)) for day in plan.sips]
        plan.plans = [day for day in plan.plans if day <= today]
        if rng.random() < 0.12:
            plan.sips = _lagging(rng, plan.sips, today)
        if rng.random() < 0.12:
            plan.plans = _lagging(rng, plan.plans, today)
        plan.measured = [plan.sips[0], plan.sips[-1]] if len(plan.sips) > 1 else plan.sips[:1]
        plan.gain = rng.uniform(-0.2, 0.8)
        return plan
    left = max(left, enrolled + dt.timedelta(days=14))
    plan.sips = _reviews(rng, enrolled, left - dt.timedelta(days=1))
    plan.plans = [day + dt.timedelta(days=rng.randint(0, 6)) for day in plan.sips]
    plan.plans = [day for day in plan.plans if day < left]
    plan.measured = [*plan.sips[:1], left] if plan.sips else []
    plan.gain = rng.uniform(0.3, 1.4) if reason == DischargeReason.FULLFOLJD else rng.uniform(-0.5, 0.6)
    occupation_after = weighted(rng, OUTCOME_BY_REASON[reason])
    after = income_after(rng, occupation_after, income)
    plan.discharge = {
        "discharge_date": left,
        "reason": reason,
        "occupation_after": occupation_after,
        "income_after": after,
    }
    due = add_months(left, 6)
    contacted = due + dt.timedelta(days=rng.randint(0, 20))
    # Most are followed up in time; some follow-ups are overdue, and those not yet due wait.
    if contacted <= today and rng.random() < 0.85:
        later = situation_later(rng, occupation_after)
        plan.follow_up = {
            "contacted_on": contacted,
            "occupation": later,
            "income": after if later == occupation_after else income_after(rng, later, income),
        }
    return plan


# --- Writing it ----------------------------------------------------------------------------------------------


def load(stdout=None, today: dt.date | None = None) -> None:
    """The demo loader's entry: Uppsala län's present, dated from `today` (the day the demo runs)."""
    today = today or timezone.localdate()
    forbund = Forbund.objects.filter(slug=SLUG).first()
    if forbund is None:
        return
    if Intervention.objects.filter(forbund=forbund, name=INSATSER[0].name).exists():
        return
    with transaction.atomic():
        written = _load(forbund, today)
    if stdout is not None:
        stdout.write(
            f"Uppsala län i nutid: {len(INSATSER)} pågående insatser och {written} deltaganden "
            f"{today.year - 2}–{today.year}."
        )


def _load(forbund: Forbund, today: dt.date) -> int:
    members = {member.name: member for member in forbund.members.all()}
    insatser = {insats.name: _create_insats(forbund, insats, members, today) for insats in INSATSER}
    insatser[ENKOPING.name] = Intervention.objects.select_related("forbund").get(
        forbund=forbund, registration_no="2019:3"
    )
    _assign_handlers(forbund, insatser)
    scale = _scale(forbund)
    codes = {code for insats in [*INSATSER, ENKOPING] for code in insats.kommuner}
    kommuner = {kommun.code: kommun for kommun in Kommun.objects.filter(code__in=codes)}
    taken = set(
        Participant.objects.filter(forbund=forbund).exclude(personnummer="").values_list("personnummer", flat=True)
    )
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets  # nosec B311
    plans = draw_stays(rng, [*INSATSER, ENKOPING], today, taken)
    for plan in plans:
        _write_stay(rng, forbund, plan, insatser[plan.insats.name], kommuner[plan.kommun], scale)
    return len(plans)


def _create_insats(forbund: Forbund, insats: PresentInsats, members: dict[str, Member], today: dt.date) -> Intervention:
    start = insats.start(today)
    registration_no = insats.registration_no(today)
    if Intervention.objects.filter(forbund=forbund, registration_no=registration_no).exists():
        registration_no = ""  # taken in an older demo year: the next free number of the start year
    years = range(max(start.year, today.year - 2), today.year + 1)
    owner = members[insats.owner]
    staff_cost = 620_000 * insats.staff
    budget: list[dict[str, Any]] = []
    for year in years:
        months = 13 - start.month if year == start.year else 12
        budget += [
            {
                "year": year,
                "financier": "FORBUND",
                "label": "Arbetsmarknadskonsulenter" if insats.staff > 1 else "Arbetsmarknadskonsulent",
                "headcount": insats.staff,
                "fte_percent": 100,
                "amount": staff_cost * months // 12,
            },
            {
                "year": year,
                "financier": "FORBUND",
                "label": "Lokaler, resor och material",
                "monthly_amount": 9_000 * insats.staff,
                "months": months,
                "amount": 9_000 * insats.staff * months,
            },
            {
                "year": year,
                "financier": "MEMBER",
                "financier_member": owner,
                "label": "Arbetsledning och handledning",
                "amount": 150_000 * months // 12,
            },
        ]
    return intervention_actions.save_intervention_plan(
        None,
        forbund,
        fields={
            "registration_no": registration_no,
            "registration_year": start.year,
            "name": insats.name,
            "kind": InterventionKind.INDIVIDUAL,
            "start_date": start,
            "owner": owner,
            "partners": [members[name] for name in insats.partners],
            "target_group": insats.target_group,
            "specific_focus": insats.specific_focus,
            "description": insats.description,
            "age_min": insats.ages[0],
            "age_max": insats.ages[1],
            "max_stay_months": insats.max_stay_months,
        },
        goals=[
            {
                "text": f"{insats.planned_per_year} deltagare per år ska få stöd",
                "level": GoalLevel.PART,
                "indicator": GoalIndicator.PARTICIPANTS_PER_YEAR,
                "comparator": Comparator.AT_LEAST,
                "target": insats.planned_per_year,
                "unit": GoalUnit.COUNT,
            },
            {
                "text": "Minst 80 % av deltagarna har en handlingsplan som reviderats de senaste tre månaderna",
                "level": GoalLevel.PART,
                "indicator": GoalIndicator.PLAN_COVERAGE,
                "comparator": Comparator.AT_LEAST,
                "target": 80,
                "unit": GoalUnit.PERCENT,
            },
            {
                "text": "Minst 40 % av de utskrivna går till arbete eller studier",
                "level": GoalLevel.EFFECT,
                "indicator": GoalIndicator.WORK_OR_STUDIES_SHARE,
                "comparator": Comparator.AT_LEAST,
                "target": 40,
                "unit": GoalUnit.PERCENT,
            },
        ],
        budget_lines=budget,
    )


def give_handler(username: str, forbund: Forbund, interventions: list[Intervention]) -> None:
    """Make the demo user participant handler of these insatser: a new role, or more insatser on the one held."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return
    held = RoleAssignment.objects.filter(user=user, forbund=forbund, role=Role.PARTICIPANT_HANDLER).first()
    if held is None:
        held = tenancy_actions.assign_role(None, forbund, user, Role.PARTICIPANT_HANDLER, interventions=interventions)
    else:
        held = tenancy_actions.add_role_interventions(None, held, interventions)
    employ(held, interventions[0] if interventions else None)


def fill_insats(forbund: Forbund, intervention: Intervention, insats: PresentInsats, today: dt.date, seed: int) -> int:
    """Stays drawn for one insats created elsewhere, from its start, written by the actions; `insats.handler`
    becomes its participant handler. Returns the number of stays."""
    name_controller(intervention, joint_with=insats.joint_with)
    give_handler(insats.handler, forbund, [intervention])
    kommuner = {kommun.code: kommun for kommun in Kommun.objects.filter(code__in=list(insats.kommuner))}
    taken = set(
        Participant.objects.filter(forbund=forbund).exclude(personnummer="").values_list("personnummer", flat=True)
    )
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets  # nosec B311
    scale = _scale(forbund)
    plans = [plan for plan in draw_stays(rng, [insats], today, taken) if plan.enrolled >= intervention.start_date]
    for plan in plans:
        _write_stay(rng, forbund, plan, intervention, kommuner[plan.kommun], scale)
    return len(plans)


SUCCESSOR = "En väg in – steget vidare"
SUCCESSOR_MANAGER = "insatsansvarig"


def _assign_handlers(forbund: Forbund, insatser: dict[str, Intervention]) -> None:
    """Each present insats to its handler: a new role for a user without one, else one more insats on theirs."""
    by_handler: dict[str, list[Intervention]] = {}
    for insats in INSATSER:
        name_controller(insatser[insats.name], joint_with=insats.joint_with)
        by_handler.setdefault(insats.handler, []).append(insatser[insats.name])
    for username, handled in by_handler.items():
        give_handler(username, forbund, handled)
    # The manager of 2017:48 manages its successor too, so her pages follow the insats into the present.
    manager = RoleAssignment.objects.filter(
        user__username=SUCCESSOR_MANAGER, forbund=forbund, role=Role.INTERVENTION_MANAGER
    ).first()
    if manager is not None:
        tenancy_actions.add_role_interventions(None, manager, [insatser[SUCCESSOR]])


def _scale(forbund: Forbund) -> ProgressionScale:
    scale = ProgressionScale.objects.filter(forbund=forbund, name=SCALE_NAME).order_by("-version").first()
    if scale is not None:
        return scale
    return instrument_actions.define_progression_scale(
        None, forbund, name=SCALE_NAME, respondent=Respondent.PARTICIPANT, items=SMAIL_ITEMS, scale_min=1, scale_max=5
    )


def _who5(rng: random.Random, level: float) -> list[int]:
    return [max(0, min(5, round(rng.gauss(level, 0.8)))) for _ in range(5)]


def _smail(rng: random.Random, level: float, items: int) -> list[int]:
    return [max(1, min(5, round(rng.gauss(level, 0.7)))) for _ in range(items)]


def _write_stay(
    rng: random.Random,
    forbund: Forbund,
    plan: StayPlan,
    intervention: Intervention,
    kommun: Kommun,
    scale: ProgressionScale,
) -> None:
    stay = actions.enrol(
        None,
        forbund,
        intervention=intervention,
        enrolment_date=plan.enrolled,
        referrer=plan.referrer,
        income_before=plan.income_before,
        occupation_before=plan.occupation_before,
        education=plan.education,
        home_kommun=kommun,
        **plan.identity,
    )
    for day in plan.sips:
        parties = {"DELTAGARE", "INSATS", _party(plan.referrer), rng.choice(["FK", "AF", "REGION", "KOMMUN"])}
        actions.record_sip(None, stay, held_on=day, parties_present=parties - {""})
    for day in plan.plans:
        actions.revise_action_plan(None, stay, revised_on=day, summary=rng.choice(PLAN_TEXTS))
    for n, day in enumerate(plan.measured):
        level = plan.who5_base + (plan.gain if n else 0.0)
        instrument_actions.record_who5(None, stay, answered_on=day, items=_who5(rng, level))
        instrument_actions.record_progression(
            None, stay, scale=scale, rated_on=day, values=_smail(rng, level + 0.6, len(scale.items))
        )
    if plan.discharge is not None:
        actions.discharge(None, stay, **plan.discharge)
    if plan.follow_up is not None:
        actions.record_follow_up(None, stay, kind=FollowUpKind.SIX_MONTHS, **plan.follow_up)


def _party(referrer: str) -> str:
    return {"FK": "FK", "AF": "AF", "REGION": "REGION", "KOMMUN": "KOMMUN"}.get(referrer, "")
