"""Every write of the open entry. Each checks who may act, changes, and records one audit event, in one transaction.

Audit events name requests by their reference only; no name or personnummer enters the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.interventions import permissions as intervention_permissions
from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib.dates import future_problems, refuse_future
from samordna.lib.errors import Refused
from samordna.lib.identifiers import normalize_personnummer
from samordna.lib.versioning import save_with_version
from samordna.lib.years import FIRST_YEAR, LAST_YEAR
from samordna.notifications import events
from samordna.participants import access as participant_access
from samordna.participants import actions as participant_actions
from samordna.participants.codes import IncomeSource
from samordna.participants.models import Participation
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, Kommun, Member, User
from samordna.tenancy.permissions import EXCLUDED_WITH_HANDLER, Capability, Decision

from . import access, rules, workflow
from .models import (
    CATALOGUE_FIELDS,
    AgendaItem,
    CatalogueEntry,
    CatalogueKind,
    Channel,
    InsatsEntryRule,
    IntakeRequest,
    PartKind,
    Placement,
    PlacementAgreement,
    Prestep,
    PrestepFollowUp,
    PrestepStay,
    RecommendationPart,
    ReferralStatus,
    RequestState,
    SamsipContact,
    SamsipMeeting,
    SystemGap,
    Team,
    TeamMeeting,
    TeamSeat,
)


def _require(decision: Decision) -> None:
    if not decision.allowed:
        raise Refused(decision.reason)


def _require_manage(actor: User | None, forbund: Forbund) -> None:
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_TEAMS))


def _require_team(actor: User | None, team: Team, *, office_too: bool = False) -> None:
    """The team's own leader or seated members (and, if `office_too`, the office)."""
    if actor is None or workflow.team_parties(actor, team):
        return
    if office_too and permissions.check(actor, team.forbund, Capability.MANAGE_TEAMS).allowed:
        return
    raise Refused(_("Bara teamets samtalsledare och ledamöter kan göra det här för %(team)s.") % {"team": team.name})


def _require_personal(actor: User | None, request: IntakeRequest) -> None:
    if actor is not None:
        _require(access.check_personal(actor, request))


def _may_sit(user: User, forbund: Forbund) -> None:
    """A seat or the leader's chair means seeing personal data: the SUS rule keeps administrators out."""
    decision = permissions.check(user, forbund, Capability.SIT_IN_TEAM)
    if not decision.allowed:
        raise ValidationError(
            {"holder": _("%(user)s kan inte sitta i teamet: %(reason)s") % {"user": user, "reason": decision.reason}}
        )
    clash = EXCLUDED_WITH_HANDLER & permissions.roles_in(user, forbund)
    if clash:
        raise ValidationError(
            {
                "holder": _(
                    "Den som ser personuppgifter i teamet får inte administrera förbundet: %(user)s är %(role)s. "
                    "Välj en annan person."
                )
                % {"user": user, "role": sorted(clash)[0].label}
            }
        )


# --- Teams, seats and meetings ---------------------------------------------------------------------------

TEAM_FIELDS = ("name", "area", "meeting_weekday", "meeting_time", "place")


@transaction.atomic
def create_team(actor: User | None, forbund: Forbund, *, leader: User | None = None, **fields) -> Team:
    _require_manage(actor, forbund)
    if leader is not None:
        _may_sit(leader, forbund)
    team = Team(forbund=forbund, leader=leader, **fields)
    team.full_clean()
    team.save()
    changes = {name: [None, str(getattr(team, name))] for name in TEAM_FIELDS}
    changes["leader"] = [None, leader.username if leader else None]
    record(actor, "team.create", team, forbund=forbund, changes=changes)
    return team


@transaction.atomic
def set_seat(actor: User | None, team: Team, *, member: Member, function: str, holder: User | None) -> TeamSeat:
    """Create the member's seat or hand it to another person; the seat, not the person, is the member's."""
    _require_manage(actor, team.forbund)
    if member.forbund_id != team.forbund_id:
        raise ValidationError({"member": _("Välj en medlem i förbundet.")})
    if holder is not None:
        _may_sit(holder, team.forbund)
    seat = TeamSeat.objects.select_for_update().filter(team=team, member=member).first()
    if seat is not None and (seat.function, seat.holder_id) == (function, getattr(holder, "pk", None)):
        return seat  # unchanged: nothing to save, nothing to log
    before = seat.holder.username if seat and seat.holder else None
    if seat is None:
        seat = TeamSeat(team=team, member=member)
    seat.function = function
    seat.holder = holder
    seat.full_clean()
    seat.save()
    record(
        actor,
        "team.seat",
        seat,
        forbund=team.forbund,
        changes={"member": member.name, "function": function, "holder": [before, getattr(holder, "username", None)]},
    )
    return seat


