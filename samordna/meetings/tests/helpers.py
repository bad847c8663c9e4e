"""Builders for meetings in the test world: minutes with signers who are the world's personas."""

from __future__ import annotations

import datetime as dt

from samordna.meetings import actions
from samordna.meetings.models import AttendanceCategory, SignerRole


def minutes_for(world, day=dt.date(2015, 4, 23), *, paragraphs=2, forbund=None):
    forbund = forbund or world.a
    meeting = actions.plan_meeting(None, forbund, date=day, place="Hörnellgatan 17")
    minutes = actions.start_minutes(None, meeting)
    for n in range(paragraphs):
        actions.add_paragraph(None, minutes, title=f"Ärende {n + 1}", decision_clauses=["godkänna informationen"])
    return minutes


def with_signers(world, minutes):
    """Chair = the board persona, adjuster = the admin, secretary = the office persona."""
    people = world.people
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
        taken_down_on=minutes.meeting.date + dt.timedelta(days=28),
        storage_place="Förbundets kansli",
        notice_board="Kommunens anslagstavla",
    )
    return actions.lock(None, minutes)
