"""Every write to meetings and minutes. Each checks, changes and logs in one transaction.

Minutes can be changed only as a draft: once ready, the text is what the signers sign, and once
adjusted or locked nothing in them changes. `actor=None` is the console (demo data, imports).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
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
from samordna.tenancy.models import BoardRole, BoardSeat, Forbund, ParagraphNumbering
from samordna.tenancy.permissions import Capability

from . import documents, queries
from .models import (
    AbsenceReason,
    AgendaItem,
    AgendaItemAttachment,
    AgendaTemplateItem,
    Assignment,
    AssignmentStatus,
    Attendance,
    AttendanceCategory,
    ItemKind,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesSigner,
    MinutesState,
    NoticeCertificate,
    Paragraph,
    ParagraphAbsence,
    Signature,
    SignerRole,
)
from .queries import (
    adjuster_choice,
    earliest_take_down,
    notice_warning,
    quorum,
    seats_at,
    seats_per_member,
)
from .signing import DEFAULT_SIGNER, RecordedSigner, SignatureResult, Signer

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
    forbund = Forbund.objects.select_for_update(no_key=True).get(pk=forbund.pk)
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
def move_meeting(
    actor, meeting: Meeting, new_date: dt.date, *, start_time: dt.time | None = None, end_time: dt.time | None = None
) -> Meeting:
    """Move a planned meeting to another day or time; meetings are moved by decision [003 L552–559] and the old
    day stays in the log. A meeting whose minutes are begun has been held and stays where it was. A notice already
    sent names the old day, so it counts as not sent: the office sends it again, the statutes' notice days before
    the new day."""
    _require_manager(actor, meeting.forbund)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if Minutes.objects.filter(meeting=meeting).exists():
        _require_meeting_open(meeting)
        raise ValidationError(_("Protokollet är påbörjat: sammanträdet har hållits och kan inte flyttas."))
    if new_date < timezone.localdate():
        raise ValidationError({"date": _("Ett sammanträde kan bara flyttas till i dag eller en senare dag.")})
    if start_time is not None and end_time is not None and end_time <= start_time:
        raise ValidationError({"end_time": _("Sammanträdet måste sluta efter att det har börjat.")})
    before = {"date": meeting.date, "start_time": meeting.start_time, "end_time": meeting.end_time}
    after = {"date": new_date, "start_time": start_time, "end_time": end_time}
    changes = {name: [str(before[name] or ""), str(after[name] or "")] for name in after if before[name] != after[name]}
    if not changes:
        raise ValidationError(_("Sammanträdet har redan den dagen och tiden."))
    for name, value in after.items():
        setattr(meeting, name, value)
    if meeting.notice_sent_on is not None:
        changes["notice_sent_on"] = [str(meeting.notice_sent_on), ""]
        meeting.notice_sent_on = None
    meeting.full_clean()
    meeting.save(update_fields=["date", "start_time", "end_time", "notice_sent_on"])
    record(actor, "meeting.move", meeting, forbund=meeting.forbund, changes=changes)
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
    they replace and that ledamot is absent, one member does not vote twice, the deciding do not outnumber the
    seats, and the paragraphs are of these minutes."""
    forbund = minutes.meeting.forbund
    if row.member is not None and row.member.forbund_id != forbund.pk:
        raise ValidationError(_("Medlemmen hör inte till förbundet."))
    if row.category == AttendanceCategory.SERVING_DEPUTY and not row.serving_for.strip():
        raise ValidationError(_("Ange vilken ledamot den tjänstgörande ersättaren ersätter."))
    if row.category in VOTING:
        others = minutes.attendance.filter(category__in=VOTING)
        if row.pk is not None:
            others = others.exclude(pk=row.pk)
        if row.category == AttendanceCategory.SERVING_DEPUTY:
            replaced = others.filter(person_name__iexact=row.serving_for.strip()).first()
            if replaced is not None:
                raise ValidationError(
                    _(
                        "%(name)s är närvarande och beslutar själv; en ersättare kan bara tjänstgöra för en "
                        "frånvarande ledamot."
                    )
                    % {"name": replaced.person_name}
                )
        if row.member is not None:
            same = [o.person_name for o in others.filter(member=row.member)]
            if len(same) >= seats_per_member(forbund, minutes.meeting.date):
                raise ValidationError(
                    _(
                        "%(member)s har redan en beslutande på mötet (%(names)s). En medlem har en röst; registrera "
                        "%(name)s som ersättare utan tjänstgöring."
                    )
                    % {"member": row.member.name, "names": ", ".join(same), "name": row.person_name}
                )
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
    user = fields.get("user")
    if user is not None:
        if not permissions.roles_in(user, forbund):
            raise ValidationError({"user": _("%(name)s har ingen roll i förbundet.") % {"name": user.display_name()}})
        if not str(fields.get("person_name") or "").strip():
            fields["person_name"] = user.display_name()
        if not str(fields.get("organisation") or "").strip():
            fields["organisation"] = user.organisation
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


