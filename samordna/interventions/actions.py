"""Every write to insatser: creation with its registration number, the parties, the fixed kind, and goals.

Budget and staffing are written by `samordna.finance`, the reporting schedule by `samordna.reporting`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import diff, record
from samordna.lib.errors import Refused
from samordna.lib.versioning import save_with_version
from samordna.tenancy.models import Forbund, Member, PartyType, User, distinct_parties

from . import permissions
from .models import (
    FIXED_ONCE_SET,
    REGISTRATION_NO_PATTERN,
    ControllerKind,
    DataController,
    Goal,
    Intervention,
    InterventionKind,
    VolumeCount,
)

# The insats's own fields, in the order the office's form shows them.
INTERVENTION_FIELDS = [
    "registration_no",
    "name",
    "kind",
    "start_date",
    "end_date",
    "owner",
    "partners",
    "specific_focus",
    "planned_participants",
    "esf_financed",
    "follow_up_method",
    "target_group",
    "age_min",
    "age_max",
    "criteria",
    "max_stay_months",
    "description",
]
# What a change sets field by field: the kind is fixed once created, the parties are checked together (R1).
EDITABLE = [name for name in INTERVENTION_FIELDS if name not in ("kind", "owner", "partners")]
VOLUME_FIELDS = ["period_start", "period_end", "member", "sex", "count"]


def _require(decision) -> None:
    if not decision.allowed:
        raise Refused(decision.reason)


def _serial(registration_no: str, year: int) -> int | None:
    """The serial of a diarienummer of `year` ("2015:1" and "2015:01" are both 1), or None for another year."""
    head, _sep, tail = registration_no.partition(":")
    return int(tail) if head == str(year) and tail.isdigit() else None


def next_registration_no(forbund: Forbund, year: int) -> str:
    """The next free diarienummer of the year in this förbund, as YYYY:NN.

    Applications and insatser share one series: a granted application's insats keeps the application's number.
    The caller locks the förbund row so that two writers cannot take the same number.
    """
    from samordna.applications.models import Application

    prefix = f"{year}:"
    used = [
        *Intervention.objects.filter(forbund=forbund, registration_no__startswith=prefix).values_list(
            "registration_no", flat=True
        ),
        *Application.objects.filter(forbund=forbund, registration_no__startswith=prefix).values_list(
            "registration_no", flat=True
        ),
    ]
    serials = [n for n in (_serial(no, year) for no in used) if n is not None]
    return f"{year}:{max(serials, default=0) + 1:02d}"


def _check_registration_no(
    forbund: Forbund, registration_no: str, exclude_pk: int | None = None, application_pk: int | None = None
) -> str:
    """A free diarienummer of the series, in its one style. The insats's own application may share it."""
    from samordna.applications.models import Application

    value = (registration_no or "").strip()
    if not re.match(REGISTRATION_NO_PATTERN, value):
        raise ValidationError(
            {
                "registration_no": _("Diarienumret %(value)s ska skrivas ÅÅÅÅ:NN, till exempel 2017:48.")
                % {"value": value}
            }
        )
    # A number typed from a paper register is kept as written; "2015:1" and "2015:01" are still the same number.
    year = int(value.split(":", 1)[0])
    serial = _serial(value, year)
    others = Intervention.objects.filter(forbund=forbund, registration_no__startswith=f"{year}:")
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    applications = Application.objects.filter(forbund=forbund, registration_no__startswith=f"{year}:")
    if application_pk is not None:
        applications = applications.exclude(pk=application_pk)
    if exclude_pk is not None:
        applications = applications.exclude(intervention_id=exclude_pk)
    used = [*others.values_list("registration_no", flat=True), *applications.values_list("registration_no", flat=True)]
    if any(_serial(no, year) == serial for no in used):
        raise ValidationError(
            {
                "registration_no": _(
                    "Diarienumret %(value)s används redan av en annan insats eller ansökan i förbundet. Välj ett "
                    "annat nummer eller lämna fältet tomt så tilldelas nästa lediga."
                )
                % {"value": value}
            }
        )
    return value


