"""Every write to meetings and minutes. Each checks, changes and logs in one transaction.

Minutes can be changed only as a draft: once ready, the text is what the signers sign, and once
adjusted or locked nothing in them changes. `actor=None` is the console (demo data, imports).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.lib import attachments
from samordna.lib.dates import refuse_future
from samordna.lib.errors import Refused
from samordna.lib.lengths import check_lengths
from samordna.lib.versioning import claim_version, save_with_version
from samordna.notifications import events
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, ParagraphNumbering
from samordna.tenancy.permissions import Capability

from . import documents, queries
from .models import (
    AgendaItem,
    AgendaItemAttachment,
    AgendaTemplateItem,
    Assignment,
    AssignmentStatus,
    Attendance,
    AttendanceCategory,
    ItemKind,
    Meeting,
    Minutes,
    MinutesSigner,
    MinutesState,
    NoticeCertificate,
    Paragraph,
    Signature,
    SignerRole,
)
from .queries import notice_warning, seats_at
from .signing import DEFAULT_SIGNER, RecordedSigner, Signer

VOTING = (AttendanceCategory.VOTING, AttendanceCategory.SERVING_DEPUTY)


def _require_manager(actor, forbund: Forbund) -> None:
    if actor is not None:
        decision = permissions.check(actor, forbund, Capability.MANAGE_MEETINGS)
        if not decision.allowed:
            raise Refused(decision.reason)


def _require_draft(minutes: Minutes) -> None:
    if minutes.state == MinutesState.LOCKED:
        raise ValidationError(
            _(
                "Protokollet är låst och kan inte ändras. Det som står i ett låst protokoll gäller; "
                "en rättelse tas upp som en ny paragraf vid ett senare sammanträde."
            )
        )
    if minutes.state != MinutesState.DRAFT:
        raise ValidationError(
            _("Protokollet är %(state)s och kan inte ändras.") % {"state": MinutesState(minutes.state).label.lower()}
        )


def _require_meeting_open(meeting: Meeting) -> None:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None:
        _require_draft(minutes)


# --- Meeting plan and notice -----------------------------------------------------------------


@transaction.atomic
def plan_meeting(actor, forbund: Forbund, *, from_template: bool = False, **fields) -> Meeting:
    """Put a meeting in the plan; `from_template` starts its agenda from the förbund's standard items."""
    _require_manager(actor, forbund)
    meeting = Meeting(forbund=forbund, **fields)
    meeting.full_clean()
    meeting.save()
    record(actor, "meeting.plan", meeting, forbund=forbund, changes={"date": str(meeting.date)})
    if from_template:
        apply_template(actor, meeting)
    return meeting


# --- The förbund's standard items ------------------------------------------------------------------


def _default_template() -> list[tuple[str, str, list[str], bool]]:
    """(kind, title, proposal, closing) of the standard items a förbund starts with."""
    return [
        (ItemKind.INFORMATION, _("Mötets öppnande"), [], False),
        (
            ItemKind.ELECTION,
            _("Val av justerare"),
            [_("utse en justerare att jämte ordföranden justera protokollet")],
            False,
        ),
        (ItemKind.DECISION, _("Godkännande av dagordningen"), [_("godkänna dagordningen")], False),
        (ItemKind.DECISION, _("Föregående protokoll"), [_("lägga protokollet till handlingarna")], False),
        (ItemKind.INFORMATION, _("Informationsärenden"), [_("lägga informationen till handlingarna")], False),
        (ItemKind.OTHER_BUSINESS, _("Övriga frågor"), [], True),
        (ItemKind.INFORMATION, _("Mötets avslutande"), [], True),
    ]


@transaction.atomic
def ensure_template(forbund: Forbund) -> list[AgendaTemplateItem]:
    """The förbund's standard items; a förbund that has none gets the default ones the first time they are used."""
    forbund = Forbund.objects.select_for_update().get(pk=forbund.pk)
    rows = list(AgendaTemplateItem.objects.filter(forbund=forbund))
    if rows:
        return rows
    rows = AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(forbund=forbund, position=n, kind=kind, title=title, proposal=proposal, closing=closing)
        for n, (kind, title, proposal, closing) in enumerate(_default_template(), start=1)
    )
    record(None, "agenda_template.default", forbund, forbund=forbund, changes={"items": len(rows)})
    return rows