def _remove_seat(actor: User | None, team: Team, member: Member) -> None:
    seat = TeamSeat.objects.filter(team=team, member=member).select_related("holder").first()
    if seat is None:
        return
    holder = seat.holder.username if seat.holder else None
    seat.delete()
    record(actor, "team.seat.remove", team, forbund=team.forbund, changes={"member": member.name, "holder": holder})


@transaction.atomic
def save_team(
    actor: User | None,
    forbund: Forbund,
    team: Team | None = None,
    *,
    expected_version: int | None = None,
    leader: User | None = None,
    seats: Iterable[dict] = (),
    **fields,
) -> Team:
    """Create a team or change it, with its seats, in one go: a problem anywhere leaves everything as it was.

    `seats` holds one dict per member (member, function, holder); a member with neither function nor holder has
    no seat. The weekday and time make the weekly series that `schedule_meetings` lays out.
    """
    _require_manage(actor, forbund)
    unknown = set(fields) - set(TEAM_FIELDS)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    if leader is not None:
        _may_sit(leader, forbund)
    if team is None:
        team = create_team(actor, forbund, leader=leader, **fields)
    else:
        if team.forbund_id != forbund.pk:
            raise ValidationError(_("Teamet hör till ett annat förbund."))
        team = Team.objects.select_for_update(of=("self",)).select_related("leader").get(pk=team.pk)
        before: dict[str, str | None] = {name: str(getattr(team, name)) for name in TEAM_FIELDS}
        before["leader"] = team.leader.username if team.leader else None
        for name, value in fields.items():
            setattr(team, name, value)
        team.leader = leader
        team.full_clean(exclude=["version"])
        save_with_version(team, expected_version)
        after: dict[str, str | None] = {name: str(getattr(team, name)) for name in TEAM_FIELDS}
        after["leader"] = leader.username if leader else None
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        record(actor, "team.update", team, forbund=forbund, changes=changes)
    for seat in seats:
        member, function, holder = seat["member"], seat.get("function", "").strip(), seat.get("holder")
        try:
            if function or holder is not None:
                if not function:
                    raise ValidationError({"function": _("Ange vilken funktion som har platsen.")})
                set_seat(actor, team, member=member, function=function, holder=holder)
            else:
                _remove_seat(actor, team, member)
        except ValidationError as exc:
            raise ValidationError({"seats": [f"{member.name}: {message}" for message in exc.messages]}) from exc
    return team


