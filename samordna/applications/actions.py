"""Every write to applications. Each checks, changes and logs in one transaction.

`actor=None` is the console (demo data, imports), which skips the permission checks but not the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.interventions.actions import next_registration_no
from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib import attachments
from samordna.lib.dates import refuse_future
from samordna.lib.errors import Refused
from samordna.lib.formats import kr, number
from samordna.lib.versioning import save_with_version
from samordna.meetings.models import AgendaItem, ItemKind, Meeting, MeetingKind, MinutesState, Paragraph
from samordna.meetings.queries import decision_contradiction
from samordna.notifications import events
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, Member, Role, RoleAssignment
from samordna.tenancy.permissions import Capability

from . import queries
from .models import (
    APPLICANT_FIELDS,
    BUDGET_INPUTS,
    GRANTING_OUTCOMES,
    Application,
    ApplicationAttachment,
    ApplicationKind,
    BudgetLine,
    BudgetYear,
    ConditionStatus,
    Decision,
    DecisionOutcome,
    DecisionYear,
    Review,
    ReviewOutcome,
    Signatory,
    State,
)
from .sections import SECTION_KEYS
from .workflow import (
    OFFICE_ROLES,
    TRANSITIONS,
    check_attach,
    check_condition,
    check_edit,
    check_register_request,
    check_transition,
)


def _require(decision: permissions.Decision) -> None:
    if not decision.allowed:
        raise Refused(decision.reason)


def _transition(actor, application: Application, name: str) -> Application:
    """Lock the row, check the workflow table and move to the transition's target state."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if actor is not None:
        _require(check_transition(actor, application, name))
    elif application.state not in TRANSITIONS[name].sources:
        raise ValidationError(_("Ansökan har fel status för det steget."))
    application.state = TRANSITIONS[name].target
    return application


def _editable(actor, application: Application) -> Application:
    """Lock the row and check that `actor` may still change the form (a draft, theirs or the office's)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if actor is not None:
        _require(check_edit(actor, application))
    elif application.state != State.DRAFT:
        raise ValidationError(_("Ansökan är inskickad och kan inte längre ändras."))
    return application


def _replace_rows(application: Application, model, rows: Iterable[dict]) -> list:
    """Replace the application's rows of `model` (signatories, detail lines), validating each."""
    model.objects.filter(application=application).delete()
    created = []
    for data in rows:
        row = model(application=application, **data)
        row.full_clean()
        row.save()
        created.append(row)
    return created


def _check_kind(actor, forbund: Forbund, kind) -> None:
    if kind == ApplicationKind.REQUEST and actor is not None:
        _require(check_register_request(actor, forbund))


def _check_parties(forbund: Forbund, parties: Iterable[Member]) -> list[Member]:
    parties = list(parties)
    if any(p.forbund_id != forbund.pk for p in parties):
        raise ValidationError(_("Samverkansparterna måste vara medlemmar i förbundet."))
    return parties


@transaction.atomic
def create_application(actor, forbund: Forbund, *, sections=None, involved_parties=(), **fields) -> Application:
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.CREATE_APPLICATION))
    unknown = set(fields) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    _check_kind(actor, forbund, fields.get("kind"))
    application = Application(forbund=forbund, created_by=actor, sections=dict(sections or {}), **fields)
    application.full_clean()
    application.save()
    application.involved_parties.set(_check_parties(forbund, involved_parties))
    _sync_budget_years(application)
    record(actor, "application.create", application, forbund=forbund, changes={"title": application.title})
    return application


def _sync_budget_years(application: Application) -> None:
    """Keep one column per year of the requested period (R6); columns outside it go."""
    years = application.years
    application.budget_years.exclude(year__in=years).delete()
    have = set(application.budget_years.values_list("year", flat=True))
    BudgetYear.objects.bulk_create(BudgetYear(application=application, year=y) for y in years if y not in have)


