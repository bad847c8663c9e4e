"""Builders for meetings in the test world: minutes with signers who are the world's personas."""

from __future__ import annotations

import datetime as dt

from samordna.meetings import actions
from samordna.meetings.models import VOTING_CATEGORIES, AttendanceCategory, SignerRole


def minutes_for(world, day=dt.date(2015, 4, 23), *, paragraphs=2, forbund=None):
    forbund = forbund or world.a
    meeting = actions.plan_meeting(None, forbund, date=day, place="Hörnellgatan 17")
    minutes = actions.start_minutes(None, meeting)
    for n in range(paragraphs):
        actions.add_paragraph(None, minutes, title=f"Ärende {n + 1}", decision_clauses=["godkänna informationen"])
    return minutes


# Five deciding, one for each member of förbund A; the adjuster (the admin persona) is among them.
BOARD_A = (
    ("Bertil Almgren", "2482", "board"),
    ("Kenneth Andersson", "2417", "admin"),
    ("Anna Viklund", "region", None),
    ("Lena Holm", "fk", None),
    ("Per Ek", "af", None),
)


def full_board(world, minutes):
    """Every member of förbund A present with its ledamot, typed as earlier minutes were."""
    for name, member, persona in BOARD_A:
        user = getattr(world.people, persona) if persona else None
        attend(minutes, name, member=world.members_a[member], user=user)
    return minutes


def with_signers(world, minutes):
    """Chair = the board persona, adjuster = the admin, secretary = the office persona; the board is present."""
    people = world.people
    if not minutes.attendance.filter(category__in=VOTING_CATEGORIES).exists():
        full_board(world, minutes)
    actions.set_signer(None, minutes, role=SignerRole.CHAIR, person_name="Bertil Almgren", user=people.board)
    actions.set_signer(None, minutes, role=SignerRole.ADJUSTER, person_name="Kenneth Andersson", user=people.admin)
    actions.set_signer(None, minutes, role=SignerRole.SECRETARY, person_name="Stellan Berglund", user=people.office)
    return minutes


def attend(minutes, name, category=AttendanceCategory.VOTING, **fields):
    return actions.record_attendance(None, minutes, person_name=name, category=category, **fields)


def lock_minutes(world, minutes):
    """Ready, signed by the three personas, posted and locked."""
    from conftest import PASSWORD

    with_signers(world, minutes)
    actions.mark_ready(None, minutes)
    for slot in minutes.signers.all():
        actions.sign(slot.user, slot, confirmation=PASSWORD)
    minutes.refresh_from_db()
    actions.post_certificate(
        None,
        minutes,
        posted_on=minutes.meeting.date + dt.timedelta(days=7),
        # Three weeks for appeal from the day it went up; it comes down the day after the last.
        taken_down_on=minutes.meeting.date + dt.timedelta(days=7 + 22),
        storage_place="Förbundets kansli",
        notice_board="Kommunens anslagstavla",
    )
    return actions.lock(None, minutes)


TERM = (dt.date(2015, 4, 1), dt.date(2019, 3, 31))
# Förbund A's board in the register: (member, ledamot, ersättare, the ledamot's persona).
REGISTER_A = (
    ("2482", "Bertil Almgren", "Carolina Marklund", "board"),
    ("2417", "Kenneth Andersson", "Camilla Hedlund", "admin"),
    ("region", "Anna Viklund", "Johan Söderberg", None),
    ("fk", "Lena Holm", "Håkan Jansson", None),
    ("af", "Per Ek", "Sara Nordin", None),
)


def seat_board(world):
    """Förbund A's ledamöter and ersättare for the 2015–2019 term, by name."""
    from samordna.demo.present.skelleftea import add_seat_pair

    seats = {}
    for member_key, ledamot, ersattare, persona in REGISTER_A:
        user = getattr(world.people, persona) if persona else None
        seat = add_seat_pair(world.members_a[member_key], ledamot, ersattare, "", TERM, user)
        seats[ledamot] = seat
        seats[ersattare] = seat.deputies.get()
    return seats


def register(minutes, seats, *, serving=(), absent=()):
    """Record attendance from the register: everyone present, except `absent`; `serving` ersättare serve."""
    from samordna.meetings.actions import SeatStatus

    statuses = {}
    for name, seat in seats.items():
        if name in absent:
            statuses[seat] = SeatStatus.ABSENT
        elif name in serving:
            statuses[seat] = SeatStatus.SERVING
        else:
            statuses[seat] = SeatStatus.PRESENT
    return actions.record_register_attendance(None, minutes, statuses)