@transaction.atomic
def schedule_meetings(actor: User | None, team: Team, *, start: dt.date, weeks: int) -> list[TeamMeeting]:
    """The weekly series: one meeting on the team's weekday for each of `weeks` weeks from `start`."""
    _require_team(actor, team, office_too=True)
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("Ange mellan 1 och 52 veckor.")})
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        message = _("Ange ett startdatum mellan %(first)s och %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise ValidationError({"start": message})
    first = start + dt.timedelta(days=(team.meeting_weekday - start.weekday()) % 7)
    created = []
    for week in range(weeks):
        day = first + dt.timedelta(weeks=week)
        meeting, made = TeamMeeting.objects.get_or_create(team=team, date=day, defaults={"time": team.meeting_time})
        if made:
            created.append(meeting)
    record(
        actor,
        "team.meetings",
        team,
        forbund=team.forbund,
        changes={"dates": [f"{m.date:%Y-%m-%d}" for m in created]},
    )
    return created


# --- Intake requests -------------------------------------------------------------------------------------


def next_reference(forbund: Forbund, year: int) -> str:
    used = IntakeRequest.objects.filter(forbund=forbund, reference__startswith=f"{year}-").values_list(
        "reference", flat=True
    )
    numbers = [int(ref.split("-", 1)[1]) for ref in used if ref.split("-", 1)[1].isdigit()]
    return f"{year}-{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def file_request(
    actor: User | None,
    forbund: Forbund,
    *,
    team: Team,
    filing_member: Member,
    contact_name: str,
    consent_given_on: dt.date | None,
    consent_method: str,
    person_name: str,
    personnummer: str,
    wanted_support: str,
    resources: str,
    home_kommun: Kommun | None = None,
    received_on: dt.date | None = None,
    channel: str = "",
    filed_by: User | None = None,
) -> IntakeRequest:
    """File a request for support in planning. Nothing about the person is stored without the consent to share."""
    received_on = received_on or timezone.localdate()
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.FILE_INTAKE_REQUEST))
        # A request that came on paper is registered by one of the team's seats, a member's staff: the förbund's
        # office never holds the person's data.
        if channel == Channel.PAPER and not TeamSeat.objects.filter(team=team, holder=actor).exists():
            raise ValidationError(
                {
                    "channel": _(
                        "Bara den som har en plats i teamet kan registrera en ansökan som kom in på papper. Be "
                        "medlemmens företrädare i teamet registrera den."
                    )
                }
            )
        channel = Channel.PAPER if channel == Channel.PAPER else Channel.WEB
        filed_by = actor
    if filed_by is None or channel not in Channel.values:
        raise ValidationError(_("Ange vem som registrerar ansökan och hur den kom in."))
    if not (consent_given_on and consent_method):
        raise ValidationError(
            {
                "consent_given_on": _(
                    "Personen måste samtycka till att medlemmarna delar information innan ansökan kan tas emot. "
                    "Fyll i datum och sätt för samtycket, eller vänta med ansökan tills samtycket finns."
                )
            }
        )
    problems: dict[str, str] = dict(
        future_problems(
            [
                ("received_on", received_on, _("Ankomstdatumet kan inte ligga i framtiden.")),
                ("consent_given_on", consent_given_on, _("Samtyckesdatumet kan inte ligga i framtiden.")),
            ]
        )
    )
    if consent_given_on > received_on and "consent_given_on" not in problems:
        problems["consent_given_on"] = _("Samtycket ska finnas senast när ansökan kommer in. Kontrollera datumet.")
    if team.forbund_id != forbund.pk:
        problems["team"] = _("Välj ett av förbundets team.")
    if filing_member.forbund_id != forbund.pk:
        problems["filing_member"] = _("Välj en av förbundets medlemmar.")
    try:
        pnr = normalize_personnummer(personnummer, today=received_on)
    except ValidationError as exc:
        problems["personnummer"] = exc.messages[0]
        pnr = ""
    for field, value in [("person_name", person_name), ("wanted_support", wanted_support), ("resources", resources)]:
        if not value.strip():
            problems[field] = _("Fyll i fältet.")
    if problems:
        raise ValidationError(problems)
    Forbund.objects.select_for_update(no_key=True).filter(pk=forbund.pk).first()
    request = IntakeRequest(
        forbund=forbund,
        team=team,
        reference=next_reference(forbund, received_on.year),
        channel=channel,
        received_on=received_on,
        filed_by=filed_by,
        filing_member=filing_member,
        contact_name=contact_name,
        consent_given_on=consent_given_on,
        consent_method=consent_method,
        person_name=person_name.strip(),
        personnummer=pnr,
        home_kommun=home_kommun,
        wanted_support=wanted_support.strip(),
        resources=resources.strip(),
    )
    request.full_clean()
    request.save()
    record(
        actor,
        "intake.file",
        request,
        forbund=forbund,
        changes={"team": team.name, "channel": channel, "member": filing_member.name},
    )
    return request


def _lock(request: IntakeRequest) -> IntakeRequest:
    locked = IntakeRequest.objects.select_for_update(of=("self", "team"))
    return locked.select_related("team", "forbund").get(pk=request.pk)


@transaction.atomic
def put_on_agenda(actor: User | None, request: IntakeRequest, meeting: TeamMeeting) -> AgendaItem:
    request = _lock(request)
    _require(workflow.check_step(actor, request, "schedule"))
    if meeting.team_id != request.team_id:
        raise ValidationError({"meeting": _("Välj ett möte för %(team)s.") % {"team": request.team.name}})
    if meeting.date < request.received_on:
        raise ValidationError({"meeting": _("Mötet ligger före ansökans ankomstdatum. Välj ett senare möte.")})
    if AgendaItem.objects.filter(meeting=meeting, request=request).exists():
        raise ValidationError({"meeting": _("Ansökan står redan på det mötets dagordning. Välj ett annat möte.")})
    position = AgendaItem.objects.filter(meeting=meeting).count() + 1
    item = AgendaItem.objects.create(meeting=meeting, request=request, position=position)
    request.state = RequestState.ON_AGENDA
    request.save(update_fields=["state"])
    record(actor, "intake.schedule", request, forbund=request.forbund, changes={"meeting": f"{meeting.date:%Y-%m-%d}"})
    events.intake_on_agenda(request, meeting)
    return item


