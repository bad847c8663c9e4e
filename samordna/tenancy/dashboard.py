"""The start page of a förbund: one section of work per role the user holds, each item linking to where it is done.

`ROLE_SECTIONS` says which sections a role gets; `BUILDERS` builds each section from the owning app's queries,
scoped as that role may see. A user with several roles gets each section once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samordna.lib.formats import day, kr

from .models import Forbund, Role, User

# Lists of named things (applications, reports) show this many, then a link to the full list.
LIST_LIMIT = 8
# The earliest of the handler's due steps; the caseload page has them all, a page at a time.
CASELOAD_LIMIT = 50


@dataclass
class Item:
    text: str
    url: str = ""
    late: bool = False
    note: str = ""
    # A participant is shown as the caseload shows them (participants/who.html), to the handler only.
    participant: Any = None
    # Further links beside the main one: (label, url).
    also: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    # Facts that are not work (the room for new projects, the next meeting) are shown even when nothing waits.
    facts: list[Item] = field(default_factory=list)


def _url(name: str, forbund: Forbund, query: str = "", **kwargs) -> str:
    url = reverse(name, kwargs={"forbund_slug": forbund.slug, **kwargs})
    return f"{url}?{query}" if query else url


def _applications(items: list[Item], forbund: Forbund, rows, what: str) -> None:
    for application in rows[:LIST_LIMIT]:
        label = f"{application.registration_no} {application.title}".strip() if application.registration_no else ""
        items.append(
            Item(
                f"{what}: {label or application.title}",
                _url("applications:detail", forbund, application_id=application.pk),
            )
        )
    if len(rows) > LIST_LIMIT:
        items.append(
            Item(
                _("%(n)s till: se alla ansökningar") % {"n": len(rows) - LIST_LIMIT},
                _url("applications:list", forbund),
            )
        )


# --- The sections ------------------------------------------------------------------------------


def office_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    """What waits for the förbund's admin and office. Counts, never persons."""
    from samordna.applications.models import State
    from samordna.applications.queries import waiting_for_office
    from samordna.finance.queries import invoice_work, room_this_year
    from samordna.meetings.queries import minutes_work
    from samordna.reporting.queries import DUE_SOON_DAYS, report_counts

    section = Section("office", _("Kansliet: det här väntar"))
    items = section.items
    waiting = waiting_for_office(forbund)
    _applications(items, forbund, waiting[State.SUBMITTED], _("Registrera och lämna till beredning"))
    _applications(items, forbund, waiting[State.IN_PREPARATION], _("Följ beredningen"))
    _applications(items, forbund, waiting[State.PREPARED], _("Beredd, sätt upp på föredragningslistan"))

    work = minutes_work(forbund, today)
    for meetings, text, page in (
        (work.to_write, _("Skriv protokoll från sammanträdet %(day)s"), "meetings:detail"),
        (work.to_send, _("Skicka protokollet från %(day)s till justering"), "meetings:detail"),
        (work.out_for_signatures, _("Protokollet från %(day)s väntar på underskrifter"), "meetings:sign_page"),
        (work.to_post, _("Protokollet från %(day)s är justerat: sätt upp anslaget"), "meetings:detail"),
    ):
        items.extend(
            Item(text % {"day": day(meeting.date)}, _url(page, forbund, meeting_id=meeting.pk)) for meeting in meetings
        )

    reports = report_counts(forbund, today)
    if reports["overdue"]:
        items.append(
            Item(
                ngettext(
                    "%(n)s insatsrapport är försenad",
                    "%(n)s insatsrapporter är försenade",
                    reports["overdue"],
                )
                % {"n": reports["overdue"]},
                _url("reporting:obligations", forbund),
                late=True,
            )
        )
    if reports["due"]:
        items.append(
            Item(
                ngettext(
                    "%(n)s insatsrapport ska lämnas inom %(days)s dagar",
                    "%(n)s insatsrapporter ska lämnas inom %(days)s dagar",
                    reports["due"],
                )
                % {"n": reports["due"], "days": DUE_SOON_DAYS},
                _url("reporting:obligations", forbund),
            )
        )

    invoices = invoice_work(forbund, today)
    if invoices["to_send"]:
        items.append(
            Item(
                ngettext(
                    "%(n)s medlemsfaktura att skicka",
                    "%(n)s medlemsfakturor att skicka",
                    invoices["to_send"],
                )
                % {"n": invoices["to_send"]},
                _url("finance:invoices", forbund, f"year={invoices['to_send_from'].year}"),
            )
        )
    if invoices["unpaid"]:
        items.append(
            Item(
                ngettext(
                    "%(n)s medlemsfaktura är obetald efter förfallodagen",
                    "%(n)s medlemsfakturor är obetalda efter förfallodagen",
                    invoices["unpaid"],
                )
                % {"n": invoices["unpaid"]},
                _url("finance:invoices", forbund, f"year={invoices['unpaid_from'].year}"),
                late=True,
            )
        )

    room = room_this_year(forbund, today)
    if room.has_budget:
        section.facts.append(
            Item(
                _("Utrymme för nya projekt %(year)s: %(room)s") % {"year": room.year, "room": kr(room.room_for_new)},
                _url("finance:economy", forbund, f"year={room.year}"),
            )
        )
    else:
        items.append(
            Item(
                _(
                    "Det finns ingen budget för %(year)s, så utrymmet för nya projekt går inte att räkna ut. "
                    "Lägg in budgeten."
                )
                % {"year": room.year},
                _url("finance:budget", forbund, f"year={room.year}"),
            )
        )
    return section