def check_parties(forbund: Forbund, owner: Member | None, partners: Iterable[Member]) -> None:
    """R1: an insats needs ≥2 distinct parties among owner and partners; kommuner together are one party."""
    members = [m for m in [owner, *partners] if m is not None]
    if any(m.forbund_id != forbund.pk for m in members):
        raise ValidationError(_("Insatsägare och samverkansparter måste vara medlemmar i förbundet."))
    parties = distinct_parties(m.party_type for m in members)
    if len(parties) < 2:
        named = ", ".join(str(PartyType(p).label) for p in sorted(parties)) or _("ingen part")
        raise ValidationError(
            _(
                "En insats kräver samverkan mellan minst två parter, men ägare och samverkansparter utgör bara "
                "%(parties)s. Kommunerna räknas tillsammans som en part. Lägg till en samverkanspart från "
                "Försäkringskassan, Arbetsförmedlingen, regionen eller en kommun."
            )
            % {"parties": named},
            code="parties",
        )


@transaction.atomic
def create_intervention(
    actor: User | None,
    forbund: Forbund,
    *,
    owner: Member | None,
    partners: Iterable[Member] = (),
    registration_no: str = "",
    registration_year: int | None = None,
    application_pk: int | None = None,
    **fields,
) -> Intervention:
    """Create an insats. Without a given diarienummer the next free one of the year is assigned.

    The insats of a granted application (`application_pk`) keeps the application's diarienummer.
    """
    if actor is not None:
        _require(permissions.check_create(actor, forbund))
    Forbund.objects.select_for_update(no_key=True).filter(pk=forbund.pk).first()
    partners = list(partners)
    check_parties(forbund, owner, partners)
    if registration_no:
        registration_no = _check_registration_no(forbund, registration_no, application_pk=application_pk)
    else:
        registration_no = next_registration_no(forbund, registration_year or timezone.localdate().year)
    intervention = Intervention(forbund=forbund, owner=owner, registration_no=registration_no, **fields)
    intervention.full_clean()
    intervention.save()
    intervention.partners.set(partners)
    record(
        actor,
        "intervention.create",
        intervention,
        forbund=forbund,
        changes={
            "registration_no": registration_no,
            "kind": intervention.kind,
            "owner": owner.name if owner else None,
            "partners": [p.name for p in partners],
        },
    )
    return intervention


@transaction.atomic
def update_intervention(
    actor: User | None, intervention: Intervention, *, expected_version: int | None = None, **changes
) -> Intervention:
    """Change an insats. The kind (individual/structural) is fixed once the insats exists (R29)."""
    if actor is not None:
        _require(permissions.check_manage(actor, intervention))
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if "kind" in changes and changes.pop("kind") != intervention.kind:
        raise ValidationError(
            {
                "kind": _(
                    "Inriktningen (individinriktad eller strukturövergripande) kan inte ändras efter att insatsen "
                    "lagts upp. En insats med båda inriktningarna läggs upp som två insatser."
                )
            }
        )
    for name in FIXED_ONCE_SET:
        current = getattr(intervention, name)
        if name in changes and current not in (None, "") and changes[name] != current:
            raise ValidationError(
                {
                    name: _(
                        "Uppgiften ”%(field)s” kan inte ändras när den väl är angiven (Uppföljning Finsam). Är den "
                        "fel, lägg upp insatsen på nytt."
                    )
                    % {"field": Intervention._meta.get_field(name).verbose_name}  # type: ignore[union-attr]
                }
            )
    before = {name: getattr(intervention, name) for name in [*EDITABLE, "owner"]}
    before_partners = sorted(p.name for p in intervention.partners.all())
    owner = changes.pop("owner", intervention.owner)
    partners = list(changes.pop("partners", intervention.partners.all()))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    if "registration_no" in changes:
        changes["registration_no"] = _check_registration_no(
            intervention.forbund, changes["registration_no"], exclude_pk=intervention.pk
        )
    check_parties(intervention.forbund, owner, partners)
    for name, value in changes.items():
        setattr(intervention, name, value)
    intervention.owner = owner
    intervention.full_clean()
    save_with_version(intervention, expected_version)
    intervention.partners.set(partners)
    changed = diff(intervention, before, [*EDITABLE, "owner"])
    after_partners = sorted(p.name for p in partners)
    if after_partners != before_partners:
        changed["partners"] = [before_partners, after_partners]
    record(actor, "intervention.update", intervention, changes=changed)
    return intervention


GOAL_FIELDS = ["text", "level", "indicator", "comparator", "target", "unit"]