def _clean_parts(forbund: Forbund, parts: Iterable[dict]) -> list[RecommendationPart]:
    cleaned = []
    for number, part in enumerate(parts, start=1):
        kind = part.get("kind")
        entry: CatalogueEntry | None = part.get("entry")
        intervention: Intervention | None = part.get("intervention") or (entry.intervention if entry else None)
        member: Member | None = part.get("member") or (entry.provider if entry else None)
        where = _("Del %(n)s: ") % {"n": number}
        if kind not in PartKind.values:
            raise ValidationError({"parts": where + _("välj vilket slags stöd.")})
        if entry is not None and entry.forbund_id != forbund.pk:
            raise ValidationError({"parts": where + _("välj ett stöd ur förbundets katalog.")})
        if kind == PartKind.INSATS:
            if intervention is None or intervention.forbund_id != forbund.pk:
                raise ValidationError(
                    {"parts": where + _("välj vilken av förbundets insatser personen remitteras till.")}
                )
            if intervention.kind != InterventionKind.INDIVIDUAL:
                raise ValidationError(
                    {"parts": where + _("insatsen är strukturövergripande; välj en individinriktad.")}
                )
        elif kind == PartKind.ORDINARY and member is None:
            raise ValidationError({"parts": where + _("ange vilken medlem som ger det ordinarie stödet.")})
        cleaned.append(
            RecommendationPart(
                kind=kind,
                member=member,
                intervention=intervention if kind == PartKind.INSATS else None,
                entry=entry,
                track=part.get("track", ""),
                note=part.get("note", ""),
                referral_status=ReferralStatus.PENDING if kind == PartKind.INSATS else "",
            )
        )
    return cleaned


@transaction.atomic
def record_outcome(
    actor: User | None,
    item: AgendaItem,
    *,
    outcome: str,
    person_present: bool,
    motivation: str = "",
    continued_planning: str = "",
    parts: Iterable[dict] = (),
) -> AgendaItem:
    """The team's case review: a recommendation with parts that may run together, not relevant, or another meeting."""
    item = AgendaItem.objects.select_for_update().select_related("meeting__team").get(pk=item.pk)
    request = _lock(item.request)
    if outcome not in workflow.OUTCOME_STEP:
        raise ValidationError({"outcome": _("Välj ett utfall.")})
    _require(workflow.check_step(actor, request, workflow.OUTCOME_STEP[outcome]))
    refuse_future(
        "outcome",
        item.meeting.date,
        _("Mötet %(date)s har inte hållits än: teamets utfall registreras först på mötesdagen.")
        % {"date": f"{item.meeting.date:%Y-%m-%d}"},
    )
    if item.outcome or request.agenda_items.order_by("-meeting__date").values_list("pk", flat=True).first() != item.pk:
        raise ValidationError(_("Det här ärendet på dagordningen är redan avgjort."))
    forbund = request.forbund
    new_parts: list[RecommendationPart] = []
    if outcome == RequestState.RECOMMENDED:
        new_parts = _clean_parts(forbund, parts)
        if not new_parts:
            raise ValidationError(
                {"parts": _("En rekommendation behöver minst en del. Lägg till det stöd teamet rekommenderar.")}
            )
    elif any(parts):
        raise ValidationError(
            {"parts": _("Bara en rekommendation har delar. Ta bort delarna eller välj Rekommendation.")}
        )
    if outcome == RequestState.NOT_RELEVANT:
        problems = {}
        if not motivation.strip():
            problems["motivation"] = _("Skriv varför stödet inte är aktuellt.")
        if not continued_planning.strip():
            problems["continued_planning"] = _("Skriv teamets rekommendation för den fortsatta planeringen.")
        if problems:
            raise ValidationError(problems)
    item.outcome = outcome
    item.person_present = person_present
    item.motivation = motivation.strip()
    item.continued_planning = continued_planning.strip()
    item.reviewed_by = actor
    item.reviewed_at = timezone.now()
    item.save()
    for part in new_parts:
        part.item = item
        part.save()
    request.state = outcome
    request.save(update_fields=["state"])
    item.request = request
    record(
        actor,
        "intake.outcome",
        request,
        forbund=forbund,
        changes={
            "outcome": outcome,
            "meeting": f"{item.meeting.date:%Y-%m-%d}",
            "person_present": person_present,
            "parts": [p.kind for p in new_parts],
        },
    )
    events.referrals_received(forbund, new_parts)
    return item


@transaction.atomic
def withdraw_request(actor: User | None, request: IntakeRequest) -> IntakeRequest:
    """The person or the filer takes the request back: the personal data goes, the reference and dates stay."""
    request = _lock(request)
    _require(workflow.check_step(actor, request, "withdraw"))
    for field in ["person_name", "personnummer", "contact_name", "wanted_support", "resources"]:
        setattr(request, field, "")
    request.home_kommun = None
    request.state = RequestState.WITHDRAWN
    request.save()
    record(actor, "intake.withdraw", request, forbund=request.forbund)
    return request


