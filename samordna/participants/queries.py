"""The handler's work view: what is due for each stay in their insatser, overdue first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.reporting.schedule import add_months

from . import rules
from .codes import DischargeReason, FollowUpKind
from .models import FOLLOW_UP_MONTHS, REVIEW_MONTHS, FollowUp, Participation


@dataclass(frozen=True)
class Due:
    participation: Participation
    what: str
    due_date: dt.date
    overdue: bool
    # The participants URL name of the form where it is done ("sip", "plan", "follow_up").
    step: str = ""


def _annotated(participations):
    six_months = FollowUp.objects.filter(participation=OuterRef("pk"), kind=FollowUpKind.SIX_MONTHS)
    return participations.annotate(
        last_sip=Max("sip_meetings__held_on"),
        next_sip=Max("sip_meetings__next_on"),
        last_plan=Max("plan_revisions__revised_on"),
        followed_up=Exists(six_months),
    )


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
            Due(p, str(_("SIP")), sip_due, sip_due < today, "sip"),
            Due(p, str(_("Revidera handlingsplanen")), plan_due, plan_due < today, "plan"),
        ]
    if followed_up or p.discharge_reason == DischargeReason.FELREGISTRERING:
        return []
    due = add_months(p.discharge_date, FOLLOW_UP_MONTHS)
    return [Due(p, str(_("Uppföljning sex månader efter utskrivning")), due, due < today, "follow_up")]


def _in_order(out: list[Due]) -> list[Due]:
    return sorted(out, key=lambda d: (not d.overdue, d.due_date, d.participation.intervention.registration_no))


def dues(participations, today: dt.date | None = None) -> list[Due]:
    """SIP and action plan at start and then every third month while active; the follow-up six months after
    discharge. The database gives the latest dates per stay; only the next date is worked out here."""
    today = today or timezone.localdate()
    out: list[Due] = []
    active = _annotated(participations.filter(discharge_date__isnull=True))
    discharged = _annotated(
        participations.filter(discharge_date__isnull=False).exclude(discharge_reason=DischargeReason.FELREGISTRERING)
    ).filter(followed_up=False)
    for p in [*active, *discharged]:
        out += _stay_dues(p, p.last_sip, p.next_sip, p.last_plan, p.followed_up, today)
    return _in_order(out)


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
    # Open entry builds on participants, not the reverse: imported here.
    from samordna.openentry.models import SamsipRule

    limited = (
        participations.filter(discharge_date__isnull=True)
        .filter(
            Q(intervention__age_min__isnull=False)
            | Q(intervention__age_max__isnull=False)
            | Q(intervention__max_stay_months__isnull=False)
            | Q(intervention__entry_rule__samsip_before_start=SamsipRule.WARN)
        )
        .select_related("participant", "intervention__entry_rule")
        .order_by("intervention__registration_no", "enrolment_date")
    )
    from samordna.openentry.rules import first_samsips

    stays = list(limited)
    first_samsip = first_samsips(stays)
    return [Warning(stay, text) for stay in stays for text in rules.stay_warnings(stay, today, first_samsip)]


def caseload_dues(user, forbund, today: dt.date | None = None) -> list[Due]:
    """The caseload's due list for the start page: the same stays (through the one door, read-logged as a list)
    and the same rule as the caseload page."""
    from .access import list_participations_for

    stays = list_participations_for(user, forbund, query="dashboard", purpose=str(_("Startsidan")))
    return dues(stays, today)
