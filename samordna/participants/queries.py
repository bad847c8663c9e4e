"""The handler's work view: what is due for each stay in their insatser, overdue first."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, DateField, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.reporting.schedule import add_months

from . import entry, rules
from .codes import DischargeReason, FollowUpKind
from .models import FOLLOW_UP_MONTHS, REVIEW_MONTHS, ActionPlanRevision, FollowUp, Participation, SipMeeting


@dataclass(frozen=True)
class Due:
    participation: Participation
    what: str
    due_date: dt.date
    overdue: bool
    # The participants URL name of the form where it is done ("sip", "plan", "follow_up").
    step: str = ""


class AddMonths(Func):
    """The database's side of `add_months`: the same day `months` later, a month's last day staying the last day
    and a day past the end of a shorter month falling on its last day."""

    output_field = DateField()

    def __init__(self, expression, months: int):
        self.months = int(months)
        super().__init__(expression)

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotImplementedError(f"AddMonths is written for SQLite and PostgreSQL, not {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra_context):
        n = self.months
        template = (
            "(CASE WHEN strftime('%%d', %(expressions)s, '+1 day') = '01'"
            f" OR strftime('%%d', %(expressions)s, '+{n} months') <> strftime('%%d', %(expressions)s)"
            f" THEN date(%(expressions)s, 'start of month', '+{n + 1} months', '-1 day')"
            f" ELSE date(%(expressions)s, '+{n} months') END)"
        )
        return self._as_repeated_sql(compiler, connection, template)

    def as_postgresql(self, compiler, connection, **extra_context):
        n = self.months
        # PostgreSQL's own month arithmetic already moves a day past the end of a shorter month to its last day.
        template = (
            "(CASE WHEN EXTRACT(DAY FROM %(expressions)s + 1) = 1"
            f" THEN (date_trunc('month', %(expressions)s) + interval '{n + 1} months' - interval '1 day')::date"
            f" ELSE (%(expressions)s + interval '{n} months')::date END)"
        )
        return self._as_repeated_sql(compiler, connection, template)

    def _as_repeated_sql(self, compiler, connection, template: str):
        # The argument is repeated in the SQL; it is meant to be a column, not a subquery worked out each time.
        sql, params = compiler.compile(self.source_expressions[0])
        return template.replace("%(expressions)s", sql), tuple(params) * template.count("%(expressions)s")


def _latest(model, field: str, months: int = 0):
    """The stay's latest `field` of `model`, or the date `months` after it."""
    rows = model.objects.filter(participation=OuterRef("pk"), **{f"{field}__isnull": False}).order_by(f"-{field}")
    if months:
        rows = rows.annotate(later=AddMonths(F(field), months))
    return Subquery(rows.values("later" if months else field)[:1], output_field=DateField())


STEPS = {
    "sip": _("SIP"),
    "plan": _("Revidera handlingsplanen"),
    "follow_up": _("Uppföljning sex månader efter utskrivning"),
}