def _minutes_for_update():
    """Minutes with their meeting and förbund, the minutes and the meeting locked; the förbund only read, so that
    other writes referring to it never wait for the secretary."""
    return Minutes.objects.select_for_update(of=("self", "meeting")).select_related("meeting__forbund")


@transaction.atomic
def update_attendance(
    actor, row: Attendance, *, expected_version: int | None = None, paragraphs=None, **changes
) -> Attendance:
    """Change one person's attendance: category, whom they replace, and which paragraphs they attended."""
    minutes = _minutes_for_update().get(pk=row.minutes_id)
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
    minutes = _minutes_for_update().get(pk=row.minutes_id)
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


class SeatStatus:
    """What the register form says of one seat."""

    ABSENT = "ABSENT"
    PRESENT = "PRESENT"  # a ledamot deciding, or an ersättare present without serving
    SERVING = "SERVING"  # an ersättare serving for the absent ledamot of the same member


OFFICE_LABELS = {"CHAIR": "ordförande", "VICE_CHAIR": "vice ordförande"}


def _replaced_seat(seat: BoardSeat, present: set[int], taken: set[int], seats: list[BoardSeat]) -> BoardSeat:
    """The absent ledamot an ersättare serves for: their own ledamot, or else one of the same member's."""
    name = seat.person_name
    if seat.deputy_for is not None:
        if seat.deputy_for_id in present:
            raise ValidationError(
                _(
                    "%(name)s kan inte tjänstgöra: %(ledamot)s, som %(name)s är ersättare för, är närvarande. "
                    "En ersättare tjänstgör bara för en frånvarande ledamot."
                )
                % {"name": name, "ledamot": seat.deputy_for.person_name}
            )
        if seat.deputy_for_id not in taken:
            return seat.deputy_for
    for other in seats:
        same_member = other.role == BoardRole.LEDAMOT and other.member_id == seat.member_id
        if same_member and other.pk not in present and other.pk not in taken:
            return other
    raise ValidationError(
        _(
            "%(name)s kan inte tjänstgöra: ingen ledamot för %(member)s är frånvarande. En ersättare tjänstgör "
            "bara för en frånvarande ledamot från samma medlem."
        )
        % {"name": name, "member": seat.member.name}
    )


