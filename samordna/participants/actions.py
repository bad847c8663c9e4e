"""Every write to participants and their stays. Each checks the handler's insats scope, changes and logs at once.

Audit events name participants by their pseudonymous id only: no personnummer or name ever enters the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.interventions.models import DataController, Intervention, InterventionKind
from samordna.lib.dates import future_problems, refuse_future
from samordna.lib.errors import Refused
from samordna.lib.versioning import claim_version
from samordna.tenancy.models import Forbund, Kommun, User

from . import access, entry, holders, rules
from .codes import Education, FollowUpKind, OccupationAfter
from .identity import anonymous_key, lookup_key, withdrawn_key
from .models import (
    ActionPlanRevision,
    Consent,
    FollowUp,
    IdentityMode,
    Participant,
    Participation,
    SipMeeting,
    SipParty,
)


def _require_scope(actor: User | None, forbund: Forbund, intervention: Intervention) -> None:
    if actor is None:
        return
    decision = access.check_intervention(actor, forbund, intervention)
    if not decision.allowed:
        raise Refused(decision.reason)


def _lock(participation: Participation) -> Participation:
    return (
        Participation.objects.select_for_update(of=("self", "participant"), no_key=True)
        .select_related("participant", "intervention__forbund")
        .get(pk=participation.pk)
    )


def next_anonymous_key(participation: Participation, participant: Participant) -> str:
    """The first free fingerprint for an anonymous stay with these facts in this insats."""
    kommun = participant.home_kommun.code if participant.home_kommun is not None else ""
    ordinal = 1
    while True:
        key = anonymous_key(
            participation.intervention_id,
            participant.sex,
            participant.birth_year,
            kommun,
            participation.enrolment_date,
            ordinal,
        )
        if not Participation.objects.filter(intervention_id=participation.intervention_id, anonymous_key=key).exists():
            return key
        ordinal += 1


@transaction.atomic
def enrol(
    actor: User | None,
    forbund: Forbund,
    *,
    intervention: Intervention,
    enrolment_date: dt.date,
    referrer: str,
    income_before: str,
    occupation_before: str,
    education: str = Education.OKAND,
    income_before_other: Iterable[str] = (),
    personnummer: str = "",
    name: str = "",
    sex: str = "",
    birth_year: int | None = None,
    home_kommun: Kommun | None = None,
    protected_identity: bool = False,
    consent_given_on: dt.date | None = None,
    consent_method: str = "",
    consent_form_version: str = "",
) -> Participation:
    """Enrol a person in an insats. The identity is stored only with consent and never for a protected identity."""
    _require_scope(actor, forbund, intervention)
    if (
        intervention.kind == InterventionKind.INDIVIDUAL
        and not DataController.objects.filter(intervention=intervention).exists()
    ):
        # The members hold the data: nobody is enrolled before it is settled whose it is.
        raise ValidationError(
            _(
                "Insatsen %(insats)s har ingen personuppgiftsansvarig angiven. Förbundets administratör eller kansli "
                "anger den på insatsens sida; till dess kan inga deltagare skrivas in."
            )
            % {"insats": intervention.registration_no}
        )
    problems: rules.Problems = []
    if protected_identity:
        # R25: a protected identity is always anonymous; keep only what the number tells about sex and year.
        resolved, problems = rules.resolve_identity(personnummer, sex, birth_year)
        resolved["personnummer"] = ""
        name = ""
    else:
        if personnummer and not (consent_given_on and consent_method):
            problems.append(
                (
                    "consent_given_on",
                    _(
                        "Personnumret sparas bara med samtycke. Fyll i datum och sätt för samtycket, "
                        "eller skriv in deltagaren anonymt utan personnummer."
                    ),
                )
            )
        resolved, identity_problems = rules.resolve_identity(personnummer, sex, birth_year)
        problems += identity_problems
        if name and not personnummer:
            problems.append(("name", _("Namn sparas bara för identifierade deltagare. Lämna namnet tomt.")))
    if consent_given_on and consent_given_on > enrolment_date:
        problems.append(("consent_given_on", _("Samtycket ska finnas senast vid inskrivningen. Kontrollera datumet.")))
    problems += rules.stay_code_problems(referrer, income_before, occupation_before, education)
    problems += future_problems(
        [("consent_given_on", consent_given_on, _("Samtyckesdatumet kan inte ligga i framtiden."))]
    )
    problems += rules.enrolment_problems(
        forbund, intervention, enrolment_date, resolved["personnummer"], resolved["birth_year"]
    )
    problems += entry.enrolment_problems(forbund, intervention, enrolment_date, resolved["personnummer"])
    rules.raise_if(problems)

    participant = None
    key = ""
    if resolved["personnummer"]:
        key = lookup_key(resolved["personnummer"])
        # A record the handler shares only in part is never built on: its name, consent and stays stay hidden.
        scope = None if actor is None else access.handler_scope(actor, forbund)
        participant = holders.record_for(forbund, scope, key, lock=True)
    if participant is None:
        participant = Participant.objects.create(
            forbund=forbund,
            identity_mode=IdentityMode.IDENTIFIED if key else IdentityMode.ANONYMOUS,
            personnummer=resolved["personnummer"],
            lookup_key=key,
            name=name,
            sex=resolved["sex"],
            birth_year=resolved["birth_year"],
            home_kommun=home_kommun,
            protected_identity=protected_identity,
        )
    elif Participation.objects.filter(
        participant=participant, intervention=intervention, enrolment_date=enrolment_date
    ).exists():
        raise ValidationError(
            {"enrolment_date": _("Personen är redan inskriven i insatsen från det datumet. Öppna det deltagandet.")}
        )
    if key and consent_given_on:
        Consent.objects.create(
            participant=participant, given_on=consent_given_on, method=consent_method, form_version=consent_form_version
        )
    participation = Participation(
        participant=participant,
        intervention=intervention,
        forbund_id=intervention.forbund_id,
        enrolment_date=enrolment_date,
        referrer=referrer,
        income_before=income_before,
        income_before_other=sorted(set(income_before_other) - {income_before}),
        occupation_before=occupation_before,
        education=education,
        **rules.enrolment_facts(participant, enrolment_date),
    )
    participation.full_clean(exclude=["participant"], validate_unique=False, validate_constraints=False)
    if not key:
        participation.anonymous_key = next_anonymous_key(participation, participant)
    participation.save()
    record(
        actor,
        "participation.enrol",
        participation,
        forbund=forbund,
        changes={
            "participant": participant.pseudonym,
            "insats": intervention.registration_no,
            "identity": participant.identity_mode,
            "enrolment_date": f"{enrolment_date:%Y-%m-%d}",
        },
    )
    return participation


@transaction.atomic
def record_sip(
    actor: User | None,
    participation: Participation,
    *,
    held_on: dt.date,
    parties_present: Iterable[str],
    next_on: dt.date | None = None,
    note: str = "",
) -> SipMeeting:
    participation = _lock(participation)
    forbund = participation.intervention.forbund
    _require_scope(actor, forbund, participation.intervention)
    parties = sorted(set(parties_present))
    unknown = set(parties) - set(SipParty.values)
    if not parties or unknown:
        raise ValidationError({"parties_present": _("Ange vilka parter som var med på mötet.")})
    refuse_future("held_on", held_on, _("SIP-mötet kan inte ligga i framtiden: registrera det när det har hållits."))
    if next_on and next_on <= held_on:
        raise ValidationError({"next_on": _("Nästa SIP ska ligga efter mötets datum.")})
    meeting = SipMeeting.objects.create(
        participation=participation, held_on=held_on, parties_present=parties, next_on=next_on, note=note
    )
    record(
        actor,
        "participation.sip",
        participation,
        forbund=forbund,
        changes={"held_on": f"{held_on:%Y-%m-%d}", "parties": parties},
    )
    return meeting


@transaction.atomic
def revise_action_plan(
    actor: User | None, participation: Participation, *, revised_on: dt.date, summary: str
) -> ActionPlanRevision:
    participation = _lock(participation)
    forbund = participation.intervention.forbund
    _require_scope(actor, forbund, participation.intervention)
    refuse_future("revised_on", revised_on, _("Revideringsdatumet kan inte ligga i framtiden."))
    if not summary.strip():
        raise ValidationError({"summary": _("Skriv vad planen innehåller.")})
    revision = ActionPlanRevision.objects.create(participation=participation, revised_on=revised_on, summary=summary)
    record(
        actor, "participation.plan", participation, forbund=forbund, changes={"revised_on": f"{revised_on:%Y-%m-%d}"}
    )
    return revision


@transaction.atomic
def record_follow_up(
    actor: User | None,
    participation: Participation,
    *,
    kind: str,
    contacted_on: dt.date,
    occupation: str = "",
    income: str = "",
    note: str = "",
) -> FollowUp:
    participation = _lock(participation)
    forbund = participation.intervention.forbund
    _require_scope(actor, forbund, participation.intervention)
    if kind not in FollowUpKind.values:
        raise ValidationError({"kind": _("Välj vilket slags uppföljning det är.")})
    refuse_future(
        "contacted_on",
        contacted_on,
        _("Uppföljningsdatumet kan inte ligga i framtiden: registrera den när den gjorts."),
    )
    if kind == FollowUpKind.SIX_MONTHS:
        if participation.discharge_date is None or participation.is_void:
            raise ValidationError(
                {"kind": _("Uppföljningen efter sex månader görs efter utskrivning. Skriv ut deltagaren först.")}
            )
        if contacted_on < participation.discharge_date:
            raise ValidationError({"contacted_on": _("Uppföljningen kan inte ligga före utskrivningen.")})
        if not occupation or not income:
            raise ValidationError(
                {"occupation": _("Ange sysselsättning och försörjning vid uppföljningen efter sex månader.")}
            )
    follow_up = FollowUp.objects.create(
        participation=participation,
        kind=kind,
        contacted_on=contacted_on,
        occupation=occupation,
        income=income,
        note=note,
    )
    record(
        actor,
        "participation.follow_up",
        participation,
        forbund=forbund,
        changes={"kind": kind, "contacted_on": f"{contacted_on:%Y-%m-%d}", "occupation": occupation},
    )
    return follow_up


@transaction.atomic
def discharge(
    actor: User | None,
    participation: Participation,
    *,
    discharge_date: dt.date,
    reason: str,
    occupation_after: str = "",
    income_after: str = "",
    expected_version: int | None = None,
) -> Participation:
    """Discharge with the outcome. FELREGISTRERING voids the stay: it leaves every statistic."""
    participation = _lock(participation)
    forbund = participation.intervention.forbund
    _require_scope(actor, forbund, participation.intervention)
    claim_version(participation, expected_version)
    if participation.discharge_date is not None:
        raise ValidationError(_("Deltagaren är redan utskriven från den här insatsen."))
    rules.raise_if(
        rules.discharge_problems(participation.enrolment_date, discharge_date, reason, occupation_after, income_after)
    )
    if occupation_after and occupation_after not in OccupationAfter.values:
        raise ValidationError({"occupation_after": _("Välj en sysselsättning i listan.")})
    participation.discharge_date = discharge_date
    participation.discharge_reason = reason
    participation.occupation_after = occupation_after
    participation.income_after = income_after
    participation.save(update_fields=["discharge_date", "discharge_reason", "occupation_after", "income_after"])
    record(
        actor,
        "participation.discharge",
        participation,
        forbund=forbund,
        changes={
            "discharge_date": f"{discharge_date:%Y-%m-%d}",
            "reason": reason,
            "occupation_after": occupation_after,
            "income_after": income_after,
        },
    )
    return participation


def lock_person(actor: User | None, participant: Participant) -> tuple[Participant, list[Participation]]:
    """The participant, locked, and their stays; a change to the person needs the handler's scope over every stay."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    stays = list(participant.participations.select_related("intervention"))
    if actor is not None:
        if not stays:
            raise Refused(_("Deltagaren har inget deltagande i dina insatser."))
        for stay in stays:
            _require_scope(actor, participant.forbund, stay.intervention)
    return participant, stays