# --- Referrals into insatser -----------------------------------------------------------------------------


def _lock_part(part: RecommendationPart) -> RecommendationPart:
    return (
        RecommendationPart.objects.select_for_update(of=("self",))
        .select_related("item__request__forbund", "intervention")
        .get(pk=part.pk)
    )


def _require_referral(actor: User | None, part: RecommendationPart) -> Intervention:
    """The insats the referral is to, once the actor may decide on it and it is still pending."""
    if part.kind != PartKind.INSATS or part.intervention is None:
        raise ValidationError(_("Bara en rekommenderad insats är en remiss."))
    insats = part.intervention
    if actor is not None:
        _require(participant_access.check_intervention(actor, insats.forbund, insats))
    if part.referral_status != ReferralStatus.PENDING:
        raise ValidationError(
            _("Remissen är redan %(status)s.") % {"status": part.get_referral_status_display().lower()}
        )
    return insats


@transaction.atomic
def accept_referral(
    actor: User | None,
    part: RecommendationPart,
    *,
    enrolment_date: dt.date,
    referrer: str,
    income_before: str,
    occupation_before: str,
    consent_given_on: dt.date | None,
    consent_method: str,
    **enrolment,
) -> tuple[Participation, str]:
    """The insats's participant handler takes the referral: the person is enrolled and the link kept.

    Returns the participation and any warning from the insats's entry rules.
    """
    part = _lock_part(part)
    insats = _require_referral(actor, part)
    request = part.item.request
    verdict = rules.samsip_before_start(insats, request, enrolment_date)
    if not verdict.allowed:
        raise ValidationError({"enrolment_date": verdict.warning})
    participation = participant_actions.enrol(
        actor,
        request.forbund,
        intervention=insats,
        enrolment_date=enrolment_date,
        referrer=referrer,
        income_before=income_before,
        occupation_before=occupation_before,
        personnummer=request.personnummer,
        name=request.person_name,
        home_kommun=request.home_kommun,
        consent_given_on=consent_given_on,
        consent_method=consent_method,
        **enrolment,
    )
    part.participation = participation
    part.referral_status = ReferralStatus.ACCEPTED
    part.decided_at = timezone.now()
    part.save(update_fields=["participation", "referral_status", "decided_at"])
    record(
        actor,
        "intake.referral.accept",
        request,
        forbund=request.forbund,
        changes={
            "insats": insats.registration_no,
            "participant": participation.participant.pseudonym,
            "warning": verdict.warning,
        },
    )
    return participation, verdict.warning


@transaction.atomic
def decline_referral(actor: User | None, part: RecommendationPart, *, reason: str) -> RecommendationPart:
    part = _lock_part(part)
    insats = _require_referral(actor, part)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Skriv varför insatsen inte kan ta emot personen, så att teamet kan planera vidare.")}
        )
    part.referral_status = ReferralStatus.DECLINED
    part.decline_reason = reason.strip()
    part.decided_at = timezone.now()
    part.save(update_fields=["referral_status", "decline_reason", "decided_at"])
    record(
        actor,
        "intake.referral.decline",
        part.item.request,
        forbund=part.item.request.forbund,
        changes={"insats": insats.registration_no},
    )
    return part


# --- SAMSIP ----------------------------------------------------------------------------------------------


@transaction.atomic
def set_entry_rule(actor: User | None, intervention: Intervention, *, samsip_before_start: str) -> InsatsEntryRule:
    if actor is not None:
        _require(intervention_permissions.check_manage(actor, intervention))
    rule, _created = InsatsEntryRule.objects.get_or_create(intervention=intervention)
    before = rule.samsip_before_start
    rule.samsip_before_start = samsip_before_start
    rule.full_clean()
    rule.save()
    record(
        actor,
        "intervention.entry_rule",
        intervention,
        forbund=intervention.forbund,
        changes={"samsip_before_start": [before, samsip_before_start]},
    )
    return rule


@transaction.atomic
def set_samsip_contact(
    actor: User | None, member: Member, *, name: str, email: str = "", phone: str = ""
) -> SamsipContact:
    _require_manage(actor, member.forbund)
    contact = SamsipContact.objects.filter(member=member).first() or SamsipContact(member=member)
    contact.name, contact.email, contact.phone = name, email, phone
    contact.full_clean()
    contact.save()
    record(actor, "samsip.contact", contact, forbund=member.forbund, changes={"member": member.name, "name": name})
    return contact