@transaction.atomic
def record_register_attendance(actor, minutes: Minutes, statuses: dict, *, remark: str | None = None) -> Minutes:
    """Attendance from the board register: every seat in force present or absent, ersättare serving only for an
    absent ledamot of their member, one vote per member (R15). `statuses` maps seats (or their ids) to a
    `SeatStatus`; a seat left out is absent. Rows typed earlier stay as they were."""
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    minutes = _minutes_for_update().get(pk=minutes.pk)
    _require_draft(minutes)
    if minutes.meeting.kind != MeetingKind.BOARD:
        raise ValidationError(_("Närvaro ur styrelseregistret förs bara för styrelsens sammanträden."))
    from .queries import register_seats

    seats = list(register_seats(minutes))
    by_id = {seat.pk: seat for seat in seats}
    wanted = {getattr(key, "pk", key): value for key, value in statuses.items()}
    unknown = set(wanted) - set(by_id)
    if unknown:
        raise ValidationError(_("Bara styrelseplatser som gällde på sammanträdesdagen kan registreras."))
    allowed = (SeatStatus.ABSENT, SeatStatus.PRESENT, SeatStatus.SERVING)
    if any(value not in allowed for value in wanted.values()):
        raise ValidationError(_("Ange för varje plats om personen var närvarande, tjänstgjorde eller var frånvarande."))
    present = {pk for pk, value in wanted.items() if value != SeatStatus.ABSENT and by_id[pk].role == BoardRole.LEDAMOT}
    serving: dict[int, BoardSeat] = {}
    taken: set[int] = set()
    for pk, value in wanted.items():
        seat = by_id[pk]
        if value != SeatStatus.SERVING:
            continue
        if seat.role != BoardRole.ERSATTARE:
            raise ValidationError(
                _("%(name)s är ledamot; bara en ersättare tjänstgör för någon.") % {"name": seat.person_name}
            )
        replaced = _replaced_seat(seat, present, taken, seats)
        taken.add(replaced.pk)
        serving[pk] = replaced
    per_member = seats_per_member(forbund, minutes.meeting.date)
    voters: dict[int, list[str]] = {}
    for pk, value in wanted.items():
        seat = by_id[pk]
        if (seat.role == BoardRole.LEDAMOT and value == SeatStatus.PRESENT) or value == SeatStatus.SERVING:
            voters.setdefault(seat.member_id, []).append(seat.person_name)
    typed = minutes.attendance.filter(seat__isnull=True, category__in=VOTING, member__isnull=False)
    for typed_row in typed:
        if typed_row.member_id is not None:
            voters.setdefault(typed_row.member_id, []).append(typed_row.person_name)
    for member_id, names in voters.items():
        if len(names) > per_member:
            member = next(seat.member for seat in seats if seat.member_id == member_id)
            raise ValidationError(
                _("%(names)s kan inte alla besluta för %(member)s: en medlem har en röst.")
                % {"names": " och ".join(names), "member": member.name}
            )
    existing: dict[int | None, Attendance] = {r.seat_id: r for r in minutes.attendance.filter(seat__isnull=False)}
    changes = {}
    for seat in seats:
        value = wanted.get(seat.pk, SeatStatus.ABSENT)
        row = existing.get(seat.pk)
        if value == SeatStatus.ABSENT:
            if row is not None:
                row.delete()
                changes[seat.person_name] = str(value)
            continue
        if seat.role == BoardRole.LEDAMOT:
            category = AttendanceCategory.VOTING
        elif value == SeatStatus.SERVING:
            category = AttendanceCategory.SERVING_DEPUTY
        else:
            category = AttendanceCategory.DEPUTY_PRESENT
        replaced_seat = serving.get(seat.pk)
        fields = {
            "person_name": seat.person_name,
            "category": category,
            "member": seat.member,
            "user": seat.user,
            "serving_for": replaced_seat.person_name if replaced_seat else "",
            "serving_for_seat": replaced_seat,
            "office": OFFICE_LABELS.get(seat.office, "" if seat.role == BoardRole.LEDAMOT else "ersättare"),
        }
        if row is None:
            row = Attendance(minutes=minutes, seat=seat, **fields)
        elif all(getattr(row, name) == fields[name] for name in fields):
            continue
        else:
            for name, field_value in fields.items():
                setattr(row, name, field_value)
        row.full_clean()
        row.save()
        changes[seat.person_name] = str(value)
    if remark is not None and remark.strip() != minutes.attendance_remark:
        minutes.attendance_remark = remark.strip()
        minutes.save(update_fields=["attendance_remark"])
        changes["remark"] = minutes.attendance_remark
    check = quorum(minutes)
    if check.voting > check.seats:
        raise ValidationError(
            _("%(voting)s personer skulle stå som beslutande men styrelsen har %(seats)s platser.")
            % {"voting": check.voting, "seats": check.seats}
        )
    record(actor, "minutes.attendance_register", minutes, forbund=forbund, changes=changes)
    return minutes


