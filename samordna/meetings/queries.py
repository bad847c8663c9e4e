"""Reads of meetings and minutes: the plan, attendance with the quorum check, and what a signer must sign."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.lib.dates import working_day_on_or_after
from samordna.lib.formats import kr, percent
from samordna.tenancy.models import seats_in_force

from .models import (
    VOTING_CATEGORIES,
    Assignment,
    AssignmentKind,
    AssignmentStatus,
    AttendanceCategory,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesSigner,
    MinutesState,
    NoticeCertificate,
    Paragraph,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class AssignmentFlags(TypedDict):
        overdue: bool
        unreported_delegation: bool


def meetings_of(forbund, year: int | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(forbund=forbund).select_related("minutes")
    if year:
        qs = qs.filter(date__year=year)
    return qs.annotate(item_count=Count("agenda_items")).order_by("date", "start_time")


def latest_meeting_year(forbund, today: dt.date | None = None) -> int | None:
    """The latest year up to this one with a meeting in the plan: the year the meeting list opens on."""
    this_year = (today or timezone.localdate()).year
    latest = forbund.meetings.filter(date__year__lte=this_year).aggregate(latest=Max("date"))["latest"]
    return latest.year if latest else None


def meeting_for(forbund, pk: int) -> Meeting:
    meeting = Meeting.objects.filter(forbund=forbund, pk=pk).select_related("minutes").first()
    if meeting is None:
        raise Http404(_("Sammanträdet finns inte."))
    return meeting


def meeting_on(forbund, date) -> Meeting | None:
    """The meeting of a förbund on a date, the board's first when there are several."""
    qs = Meeting.objects.filter(forbund=forbund, date=date)
    return qs.filter(kind="BOARD").first() or qs.first()


def paragraph_for(forbund, pk: int) -> Paragraph:
    paragraph = Paragraph.objects.filter(forbund=forbund, pk=pk).select_related("minutes__meeting").first()
    if paragraph is None:
        raise Http404(_("Paragrafen finns inte."))
    return paragraph


def seats_at(forbund, day) -> int:
    """Voting seats on `day`: ledamöter per member under the statutes in force, for the members then."""
    statutes = forbund.statutes_on(day)
    per_member = statutes.ledamot_seats_per_member if statutes else 1
    members = forbund.members.filter(Q(joined__isnull=True) | Q(joined__lte=day)).filter(
        Q(left__isnull=True) | Q(left__gte=day)
    )
    return members.count() * per_member


def seats_per_member(forbund, day) -> int:
    """How many may vote for one member: its ledamot seats under the statutes in force."""
    statutes = forbund.statutes_on(day)
    return statutes.ledamot_seats_per_member if statutes else 1


def register_seats(minutes: Minutes):
    """The board seats in force on the meeting day, ledamöter before their ersättare, member by member."""
    return (
        seats_in_force(minutes.meeting.forbund, minutes.meeting.date)
        .select_related("member", "deputy_for", "user")
        .order_by("member__party_type", "member__name", "role", "person_name", "pk")
    )


@dataclass
class QuorumCheck:
    voting: int
    seats: int
    quorum_percent: int | None
    has_quorum: bool
    problems: list[str] = field(default_factory=list)


def _voters(minutes: Minutes, paragraph: Paragraph | None) -> list:
    """Who votes: the serving rows of the meeting, less those away from `paragraph`, plus their stand-ins there."""
    rows = list(minutes.attendance.filter(category__in=VOTING_CATEGORIES).select_related("member"))
    if paragraph is None:
        return rows
    away = {a.attendance_id for a in paragraph.absences.all()}
    stand_ins = [a.substitute for a in paragraph.absences.select_related("substitute__member") if a.substitute]
    return [r for r in rows if r.pk not in away] + stand_ins