def anonymise(
    actor: User | None, participant: Participant, stays: list[Participation], *, action: str, changes: dict
) -> dict:
    """Remove the identity and the free-text notes; sex, birth year, kommun and every stay's facts remain.

    A keyed fingerprint of the number is kept (never the number): the import refuses to store the person again
    and finds the stays already counted, so a re-imported file neither re-identifies nor doubles anyone.

    The one path for consent withdrawal, erasure on request and retention, so statistics never change.
    Runs inside the caller's transaction on a locked participant, and logs `action` with what was removed.
    """
    was_identified = participant.is_identified
    if was_identified:
        participant.withdrawn_key = withdrawn_key(participant.personnummer)
    participant.identity_mode = IdentityMode.ANONYMOUS
    participant.personnummer = ""
    participant.lookup_key = ""
    participant.name = ""
    participant.anonymised_at = timezone.now()
    participant.save(
        update_fields=["identity_mode", "personnummer", "lookup_key", "withdrawn_key", "name", "anonymised_at"]
    )
    notes = 0
    for stay in stays:
        if was_identified:
            stay.anonymous_key = next_anonymous_key(stay, participant)
            stay.save(update_fields=["anonymous_key"])
        notes += SipMeeting.objects.filter(participation=stay).exclude(note="").update(note="")
        notes += FollowUp.objects.filter(participation=stay).exclude(note="").update(note="")
        notes += ActionPlanRevision.objects.filter(participation=stay).update(summary="")
    removed = {"identity_removed": was_identified, "notes_removed": notes, "stays_kept": len(stays)}
    record(actor, action, participant, forbund=participant.forbund, changes={**changes, **removed})
    return removed


@transaction.atomic
def withdraw_consent(actor: User | None, participant: Participant, *, withdrawn_on: dt.date) -> Participant:
    """Withdrawal anonymises the person: the number and name go, sex, birth year, kommun and every stay stay."""
    participant, stays = lock_person(actor, participant)
    if not participant.is_identified:
        raise ValidationError(_("Deltagaren är redan anonym; det finns inget samtycke att återkalla."))
    consent = participant.consents.filter(withdrawn_on__isnull=True).order_by("-given_on").first()
    refuse_future("withdrawn_on", withdrawn_on, _("Datumet för återkallelsen kan inte ligga i framtiden."))
    if consent is not None:
        if withdrawn_on < consent.given_on:
            raise ValidationError({"withdrawn_on": _("Återkallelsen kan inte ligga före samtycket.")})
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
    changes = {"withdrawn_on": f"{withdrawn_on:%Y-%m-%d}"}
    anonymise(actor, participant, stays, action="participant.consent_withdrawn", changes=changes)
    return participant