@transaction.atomic
def record_paragraph_absence(
    actor, paragraph: Paragraph, attendance: Attendance, *, reason: str, substitute: Attendance | None = None
) -> ParagraphAbsence:
    """Someone left the meeting for one paragraph, or was disqualified from it (jäv). An ersättare of the same
    member, present without serving, may take the vote there."""
    forbund = paragraph.forbund
    _require_manager(actor, forbund)
    minutes = Minutes.objects.select_for_update().get(pk=paragraph.minutes_id)
    _require_draft(minutes)
    if attendance.minutes_id != minutes.pk or (substitute is not None and substitute.minutes_id != minutes.pk):
        raise ValidationError(_("Personerna måste vara antecknade som närvarande i samma protokoll."))
    if reason not in AbsenceReason.values:
        raise ValidationError({"reason": _("Ange om personen lämnade sammanträdet eller var jävig.")})
    if ParagraphAbsence.objects.filter(paragraph=paragraph, attendance=attendance).exists():
        raise ValidationError(
            _("%(name)s är redan antecknad som frånvarande i § %(n)s.")
            % {"name": attendance.person_name, "n": paragraph.number}
        )
    if substitute is not None:
        if attendance.category not in VOTING:
            raise ValidationError({"substitute": _("Bara den som beslutar kan ersättas i en paragraf.")})
        if substitute.category != AttendanceCategory.DEPUTY_PRESENT or substitute.member_id != attendance.member_id:
            raise ValidationError(
                {
                    "substitute": _(
                        "Den som går in måste vara en närvarande, inte tjänstgörande ersättare för samma medlem."
                    )
                }
            )
        if ParagraphAbsence.objects.filter(paragraph=paragraph, substitute=substitute).exists():
            raise ValidationError(
                {
                    "substitute": _("%(name)s tjänstgör redan för någon annan i paragrafen.")
                    % {"name": substitute.person_name}
                }
            )
    absence = ParagraphAbsence.objects.create(
        attendance=attendance, paragraph=paragraph, reason=reason, substitute=substitute
    )
    record(
        actor,
        "paragraph.absence",
        paragraph,
        forbund=forbund,
        changes={
            "name": attendance.person_name,
            "reason": reason,
            "substitute": substitute.person_name if substitute else "",
        },
    )
    return absence


@transaction.atomic
def remove_paragraph_absence(actor, absence: ParagraphAbsence) -> None:
    paragraph = absence.paragraph
    _require_manager(actor, paragraph.forbund)
    minutes = Minutes.objects.select_for_update().get(pk=paragraph.minutes_id)
    _require_draft(minutes)
    record(
        actor,
        "paragraph.absence_remove",
        paragraph,
        forbund=paragraph.forbund,
        changes={"name": absence.attendance.person_name},
    )
    absence.delete()


def require_quorum(minutes: Minutes, paragraph: Paragraph | None = None) -> None:
    """Refuse to record a decision of the board unless it is quorate (for `paragraph`, when given)."""
    if minutes.meeting.kind != MeetingKind.BOARD:
        return
    check = quorum(minutes, paragraph)
    if not check.has_quorum:
        where = _(" i § %(n)s") % {"n": paragraph.number} if paragraph is not None else ""
        raise ValidationError(
            _(
                "Styrelsen är inte beslutsför%(where)s (%(voting)s av %(seats)s platser besatta), så inget beslut "
                "kan antecknas. Registrera närvaron först."
            )
            % {"where": where, "voting": check.voting, "seats": check.seats}
        )


def _quorum_known(minutes: Minutes) -> bool:
    return minutes.attendance.filter(category__in=VOTING).exists()


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


def _in_series(forbund: Forbund, meeting: Meeting, series: int):
    return Paragraph.objects.filter(forbund=forbund, deciding_body=meeting.kind, series=series)