def quorum(minutes: Minutes, paragraph: Paragraph | None = None) -> QuorumCheck:
    """Is the board quorate (for the whole meeting, or for one paragraph), and is the voting list sound (R15)?"""
    meeting = minutes.meeting
    forbund = meeting.forbund
    statutes = forbund.statutes_on(meeting.date)
    voters = _voters(minutes, paragraph)
    voting = len(voters)
    unnamed = sum(1 for r in voters if r.category == AttendanceCategory.SERVING_DEPUTY and not r.serving_for)
    seats = seats_at(forbund, meeting.date)
    problems = []
    if statutes is None:
        problems.append(_("Det finns ingen förbundsordning som gällde %(day)s.") % {"day": f"{meeting.date:%Y-%m-%d}"})
    if voting > seats:
        problems.append(
            _("%(voting)s personer står som beslutande men styrelsen har %(seats)s platser.")
            % {"voting": voting, "seats": seats}
        )
    if unnamed:
        problems.append(_("%(n)s tjänstgörande ersättare saknar uppgift om vem de ersätter.") % {"n": unnamed})
    per_member = seats_per_member(forbund, meeting.date)
    by_member: dict = {}
    for row in voters:
        if row.member is not None:
            by_member.setdefault(row.member, []).append(row.person_name)
    for member, names in by_member.items():
        if len(names) > per_member:
            problems.append(
                _("%(names)s står alla som beslutande för %(member)s, som har en röst.")
                % {"names": ", ".join(names), "member": member.name}
            )
    has = bool(statutes and statutes.has_quorum(voting, seats))
    if statutes and not has:
        problems.append(
            _("Styrelsen är inte beslutsför: %(voting)s av %(seats)s platser är besatta, mer än %(pct)s krävs.")
            % {"voting": voting, "seats": seats, "pct": percent(statutes.quorum_percent)}
        )
    return QuorumCheck(
        voting=voting,
        seats=seats,
        quorum_percent=statutes.quorum_percent if statutes else None,
        has_quorum=has,
        problems=problems,
    )


# --- The notice board and the appeal period --------------------------------------------------

APPEAL_WEEKS = 3
# The standard item in which the meeting chooses who adjusts the minutes with the chair.
ADJUSTER_ITEM = "Val av justerare"


def last_day_for_appeal(posted_on: dt.date) -> dt.date:
    """Three weeks from the day the justering was announced on the notice board (kommunallagen 13 kap. 5 §);
    a period that ends on a weekend or holiday runs to the next working day."""
    return working_day_on_or_after(posted_on + dt.timedelta(weeks=APPEAL_WEEKS))


def earliest_take_down(posted_on: dt.date) -> dt.date:
    """The notice stays up until the appeal period has run out: it may come down the day after its last day."""
    return last_day_for_appeal(posted_on) + dt.timedelta(days=1)


def certificate_of(minutes: Minutes | None) -> NoticeCertificate | None:
    return NoticeCertificate.objects.filter(minutes=minutes).first() if minutes is not None else None


def notices_on_board(forbund, today: dt.date | None = None) -> QuerySet[NoticeCertificate]:
    """The notices of justered minutes on the förbund's public board today, newest first."""
    today = today or timezone.localdate()
    return (
        NoticeCertificate.objects.filter(
            minutes__meeting__forbund=forbund,
            minutes__state__in=(MinutesState.ADJUSTED, MinutesState.LOCKED),
            posted_on__lte=today,
            taken_down_on__gte=today,
            removed_on__isnull=True,
        )
        .select_related("minutes__meeting")
        .order_by("-posted_on", "-minutes__meeting__date", "-pk")
    )


def notice_on_board(forbund, pk: int, today: dt.date | None = None) -> NoticeCertificate:
    notice = notices_on_board(forbund, today).filter(pk=pk).first()
    if notice is None:
        raise Http404(_("Anslaget finns inte på anslagstavlan."))
    return notice


def ended_notices(today: dt.date | None = None) -> QuerySet[NoticeCertificate]:
    """Notices still up whose take-down day has come (in every förbund)."""
    today = today or timezone.localdate()
    return NoticeCertificate.objects.filter(removed_on__isnull=True, taken_down_on__lte=today).select_related(
        "minutes__meeting__forbund"
    )