def _renumber(rows: list, field: str) -> None:
    """Give `rows` the numbers 1, 2, … in their list order, in two steps so that no unique number clashes."""
    model = type(rows[0]) if rows else None
    if model is None:
        return
    for offset in (10_000, 0):
        for n, row in enumerate(rows, start=1):
            model.objects.filter(pk=row.pk).update(**{field: offset + n})
            setattr(row, field, offset + n)


def _moved(rows: list, row, direction: str) -> list:
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        raise ValidationError(_("Punkten kan inte flyttas längre åt det hållet."))
    rows[index], rows[other] = rows[other], rows[index]
    return rows


def _insert_before_closing(rows: list, new) -> list:
    """`new` goes last, or before the first closing item when it does not close the meeting itself."""
    at = len(rows)
    if not new.closing:
        at = next((i for i, r in enumerate(rows) if r.closing), len(rows))
    return [*rows[:at], new, *rows[at:]]


@transaction.atomic
def add_template_item(actor, forbund: Forbund, **fields) -> AgendaTemplateItem:
    _require_manager(actor, forbund)
    rows = ensure_template(forbund)
    fields["proposal"] = [str(c).strip() for c in fields.get("proposal", [])]
    item = AgendaTemplateItem(forbund=forbund, position=len(rows) + 1, **fields)
    item.full_clean()
    item.save()
    _renumber(_insert_before_closing(rows, item), "position")
    record(actor, "agenda_template.add", item, forbund=forbund, changes={"title": item.title})
    return item


@transaction.atomic
def move_template_item(actor, item: AgendaTemplateItem, direction: str) -> None:
    _require_manager(actor, item.forbund)
    rows = list(AgendaTemplateItem.objects.select_for_update().filter(forbund=item.forbund_id))
    _renumber(_moved(rows, item, direction), "position")
    record(actor, "agenda_template.move", item, forbund=item.forbund, changes={"direction": direction})


@transaction.atomic
def remove_template_item(actor, item: AgendaTemplateItem) -> None:
    _require_manager(actor, item.forbund)
    forbund = item.forbund
    record(actor, "agenda_template.remove", item, forbund=forbund, changes={"title": item.title})
    item.delete()
    _renumber(list(AgendaTemplateItem.objects.select_for_update().filter(forbund=forbund)), "position")


@transaction.atomic
def apply_template(actor, meeting: Meeting) -> list[AgendaItem]:
    """Start an empty agenda from the förbund's standard items."""
    _require_manager(actor, meeting.forbund)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_meeting_open(meeting)
    if meeting.agenda_items.exists():
        raise ValidationError(
            _("Föredragningslistan har redan ärenden. De stående punkterna läggs bara in i en tom lista.")
        )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=row.position,
            kind=row.kind,
            title=row.title,
            proposal=row.proposal,
            closing=row.closing,
        )
        for row in ensure_template(meeting.forbund)
    )
    record(actor, "meeting.agenda_from_template", meeting, forbund=meeting.forbund, changes={"items": len(items)})
    return items


@transaction.atomic
def move_meeting(actor, meeting: Meeting, new_date: dt.date) -> Meeting:
    """Meetings are moved by decision [003 L552–559]; the old date stays in the log."""
    _require_manager(actor, meeting.forbund)
    _require_meeting_open(meeting)
    old = meeting.date
    meeting.date = new_date
    meeting.full_clean()
    meeting.save(update_fields=["date"])
    record(actor, "meeting.move", meeting, forbund=meeting.forbund, changes={"date": [str(old), str(new_date)]})
    return meeting