@transaction.atomic
def record_samsip(
    actor: User | None,
    request: IntakeRequest,
    *,
    initiated_by: Member,
    held_on: dt.date,
    members_present: Iterable[Member],
    person_present: bool,
    plan: str,
    next_on: dt.date | None = None,
) -> SamsipMeeting:
    """Any member may initiate a SAMSIP; it is recorded by someone who may see the request."""
    request = _lock(request)
    _require_personal(actor, request)
    present = list(members_present)
    problems = dict(
        future_problems(
            [("held_on", held_on, _("SAMSIP-mötet kan inte ligga i framtiden: registrera det när det har hållits."))]
        )
    )
    if initiated_by.forbund_id != request.forbund_id or any(m.forbund_id != request.forbund_id for m in present):
        problems["initiated_by"] = _("Välj förbundets medlemmar.")
    if not present:
        problems["members_present"] = _("Ange vilka medlemmar som var med.")
    if not plan.strip():
        problems["plan"] = _("Skriv den gemensamma planen.")
    if next_on and next_on <= held_on:
        problems["next_on"] = _("Nästa möte ska ligga efter det här.")
    if problems:
        raise ValidationError(problems)
    meeting = SamsipMeeting.objects.create(
        request=request,
        initiated_by=initiated_by,
        held_on=held_on,
        person_present=person_present,
        plan=plan.strip(),
        next_on=next_on,
    )
    meeting.members_present.set(present)
    record(
        actor,
        "samsip.record",
        request,
        forbund=request.forbund,
        changes={
            "held_on": f"{held_on:%Y-%m-%d}",
            "initiated_by": initiated_by.name,
            "members": [m.name for m in present],
        },
    )
    return meeting


# --- Pre-steps -------------------------------------------------------------------------------------------


@transaction.atomic
def create_prestep(actor: User | None, forbund: Forbund, **fields) -> Prestep:
    _require_manage(actor, forbund)
    prestep = Prestep(forbund=forbund, **fields)
    prestep.full_clean()
    prestep.save()
    record(
        actor,
        "prestep.create",
        prestep,
        forbund=forbund,
        changes={"name": prestep.name, "guideline_days": prestep.guideline_days},
    )
    return prestep


@transaction.atomic
def start_prestep(actor: User | None, request: IntakeRequest, *, prestep: Prestep, started_on: dt.date) -> PrestepStay:
    request = _lock(request)
    _require_personal(actor, request)
    if prestep.forbund_id != request.forbund_id:
        raise ValidationError({"prestep": _("Välj ett av förbundets försteg.")})
    if request.state != RequestState.RECOMMENDED:
        raise ValidationError({"prestep": _("Ett försteg börjar efter teamets rekommendation.")})
    refuse_future("started_on", started_on, _("Startdatumet kan inte ligga i framtiden."))
    stay = PrestepStay.objects.create(prestep=prestep, request=request, started_on=started_on)
    record(
        actor,
        "prestep.start",
        request,
        forbund=request.forbund,
        changes={"prestep": prestep.name, "started_on": f"{started_on:%Y-%m-%d}"},
    )
    return stay


@transaction.atomic
def follow_up_prestep(actor: User | None, stay: PrestepStay, *, held_on: dt.date, note: str) -> PrestepFollowUp:
    _require_personal(actor, stay.request)
    if held_on < stay.started_on:
        raise ValidationError({"held_on": _("Uppföljningen kan inte ligga före starten.")})
    refuse_future("held_on", held_on, _("Uppföljningen kan inte ligga i framtiden: registrera den när den är gjord."))
    if not note.strip():
        raise ValidationError({"note": _("Skriv vad uppföljningen kom fram till.")})
    follow_up = PrestepFollowUp.objects.create(stay=stay, held_on=held_on, note=note.strip())
    record(
        actor,
        "prestep.follow_up",
        stay.request,
        forbund=stay.request.forbund,
        changes={"held_on": f"{held_on:%Y-%m-%d}"},
    )
    return follow_up