class GoalWriter:
    """Writes the goals of one insats. The permission is checked on the first write and not again, so a form saving
    many goals asks once; the single-goal actions below are a writer used once."""

    def __init__(self, actor: User | None, intervention: Intervention):
        self.actor = actor
        self.intervention = intervention
        self.checked = False

    def _check(self) -> None:
        if not self.checked:
            if self.actor is not None:
                _require(permissions.check_manage(self.actor, self.intervention))
            self.checked = True

    @transaction.atomic
    def add(self, fields: dict) -> Goal:
        self._check()
        goal = Goal(intervention=self.intervention, **fields)
        goal.full_clean()
        goal.save()
        record(
            self.actor,
            "intervention.goal.add",
            goal,
            forbund=self.intervention.forbund,
            changes={"text": goal.text, "target": goal.target_label},
        )
        return goal

    @transaction.atomic
    def update(self, goal: Goal, changes: dict) -> Goal:
        self._check()
        before = {name: getattr(goal, name) for name in GOAL_FIELDS}
        for name, value in changes.items():
            if name not in GOAL_FIELDS:
                raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": name})
            setattr(goal, name, value)
        goal.full_clean()
        goal.save()
        changed = diff(goal, before, GOAL_FIELDS)
        if changed:
            record(self.actor, "intervention.goal.update", goal, forbund=self.intervention.forbund, changes=changed)
        return goal

    @transaction.atomic
    def remove(self, goal: Goal) -> None:
        self._check()
        record(
            self.actor, "intervention.goal.remove", goal, forbund=self.intervention.forbund, changes={"text": goal.text}
        )
        goal.delete()


def add_goal(actor: User | None, intervention: Intervention, **fields) -> Goal:
    return GoalWriter(actor, intervention).add(fields)


@transaction.atomic
def update_goal(actor: User | None, goal: Goal, **changes) -> Goal:
    goal = Goal.objects.select_related("intervention").get(pk=goal.pk)
    return GoalWriter(actor, goal.intervention).update(goal, changes)


def remove_goal(actor: User | None, goal: Goal) -> None:
    GoalWriter(actor, goal.intervention).remove(goal)


def _numbered(label: str, number: int, exc: ValidationError) -> ValidationError:
    """An error of one row of a list, named by the row, for a message above the form."""
    return ValidationError(
        {label: [_("Rad %(n)s: %(message)s") % {"n": number, "message": message} for message in exc.messages]}
    )


def _sync_rows(rows: list[dict], existing, label: str, add, update, remove) -> None:
    """Apply the rows of a list form: a row with an id changes (or with `delete` removes) that record, a row
    without one adds a record. Ids outside `existing` are refused: they belong to another insats."""
    by_id = {obj.pk: obj for obj in existing}
    for number, row in enumerate(rows, start=1):
        row = dict(row)
        pk, delete = row.pop("id", None), row.pop("delete", False)
        if pk is not None and pk not in by_id:
            raise _numbered(label, number, ValidationError(_("Raden hör inte till insatsen. Ladda om sidan.")))
        try:
            if pk is None:
                if not delete:
                    add(row)
            elif delete:
                remove(by_id[pk])
            else:
                update(by_id[pk], row)
        except ValidationError as exc:
            raise _numbered(label, number, exc) from exc


@transaction.atomic
def save_intervention_plan(
    actor: User | None,
    forbund: Forbund,
    intervention: Intervention | None = None,
    *,
    fields: dict,
    goals: Iterable[dict] = (),
    budget_lines: Iterable[dict] = (),
    report_kinds: Iterable[str] = (),
    due_months_after: int = 1,
    expected_version: int | None = None,
) -> Intervention:
    """Create or change an insats with its goals, budget and staffing lines and reporting schedule, all or nothing.

    The office's form: only the förbund admin and office use it. On a change the insats's version is checked
    and raised, so a page opened before someone else saved is refused as a whole."""
    from samordna.finance import actions as finance_actions
    from samordna.reporting import actions as reporting_actions

    if actor is not None:
        _require(permissions.check_create(actor, forbund))
    if intervention is None:
        intervention = create_intervention(actor, forbund, **fields)
    else:
        if intervention.forbund_id != forbund.pk:
            raise Refused(_("Insatsen hör inte till förbundet."))
        intervention = update_intervention(actor, intervention, expected_version=expected_version, **fields)
    # One writer per list: each checks its permission once for all the rows, not once per row.
    goal_writer = GoalWriter(actor, intervention)
    _sync_rows(
        list(goals),
        intervention.goals.all(),
        "goals",
        add=goal_writer.add,
        update=goal_writer.update,
        remove=goal_writer.remove,
    )
    budget_writer = finance_actions.InterventionBudgetWriter(actor, intervention)
    _sync_rows(
        list(budget_lines),
        intervention.finance_budget_lines.all(),
        "budget_lines",
        add=budget_writer.add,
        update=budget_writer.update,
        remove=budget_writer.remove,
    )
    wanted = set(report_kinds) - set(intervention.report_requirements.values_list("kind", flat=True))
    if wanted:
        reporting_actions.set_requirements(actor, intervention, kinds=sorted(wanted), due_months_after=due_months_after)
    return intervention