@transaction.atomic
def add_agenda_item(actor, meeting: Meeting, **fields) -> AgendaItem:
    _require_manager(actor, meeting.forbund)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_meeting_open(meeting)
    for link in ("application", "intervention"):
        target = fields.get(link)
        if target is not None and target.forbund_id != meeting.forbund_id:
            raise ValidationError(_("Ärendet kan bara kopplas till förbundets egna ansökningar och insatser."))
    fields["proposal"] = [str(c).strip() for c in fields.get("proposal", [])]
    rows = list(meeting.agenda_items.all())
    item = AgendaItem(meeting=meeting, number=(meeting.agenda_items.aggregate(n=Max("number"))["n"] or 0) + 1, **fields)
    item.full_clean()
    item.save()
    # The new item goes in before the closing standard items (other business, closing).
    _renumber(_insert_before_closing(rows, item), "number")
    record(
        actor, "agenda_item.add", item, forbund=meeting.forbund, changes={"number": item.number, "title": item.title}
    )
    return item


def _require_notice_unsent(meeting: Meeting) -> None:
    if meeting.notice_sent_on is not None:
        raise ValidationError(
            _("Kallelsen skickades %(day)s. Föredragningslistan kan inte ordnas om eller kortas efter det.")
            % {"day": f"{meeting.notice_sent_on:%Y-%m-%d}"}
        )