def _earlier(meeting: Meeting) -> Q:
    """Meetings before `meeting` in meeting order (by day, then as planned)."""
    return Q(minutes__meeting__date__lt=meeting.date) | Q(
        minutes__meeting__date=meeting.date, minutes__meeting__pk__lt=meeting.pk
    )


def _next_number(forbund: Forbund, minutes: Minutes, series: int) -> int:
    """The number a new paragraph of `minutes` takes: after its own last one, or after the last paragraph of the
    body's previous meeting. Only the board continues the förbund's paper series; other bodies start at 1."""
    meeting = minutes.meeting
    same = _in_series(forbund, meeting, series)
    last = same.filter(minutes=minutes).aggregate(n=Max("number"))["n"]
    if last is None:
        last = same.filter(_earlier(meeting)).aggregate(n=Max("number"))["n"]
    if last is not None:
        return last + 1
    if meeting.kind != MeetingKind.BOARD:
        return 1
    # A new yearly series starts at 1, except the very first one, which continues the paper series.
    board = Paragraph.objects.filter(forbund=forbund, deciding_body=MeetingKind.BOARD)
    first_ever = not board.filter(series__lt=series).exists()
    return forbund.paragraph_start if first_ever or series == 0 else 1


def _shift_later(forbund: Forbund, minutes: Minutes, series: int, from_number: int, step: int) -> list[int]:
    """Move the paragraphs of later meetings of the series by `step`, so that numbers follow meeting order with no
    gap and no interleaving. Refused when a later meeting's minutes are no longer a draft: their numbers are fixed."""
    later = _in_series(forbund, minutes.meeting, series).filter(number__gte=from_number).exclude(minutes=minutes)
    fixed = (
        later.exclude(minutes__state=MinutesState.DRAFT).select_related("minutes__meeting").order_by("number").first()
    )
    if fixed is not None:
        raise ValidationError(
            _(
                "Paragraferna numreras i mötesordning, och § %(n)s hör redan till protokollet från %(day)s, som är "
                "%(state)s. Ett tidigare sammanträde kan därför inte få fler eller färre paragrafer."
            )
            % {
                "n": fixed.number,
                "day": f"{fixed.minutes.meeting.date:%Y-%m-%d}",
                "state": MinutesState(fixed.minutes.state).label.lower(),
            }
        )
    moved = list(later.order_by("-number" if step > 0 else "number").values_list("pk", "number"))
    for pk, _number in moved:
        Paragraph.objects.filter(pk=pk).update(number=F("number") + step)
    return [number for _pk, number in moved]


@transaction.atomic
def add_paragraph(actor, minutes: Minutes, **fields) -> Paragraph:
    """Add the next paragraph. Numbers follow meeting order within the body's series (R16): a paragraph added to an
    earlier meeting moves the draft paragraphs of later ones up by one.

    The förbund row is locked so that two secretaries writing at once cannot take the same number.
    """
    meeting = minutes.meeting
    _require_manager(actor, meeting.forbund)
    forbund = Forbund.objects.select_for_update(no_key=True).get(pk=meeting.forbund_id)
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes.pk)
    _require_draft(minutes)
    for link in ("application", "intervention"):
        target = fields.get(link)
        if target is not None and target.forbund_id != forbund.pk:
            raise ValidationError(_("Paragrafen kan bara kopplas till förbundets egna ansökningar och insatser."))
    fields["decision_clauses"] = [str(c).strip() for c in fields.get("decision_clauses", []) if str(c).strip()]
    if fields["decision_clauses"] and _quorum_known(minutes):
        require_quorum(minutes)
    series = _series(forbund, meeting.date)
    number = _next_number(forbund, minutes, series)
    moved = _shift_later(forbund, minutes, series, number, +1)
    paragraph = Paragraph(
        minutes=minutes, forbund=forbund, deciding_body=meeting.kind, series=series, number=number, **fields
    )
    paragraph.full_clean()
    paragraph.save()
    changes: dict = {"number": number, "title": paragraph.title}
    if moved:
        changes["renumbered"] = [min(moved), max(moved) + 1]
    record(actor, "paragraph.add", paragraph, forbund=forbund, changes=changes)
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
    if paragraph.decision_clauses and "decision_clauses" in changed and _quorum_known(paragraph.minutes):
        require_quorum(paragraph.minutes, paragraph)
    paragraph.full_clean()
    save_with_version(paragraph, expected_version)
    record(actor, "paragraph.update", paragraph, forbund=paragraph.forbund, changes=changed)
    return paragraph