def due_rows(participations):
    """Every due step of the given stays as rows (pk, step, due_date), computed and ordered by the database.

    The rule: SIP and action plan at start and then every third month while active, a SIP planned for later
    taking the place of the regular one; the follow-up six months after discharge, unless it was made or the
    stay was registered by mistake. Earliest first, which puts every overdue step before the rest."""
    stays = participations.order_by()
    columns = ("pk", "step", "due_date", "registration_no", "after", "intervention_id", "enrolment_date", "rank")

    def part(queryset, step: str, due_date, rank: int):
        return queryset.annotate(
            step=Value(step, output_field=CharField()),
            due_date=due_date,
            registration_no=F("intervention__registration_no"),
            after=Value(step == "follow_up"),
            rank=Value(rank),
        ).values_list(*columns)

    active = stays.filter(discharge_date__isnull=True).annotate(
        last_sip=_latest(SipMeeting, "held_on"),
        next_sip=_latest(SipMeeting, "next_on"),
        sip_review=_latest(SipMeeting, "held_on", REVIEW_MONTHS),
        plan_review=_latest(ActionPlanRevision, "revised_on", REVIEW_MONTHS),
    )
    sip_due = Case(
        When(last_sip__isnull=True, then=F("enrolment_date")),
        When(next_sip__gt=F("last_sip"), then=F("next_sip")),
        default=F("sip_review"),
        output_field=DateField(),
    )
    plan_due = Coalesce(F("plan_review"), F("enrolment_date"), output_field=DateField())
    discharged = (
        stays.filter(discharge_date__isnull=False)
        .exclude(discharge_reason=DischargeReason.FELREGISTRERING)
        .exclude(Exists(FollowUp.objects.filter(participation=OuterRef("pk"), kind=FollowUpKind.SIX_MONTHS)))
    )
    # Ties are broken as the list always did: the insats, active stays before discharged ones, the stay's
    # enrolment, SIP before the plan.
    return (
        part(active, "sip", sip_due, 0)
        .union(
            part(active, "plan", plan_due, 1),
            part(discharged, "follow_up", AddMonths(F("discharge_date"), FOLLOW_UP_MONTHS), 2),
            all=True,
        )
        .order_by("due_date", "registration_no", "after", "intervention_id", "enrolment_date", "rank", "pk")
    )


def due_count(participations) -> int:
    """How many rows `due_rows` gives for the same stays, without computing a due date: two steps (SIP and plan) for
    every active stay and one for every discharged stay still to be followed up. Counting the rows of the union
    itself would work out every date once more only to count them."""
    stays = participations.order_by()
    followed_up = Exists(FollowUp.objects.filter(participation=OuterRef("pk"), kind=FollowUpKind.SIX_MONTHS))
    counts = stays.aggregate(
        active=Count("pk", filter=Q(discharge_date__isnull=True)),
        waiting=Count(
            "pk",
            filter=Q(~followed_up, discharge_date__isnull=False) & ~Q(discharge_reason=DischargeReason.FELREGISTRERING),
        ),
    )
    return 2 * counts["active"] + counts["waiting"]


class CountedRows:
    """Rows to paginate whose number is known beforehand, so that the paginator does not count them again."""

    def __init__(self, rows, count: int):
        self.rows, self._count = rows, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __getitem__(self, index: Any) -> Any:
        return self.rows[index]


def dues_of_rows(rows, today: dt.date | None = None) -> list[Due]:
    """The Due items of some rows of `due_rows` (a page of them), with their stays fetched in one query."""
    today = today or timezone.localdate()
    rows = list(rows)
    stays = Participation.objects.select_related("participant", "intervention").in_bulk([row[0] for row in rows])
    return [
        Due(stays[pk], str(STEPS[step]), due_date, due_date < today, step)
        for pk, step, due_date, *_ in rows
        if pk in stays
    ]


def dues(participations, today: dt.date | None = None, limit: int | None = None) -> list[Due]:
    """What is due for the given stays, overdue first (the first `limit` of them when given)."""
    rows = due_rows(participations)
    return dues_of_rows(rows[:limit] if limit is not None else rows, today)


def _stay_dues(p, last_sip, next_sip, last_plan, followed_up: bool, today: dt.date) -> list[Due]:
    """The rule for one stay, given its latest SIP, next planned SIP, latest plan and whether it was followed up."""
    if p.discharge_date is None:
        if last_sip is None:
            sip_due = p.enrolment_date
        elif next_sip and next_sip > last_sip:
            sip_due = next_sip
        else:
            sip_due = add_months(last_sip, REVIEW_MONTHS)
        plan_due = add_months(last_plan, REVIEW_MONTHS) if last_plan else p.enrolment_date
        return [
            Due(p, str(STEPS["sip"]), sip_due, sip_due < today, "sip"),
            Due(p, str(STEPS["plan"]), plan_due, plan_due < today, "plan"),
        ]
    if followed_up or p.discharge_reason == DischargeReason.FELREGISTRERING:
        return []
    due = add_months(p.discharge_date, FOLLOW_UP_MONTHS)
    return [Due(p, str(STEPS["follow_up"]), due, due < today, "follow_up")]