@transaction.atomic
def end_prestep(actor: User | None, stay: PrestepStay, *, ended_on: dt.date, exit_to: str) -> PrestepStay:
    """Every pre-step ends in another support, so that nobody gets stuck."""
    stay = (
        PrestepStay.objects.select_for_update(of=("self", "request", "prestep"))
        .select_related("request__forbund", "prestep")
        .get(pk=stay.pk)
    )
    _require_personal(actor, stay.request)
    if stay.ended_on:
        raise ValidationError(_("Förstegets tid är redan avslutad."))
    if ended_on < stay.started_on:
        raise ValidationError({"ended_on": _("Slutet kan inte ligga före starten.")})
    refuse_future("ended_on", ended_on, _("Slutdatumet kan inte ligga i framtiden."))
    if not exit_to.strip():
        raise ValidationError({"exit_to": _("Ange vilket stöd personen går vidare till.")})
    stay.ended_on, stay.exit_to = ended_on, exit_to.strip()
    stay.save(update_fields=["ended_on", "exit_to"])
    record(
        actor,
        "prestep.end",
        stay.request,
        forbund=stay.request.forbund,
        changes={"ended_on": f"{ended_on:%Y-%m-%d}", "exit_to": stay.exit_to, "overrun": stay.is_overrun()},
    )
    return stay


# --- System gaps -----------------------------------------------------------------------------------------


@transaction.atomic
def report_gap(
    actor: User | None, team: Team, *, found_on: dt.date, description: str, sent_to: Member, sent_on: dt.date
) -> SystemGap:
    _require_team(actor, team, office_too=True)
    if sent_to.forbund_id != team.forbund_id:
        raise ValidationError({"sent_to": _("Välj en av förbundets medlemmar.")})
    if sent_on < found_on:
        raise ValidationError({"sent_on": _("Felet kan inte ha skickats innan det upptäcktes.")})
    refuse_future("found_on", found_on, _("Datumet då felet upptäcktes kan inte ligga i framtiden."))
    refuse_future("sent_on", sent_on, _("Datumet då felet skickades kan inte ligga i framtiden."))
    gap = SystemGap(team=team, found_on=found_on, description=description.strip(), sent_to=sent_to, sent_on=sent_on)
    gap.full_clean()
    gap.save()
    record(actor, "gap.report", gap, forbund=team.forbund, changes={"sent_to": sent_to.name})
    return gap


@transaction.atomic
def answer_gap(actor: User | None, gap: SystemGap, *, answered_on: dt.date, answer: str) -> SystemGap:
    gap = SystemGap.objects.select_for_update(of=("self", "team")).select_related("team__forbund").get(pk=gap.pk)
    _require_team(actor, gap.team, office_too=True)
    if gap.answered_on:
        raise ValidationError(_("Systemfelet är redan besvarat."))
    refuse_future("answered_on", answered_on, _("Svarsdatumet kan inte ligga i framtiden."))
    if answered_on < gap.sent_on or not answer.strip():
        raise ValidationError({"answer": _("Skriv medlemmens svar, daterat tidigast när felet skickades.")})
    gap.answered_on, gap.answer = answered_on, answer.strip()
    gap.save(update_fields=["answered_on", "answer"])
    record(actor, "gap.answer", gap, forbund=gap.team.forbund, changes={"answered_on": f"{answered_on:%Y-%m-%d}"})
    return gap


# --- Placements and the catalogue ------------------------------------------------------------------------


@transaction.atomic
def create_agreement(actor: User | None, forbund: Forbund, **fields) -> PlacementAgreement:
    _require_manage(actor, forbund)
    agreement = PlacementAgreement(forbund=forbund, **fields)
    agreement.full_clean()
    if agreement.valid_to and agreement.valid_to < agreement.valid_from:
        raise ValidationError({"valid_to": _("Avtalet kan inte sluta innan det börjar. Kontrollera datumen.")})
    agreement.save()
    record(
        actor,
        "placement.agreement",
        agreement,
        forbund=forbund,
        changes={"employer": agreement.employer, "kind": agreement.kind},
    )
    return agreement


@transaction.atomic
def add_placement(
    actor: User | None, participation: Participation, *, agreement: PlacementAgreement, **fields
) -> Placement:
    forbund = participation.intervention.forbund
    if actor is not None:
        _require(participant_access.check_intervention(actor, forbund, participation.intervention))
    if agreement.forbund_id != forbund.pk:
        raise ValidationError({"agreement": _("Välj ett av förbundets avtal.")})
    placement = Placement(participation=participation, agreement=agreement, **fields)
    placement.full_clean()
    if placement.started_on < agreement.valid_from or (
        agreement.valid_to and placement.started_on > agreement.valid_to
    ):
        raise ValidationError(
            {"started_on": _("Placeringen börjar utanför avtalets giltighetstid. Kontrollera datumet eller avtalet.")}
        )
    placement.save()
    record(
        actor,
        "placement.add",
        participation,
        forbund=forbund,
        changes={
            "employer": agreement.employer,
            "kind": placement.kind,
            "started_on": f"{placement.started_on:%Y-%m-%d}",
        },
    )
    return placement