def notices_due_down(today: dt.date | None = None) -> list[NoticeCertificate]:
    """The ended notices that may come down today: none before its earliest take-down day (three weeks up)."""
    today = today or timezone.localdate()
    return [c for c in ended_notices(today) if earliest_take_down(c.posted_on) <= today]


def adjuster_choice(minutes: Minutes) -> Paragraph | None:
    """The paragraph in which the meeting chose its justerare, if there is one."""
    return minutes.paragraphs.filter(title__istartswith=ADJUSTER_ITEM).order_by("number").first()


def stated_report(paragraph: Paragraph):
    """The economic report a paragraph states, each figure beside the system's; None when it states none."""
    if not paragraph.report_figures:
        return None
    from samordna.finance.queries import stated_report as checked

    return checked(paragraph.report_figures)


def paragraph_range(minutes: Minutes) -> tuple[int, int] | None:
    numbers = list(minutes.paragraphs.order_by("number").values_list("number", flat=True))
    return (numbers[0], numbers[-1]) if numbers else None


def is_public(minutes: Minutes | None) -> bool:
    """Adjusted minutes may be read and extracted by everyone concerned, including the applicant."""
    return minutes is not None and minutes.state in (MinutesState.ADJUSTED, MinutesState.LOCKED)


def notice_warning(meeting: Meeting, today=None) -> str:
    """A warning when the notice goes out later than the statutes' notice days before the meeting.

    A late notice is allowed (the board may still meet); it is only pointed out.
    """
    statutes = meeting.forbund.statutes_on(meeting.date)
    if statutes is None or not statutes.notice_days:
        return ""
    latest = meeting.date - dt.timedelta(days=statutes.notice_days)
    if meeting.notice_sent_on is not None:
        if meeting.notice_sent_on <= latest:
            return ""
        return _(
            "Kallelsen skickades %(sent)s, %(days)s dagar före sammanträdet. Förbundsordningen kräver att den "
            "skickas minst %(required)s dagar före, senast %(latest)s."
        ) % {
            "sent": f"{meeting.notice_sent_on:%Y-%m-%d}",
            "days": (meeting.date - meeting.notice_sent_on).days,
            "required": statutes.notice_days,
            "latest": f"{latest:%Y-%m-%d}",
        }
    today = today or timezone.localdate()
    if latest < today <= meeting.date:
        return _(
            "Kallelsen är inte skickad. Enligt förbundsordningen skulle den ha skickats senast %(latest)s "
            "(%(required)s dagar före sammanträdet)."
        ) % {"latest": f"{latest:%Y-%m-%d}", "required": statutes.notice_days}
    return ""


def assignments_of(forbund) -> QuerySet[WithAnnotations[Assignment, AssignmentFlags]]:
    """The board's assignments and delegations, open first; `overdue` when past due and still open."""
    today = timezone.localdate()
    return (
        Assignment.objects.filter(forbund=forbund)
        .select_related("paragraph__minutes__meeting", "reported_in__minutes__meeting")
        .annotate(
            overdue=ExpressionWrapper(Q(status=AssignmentStatus.OPEN, due_on__lt=today), BooleanField()),
            unreported_delegation=ExpressionWrapper(
                Q(kind=AssignmentKind.DELEGATION) & ~Q(status=AssignmentStatus.REPORTED), BooleanField()
            ),
        )
        # Open first: the status codes' alphabetical order (DONE, OPEN, REPORTED) is not the order of interest.
        .order_by(ExpressionWrapper(~Q(status=AssignmentStatus.OPEN), BooleanField()), "due_on", "id")
    )


# --- The start page ------------------------------------------------------------------------------


@dataclass
class MinutesWork:
    """The office's work on the board's minutes: held meetings without minutes, drafts to send for adjustment,
    minutes out for signatures, and adjusted minutes not yet posted on the notice board."""

    to_write: list[Meeting] = field(default_factory=list)
    to_send: list[Meeting] = field(default_factory=list)
    out_for_signatures: list[Meeting] = field(default_factory=list)
    to_post: list[Meeting] = field(default_factory=list)