# --- Volume counts of structural insatser ------------------------------------------------------------


def _check_volume(volume: VolumeCount) -> None:
    """A count must be of a structural insats, inside its period, for one of its förbund's members, and must not
    overlap another count for the same organisation and sex (a period would then be counted twice)."""
    insats = volume.intervention
    if insats.kind != InterventionKind.STRUCTURAL:
        raise ValidationError(
            _(
                "Volymuppgifter lämnas bara för strukturövergripande insatser. Deltagarna i %(insats)s skrivs in "
                "som personer i stället."
            )
            % {"insats": insats.registration_no}
        )
    errors: dict[str, str] = {}
    if volume.count is not None and volume.count < 0:
        errors["count"] = _("Antalet kan inte vara negativt. Ange 0 eller fler.")
    if volume.member_id and volume.member.forbund_id != insats.forbund_id:
        errors["member"] = _("Välj en av förbundets medlemsorganisationer.")
    if volume.period_start and volume.period_end:
        if volume.period_end < volume.period_start:
            errors["period_end"] = _("Periodens slut kan inte ligga före dess början.")
        elif volume.period_start < insats.start_date or (insats.end_date and volume.period_end > insats.end_date):
            errors["period_start"] = _(
                "Perioden %(start)s – %(end)s ligger utanför insatsens period %(from)s – %(to)s. Ändra datumen."
            ) % {
                "start": f"{volume.period_start:%Y-%m-%d}",
                "end": f"{volume.period_end:%Y-%m-%d}",
                "from": f"{insats.start_date:%Y-%m-%d}",
                "to": f"{insats.end_date:%Y-%m-%d}" if insats.end_date else "",
            }
    if errors:
        raise ValidationError(errors)
    clash = (
        VolumeCount.objects.filter(
            intervention=insats,
            member=volume.member,
            sex=volume.sex,
            period_start__lte=volume.period_end,
            period_end__gte=volume.period_start,
        )
        .exclude(pk=volume.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "period_start": _(
                    "Det finns redan en uppgift för %(member)s, %(sex)s, för perioden %(start)s – %(end)s. "
                    "Ändra den uppgiften i stället för att lägga till en ny."
                )
                % {
                    "member": clash.member.name,
                    "sex": clash.get_sex_display().lower(),
                    "start": f"{clash.period_start:%Y-%m-%d}",
                    "end": f"{clash.period_end:%Y-%m-%d}",
                }
            }
        )


def _volume_changes(volume: VolumeCount) -> dict:
    return {
        "period": f"{volume.period_start:%Y-%m-%d}–{volume.period_end:%Y-%m-%d}",
        "member": volume.member.name,
        "sex": volume.sex,
        "count": volume.count,
    }


@transaction.atomic
def record_volume_count(actor: User | None, intervention: Intervention, **fields) -> VolumeCount:
    """Report how many from one organisation, of one sex, took part in a structural insats during a period."""
    if actor is not None:
        _require(permissions.check_report_volume(actor, intervention))
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    unknown = set(fields) - set(VOLUME_FIELDS)
    if unknown:
        raise ValidationError(_("Fältet %(field)s finns inte.") % {"field": ", ".join(sorted(unknown))})
    volume = VolumeCount(intervention=intervention, **fields)
    _check_volume(volume)
    volume.full_clean()
    volume.save()
    record(actor, "intervention.volume.add", volume, forbund=intervention.forbund, changes=_volume_changes(volume))
    return volume


@transaction.atomic
def update_volume_count(
    actor: User | None, volume: VolumeCount, *, expected_version: int | None = None, **changes
) -> VolumeCount:
    if actor is not None:
        _require(permissions.check_report_volume(actor, volume.intervention))
    Intervention.objects.select_for_update().filter(pk=volume.intervention_id).first()
    volume = VolumeCount.objects.select_related("intervention", "member").get(pk=volume.pk)
    unknown = set(changes) - set(VOLUME_FIELDS)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    before = {name: getattr(volume, name) for name in VOLUME_FIELDS}
    for name, value in changes.items():
        setattr(volume, name, value)
    _check_volume(volume)
    volume.full_clean()
    save_with_version(volume, expected_version)
    record(
        actor,
        "intervention.volume.update",
        volume,
        forbund=volume.intervention.forbund,
        changes=diff(volume, before, VOLUME_FIELDS),
    )
    return volume