def _check_entry(forbund: Forbund, entry: CatalogueEntry, kommuner: list[Kommun]) -> None:
    """What an entry must say for the team to be able to use it. Raises every problem at once."""
    problems: dict[str, str] = {}
    if entry.kind == CatalogueKind.INSATS:
        if entry.intervention is None:
            problems["intervention"] = _("Välj vilken av förbundets insatser posten gäller.")
        elif entry.intervention.kind != InterventionKind.INDIVIDUAL:
            problems["intervention"] = _("Insatsen är strukturövergripande; välj en individinriktad.")
    elif entry.intervention is not None:
        problems["intervention"] = _("Bara en post för en förbundsinsats har en insats. Ta bort insatsen.")
    if entry.kind == CatalogueKind.ORDINARY and entry.provider is None:
        problems["provider"] = _("Ange vilken medlem som ger det ordinarie stödet.")
    if entry.prestep is not None and entry.kind != CatalogueKind.PRESTEP:
        problems["prestep"] = _("Bara en post för ett försteg har ett försteg. Ta bort försteget eller byt slag.")
    for name in ("provider", "intervention", "prestep"):
        related = getattr(entry, name)
        if related is not None and related.forbund_id != forbund.pk:
            problems[name] = _("Välj bland förbundets egna.")
    if set(k.pk for k in kommuner) - set(forbund.kommuner.values_list("pk", flat=True)):
        problems["kommuner"] = _("Välj bland förbundets kommuner.")
    if entry.age_min is not None and entry.age_max is not None and entry.age_min > entry.age_max:
        problems["age_max"] = _("Högsta ålder ska vara minst lika hög som lägsta ålder.")
    wrong = sorted(set(entry.income_sources or []) - set(IncomeSource.values))
    if wrong:
        problems["income_sources"] = _("Okänd försörjning: %(codes)s.") % {"codes": ", ".join(wrong)}
    if entry.capacity == 0:
        problems["capacity"] = _("Ange antalet platser, eller lämna fältet tomt om platserna inte är begränsade.")
    if problems:
        raise ValidationError(problems)


def _entry_state(entry: CatalogueEntry, kommuner) -> dict:
    state = {name: getattr(entry, name) for name in CATALOGUE_FIELDS}
    for name in ("provider", "intervention", "prestep"):
        state[name] = str(state[name]) if state[name] is not None else None
    state["kommuner"] = sorted(k.code for k in kommuner)
    return state


def _write_entry(
    actor: User | None, forbund: Forbund, entry: CatalogueEntry, expected_version, kommuner, fields: dict
) -> CatalogueEntry:
    """Check and write an entry. `samsip_before_start`, when given for an insats entry, sets the insats's rule."""
    samsip = fields.pop("samsip_before_start", None)
    unknown = set(fields) - set(CATALOGUE_FIELDS)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    creating = entry.pk is None
    before = {} if creating else _entry_state(entry, entry.kommuner.all())
    kommuner = list(kommuner)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.income_sources = sorted(set(entry.income_sources or []))
    _check_entry(forbund, entry, kommuner)
    entry.full_clean(exclude=["version"])
    if creating:
        entry.save()
    else:
        save_with_version(entry, expected_version)
    entry.kommuner.set(kommuner)
    after = _entry_state(entry, kommuner)
    record(
        actor,
        "catalogue.create" if creating else "catalogue.update",
        entry,
        forbund=forbund,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
    )
    if samsip and entry.intervention is not None and samsip != rules.rule_of(entry.intervention):
        set_entry_rule(actor, entry.intervention, samsip_before_start=samsip)
    return entry


@transaction.atomic
def create_catalogue_entry(
    actor: User | None, forbund: Forbund, *, kommuner: Iterable[Kommun] = (), **fields
) -> CatalogueEntry:
    """A new entry in the catalogue: one of the förbund's insatser, a member's ordinary service, a pre-step."""
    _require_manage(actor, forbund)
    return _write_entry(actor, forbund, CatalogueEntry(forbund=forbund), None, kommuner, fields)


@transaction.atomic
def update_catalogue_entry(
    actor: User | None,
    entry: CatalogueEntry,
    *,
    expected_version: int | None = None,
    kommuner: Iterable[Kommun] = (),
    **fields,
) -> CatalogueEntry:
    """Change an entry; a save over someone else's change in between is refused and changes nothing."""
    _require_manage(actor, entry.forbund)
    entry = CatalogueEntry.objects.select_for_update(of=("self",)).select_related("forbund").get(pk=entry.pk)
    return _write_entry(actor, entry.forbund, entry, expected_version, kommuner, fields)
