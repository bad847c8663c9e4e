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


def _annotated(participations):
    six_months = FollowUp.objects.filter(participation=OuterRef("pk"), kind=FollowUpKind.SIX_MONTHS)
    return participations.annotate(
        last_sip=Max("sip_meetings__held_on"),
        next_sip=Max("sip_meetings__next_on"),
        last_plan=Max("plan_revisions__revised_on"),
        followed_up=Exists(six_months),
    )


def dues(participations, today: dt.date | None = None) -> list[Due]:
    """SIP and action plan at start and then every third month while active; the follow-up six months after
    discharge. The database gives the latest dates per stay; only the next date is worked out here."""
    today = today or timezone.localdate()
    out: list[Due] = []
    active = _annotated(participations.filter(discharge_date__isnull=True))
    for p in active:
        if p.last_sip is None:
            sip_due = p.enrolment_date
        elif p.next_sip and p.next_sip > p.last_sip:
            sip_due = p.next_sip
        else:
            sip_due = add_months(p.last_sip, REVIEW_MONTHS)
        plan_due = add_months(p.last_plan, REVIEW_MONTHS) if p.last_plan else p.enrolment_date
        out.append(Due(p, str(_("SIP")), sip_due, sip_due < today))
        out.append(Due(p, str(_("Revidera handlingsplanen")), plan_due, plan_due < today))
    discharged = _annotated(
        participations.filter(discharge_date__isnull=False).exclude(discharge_reason=DischargeReason.FELREGISTRERING)
    ).filter(followed_up=False)
    for p in discharged:
        due = add_months(p.discharge_date, FOLLOW_UP_MONTHS)
        out.append(Due(p, str(_("Uppföljning sex månader efter utskrivning")), due, due < today))
    return sorted(out, key=lambda d: (not d.overdue, d.due_date, d.participation.intervention.registration_no))


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