def caseload_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    """The handler's due list, from the caseload's own rule, for the handler's own insatser only."""
    from samordna.participants.queries import caseload_dues

    section = Section("caseload", _("Mina deltagare: att göra"))
    dues = caseload_dues(user, forbund, today, limit=CASELOAD_LIMIT + 1)
    for due in dues[:CASELOAD_LIMIT]:
        participant = due.participation.participant
        stay = _url("participants:detail", forbund, participant_id=participant.pk)
        section.items.append(
            Item(
                f"{day(due.due_date)} {due.what}",
                _url(f"participants:{due.step}", forbund, participation_id=due.participation.pk) if due.step else stay,
                late=due.overdue,
                note=due.participation.intervention.registration_no,
                participant=participant,
                also=[(_("Deltagarens sida"), stay)] if due.step else [],
            )
        )
    if len(dues) > CASELOAD_LIMIT:
        section.items.append(Item(_("Mer att göra: se Mina deltagare"), _url("participants:caseload", forbund)))
    return section


def board_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    """The board's next meeting with its notice, and the minutes waiting for this member's signature."""
    from samordna.meetings.queries import awaiting_signature, next_board_meeting
    from samordna.reporting.queries import awaiting_board_signature

    section = Section("board", _("Styrelsen"))
    meeting = next_board_meeting(forbund, today)
    if meeting is not None:
        when = day(meeting.date)
        if meeting.start_time:
            when += f" {meeting.start_time:%H.%M}"
        text = _("Nästa sammanträde: %(when)s") % {"when": when}
        if meeting.place:
            text += f", {meeting.place}"
        note = (
            _("Kallelsen skickades %(day)s.") % {"day": day(meeting.notice_sent_on)}
            if meeting.notice_sent_on
            else _("Kallelsen är inte skickad än.")
        )
        section.facts.append(Item(text, _url("meetings:detail", forbund, meeting_id=meeting.pk), note=note))
    else:
        section.facts.append(Item(_("Inget sammanträde är planerat."), _url("meetings:list", forbund)))
    for signer in awaiting_signature(user, forbund):
        section.items.append(
            Item(
                _("Skriv under protokollet från %(day)s som %(role)s")
                % {"day": day(signer.minutes.meeting.date), "role": signer.get_role_display().lower()},
                _url("meetings:sign_page", forbund, meeting_id=signer.minutes.meeting_id),
            )
        )
    for report in awaiting_board_signature(user, forbund, today):
        section.items.append(
            Item(
                _("Skriv under %(report)s för %(year)s")
                % {"report": report.get_kind_display().lower(), "year": report.year},
                _url("reporting:forbund_report_sign", forbund, forbund_report_id=report.pk),
            )
        )
    return section


def preparation_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    from samordna.applications.queries import waiting_for_preparation

    section = Section("preparation", _("Beredningsgruppen: ansökningar att bereda"))
    _applications(section.items, forbund, list(waiting_for_preparation(forbund)), _("Bered"))
    return section


def teams_section(user: User, forbund: Forbund, today: dt.date) -> Section | None:
    """The collaboration teams the user sits in or leads; no section for someone without a seat."""
    from samordna.openentry.queries import my_teams

    teams = list(my_teams(user, forbund, today))
    if not teams:
        return None
    section = Section("teams", _("Samverkansteam"))
    for team in teams:
        url = _url("openentry:team", forbund, team_id=team.pk)
        section.facts.append(
            Item(
                _("%(team)s: nästa möte %(day)s") % {"team": team.name, "day": day(team.next_meeting)}
                if team.next_meeting
                else _("%(team)s: inget möte är planerat") % {"team": team.name},
                url,
            )
        )
        if team.waiting:
            section.items.append(
                Item(
                    ngettext(
                        "%(team)s: %(n)s ansökan om stöd i planering väntar på ett möte",
                        "%(team)s: %(n)s ansökningar om stöd i planering väntar på ett möte",
                        team.waiting,
                    )
                    % {"team": team.name, "n": team.waiting},
                    url,
                )
            )
    return section