# Meetings held longer ago than this are history (minutes finished on paper before the system), not today's work.
MINUTES_WINDOW_DAYS = 180


def minutes_work(forbund, today: dt.date | None = None) -> MinutesWork:
    """Board meetings held in the last `MINUTES_WINDOW_DAYS` days whose minutes are not finished. One query."""
    today = today or timezone.localdate()
    work = MinutesWork()
    held = (
        Meeting.objects.filter(
            forbund=forbund,
            kind=MeetingKind.BOARD,
            date__lte=today,
            date__gte=today - dt.timedelta(days=MINUTES_WINDOW_DAYS),
        )
        .filter(
            Q(minutes__isnull=True)
            | Q(minutes__state__in=(MinutesState.DRAFT, MinutesState.READY))
            | Q(minutes__state=MinutesState.ADJUSTED, minutes__certificate__isnull=True)
        )
        .select_related("minutes")
        .order_by("date", "start_time", "id")
    )
    for meeting in held:
        minutes = getattr(meeting, "minutes", None)
        if minutes is None:
            work.to_write.append(meeting)
        elif minutes.state == MinutesState.DRAFT:
            work.to_send.append(meeting)
        elif minutes.state == MinutesState.READY:
            work.out_for_signatures.append(meeting)
        else:
            work.to_post.append(meeting)
    return work


def next_board_meeting(forbund, today: dt.date | None = None) -> Meeting | None:
    """The board's next meeting, today or later."""
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(forbund=forbund, kind=MeetingKind.BOARD, date__gte=today)
        .order_by("date", "start_time", "id")
        .first()
    )


def awaiting_signature(user, forbund) -> QuerySet[MinutesSigner]:
    """The places in minutes out for adjustment where `user` is named and has not yet signed."""
    return (
        MinutesSigner.objects.filter(
            user=user, minutes__meeting__forbund=forbund, minutes__state=MinutesState.READY, signature__isnull=True
        )
        .select_related("minutes__meeting")
        .order_by("minutes__meeting__date", "role", "id")
    )


# --- A paragraph's text against the decision recorded in it ------------------------------------------

_AMOUNT = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)\s*(?:kr\b|kronor)")


def _amounts(clause: str) -> list[int]:
    return [int(re.sub(r"\D", "", found)) for found in _AMOUNT.findall(clause)]


def decision_contradiction(clauses: list[str], *, rejected: bool, granted: int) -> str:
    """Why the paragraph's "att" clauses say something else than the decision recorded in it, or "".

    A rejection cannot stand in a paragraph that says "att bevilja"; a grant cannot stand in one that says
    "att avslå", nor in one whose "att bevilja" names amounts none of which (nor their sum) is the granted one.
    """
    starts = [(c.strip().lower(), c) for c in clauses if c.strip()]
    if rejected:
        said = next((c for low, c in starts if low.startswith("bevilja")), "")
        if said:
            return _(
                "Beslutet är ett avslag men paragrafen säger ”att %(clause)s”. Ändra att-satserna så att de säger "
                "vad styrelsen beslutade."
            ) % {"clause": said}
        return ""
    said = next((c for low, c in starts if low.startswith("avslå")), "")
    if said:
        return _(
            "Beslutet beviljar %(amount)s men paragrafen säger ”att %(clause)s”. Ändra att-satserna så att de säger "
            "vad styrelsen beslutade."
        ) % {"amount": kr(granted), "clause": said}
    for low, clause in starts:
        found = _amounts(clause)
        if low.startswith("bevilja") and granted and found and granted not in found and sum(found) != granted:
            return _(
                "Beslutet beviljar %(amount)s men paragrafen säger ”att %(clause)s”. Ändra beloppet i att-satsen "
                "eller i beslutet så att de stämmer."
            ) % {"amount": kr(granted), "clause": clause}
    return ""