def _in_order(out: list[Due]) -> list[Due]:
    return sorted(out, key=lambda d: (not d.overdue, d.due_date, d.participation.intervention.registration_no))


def stay_dues(stay: Participation, today: dt.date | None = None) -> list[Due]:
    """What is due for one stay whose SIP meetings, plan revisions and follow-ups are fetched already (the
    participant page prefetches them for all the person's stays), without asking the database again."""
    sips = list(stay.sip_meetings.all())
    plans = list(stay.plan_revisions.all())
    return _in_order(
        _stay_dues(
            stay,
            max((s.held_on for s in sips), default=None),
            max((s.next_on for s in sips if s.next_on), default=None),
            max((r.revised_on for r in plans), default=None),
            any(f.kind == FollowUpKind.SIX_MONTHS for f in stay.follow_ups.all()),
            today or timezone.localdate(),
        )
    )


@dataclass(frozen=True)
class Warning:
    participation: Participation
    text: str


def warnings(participations, today: dt.date | None = None) -> list[Warning]:
    """The active stays that fall outside their insats's age range, maximum stay or SAMSIP rule (warnings, never
    blocks). Only stays in insatser with such limits are read."""
    limited = (
        participations.filter(discharge_date__isnull=True)
        .filter(
            Q(intervention__age_min__isnull=False)
            | Q(intervention__age_max__isnull=False)
            | Q(intervention__max_stay_months__isnull=False)
            | entry.warned_stays()
        )
        .select_related("participant", *(f"intervention__{name}" for name in entry.intervention_relations()))
        .order_by("intervention__registration_no", "enrolment_date")
    )
    stays = list(limited)
    context = entry.warning_context(stays)
    return [Warning(stay, text) for stay in stays for text in rules.stay_warnings(stay, today, context)]


def caseload_dues(user, forbund, today: dt.date | None = None, limit: int | None = None) -> list[Due]:
    """The caseload's due list for the start page: the same stays (through the one door, read-logged as a list)
    and the same rule as the caseload page; the first `limit` when given."""
    from .access import list_participations_for

    stays = list_participations_for(user, forbund, query="dashboard", purpose=str(_("Startsidan")))
    return dues(stays, today, limit)


def search_stays(stays, text: str):
    """The stays among `stays` whose person's name, personnummer or pseudonym, or whose insats's registration
    number, matches `text`. A search never widens `stays`: it is applied to the handler's own list.

    Names and numbers are encrypted at rest, so the database cannot compare them: they are matched by decrypting
    the people of the handler's own list, never anyone else's."""
    text = text.strip()
    if not text:
        return stays
    matches = Q(intervention__registration_no__icontains=text)
    digits = re.sub(r"\D", "", text)
    numeric = len(digits) >= 4 and re.fullmatch(r"[\d\s+-]+", text) is not None
    if pseudonym := re.fullmatch(r"D-?([0-9a-f]{4,8})", text, flags=re.IGNORECASE):
        matches |= Q(participant__id__startswith=pseudonym.group(1).lower())
    needle = text.casefold()
    people = (
        stays.exclude(participant__lookup_key="")
        .order_by()
        .values_list("participant_id", "participant__name", "participant__personnummer")
        .distinct()
    )
    found = {person for person, name, number in people if needle in name.casefold() or (numeric and digits in number)}
    if found:
        matches |= Q(participant_id__in=found)
    return stays.filter(matches)


def notes_count(participant) -> int:
    """The free-text notes and action plans that anonymising the person removes, over all their stays."""
    stays = participant.participations.all()
    return (
        SipMeeting.objects.filter(participation__in=stays).exclude(note="").count()
        + FollowUp.objects.filter(participation__in=stays).exclude(note="").count()
        + ActionPlanRevision.objects.filter(participation__in=stays).exclude(summary="").count()
    )