@transaction.atomic
def update_application(
    actor, application: Application, *, sections=None, involved_parties=None, expected_version=None, **changes
):
    application = _editable(actor, application)
    if "kind" in changes:
        _check_kind(actor, application.forbund, changes["kind"])
    changed = {}
    for name, value in changes.items():
        if name not in APPLICANT_FIELDS:
            raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": name})
        if getattr(application, name) != value:
            changed[name] = [str(getattr(application, name)), str(value)]
            setattr(application, name, value)
    if sections is not None:
        unknown = set(sections) - set(SECTION_KEYS)
        if unknown:
            raise ValidationError(_("Okända avsnitt: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
        merged = {**application.sections, **{k: str(v) for k, v in sections.items()}}
        changed.update({k: "ändrat" for k in sections if application.sections.get(k, "") != merged[k]})
        application.sections = merged
    application.full_clean()
    save_with_version(application, expected_version)
    if involved_parties is not None:
        application.involved_parties.set(_check_parties(application.forbund, involved_parties))
        changed["involved_parties"] = sorted(p.name for p in application.involved_parties.all())
    _sync_budget_years(application)
    record(actor, "application.update", application, forbund=application.forbund, changes=changed)
    return application


@transaction.atomic
def set_budget(actor, application: Application, columns: dict[int, dict[str, int]]) -> Application:
    """Store the inputs of the budget table per year. Typed sums are not accepted: they are computed (R5)."""
    application = _editable(actor, application)
    if not application.years:
        raise ValidationError(_("Ange ansökans period först; budgetens år följer perioden."))
    outside = sorted(set(columns) - set(application.years))
    if outside:
        raise ValidationError(
            _("År %(years)s ligger utanför ansökans period %(start)s–%(end)s.")
            % {"years": ", ".join(map(str, outside)), "start": application.years[0], "end": application.years[-1]}
        )
    _sync_budget_years(application)
    for year, values in columns.items():
        unknown = set(values) - {*BUDGET_INPUTS, "income"}
        if unknown:
            raise ValidationError(
                _("Summor räknas ut automatiskt och kan inte anges: %(f)s.") % {"f": ", ".join(sorted(unknown))}
            )
        if any(int(v) < 0 for v in values.values()):
            raise ValidationError(_("Beloppen i budgeten kan inte vara negativa."))
        BudgetYear.objects.filter(application=application, year=year).update(**{k: int(v) for k, v in values.items()})
    record(
        actor,
        "application.budget",
        application,
        forbund=application.forbund,
        changes={"applied": queries.applied_amount(application)},
    )
    return application


@transaction.atomic
def set_budget_lines(actor, application: Application, lines: Iterable[dict]) -> list[BudgetLine]:
    application = _editable(actor, application)
    created = _replace_rows(application, BudgetLine, lines)
    record(actor, "application.budget_lines", application, forbund=application.forbund, changes={"lines": len(created)})
    return created


@transaction.atomic
def set_signatories(actor, application: Application, signatories: Iterable[dict]) -> list[Signatory]:
    application = _editable(actor, application)
    created = _replace_rows(application, Signatory, signatories)
    record(
        actor,
        "application.signatories",
        application,
        forbund=application.forbund,
        changes={"names": [s.name for s in created]},
    )
    return created


@transaction.atomic
def save_form(
    actor,
    forbund: Forbund,
    application: Application | None = None,
    *,
    sections: dict[str, str],
    involved_parties: Iterable[Member],
    signatories: Iterable[dict],
    budget: dict[int, dict[str, int]] | None = None,
    expected_version: int | None = None,
    **fields,
) -> Application:
    """The application form saved as one: its fields, the budget of its years and its signatories, all or nothing.

    A refused part (a signatory name too long, a negative amount) leaves no half-saved draft behind.
    """
    if application is None:
        application = create_application(actor, forbund, sections=sections, involved_parties=involved_parties, **fields)
    else:
        application = update_application(
            actor,
            application,
            sections=sections,
            involved_parties=involved_parties,
            expected_version=expected_version,
            **fields,
        )
    years = set(application.years)
    columns = {y: v for y, v in (budget or {}).items() if y in years}
    if columns:
        set_budget(actor, application, columns)
    set_signatories(actor, application, signatories)
    return application


@transaction.atomic
def submit(actor, application: Application, *, received_date: dt.date | None = None) -> Application:
    """Submit, refused with every reason when the application is not admissible (R1, R2).

    On receipt it gets its arrival date and a diarienummer. The arrival date is today, unless the office registers
    a paper application with the day it came in: the applicant cannot choose it (it sets the diarienummer's year).
    """
    if (
        received_date is not None
        and actor is not None
        and not permissions.roles_in(actor, application.forbund) & OFFICE_ROLES
    ):
        raise Refused(_("Ankomstdatumet sätts av kansliet. Skicka in ansökan utan datum."))
    # Lock the förbund so that two submissions cannot take the same diarienummer.
    forbund = Forbund.objects.select_for_update(no_key=True).get(pk=application.forbund_id)
    application = _transition(actor, application, "submit")
    missing = queries.missing_for_submission(application)
    if missing:
        raise ValidationError(missing)
    refuse_future(
        "received_date",
        received_date,
        _("Ankomstdatumet kan inte ligga i framtiden: ange dagen ansökan kom in till förbundet."),
    )
    application.received_date = received_date or timezone.localdate()
    application.registration_no = next_registration_no(forbund, application.received_date.year)
    application.save(update_fields=["state", "received_date", "registration_no"])
    record(
        actor,
        "application.submit",
        application,
        forbund=forbund,
        changes={"registration_no": application.registration_no, "received_date": str(application.received_date)},
    )
    events.application_submitted(application)
    return application


@transaction.atomic
def return_for_completion(actor, application: Application, *, reason: str) -> Application:
    if not reason.strip():
        raise ValidationError(_("Skriv vad den sökande behöver komplettera."))
    application = _transition(actor, application, "return_for_completion")
    application.save(update_fields=["state"])
    record(actor, "application.return", application, forbund=application.forbund, changes={"reason": reason})
    return application


@transaction.atomic
def start_preparation(actor, application: Application) -> Application:
    application = _transition(actor, application, "start_preparation")
    application.save(update_fields=["state"])
    record(actor, "application.prepare", application, forbund=application.forbund)
    events.application_to_preparation(application)
    return application


@transaction.atomic
def review(
    actor,
    application: Application,
    *,
    outcome: ReviewOutcome,
    body: str,
    reviewed_on: dt.date,
    statement: str = "",
) -> Review:
    """The preparatory group's position. Advising against needs a reason (R9); a signatory is needed first (R8)."""
    application = _transition(actor, application, "review")
    refuse_future("reviewed_on", reviewed_on, _("Beredningsdatumet kan inte ligga i framtiden."))
    _refuse_before_arrival(
        application, reviewed_on, "reviewed_on", _("Beredningen kan inte vara gjord före ankomstdatumet %(day)s.")
    )
    if outcome == ReviewOutcome.ADVISED_AGAINST and not statement.strip():
        raise ValidationError(_("Skriv varför beredningen avstyrker ansökan."))
    if outcome == ReviewOutcome.RECOMMENDED_WITH_CONDITIONS and not statement.strip():
        raise ValidationError(_("Skriv vilka villkor beredningen ställer."))
    if application.kind == ApplicationKind.FORM and not application.signatories.exists():
        raise ValidationError(_("Ansökan saknar firmatecknare. Minst en firmatecknare krävs före beredningen."))
    result = Review.objects.create(
        application=application,
        outcome=outcome,
        body=body,
        reviewed_on=reviewed_on,
        statement=statement,
        reviewed_by=actor,
    )
    application.save(update_fields=["state"])
    record(actor, "application.review", application, forbund=application.forbund, changes={"outcome": str(outcome)})
    events.application_prepared(application)
    return result


def _refuse_before_arrival(application: Application, day: dt.date, field: str, message: str) -> None:
    if application.received_date and day < application.received_date:
        raise ValidationError({field: message % {"day": f"{application.received_date:%Y-%m-%d}"}})


def _agenda_title(application: Application) -> str:
    """The item's title names the application and the applicant. A long pair is shortened here (the office
    may edit the item's title) rather than refused: nobody can change a submitted application any more."""
    limit = AgendaItem._meta.get_field("title").max_length or 200

    def shortened(text: str, room: int) -> str:
        return text if len(text) <= room else text[: max(room - 1, 0)] + "…"

    def title(name: str, org: str) -> str:
        return _("%(title)s – ansökan från %(org)s") % {"title": name, "org": org}

    org = shortened(application.org_name, limit // 2)
    room = limit - len(title("", org))
    return title(shortened(application.title, room), org)


@transaction.atomic
def put_on_agenda(actor, application: Application, meeting: Meeting, *, proposal: Iterable[str] = ()) -> AgendaItem:
    """Put the application on a meeting's agenda as a decision item."""
    from samordna.meetings import actions as meeting_actions

    if meeting.forbund_id != application.forbund_id:
        raise ValidationError(_("Sammanträdet hör till ett annat förbund."))
    application = _transition(actor, application, "put_on_agenda")
    background = application.section("purpose")
    review_ = getattr(application, "review", None)
    if review_ is not None:
        background += "\n\n" + _("%(body)s har %(date)s %(outcome)s ansökan.") % {
            "body": review_.body,
            "date": f"{review_.reviewed_on:%Y-%m-%d}",
            "outcome": review_.get_outcome_display().lower(),
        }
    item = meeting_actions.add_agenda_item(
        actor,
        meeting,
        kind=ItemKind.DECISION,
        title=_agenda_title(application),
        background=background.strip(),
        proposal=list(proposal) or [""],
        application=application,
    )
    application.save(update_fields=["state"])
    record(
        actor,
        "application.on_agenda",
        application,
        forbund=application.forbund,
        changes={"meeting": str(meeting.date), "item": item.number},
    )
    return item


@transaction.atomic
def take_off_agenda(actor, application: Application) -> Application:
    """The application comes off the agenda and goes back to where it was: prepared if the preparatory group has
    reviewed it, otherwise in preparation. Called when its item is removed from the agenda."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if actor is not None and not permissions.roles_in(actor, application.forbund) & OFFICE_ROLES:
        raise Refused(_("Bara kansliet kan ta bort en ansökan från föredragningslistan."))
    if application.state != State.ON_AGENDA:
        raise ValidationError(_("Ansökan står inte på någon föredragningslista."))
    application.state = (
        State.PREPARED if Review.objects.filter(application=application).exists() else State.IN_PREPARATION
    )
    application.save(update_fields=["state"])
    record(
        actor, "application.off_agenda", application, forbund=application.forbund, changes={"state": application.state}
    )
    return application


def _paragraph_of_decision(application: Application, paragraph: Paragraph | None) -> Paragraph:
    """The board decides in a paragraph of its minutes: one of this förbund's, in a draft, about this application."""
    if paragraph is None:
        raise ValidationError(
            {"paragraph": _("Styrelsens beslut tas i en paragraf. Välj paragrafen i protokollet där beslutet står.")}
        )
    paragraph = Paragraph.objects.select_related("minutes__meeting").get(pk=paragraph.pk)
    if paragraph.forbund_id != application.forbund_id:
        raise ValidationError({"paragraph": _("Paragrafen hör till ett annat förbund.")})
    if paragraph.deciding_body != MeetingKind.BOARD:
        raise ValidationError(
            {
                "paragraph": _(
                    "§ %(number)s hör till ett annat organ än styrelsen. Välj en paragraf i styrelsens protokoll."
                )
                % {"number": paragraph.number}
            }
        )
    if paragraph.minutes.state != MinutesState.DRAFT:
        raise ValidationError({"paragraph": _("Protokollet med den paragrafen är inte längre ett utkast.")})
    if paragraph.application_id not in (None, application.pk):
        raise ValidationError(
            {
                "paragraph": _("§ %(number)s gäller en annan ansökan. Välj paragrafen om den här ansökan.")
                % {"number": paragraph.number}
            }
        )
    if paragraph.decisions.exists():
        raise ValidationError({"paragraph": _("§ %(number)s har redan ett beslut.") % {"number": paragraph.number}})
    return paragraph


def _decision_clauses(application: Application, decision: Decision) -> list[str]:
    """The "att" clauses of a decision for a paragraph that has none of its own yet."""
    if decision.outcome == DecisionOutcome.REJECTED:
        return [_("avslå ansökan %(no)s, %(title)s") % {"no": application.registration_no, "title": application.title}]
    clause = _("bevilja %(org)s %(amount)s för %(title)s") % {
        "org": application.org_name or _("den sökande"),
        "amount": kr(decision.amount),
        "title": application.title,
    }
    if decision.scope:
        clause += f" ({decision.scope})"
    clauses = [clause]
    if decision.outcome == DecisionOutcome.CONDITIONAL:
        clauses.append(_("beviljandet gäller under villkoret: %(conditions)s") % {"conditions": decision.conditions})
    return clauses


def _write_into_paragraph(application: Application, paragraph: Paragraph, decision: Decision) -> None:
    """The paragraph holds the decision: it links the application, and its clauses say what was decided."""
    clauses = [c for c in paragraph.decision_clauses if c.strip()]
    conflict = decision_contradiction(
        clauses, rejected=decision.outcome == DecisionOutcome.REJECTED, granted=decision.amount
    )
    if conflict:
        raise ValidationError({"outcome": conflict})
    update: dict[str, object] = {"application": application}
    if not clauses:
        update["decision_clauses"] = _decision_clauses(application, decision)
        update["decision_intro"] = paragraph.decision_intro or _("Samordningsförbundet beslutar")
    Paragraph.objects.filter(pk=paragraph.pk).update(**update)


@transaction.atomic
def decide(
    actor,
    application: Application,
    *,
    outcome: DecisionOutcome,
    paragraph: Paragraph | None,
    decided_on: dt.date | None = None,
    amount: int | None = None,
    motivation: str = "",
    conditions: str = "",
    scope: str = "",
    intervention_kind: InterventionKind = InterventionKind.INDIVIDUAL,
    amounts_per_year: dict[int, int] | None = None,
    condition_due: dt.date | None = None,
    report_kinds: Iterable[str] | None = None,
) -> Decision:
    """Record the board's decision (R10–R12) in its paragraph. A granted application becomes an insats.

    The paragraph is the one record of the decision: its date is the meeting's, its clauses must agree with the
    outcome, and the minutes print the motivation from it. A grant is split per year (by default as the budget's net
    per year when all is granted, otherwise all in the decision's year); each year is committed in the förbund's
    finances, which lowers the room for new projects. A conditional grant reserves its money the same way until the
    condition is settled.
    """
    application = _transition(actor, application, "decide")
    paragraph = _paragraph_of_decision(application, paragraph)
    meeting_day = paragraph.minutes.meeting.date
    if decided_on is not None and decided_on != meeting_day:
        raise ValidationError(
            {
                "decided_on": _("Beslutet togs på sammanträdet %(day)s; beslutsdatumet är sammanträdets datum.")
                % {"day": f"{meeting_day:%Y-%m-%d}"}
            }
        )
    decided_on = meeting_day
    refuse_future("decided_on", decided_on, _("Beslutsdatumet kan inte ligga i framtiden."))
    _refuse_before_arrival(
        application, decided_on, "paragraph", _("Beslutet kan inte vara fattat före ankomstdatumet %(day)s.")
    )
    if amount is not None and amount < 0:
        raise ValidationError(
            {
                "amount": _("Beloppet kan inte vara negativt (%(amount)s). Ange ett belopp större än 0 kr.")
                % {"amount": kr(amount)}
            }
        )
    applied = queries.applied_amount(application)
    if outcome == DecisionOutcome.REJECTED:
        if not motivation.strip():
            raise ValidationError(_("Ett avslag måste motiveras. Skriv motiveringen."))
        amount = 0
    elif application.kind == ApplicationKind.REQUEST and outcome in (
        DecisionOutcome.GRANTED,
        DecisionOutcome.CONDITIONAL,
    ):
        # A framställan has no budget table: the board grants the amount it names.
        amount = amount or 0
        if outcome == DecisionOutcome.CONDITIONAL and not conditions.strip():
            raise ValidationError(_("Skriv vilket villkor som ska vara uppfyllt innan pengarna betalas ut."))
        if outcome == DecisionOutcome.CONDITIONAL and amount <= 0:
            raise ValidationError(_("Ange det belopp som beviljas om villkoret uppfylls."))
    elif outcome == DecisionOutcome.GRANTED:
        if amount is not None and amount != applied:
            raise ValidationError(
                _("Beviljat belopp skiljer sig från det sökta (%(applied)s kr). Välj delvis beviljad och motivera.")
                % {"applied": number(applied)}
            )
        amount = applied
    elif outcome == DecisionOutcome.PARTIALLY_GRANTED:
        if amount is None or amount <= 0 or amount >= applied:
            raise ValidationError(
                _("Ange ett beviljat belopp som är större än 0 och mindre än det sökta (%(applied)s kr).")
                % {"applied": number(applied)}
            )
        if not motivation.strip():
            raise ValidationError(_("Motivera varför mindre än det sökta beloppet beviljas."))
    elif outcome == DecisionOutcome.CONDITIONAL:
        if not conditions.strip():
            raise ValidationError(_("Skriv vilket villkor som ska vara uppfyllt innan pengarna betalas ut."))
        amount = applied if amount is None else amount
        if amount <= 0 or amount > applied:
            raise ValidationError(_("Det villkorade beloppet ska vara större än 0 och högst det sökta."))
        if amount < applied and not motivation.strip():
            raise ValidationError(_("Motivera varför mindre än det sökta beloppet beviljas."))
    split = _split_per_year(application, amount, amounts_per_year, decided_on) if amount else {}
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        decided_on=decided_on,
        amount=amount,
        motivation=motivation,
        conditions=conditions,
        condition_status=ConditionStatus.OPEN if outcome == DecisionOutcome.CONDITIONAL else "",
        condition_due=condition_due if outcome == DecisionOutcome.CONDITIONAL else None,
        scope=scope,
        paragraph=paragraph,
        recorded_by=actor,
    )
    _write_into_paragraph(application, paragraph, decision)
    application.save(update_fields=["state"])
    # A conditional grant only reserves the money (R12): the insats comes when the condition is met.
    # A framställan does not become an insats of its own; an application on the form does.
    granted = outcome in (DecisionOutcome.GRANTED, DecisionOutcome.PARTIALLY_GRANTED)
    grants = _commit_years(actor, application, decision, split)
    if granted and application.kind == ApplicationKind.FORM:
        _create_intervention(actor, application, decision, split, intervention_kind, report_kinds, grants=grants)
    record(
        actor,
        "application.decide",
        application,
        forbund=application.forbund,
        changes={
            "outcome": str(outcome),
            "amount": amount,
            "per_year": {str(y): a for y, a in split.items()},
            "paragraph": paragraph.number,
        },
    )
    return decision


def _split_per_year(
    application: Application, amount: int, given: dict[int, int] | None, decided_on: dt.date
) -> dict[int, int]:
    """The granted amount per year. Given years must add up to the amount exactly."""
    if given:
        split = {int(y): int(a) for y, a in given.items() if int(a or 0)}
        if any(a < 0 for a in split.values()):
            raise ValidationError(_("Beloppen per år kan inte vara negativa."))
        allowed = set(application.years) | {decided_on.year}
        outside = sorted(set(split) - allowed)
        if outside:
            raise ValidationError(
                _("År %(years)s ligger utanför ansökans period. Fördela beloppet på åren %(allowed)s.")
                % {"years": ", ".join(map(str, outside)), "allowed": ", ".join(map(str, sorted(allowed)))}
            )
        total = sum(split.values())
        if total != amount:
            raise ValidationError(
                _(
                    "Beloppen per år summerar till %(sum)s kr men det beviljade beloppet är %(amount)s kr. "
                    "Ändra fördelningen så att summan blir lika med det beviljade beloppet."
                )
                % {"sum": number(total), "amount": number(amount)}
            )
        return dict(sorted(split.items()))
    per_year = {b.year: b.net for b in application.budget_years.all() if b.net > 0}
    if per_year and sum(per_year.values()) == amount:
        return per_year
    return {decided_on.year: amount}


def _commit_year(actor, application: Application, decision: Decision, year: int, amount: int, reference: str):
    from samordna.finance import actions as finance_actions

    grant, _effect = finance_actions.commit_grant(
        actor,
        application.forbund,
        year=year,
        label=f"{application.org_name}, {application.title}".strip(", ")[:200],
        amount=amount,
        decided_on=decision.decided_on,
        reference=reference[:40],
        conditional=decision.outcome == DecisionOutcome.CONDITIONAL,
        intervention=application.intervention,
    )
    DecisionYear.objects.create(decision=decision, year=year, amount=amount, grant=grant)
    return grant


def _commit_years(actor, application: Application, decision: Decision, split: dict[int, int]) -> dict:
    """Store the amount per year and commit each year in the finances (the room for new projects shrinks)."""
    reference = f"§ {decision.paragraph.number}" if decision.paragraph else application.registration_no
    return {year: _commit_year(actor, application, decision, year, amount, reference) for year, amount in split.items()}


@transaction.atomic
def settle_condition(actor, application: Application, *, met: bool, settled_on: dt.date, note: str = "") -> Decision:
    """Mark the condition of a conditional grant met or not met (R12).

    Met: the reserved money becomes a firm grant and the application becomes an insats. Not met: the grant
    lapses and the reserved money goes back to the room for new projects. The finances change through their
    own actions, in this transaction.
    """
    from samordna.finance import actions as finance_actions

    application = Application.objects.select_for_update().get(pk=application.pk)
    if actor is not None:
        _require(check_condition(actor, application))
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is None or decision.outcome != DecisionOutcome.CONDITIONAL:
        raise ValidationError(_("Ansökan har inget villkorat beslut."))
    if decision.condition_status != ConditionStatus.OPEN:
        raise ValidationError(
            _("Villkoret är redan bedömt som %(status)s.")
            % {"status": ConditionStatus(decision.condition_status).label.lower()}
        )
    refuse_future("settled_on", settled_on, _("Datumet för bedömningen av villkoret kan inte ligga i framtiden."))
    if settled_on < decision.decided_on:
        raise ValidationError(_("Villkoret kan inte bedömas före beslutet."))
    if not met and not note.strip():
        raise ValidationError(_("Skriv varför villkoret inte är uppfyllt."))
    decision.condition_status = ConditionStatus.MET if met else ConditionStatus.FAILED
    decision.condition_settled_on = settled_on
    decision.condition_settled_by = actor
    decision.condition_note = note
    decision.save(update_fields=["condition_status", "condition_settled_on", "condition_settled_by", "condition_note"])
    grants = [y.grant for y in decision.years.select_related("grant") if y.grant is not None]
    if met:
        if application.kind == ApplicationKind.FORM:
            years = list(decision.years.select_related("grant"))
            split = {y.year: y.amount for y in years}
            by_year = {y.year: y.grant for y in years if y.grant is not None}
            _create_intervention(actor, application, decision, split, InterventionKind.INDIVIDUAL, grants=by_year)
        for grant in grants:
            finance_actions.confirm_grant(actor, grant, intervention=application.intervention)
    else:
        for grant in grants:
            finance_actions.release_grant(actor, grant, reason="condition_failed")
    record(
        actor,
        "application.condition",
        application,
        forbund=application.forbund,
        changes={"status": decision.condition_status, "settled_on": str(settled_on), "note": note},
    )
    return decision


def _paragraph_of_change(application: Application, decision: Decision, paragraph: Paragraph | None) -> Paragraph:
    """A grant changes by the board's decision: a board paragraph of this förbund, at or after the grant's own."""
    if paragraph is None:
        raise ValidationError(
            {"paragraph": _("Ett beviljat bidrag ändras bara genom ett beslut. Välj paragrafen där beslutet står.")}
        )
    paragraph = Paragraph.objects.select_related("minutes__meeting").get(pk=paragraph.pk)
    if paragraph.forbund_id != application.forbund_id:
        raise ValidationError({"paragraph": _("Paragrafen hör till ett annat förbund.")})
    if paragraph.deciding_body != MeetingKind.BOARD:
        raise ValidationError(
            {"paragraph": _("Bara styrelsen ändrar ett beviljat bidrag. Välj en av styrelsens paragrafer.")}
        )
    if paragraph.application_id not in (None, application.pk):
        raise ValidationError(
            {
                "paragraph": _("§ %(number)s gäller en annan ansökan. Välj paragrafen om den här ansökan.")
                % {"number": paragraph.number}
            }
        )
    day = paragraph.minutes.meeting.date
    refuse_future("paragraph", day, _("Sammanträdet med den paragrafen har inte hållits än."))
    if day < decision.decided_on:
        raise ValidationError(
            {
                "paragraph": _("§ %(number)s är från %(day)s, före beslutet om bidraget %(decided)s.")
                % {"number": paragraph.number, "day": f"{day:%Y-%m-%d}", "decided": f"{decision.decided_on:%Y-%m-%d}"}
            }
        )
    return paragraph


@transaction.atomic
def change_grant(
    actor, application: Application, *, amounts_per_year: dict[int, int], paragraph: Paragraph | None
) -> Decision:
    """Change a grant's years as the board decided in `paragraph`, and the finances and the insats with it.

    Either the split between the years is corrected (the total stays; the grant's own paragraph, or a later one,
    says how), or a later decision of the board changes the grant (another paragraph, a new total). The years
    stay within the application's period and the decision's year. History is kept in the audit events.
    """
    from samordna.finance import actions as finance_actions

    application = Application.objects.select_for_update().get(pk=application.pk)
    if actor is not None:
        _require(check_condition(actor, application))
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("paragraph")
        .filter(application=application)
        .first()
    )
    if decision is None or decision.amount <= 0 or decision.outcome not in GRANTING_OUTCOMES:
        raise ValidationError(_("Ansökan har inget beviljat bidrag att ändra."))
    if decision.condition_status == ConditionStatus.FAILED:
        raise ValidationError(_("Villkoret uppfylldes inte och bidraget är släppt; det finns inget bidrag att ändra."))
    paragraph = _paragraph_of_change(application, decision, paragraph)
    years = {y.year: y for y in decision.years.select_related("grant")}
    before = {year: row.amount for year, row in years.items()}
    total = sum(int(a or 0) for a in amounts_per_year.values())
    if total <= 0:
        raise ValidationError(
            _("Ange beloppet för minst ett år. Ett bidrag som dras tillbaka helt är ett nytt beslut om ansökan.")
        )
    split = _split_per_year(application, total, amounts_per_year, decision.decided_on)
    if split == before:
        raise ValidationError(_("Beloppen per år är desamma som förut; inget har ändrats."))
    if total != decision.amount and decision.paragraph_id == paragraph.pk:
        raise ValidationError(
            {
                "paragraph": _(
                    "Det beviljade beloppet ändras från %(before)s till %(after)s. Det kräver ett senare beslut: "
                    "välj paragrafen där styrelsen beslutade om ändringen."
                )
                % {"before": kr(decision.amount), "after": kr(total)}
            }
        )
    reference = f"§ {paragraph.number}"
    intervention = application.intervention
    for year in sorted(set(before) | set(split)):
        amount = split.get(year, 0)
        row = years.get(year)
        if row is None:
            grant = _commit_year(actor, application, decision, year, amount, reference)
            if intervention is not None:
                from samordna.finance.models import Financier

                finance_actions.save_intervention_budget_line(
                    actor,
                    intervention,
                    year=year,
                    financier=Financier.FORBUND,
                    label=_("Beviljat av styrelsen, %(reference)s") % {"reference": reference},
                    amount=amount,
                    grant=grant,
                )
            continue
        if amount == row.amount:
            continue
        if row.grant is not None:
            finance_actions.change_grant(actor, row.grant, amount=amount, reference=reference)
        if amount:
            row.amount = amount
            row.save(update_fields=["amount"])
        else:
            row.delete()
    decision.amount = total
    decision.save(update_fields=["amount"])
    record(
        actor,
        "application.grant_change",
        application,
        forbund=application.forbund,
        changes={
            "per_year": [{str(y): a for y, a in before.items()}, {str(y): a for y, a in split.items()}],
            "amount": [sum(before.values()), total],
            "paragraph": paragraph.number,
        },
    )
    return decision


def _granted_period(application: Application, decision: Decision, years: Iterable[int]) -> tuple[dt.date, dt.date]:
    """The insats runs over the granted years, within the applied period where the application names one."""
    years = sorted(years) or [decision.decided_on.year]
    start, end = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    if application.period_start and start <= application.period_start <= end:
        start = application.period_start
    if application.period_end and start <= application.period_end <= end:
        end = application.period_end
    return start, end


def _create_intervention(
    actor,
    application: Application,
    decision: Decision,
    split: dict[int, int],
    kind: InterventionKind,
    report_kinds: Iterable[str] | None = None,
    *,
    grants: dict | None = None,
) -> Intervention:
    """The granted application becomes an insats through the insatser's own create action (parties rule, audit
    event): the granted period, the granted amount per year as the förbund's budget lines (each carrying its
    year's grant, so that only a decision changes it), the applicant member as owner, and the default reporting
    plan. The applicant's users then reach the insats through their role."""
    from samordna.finance import actions as finance_actions
    from samordna.finance.models import Financier, GrantCommitment
    from samordna.interventions import actions as intervention_actions
    from samordna.reporting import actions as reporting_actions

    forbund = application.forbund
    owner = _applicant_member(application)
    start, end = _granted_period(application, decision, split)
    intervention = intervention_actions.create_intervention(
        actor,
        forbund,
        owner=owner,
        partners=[p for p in application.involved_parties.all() if p != owner],
        registration_no=application.registration_no,
        registration_year=decision.decided_on.year,
        application_pk=application.pk,
        name=application.title,
        kind=kind,
        start_date=start,
        end_date=end,
        target_group=application.section("target_group"),
    )
    paragraph = decision.paragraph
    label = _("Beviljat av styrelsen, § %(number)s") % {"number": paragraph.number} if paragraph else _("Beviljat")
    grants = grants or {}
    for year, amount in sorted(split.items()):
        finance_actions.save_intervention_budget_line(
            actor,
            intervention,
            year=year,
            financier=Financier.FORBUND,
            label=label,
            amount=amount,
            grant=grants.get(year),
        )
    # The grants were committed before the insats existed; they pay for it from now on.
    GrantCommitment.objects.filter(pk__in=[g.pk for g in grants.values()], intervention=None).update(
        intervention=intervention
    )
    if report_kinds is None:
        reporting_actions.set_requirements(actor, intervention)
    else:
        reporting_actions.set_requirements(actor, intervention, kinds=tuple(report_kinds))
    application.intervention = intervention
    application.save(update_fields=["intervention"])
    _give_to_applicant(application, intervention)
    return intervention


def _applicant_member(application: Application) -> Member | None:
    """The member that applied, by its organisation number, or by its name when the member has none recorded."""
    members = application.forbund.members.all()
    if application.org_number:
        found = members.filter(org_number=application.org_number).first()
        if found is not None:
            return found
    return members.filter(name__iexact=application.org_name.strip()).first() if application.org_name.strip() else None


def _give_to_applicant(application: Application, intervention: Intervention) -> None:
    """The applicant organisation's user who applied reports for the insats: their applicant role now covers it."""
    if application.created_by_id is None:
        return
    for assignment in RoleAssignment.objects.filter(
        user_id=application.created_by_id, forbund=application.forbund, role=Role.APPLICANT
    ):
        assignment.interventions.add(intervention)


@transaction.atomic
def attach(actor, application: Application, upload) -> ApplicationAttachment:
    """Attach a file to the application (checked for size and type, stored under a name of our own)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if actor is not None:
        _require(check_attach(actor, application))
    file = ApplicationAttachment(application=application)
    return attachments.add(
        actor, file, upload, action="application.attach", target=application, forbund=application.forbund
    )


@transaction.atomic
def remove_attachment(actor, attachment: ApplicationAttachment) -> None:
    application = Application.objects.select_for_update().get(pk=attachment.application_id)
    if actor is not None:
        _require(check_attach(actor, application))
    attachments.remove(
        actor, attachment, action="application.attachment_remove", target=application, forbund=application.forbund
    )