@transaction.atomic
def remove_last_paragraph(actor, paragraph: Paragraph) -> None:
    """Only the last paragraph of the minutes can go, so that no gap opens (R16); draft minutes of later
    meetings move down by one."""
    _require_manager(actor, paragraph.forbund)
    forbund = Forbund.objects.select_for_update(no_key=True).get(pk=paragraph.forbund_id)
    minutes = Minutes.objects.select_related("meeting").get(pk=paragraph.minutes_id)
    _require_draft(minutes)
    last = minutes.paragraphs.aggregate(n=Max("number"))["n"]
    if paragraph.decisions.exists():
        raise ValidationError(
            _("§ %(number)s innehåller ett beslut om en ansökan och kan inte tas bort.") % {"number": paragraph.number}
        )
    if paragraph.forbund_reports.exists():
        raise ValidationError(
            _("§ %(number)s fastställer förbundets årsredovisning och kan inte tas bort.")
            % {"number": paragraph.number}
        )
    if paragraph.number != last:
        raise ValidationError(
            _("Bara den sista paragrafen (§ %(last)s) kan tas bort; annars uppstår en lucka i numreringen.")
            % {"last": last}
        )
    record(actor, "paragraph.remove", paragraph, forbund=forbund, changes={"number": paragraph.number})
    number, series = paragraph.number, paragraph.series
    paragraph.delete()
    _shift_later(forbund, minutes, series, number + 1, -1)


def _check_adjuster(minutes: Minutes, person_name: str) -> Attendance:
    """A justerare is one of the voting members present, and the one the meeting chose, when it chose in a §."""
    row = (
        minutes.attendance.filter(category__in=VOTING, person_name__iexact=person_name.strip())
        .select_related("user")
        .first()
    )
    if row is None:
        raise ValidationError(
            _(
                "%(name)s är inte antecknad som beslutande på sammanträdet. Justerare väljs bland de beslutande "
                "som är närvarande; registrera närvaron först."
            )
            % {"name": person_name}
        )
    chosen_in = adjuster_choice(minutes)
    if chosen_in is not None and chosen_in.decision_clauses:
        said = " ".join(chosen_in.decision_clauses).lower()
        if row.person_name.lower() not in said:
            raise ValidationError(
                _("%(name)s är inte vald till justerare i § %(n)s %(title)s. Ändra beslutet i paragrafen först.")
                % {"name": row.person_name, "n": chosen_in.number, "title": chosen_in.title}
            )
    return row


@transaction.atomic
def set_signer(
    actor, minutes: Minutes, *, role: SignerRole, person_name: str = "", user=None, attendance: Attendance | None = None
) -> MinutesSigner:
    """Name who signs. A justerare is taken from the voting members present (pass their attendance row, or their
    name); the chair and the secretary are named."""
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    _require_draft(minutes)
    if attendance is not None:
        if attendance.minutes_id != minutes.pk:
            raise ValidationError(_("Välj någon som är antecknad som närvarande i protokollet."))
        person_name = attendance.person_name
        user = user or attendance.user or (attendance.seat.user if attendance.seat else None)
    if not person_name.strip():
        raise ValidationError({"person_name": _("Ange vem som skriver under.")})
    if role == SignerRole.ADJUSTER:
        row = _check_adjuster(minutes, person_name)
        user = user or row.user or (row.seat.user if row.seat else None)
        if minutes.signers.filter(role=role, person_name__iexact=row.person_name).exists():
            raise ValidationError(_("%(name)s är redan utsedd att justera.") % {"name": row.person_name})
    if user is not None and not permissions.roles_in(user, forbund):
        raise ValidationError(_("%(name)s har ingen roll i förbundet och kan inte skriva under.") % {"name": user})
    if role != SignerRole.ADJUSTER:
        minutes.signers.filter(role=role).delete()
    signer = MinutesSigner.objects.create(minutes=minutes, role=role, person_name=person_name, user=user)
    record(actor, "minutes.signer", signer, forbund=forbund, changes={"role": str(role), "name": person_name})
    return signer