def _joint_arrangement_errors(
    members: list[Member], answers_requests, informs_subjects, agreement_date, agreement_reference
) -> dict[str, str]:
    """What the arrangement between joint controllers (GDPR art. 26) lacks."""
    errors: dict[str, str] = {}
    if answers_requests is None or answers_requests not in members:
        errors["answers_requests"] = _(
            "Välj vilken av de ansvariga medlemmarna som besvarar de registrerades begäranden."
        )
    if informs_subjects is None or informs_subjects not in members:
        errors["informs_subjects"] = _("Välj vilken av de ansvariga medlemmarna som informerar de registrerade.")
    if agreement_date is None:
        errors["agreement_date"] = _("Ange när avtalet om gemensamt personuppgiftsansvar skrevs under.")
    elif agreement_date > timezone.localdate():
        errors["agreement_date"] = _("Avtalet kan inte vara daterat i framtiden.")
    if not agreement_reference.strip():
        errors["agreement_reference"] = _("Ange avtalets beteckning, till exempel dess diarienummer.")
    return errors


@transaction.atomic
def set_data_controller(
    actor: User | None,
    intervention: Intervention,
    *,
    kind: str,
    members: Iterable[Member] = (),
    forbund_reason: str = "",
    answers_requests: Member | None = None,
    informs_subjects: Member | None = None,
    agreement_date=None,
    agreement_reference: str = "",
) -> DataController:
    """Name who is controller of an individual insats's participant data: one member, several members as joint
    controllers with their arrangement (art. 26), or the förbund itself as an explicit choice with its reason."""
    forbund = intervention.forbund
    if actor is not None:
        _require(permissions.check_create(actor, forbund))
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if intervention.kind != InterventionKind.INDIVIDUAL:
        raise ValidationError(
            _("En strukturövergripande insats har inga inskrivna deltagare och därför ingen personuppgiftsansvarig.")
        )
    members = sorted(set(members), key=lambda m: m.name)
    errors: dict[str, str] = {}
    if kind == ControllerKind.MEMBERS:
        if not members:
            errors["members"] = _("Välj minst en medlem vars personal arbetar med deltagarna.")
        elif any(m.forbund_id != forbund.pk for m in members):
            errors["members"] = _("Välj bland förbundets egna medlemmar.")
        forbund_reason = ""
        if len(members) > 1:
            errors |= _joint_arrangement_errors(
                members, answers_requests, informs_subjects, agreement_date, agreement_reference
            )
        else:
            # One controller answers and informs by itself: there is no arrangement to record.
            answers_requests = informs_subjects = agreement_date = None
            agreement_reference = ""
    elif kind == ControllerKind.FORBUND:
        if members:
            errors["members"] = _("När förbundet självt är ansvarigt väljs ingen medlem.")
        if not forbund_reason.strip():
            errors["forbund_reason"] = _(
                "Ange varför förbundet är personuppgiftsansvarigt, till exempel att förbundet självt anställer "
                "personalen i insatsen. Annars är det medlemmarna som är ansvariga."
            )
        answers_requests = informs_subjects = agreement_date = None
        agreement_reference = ""
    else:
        errors["kind"] = _("Välj vem som är personuppgiftsansvarig.")
    if errors:
        raise ValidationError(errors)
    controller, _created = DataController.objects.get_or_create(intervention=intervention, defaults={"kind": kind})
    before = _controller_summary(controller) if not _created else {}
    controller.kind = kind
    controller.forbund_reason = forbund_reason.strip()
    controller.answers_requests = answers_requests
    controller.informs_subjects = informs_subjects
    controller.agreement_date = agreement_date
    controller.agreement_reference = agreement_reference.strip()
    controller.save()
    controller.members.set(members)
    after = _controller_summary(controller)
    record(
        actor,
        "intervention.controller",
        intervention,
        forbund=forbund,
        changes={key: [before.get(key), value] for key, value in after.items() if before.get(key) != value},
    )
    return controller


def _controller_summary(controller: DataController) -> dict:
    return {
        "controller_kind": str(ControllerKind(controller.kind).label),
        "controllers": sorted(m.name for m in controller.members.all()),
        "forbund_reason": controller.forbund_reason or None,
        "answers_requests": controller.answers_requests.name if controller.answers_requests else None,
        "informs_subjects": controller.informs_subjects.name if controller.informs_subjects else None,
        "agreement_date": str(controller.agreement_date) if controller.agreement_date else None,
        "agreement_reference": controller.agreement_reference or None,
    }