@transaction.atomic
def move_agenda_item(actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item one step up or down the agenda, until the notice is sent."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_manager(actor, meeting.forbund)
    _require_meeting_open(meeting)
    _require_notice_unsent(meeting)
    rows = list(meeting.agenda_items.all())
    before = item.number
    _renumber(_moved(rows, item, direction), "number")
    item = AgendaItem.objects.get(pk=item.pk)
    record(actor, "agenda_item.move", item, forbund=meeting.forbund, changes={"number": [before, item.number]})
    return item


@transaction.atomic
def remove_agenda_item(actor, item: AgendaItem) -> None:
    """Take an item off the agenda, until the notice is sent. An application on it goes back to where it was."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_manager(actor, meeting.forbund)
    _require_notice_unsent(meeting)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Protokollet är påbörjat. Ärendet kan inte tas bort från föredragningslistan."))
    item = AgendaItem.objects.select_related("application").get(pk=item.pk)
    if item.attachments.exists():
        raise ValidationError(_("Ärendet har bilagor. Ta bort bilagorna först."))
    if item.application is not None:
        from samordna.applications.actions import take_off_agenda

        take_off_agenda(actor, item.application)
    record(
        actor, "agenda_item.remove", item, forbund=meeting.forbund, changes={"number": item.number, "title": item.title}
    )
    item.delete()
    _renumber(list(meeting.agenda_items.all()), "number")


AGENDA_FIELDS = ("kind", "title", "background", "presenter", "proposal", "application", "intervention")


@transaction.atomic
def update_agenda_item(actor, item: AgendaItem, *, expected_version: int | None = None, **changes) -> AgendaItem:
    """Change an item of the notice. Refused once the meeting's minutes are no longer a draft."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_manager(actor, meeting.forbund)
    _require_meeting_open(meeting)
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    if "proposal" in changes:
        # An empty clause stays: it is an open "att" for the meeting to fill in.
        changes["proposal"] = [str(c).strip() for c in changes["proposal"]]
    changed = _assign(item, changes, AGENDA_FIELDS)
    item.full_clean()
    save_with_version(item, expected_version)
    record(actor, "agenda_item.update", item, forbund=meeting.forbund, changes=changed)
    return item


@transaction.atomic
def attach_to_item(actor, item: AgendaItem, upload) -> AgendaItemAttachment:
    """Attach a file to an item of the notice. Refused once the meeting's minutes are no longer a draft."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_manager(actor, meeting.forbund)
    _require_meeting_open(meeting)
    file = AgendaItemAttachment(agenda_item=item)
    return attachments.add(actor, file, upload, action="agenda_item.attach", target=item, forbund=meeting.forbund)


@transaction.atomic
def remove_item_attachment(actor, attachment: AgendaItemAttachment) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=attachment.agenda_item.meeting_id)
    _require_manager(actor, meeting.forbund)
    _require_meeting_open(meeting)
    item = attachment.agenda_item
    attachments.remove(actor, attachment, action="agenda_item.attachment_remove", target=item, forbund=meeting.forbund)


@transaction.atomic
def send_notice(actor, meeting: Meeting, sent_on: dt.date | None = None) -> Meeting:
    _require_manager(actor, meeting.forbund)
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Kallelsen har inga ärenden. Lägg till ärenden innan den skickas."))
    refuse_future("sent_on", sent_on, _("Kallelsen kan inte vara skickad i framtiden."))
    meeting.notice_sent_on = sent_on or timezone.localdate()
    meeting.save(update_fields=["notice_sent_on"])
    # A late notice is not blocked, but the log says it was late.
    late = bool(notice_warning(meeting))
    record(
        actor,
        "meeting.notice_sent",
        meeting,
        forbund=meeting.forbund,
        changes={"sent_on": str(meeting.notice_sent_on), "late": late},
    )
    events.notice_sent(meeting)
    return meeting


# --- Minutes ---------------------------------------------------------------------------------


@transaction.atomic
def start_minutes(actor, meeting: Meeting, *, adjustment_method: str = "", from_agenda: bool = True) -> Minutes:
    """Start the minutes. Every item of the agenda becomes a paragraph, in the agenda's order, with the item's
    proposed "att" clauses as the draft decision: nothing of the notice is typed again."""
    _require_manager(actor, meeting.forbund)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Sammanträdet har redan ett protokoll."))
    minutes = Minutes(meeting=meeting, adjustment_method=adjustment_method.strip())
    check_lengths(minutes)
    minutes.save()
    record(actor, "minutes.start", minutes, forbund=meeting.forbund)
    if from_agenda:
        for item in meeting.agenda_items.select_related("application", "intervention"):
            has_proposal = any(c.strip() for c in item.proposal)
            add_paragraph(
                actor,
                minutes,
                title=item.title,
                body=item.background,
                decision_intro=_("Samordningsförbundet beslutar") if has_proposal else "",
                decision_clauses=item.proposal,
                agenda_item=item,
                application=item.application,
                intervention=item.intervention,
            )
    return minutes


def _check_attendance(minutes: Minutes, row: Attendance, paragraphs) -> list:
    """The rules for one attendance row (R15): the member is the förbund's, a serving ersättare names whom
    they replace, the deciding do not outnumber the seats, and the paragraphs are of these minutes."""
    forbund = minutes.meeting.forbund
    if row.member is not None and row.member.forbund_id != forbund.pk:
        raise ValidationError(_("Medlemmen hör inte till förbundet."))
    if row.category == AttendanceCategory.SERVING_DEPUTY and not row.serving_for.strip():
        raise ValidationError(_("Ange vilken ledamot den tjänstgörande ersättaren ersätter."))
    if row.category in VOTING:
        others = minutes.attendance.filter(category__in=VOTING)
        if row.pk is not None:
            others = others.exclude(pk=row.pk)
        seats = seats_at(forbund, minutes.meeting.date)
        if others.count() + 1 > seats:
            raise ValidationError(
                _(
                    "Styrelsen har %(seats)s platser och alla är redan besatta. Registrera personen som ersättare "
                    "utan tjänstgöring, eller ändra någon annans närvaro först."
                )
                % {"seats": seats}
            )
    paragraphs = list(paragraphs)
    if any(p.minutes_id != minutes.pk for p in paragraphs):
        raise ValidationError(_("Paragraferna måste höra till samma protokoll."))
    return paragraphs


@transaction.atomic
def record_attendance(actor, minutes: Minutes, *, paragraphs=(), **fields) -> Attendance:
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _require_draft(minutes)
    row = Attendance(minutes=minutes, **fields)
    paragraphs = _check_attendance(minutes, row, paragraphs)
    row.full_clean()
    row.save()
    row.paragraphs.set(paragraphs)
    record(
        actor,
        "minutes.attendance",
        row,
        forbund=forbund,
        changes={"category": row.category, "paragraphs": [p.number for p in paragraphs]},
    )
    return row


ATTENDANCE_FIELDS = ("person_name", "category", "member", "organisation", "serving_for", "office")


@transaction.atomic
def update_attendance(
    actor, row: Attendance, *, expected_version: int | None = None, paragraphs=None, **changes
) -> Attendance:
    """Change one person's attendance: category, whom they replace, and which paragraphs they attended."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__forbund").get(pk=row.minutes_id)
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    _require_draft(minutes)
    row = Attendance.objects.get(pk=row.pk)
    changed = _assign(row, changes, ATTENDANCE_FIELDS)
    attended = sorted(row.paragraphs.values_list("number", flat=True))
    paragraphs = _check_attendance(minutes, row, row.paragraphs.all() if paragraphs is None else paragraphs)
    if sorted(p.number for p in paragraphs) != attended:
        changed["paragraphs"] = [attended, sorted(p.number for p in paragraphs)]
    if not changed:
        return row  # unchanged: nothing to save, nothing to log
    row.full_clean()
    save_with_version(row, expected_version)
    row.paragraphs.set(paragraphs)
    record(actor, "minutes.attendance_update", row, forbund=forbund, changes=changed)
    return row


@transaction.atomic
def remove_attendance(actor, row: Attendance, *, expected_version: int | None = None) -> None:
    """Remove one person's attendance, if nobody has changed it since `expected_version`."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__forbund").get(pk=row.minutes_id)
    _require_manager(actor, minutes.meeting.forbund)
    _require_draft(minutes)
    claim_version(row, expected_version)
    row = Attendance.objects.get(pk=row.pk)
    record(
        actor,
        "minutes.attendance_remove",
        row,
        forbund=minutes.meeting.forbund,
        changes={"name": row.person_name, "category": row.category},
    )
    row.delete()


def _assign(instance, changes: dict, allowed: tuple[str, ...]) -> dict:
    """Set the allowed fields on `instance`; return what changed as {field: [before, after]} for the log."""
    changed = {}
    for name, value in changes.items():
        if name not in allowed:
            raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": name})
        is_link = name in ("application", "intervention") and value is not None
        if is_link and value.forbund_id != _forbund_id_of(instance):
            raise ValidationError(_("Det går bara att koppla till förbundets egna ansökningar och insatser."))
        old = getattr(instance, name)
        if old != value:
            changed[name] = [str(old), str(value)]
        setattr(instance, name, value)
    return changed


def _forbund_id_of(instance) -> int:
    if isinstance(instance, AgendaItem):
        return instance.meeting.forbund_id
    return instance.forbund_id


def _series(forbund: Forbund, day: dt.date) -> int:
    return day.year if forbund.paragraph_numbering == ParagraphNumbering.YEARLY else 0


@transaction.atomic
def add_paragraph(actor, minutes: Minutes, **fields) -> Paragraph:
    """Add the next paragraph. The number is the next in the förbund's series (R16).

    The förbund row is locked so that two secretaries writing at once cannot take the same number.
    """
    meeting = minutes.meeting
    _require_manager(actor, meeting.forbund)
    forbund = Forbund.objects.select_for_update().get(pk=meeting.forbund_id)
    minutes = Minutes.objects.get(pk=minutes.pk)
    _require_draft(minutes)
    for link in ("application", "intervention"):
        target = fields.get(link)
        if target is not None and target.forbund_id != forbund.pk:
            raise ValidationError(_("Paragrafen kan bara kopplas till förbundets egna ansökningar och insatser."))
    series = _series(forbund, meeting.date)
    last = Paragraph.objects.filter(forbund=forbund, series=series).aggregate(n=Max("number"))["n"]
    if last is None:
        # A new yearly series starts at 1, except the very first one, which continues the paper series.
        first_ever = not Paragraph.objects.filter(forbund=forbund).exists()
        number = forbund.paragraph_start if first_ever or series == 0 else 1
    else:
        number = last + 1
    fields["decision_clauses"] = [str(c).strip() for c in fields.get("decision_clauses", []) if str(c).strip()]
    paragraph = Paragraph(minutes=minutes, forbund=forbund, series=series, number=number, **fields)
    paragraph.full_clean()
    paragraph.save()
    record(actor, "paragraph.add", paragraph, forbund=forbund, changes={"number": number, "title": paragraph.title})
    return paragraph


PARAGRAPH_FIELDS = (
    "title",
    "body",
    "decision_intro",
    "decision_clauses",
    "application",
    "intervention",
)


@transaction.atomic
def update_paragraph(actor, paragraph: Paragraph, *, expected_version: int | None = None, **changes) -> Paragraph:
    _require_manager(actor, paragraph.forbund)
    paragraph = Paragraph.objects.select_related("minutes").get(pk=paragraph.pk)
    _require_draft(paragraph.minutes)
    if "decision_clauses" in changes:
        changes["decision_clauses"] = [str(c).strip() for c in changes["decision_clauses"] if str(c).strip()]
    decision = paragraph.decisions.first()
    changed = _assign(paragraph, changes, PARAGRAPH_FIELDS)
    if decision is not None:
        # The decision recorded in the paragraph and the paragraph's text are one record: they cannot disagree.
        if paragraph.application_id != decision.application_id:
            raise ValidationError(
                {"application": _("Paragrafen innehåller beslutet om en ansökan och kan inte kopplas om.")}
            )
        conflict = queries.decision_contradiction(
            paragraph.decision_clauses, rejected=decision.outcome == "REJECTED", granted=decision.amount
        )
        if conflict:
            raise ValidationError({"decision_text": conflict})
    paragraph.full_clean()
    save_with_version(paragraph, expected_version)
    record(actor, "paragraph.update", paragraph, forbund=paragraph.forbund, changes=changed)
    return paragraph


@transaction.atomic
def remove_last_paragraph(actor, paragraph: Paragraph) -> None:
    """Only the last paragraph of the series can go: removing any other would leave a gap (R16)."""
    _require_manager(actor, paragraph.forbund)
    forbund = Forbund.objects.select_for_update().get(pk=paragraph.forbund_id)
    _require_draft(paragraph.minutes)
    last = Paragraph.objects.filter(forbund=forbund, series=paragraph.series).aggregate(n=Max("number"))["n"]
    if paragraph.decisions.exists():
        raise ValidationError(
            _("§ %(number)s innehåller ett beslut om en ansökan och kan inte tas bort.") % {"number": paragraph.number}
        )
    if paragraph.number != last:
        raise ValidationError(
            _("Bara den sista paragrafen (§ %(last)s) kan tas bort; annars uppstår en lucka i numreringen.")
            % {"last": last}
        )
    record(actor, "paragraph.remove", paragraph, forbund=forbund, changes={"number": paragraph.number})
    paragraph.delete()


@transaction.atomic
def set_signer(actor, minutes: Minutes, *, role: SignerRole, person_name: str, user=None) -> MinutesSigner:
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    _require_draft(minutes)
    if user is not None and not permissions.roles_in(user, forbund):
        raise ValidationError(_("%(name)s har ingen roll i förbundet och kan inte skriva under.") % {"name": user})
    if role != SignerRole.ADJUSTER:
        minutes.signers.filter(role=role).delete()
    signer = MinutesSigner.objects.create(minutes=minutes, role=role, person_name=person_name, user=user)
    record(actor, "minutes.signer", signer, forbund=forbund, changes={"role": str(role), "name": person_name})
    return signer


@transaction.atomic
def mark_ready(actor, minutes: Minutes) -> Minutes:
    """Freeze the text for adjustment and store the hash every signer will sign."""
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _require_draft(minutes)
    roles = set(minutes.signers.values_list("role", flat=True))
    missing = [str(r.label).lower() for r in SignerRole if r not in roles]
    if missing:
        raise ValidationError(_("Ange vem som skriver under som %(roles)s.") % {"roles": ", ".join(missing)})
    if not minutes.paragraphs.exists():
        raise ValidationError(_("Protokollet har inga paragrafer."))
    minutes.document_hash = documents.document_hash(minutes)
    minutes.state = MinutesState.READY
    minutes.save(update_fields=["document_hash", "state"])
    record(actor, "minutes.ready", minutes, forbund=forbund, changes={"hash": minutes.document_hash})
    events.minutes_ready(minutes)
    return minutes


@transaction.atomic
def reopen(actor, minutes: Minutes) -> Minutes:
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.state != MinutesState.READY:
        raise ValidationError(_("Bara ett protokoll som väntar på justering kan öppnas igen."))
    if Signature.objects.filter(signer__minutes=minutes).exists():
        raise ValidationError(_("Någon har redan skrivit under. Protokollet kan inte ändras längre."))
    minutes.state = MinutesState.DRAFT
    minutes.document_hash = ""
    minutes.save(update_fields=["state", "document_hash"])
    record(actor, "minutes.reopen", minutes, forbund=forbund)
    return minutes


@transaction.atomic
def sign(
    actor,
    signer_slot: MinutesSigner,
    *,
    confirmation: str = "",
    signer: Signer | None = None,
    signed_at: dt.datetime | None = None,
) -> Signature:
    """The named chair, secretary or adjuster signs; when all have signed the minutes are adjusted (R17)."""
    minutes = Minutes.objects.select_for_update().get(pk=signer_slot.minutes_id)
    forbund = minutes.meeting.forbund
    if actor is not None:
        if signer_slot.user_id != actor.pk:
            raise Refused(
                _("Bara %(name)s kan skriva under som %(role)s.")
                % {"name": signer_slot.person_name, "role": signer_slot.get_role_display().lower()}
            )
        if not permissions.roles_in(actor, forbund):
            raise Refused(_("Du har ingen roll i förbundet."))
        if isinstance(signer, RecordedSigner):
            raise Refused(_("Underskrifter gjorda utanför systemet kan bara registreras av driften."))
    elif signer is None:
        raise ValidationError(_("Ange hur underskriften gjordes."))
    if minutes.state != MinutesState.READY:
        raise ValidationError(_("Protokollet är inte klart för justering."))
    refuse_future("signed_at", signed_at, _("Underskriften kan inte vara daterad i framtiden."))
    if Signature.objects.filter(signer=signer_slot).exists():
        raise ValidationError(_("Du har redan skrivit under."))
    current = documents.document_hash(minutes)
    if current != minutes.document_hash:
        raise ValidationError(_("Protokollet har ändrats sedan det gjordes klart för justering. Gör om justeringen."))
    result = (signer or DEFAULT_SIGNER).sign(actor, current, confirmation=confirmation)
    signature = Signature.objects.create(
        signer=signer_slot,
        user=actor,
        signed_at=signed_at or timezone.now(),
        document_hash=current,
        provider=result.provider,
        reference=result.reference,
    )
    record(
        actor,
        "minutes.sign",
        minutes,
        forbund=forbund,
        changes={"role": signer_slot.role, "name": signer_slot.person_name, "hash": current},
    )
    if not minutes.signers.filter(signature__isnull=True).exists():
        minutes.state = MinutesState.ADJUSTED
        minutes.adjusted_at = signature.signed_at
        minutes.save(update_fields=["state", "adjusted_at"])
    return signature


@transaction.atomic
def post_certificate(actor, minutes: Minutes, **fields) -> NoticeCertificate:
    """Bevis om anslag. Posting needs the dates up and down and the storage place (R17)."""
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.state != MinutesState.ADJUSTED:
        raise ValidationError(_("Bara ett justerat protokoll som inte är låst kan anslås."))
    missing = []
    if not fields.get("posted_on"):
        missing.append(_("datum när anslaget sätts upp"))
    if not fields.get("taken_down_on"):
        missing.append(_("datum när anslaget tas ner"))
    if not str(fields.get("storage_place") or "").strip():
        missing.append(_("förvaringsplats för protokollet"))
    if missing:
        raise ValidationError(_("Anslaget kan inte registreras. Ange %(what)s.") % {"what": ", ".join(missing)})
    if fields["taken_down_on"] < fields["posted_on"]:
        raise ValidationError(_("Anslaget kan inte tas ner innan det sätts upp."))
    if fields["posted_on"] < minutes.meeting.date:
        raise ValidationError(_("Anslaget kan inte sättas upp före sammanträdet."))
    fields.setdefault("notice_board", forbund.notice_board or "")
    NoticeCertificate.objects.filter(minutes=minutes).delete()
    certificate = NoticeCertificate(minutes=minutes, **fields)
    certificate.full_clean()
    certificate.save()
    record(
        actor,
        "minutes.posted",
        minutes,
        forbund=forbund,
        changes={"posted_on": str(certificate.posted_on), "taken_down_on": str(certificate.taken_down_on)},
    )
    events.minutes_posted(minutes, certificate)
    return certificate


@transaction.atomic
def lock(actor, minutes: Minutes) -> Minutes:
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.state != MinutesState.ADJUSTED:
        raise ValidationError(_("Bara ett justerat protokoll kan låsas."))
    if not NoticeCertificate.objects.filter(minutes=minutes).exists():
        raise ValidationError(_("Registrera bevis om anslag innan protokollet låses."))
    minutes.state = MinutesState.LOCKED
    minutes.locked_at = timezone.now()
    minutes.save(update_fields=["state", "locked_at"])
    record(actor, "minutes.lock", minutes, forbund=forbund)
    return minutes


# --- Assignments and delegations (R18) -------------------------------------------------------


@transaction.atomic
def give_assignment(actor, paragraph: Paragraph, **fields) -> Assignment:
    """Record an assignment or a delegation the board gave in `paragraph`."""
    _require_manager(actor, paragraph.forbund)
    assignment = Assignment(forbund=paragraph.forbund, paragraph=paragraph, **fields)
    assignment.full_clean()
    assignment.save()
    record(
        actor,
        "assignment.give",
        assignment,
        forbund=paragraph.forbund,
        changes={"kind": assignment.kind, "assignee": assignment.assignee, "paragraph": paragraph.number},
    )
    return assignment


ASSIGNMENT_FIELDS = ("assignee", "description", "due_on", "status", "done_on", "outcome", "reported_in")


@transaction.atomic
def update_assignment(actor, assignment: Assignment, *, expected_version: int | None = None, **changes) -> Assignment:
    """Follow an assignment up: done (when and what), and reported back to the board in a later paragraph."""
    _require_manager(actor, assignment.forbund)
    assignment = Assignment.objects.select_related("paragraph__minutes__meeting").get(pk=assignment.pk)
    report = changes.get("reported_in")
    if report is not None and report.forbund_id != assignment.forbund_id:
        raise ValidationError(_("Återrapporteringen måste göras i en av förbundets egna paragrafer."))
    changed = _assign(assignment, {k: v for k, v in changes.items() if k != "reported_in"}, ASSIGNMENT_FIELDS)
    if "reported_in" in changes and assignment.reported_in != report:
        changed["reported_in"] = [str(assignment.reported_in), str(report)]
        assignment.reported_in = report
    _check_assignment(assignment)
    assignment.full_clean()
    save_with_version(assignment, expected_version)
    record(actor, "assignment.update", assignment, forbund=assignment.forbund, changes=changed)
    return assignment


def _check_assignment(assignment: Assignment) -> None:
    given = assignment.paragraph.minutes.meeting.date
    if assignment.status != AssignmentStatus.OPEN:
        if not assignment.done_on or not assignment.outcome.strip():
            raise ValidationError(_("Ange när uppdraget utfördes och vad som gjordes eller beslutades."))
        if assignment.done_on < given:
            raise ValidationError(_("Uppdraget kan inte vara utfört före sammanträdet där det gavs."))
    if assignment.status == AssignmentStatus.REPORTED:
        report = assignment.reported_in
        if report is None:
            raise ValidationError(_("Ange i vilken paragraf uppdraget återrapporterades till styrelsen."))
        if report.pk == assignment.paragraph_id or report.minutes.meeting.date < given:
            raise ValidationError(_("Återrapporteringen ska ske i en senare paragraf än den som gav uppdraget."))