def _check_decisions_quorate(minutes: Minutes) -> None:
    """Every paragraph with a decision of the board had a quorate board (R15)."""
    if minutes.meeting.kind != MeetingKind.BOARD:
        return
    for paragraph in minutes.paragraphs.exclude(decision_clauses=[]).prefetch_related("absences"):
        require_quorum(minutes, paragraph)


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
    for slot in minutes.signers.filter(role=SignerRole.ADJUSTER):
        _check_adjuster(minutes, slot.person_name)
    _check_decisions_quorate(minutes)
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


def meeting_over(meeting: Meeting, at: dt.datetime) -> bool:
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    if local.date() != meeting.date:
        return local.date() > meeting.date
    return meeting.end_time is None or local.time() >= meeting.end_time


def _refuse_before_meeting(meeting: Meeting, at: dt.datetime) -> None:
    if not meeting_over(meeting, at):
        raise ValidationError(
            _("Protokollet kan inte justeras innan sammanträdet har hållits (%(day)s).")
            % {"day": f"{meeting.date:%Y-%m-%d}{f' kl. {meeting.end_time:%H.%M}' if meeting.end_time else ''}"}
        )


def _store_signature(
    actor, minutes: Minutes, slot: MinutesSigner, result: SignatureResult, at: dt.datetime
) -> Signature:
    signature = Signature.objects.create(
        signer=slot,
        user=actor,
        signed_at=at,
        document_hash=minutes.document_hash,
        provider=result.provider,
        reference=result.reference,
    )
    if not minutes.signers.filter(signature__isnull=True).exists():
        minutes.state = MinutesState.ADJUSTED
        minutes.adjusted_at = at
        minutes.save(update_fields=["state", "adjusted_at"])
    return signature


def _check_signable(minutes: Minutes) -> str:
    if minutes.state != MinutesState.READY:
        raise ValidationError(_("Protokollet är inte klart för justering."))
    current = documents.document_hash(minutes)
    if current != minutes.document_hash:
        raise ValidationError(_("Protokollet har ändrats sedan det gjordes klart för justering. Gör om justeringen."))
    return current