def insats_reports_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    """The reports the user's own insatser owe: overdue and due within the reminder window."""
    from samordna.finance.permissions import own_intervention_ids
    from samordna.reporting.queries import reports_due

    section = Section("insats_reports", _("Rapporter från dina insatser"))
    rows = list(reports_due(forbund, today, interventions=own_intervention_ids(user, forbund)))
    for report in rows:
        section.items.append(
            Item(
                _("%(kind)s för %(insats)s, senast %(day)s")
                % {
                    "kind": report.get_kind_display(),
                    "insats": f"{report.intervention.registration_no} {report.intervention.name}",
                    "day": day(report.due_date),
                },
                _url("reporting:report_detail", forbund, report_id=report.pk),
                late=report.due_date < today,
            )
        )
    return section


def applicant_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    from samordna.applications.queries import drafts_of

    section = Section("applicant", _("Dina ansökningar"))
    for application in drafts_of(user, forbund):
        returned = bool(application.registration_no)
        section.items.append(
            Item(
                (
                    _("Komplettera och skicka in igen: %(title)s")
                    if returned
                    else _("Utkast att göra klart och skicka in: %(title)s")
                )
                % {"title": application.title},
                _url("applications:edit", forbund, application_id=application.pk),
            )
        )
    return section


def audit_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    from samordna.reporting.queries import audit_open_items

    section = Section("audit", _("Revisionen: öppna ärenden"))
    url = _url("reporting:obligations", forbund)
    open_items = audit_open_items(forbund, today)
    for document in open_items["awaiting_response"]:
        section.items.append(
            Item(
                _("%(kind)s %(year)s väntar på styrelsens yttrande, senast %(day)s")
                % {"kind": document.get_kind_display(), "year": document.year, "day": day(document.response_due)},
                url,
                late=document.response_due < today,
            )
        )
    if open_items["open_recommendations"]:
        n = open_items["open_recommendations"]
        section.items.append(
            Item(
                ngettext("%(n)s rekommendation är inte åtgärdad", "%(n)s rekommendationer är inte åtgärdade", n)
                % {"n": n},
                url,
            )
        )
    for report in open_items["accounts_to_review"]:
        section.items.append(
            Item(
                _("Årsredovisningen %(year)s saknar revisionsberättelse") % {"year": report.year},
                url,
            )
        )
    return section


def privacy_section(user: User, forbund: Forbund, today: dt.date) -> Section:
    from samordna.privacy.queries import open_items

    section = Section("privacy", _("Dataskydd: öppna ärenden"))
    found = open_items(forbund, today)
    if found.plan is None:
        section.items.append(
            Item(
                _(
                    "Förbundet har ingen beslutad gallringsplan, så inga personuppgifter gallras automatiskt. "
                    "Styrelsen behöver besluta en."
                )
            )
        )
    elif found.due_for_retention:
        section.items.append(
            Item(
                ngettext(
                    "%(n)s deltagare ska gallras enligt gallringsplanen (gallringsjobbet har inte körts)",
                    "%(n)s deltagare ska gallras enligt gallringsplanen (gallringsjobbet har inte körts)",
                    found.due_for_retention,
                )
                % {"n": found.due_for_retention},
                late=True,
            )
        )
    if found.reads:
        section.items.append(
            Item(
                ngettext(
                    "Granska läsloggen: %(n)s läsning av personuppgifter sedan %(day)s",
                    "Granska läsloggen: %(n)s läsningar av personuppgifter sedan %(day)s",
                    found.reads,
                )
                % {"n": found.reads, "day": day(found.reads_since)},
                _url("audit:log", forbund, f"kind=reads&since={found.reads_since:%Y-%m-%d}"),
            )
        )
    return section


Builder = Callable[[User, Forbund, dt.date], Section | None]

BUILDERS: dict[str, Builder] = {
    "office": office_section,
    "caseload": caseload_section,
    "board": board_section,
    "preparation": preparation_section,
    "teams": teams_section,
    "insats_reports": insats_reports_section,
    "applicant": applicant_section,
    "audit": audit_section,
    "privacy": privacy_section,
}

# Role -> its sections, in the order they are shown.
ROLE_SECTIONS: dict[Role, tuple[str, ...]] = {
    Role.FORBUND_ADMIN: ("office",),
    Role.OFFICE: ("office",),
    Role.BOARD_MEMBER: ("board",),
    Role.PREPARATORY: ("preparation", "teams"),
    Role.INTERVENTION_MANAGER: ("insats_reports", "teams"),
    Role.PARTICIPANT_HANDLER: ("caseload", "teams"),
    Role.APPLICANT: ("applicant", "insats_reports"),
    Role.AUDITOR: ("audit",),
    Role.DPO: ("privacy",),
}


def section_keys(roles) -> list[str]:
    """The sections for a set of roles, each once, in role order."""
    keys: list[str] = []
    for role in Role:
        if role in roles:
            keys += [key for key in ROLE_SECTIONS[role] if key not in keys]
    return keys


def sections_for(user: User, forbund: Forbund, roles, today: dt.date) -> list[Section]:
    built = (BUILDERS[key](user, forbund, today) for key in section_keys(roles))
    return [section for section in built if section is not None]
