"""The meeting reads behind the start page: the office's minutes work, the next meeting, what a signer must sign."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conftest import PASSWORD
from samordna.meetings import actions, queries
from samordna.meetings.models import MeetingKind

from .helpers import minutes_for, with_signers


def test_minutes_work_sorts_held_meetings_by_what_their_minutes_need(world):
    today = timezone.localdate()
    unwritten = actions.plan_meeting(None, world.a, date=today - dt.timedelta(days=1))
    # Minutes are written in meeting order: the numbers of their paragraphs follow it.
    adjusted = with_signers(world, minutes_for(world, today - dt.timedelta(days=30)))
    actions.mark_ready(None, adjusted)
    for slot in adjusted.signers.all():
        actions.sign(slot.user, slot, confirmation=PASSWORD)
    ready = with_signers(world, minutes_for(world, today - dt.timedelta(days=20)))
    actions.mark_ready(None, ready)
    draft = minutes_for(world, today - dt.timedelta(days=10))
    actions.plan_meeting(None, world.a, date=today + dt.timedelta(days=5))  # not held yet
    actions.plan_meeting(None, world.a, date=today - dt.timedelta(days=400))  # history
    actions.plan_meeting(None, world.a, date=today - dt.timedelta(days=3), kind=MeetingKind.PLANNING_DAY)
    minutes_for(world, today - dt.timedelta(days=12), forbund=world.b)

    work = queries.minutes_work(world.a, today)
    assert work.to_write == [unwritten]
    assert work.to_send == [draft.meeting]
    assert work.out_for_signatures == [ready.meeting]
    assert work.to_post == [adjusted.meeting]


def test_next_board_meeting_is_the_first_from_today(world):
    today = timezone.localdate()
    actions.plan_meeting(None, world.a, date=today - dt.timedelta(days=1))
    later = actions.plan_meeting(None, world.a, date=today + dt.timedelta(days=30))
    first = actions.plan_meeting(None, world.a, date=today)
    actions.plan_meeting(None, world.b, date=today)
    assert queries.next_board_meeting(world.a, today) == first
    assert queries.next_board_meeting(world.a, today + dt.timedelta(days=1)) == later
    assert queries.next_board_meeting(world.a, today + dt.timedelta(days=31)) is None


def test_awaiting_signature_lists_the_users_unsigned_places_in_minutes_out_for_adjustment(world):
    today = timezone.localdate()
    minutes = with_signers(world, minutes_for(world, today - dt.timedelta(days=5)))
    draft = with_signers(world, minutes_for(world, today - dt.timedelta(days=9)))
    assert list(queries.awaiting_signature(world.people.board, world.a)) == []
    actions.mark_ready(None, minutes)
    mine = list(queries.awaiting_signature(world.people.board, world.a))
    assert [slot.minutes for slot in mine] == [minutes]
    actions.sign(mine[0].user, mine[0], confirmation=PASSWORD)
    assert list(queries.awaiting_signature(world.people.board, world.a)) == []
    assert [s.minutes for s in queries.awaiting_signature(world.people.admin, world.a)] == [minutes]
    assert draft not in [s.minutes for s in queries.awaiting_signature(world.people.admin, world.a)]