@transaction.atomic
def sign(
    actor,
    signer_slot: MinutesSigner,
    *,
    confirmation: str = "",
    signer: Signer | None = None,
    signed_at: dt.datetime | None = None,
) -> Signature:
    """The named chair, secretary or adjuster signs; when all have signed the minutes are adjusted (R17).
    Nobody signs before the meeting has been held."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=signer_slot.minutes_id)
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
    at = signed_at or timezone.now()
    _refuse_before_meeting(minutes.meeting, at)
    if Signature.objects.filter(signer=signer_slot).exists():
        raise ValidationError(_("Du har redan skrivit under."))
    current = _check_signable(minutes)
    result = (signer or DEFAULT_SIGNER).sign(actor, current, confirmation=confirmation)
    signature = _store_signature(actor, minutes, signer_slot, result, at)
    record(
        actor,
        "minutes.sign",
        minutes,
        forbund=forbund,
        changes={"role": signer_slot.role, "name": signer_slot.person_name, "hash": current},
    )
    return signature


PAPER = "Underskrift på papper"


@transaction.atomic
def record_paper_adjustment(actor, minutes: Minutes, *, signed_on: dt.date, signers) -> Minutes:
    """The office records that the named signers signed the printed minutes on paper on `signed_on`."""
    forbund = minutes.meeting.forbund
    _require_manager(actor, forbund)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    slots = list(signers)
    if not slots:
        raise ValidationError({"signers": _("Ange vilka som skrev under på papper.")})
    if any(slot.minutes_id != minutes.pk for slot in slots):
        raise ValidationError({"signers": _("Undertecknarna måste höra till protokollet.")})
    if signed_on is None:
        raise ValidationError({"signed_on": _("Ange vilken dag protokollet skrevs under.")})
    refuse_future("signed_on", signed_on, _("Underskriften kan inte vara daterad i framtiden."))
    if signed_on < minutes.meeting.date:
        raise ValidationError(
            {
                "signed_on": _("Protokollet kan inte ha justerats före sammanträdet %(day)s.")
                % {"day": f"{minutes.meeting.date:%Y-%m-%d}"}
            }
        )
    current = _check_signable(minutes)
    signed = [slot for slot in slots if Signature.objects.filter(signer=slot).exists()]
    if signed:
        raise ValidationError(
            {"signers": _("%(names)s har redan skrivit under.") % {"names": ", ".join(s.person_name for s in signed)}}
        )
    at = timezone.make_aware(dt.datetime.combine(signed_on, dt.time(12, 0)))
    if signed_on == minutes.meeting.date:
        at = timezone.make_aware(dt.datetime.combine(signed_on, minutes.meeting.end_time or dt.time(0, 0)))
    recorded_by = actor.display_name() if actor is not None else ""
    for slot in slots:
        _store_signature(actor, minutes, slot, SignatureResult(PAPER, recorded_by), at)
    record(
        actor,
        "minutes.paper_adjustment",
        minutes,
        forbund=forbund,
        changes={"signed_on": str(signed_on), "signers": [s.person_name for s in slots], "hash": current},
    )
    return minutes


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
    earliest = earliest_take_down(fields["posted_on"])
    if fields["taken_down_on"] < earliest:
        raise ValidationError(
            {
                "taken_down_on": _(
                    "Anslaget ska sitta uppe tills tiden för överklagande har gått ut, %(last)s. Det kan tas ner "
                    "tidigast %(earliest)s."
                )
                % {"last": f"{earliest - dt.timedelta(days=1):%Y-%m-%d}", "earliest": f"{earliest:%Y-%m-%d}"}
            }
        )
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
def take_down_notice(actor, certificate: NoticeCertificate, on: dt.date | None = None) -> NoticeCertificate:
    """Take the notice off the public board. Refused before the appeal period has run out."""
    forbund = certificate.minutes.meeting.forbund
    _require_manager(actor, forbund)
    certificate = NoticeCertificate.objects.select_for_update().get(pk=certificate.pk)
    on = on or timezone.localdate()
    if certificate.removed_on is not None:
        raise ValidationError(_("Anslaget togs redan ner %(day)s.") % {"day": f"{certificate.removed_on:%Y-%m-%d}"})
    refuse_future("removed_on", on, _("Anslaget kan inte antecknas som nedtaget i framtiden."))
    earliest = earliest_take_down(certificate.posted_on)
    if on < earliest:
        raise ValidationError(
            _(
                "Anslaget kan inte tas ner förrän tiden för överklagande har gått ut: sista dag är %(last)s, så "
                "anslaget kan tas ner tidigast %(earliest)s."
            )
            % {"last": f"{earliest - dt.timedelta(days=1):%Y-%m-%d}", "earliest": f"{earliest:%Y-%m-%d}"}
        )
    certificate.removed_on = on
    certificate.save(update_fields=["removed_on"])
    record(actor, "minutes.notice_taken_down", certificate.minutes, forbund=forbund, changes={"removed_on": str(on)})
    return certificate


def expire_notices(today: dt.date | None = None) -> int:
    """Take down every notice whose take-down day has come; returns how many. Run daily by the job queue."""
    today = today or timezone.localdate()
    count = 0
    for certificate in queries.notices_due_down(today):
        take_down_notice(
            None, certificate, on=max(certificate.taken_down_on, earliest_take_down(certificate.posted_on))
        )
        count += 1
    return count


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
