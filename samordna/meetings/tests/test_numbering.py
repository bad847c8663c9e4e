"""Paragraph numbers: given by the system, continuous across meetings, unique and gapless (R16)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.meetings import actions
from samordna.meetings.models import Paragraph
from samordna.tenancy.models import ParagraphNumbering

from .helpers import minutes_for


def numbers(minutes):
    return list(minutes.paragraphs.values_list("number", flat=True))


def test_numbers_continue_across_meetings_from_the_configured_start(world):
    world.a.paragraph_start = 596
    world.a.save()

    april = minutes_for(world, dt.date(2015, 4, 23), paragraphs=19)
    june = minutes_for(world, dt.date(2015, 6, 11), paragraphs=2)
    january = minutes_for(world, dt.date(2016, 1, 20), paragraphs=1)

    assert numbers(april) == list(range(596, 615))
    assert numbers(june) == [615, 616]
    assert numbers(january) == [617]


def test_yearly_numbering_restarts_each_year_after_the_first(world):
    world.a.paragraph_numbering = ParagraphNumbering.YEARLY
    world.a.paragraph_start = 26
    world.a.save()

    june = minutes_for(world, dt.date(2018, 6, 14), paragraphs=10)
    autumn = minutes_for(world, dt.date(2018, 9, 12), paragraphs=1)
    next_year = minutes_for(world, dt.date(2019, 2, 1), paragraphs=2)

    assert numbers(june) == list(range(26, 36))
    assert numbers(autumn) == [36]
    assert numbers(next_year) == [1, 2]


def test_series_are_per_forbund(world):
    minutes_for(world, paragraphs=3)
    other = minutes_for(world, forbund=world.b, paragraphs=1)

    assert numbers(other) == [1]


def test_only_the_last_paragraph_can_be_removed(world):
    minutes = minutes_for(world, paragraphs=3)
    first, _second, last = minutes.paragraphs.all()

    with pytest.raises(ValidationError, match="lucka"):
        actions.remove_last_paragraph(world.people.office, first)
    actions.remove_last_paragraph(world.people.office, last)
    added = actions.add_paragraph(world.people.office, minutes, title="Övriga frågor")

    assert numbers(minutes) == [1, 2, 3] and added.number == 3


def test_the_database_refuses_a_duplicate_number(world):
    from django.db import IntegrityError, transaction

    minutes = minutes_for(world, paragraphs=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(minutes=minutes, forbund=world.a, series=0, number=1, title="Dubblett")


def test_numbering_locks_the_forbund_row(world, django_assert_num_queries):
    # The lock is what keeps concurrent secretaries apart; on SQLite the whole database is locked instead. It is
    # the lock that leaves the row's key alone, so other writes that only refer to the förbund never wait for it.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    minutes = minutes_for(world, paragraphs=0)
    with CaptureQueriesContext(connection) as queries:
        actions.add_paragraph(world.people.office, minutes, title="Val av justerare")

    forbund_reads = [q["sql"] for q in queries if 'FROM "tenancy_forbund"' in q["sql"]]
    if connection.features.has_select_for_update:
        assert any("FOR NO KEY UPDATE" in sql for sql in forbund_reads)


def test_other_bodies_have_series_of_their_own_and_never_take_board_numbers(world):
    # Seed 003: the board's § 596– continue; the preparatory group's meeting in between takes none of them.
    from samordna.meetings.models import MeetingKind

    world.a.paragraph_start = 619
    world.a.save()
    board = minutes_for(world, dt.date(2015, 6, 11), paragraphs=1)
    group = actions.start_minutes(
        None, actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 2), kind=MeetingKind.PREPARATORY)
    )
    prepared = actions.add_paragraph(None, group, title="READY")
    more = actions.add_paragraph(None, board, title="Knut'n 2.0")

    assert numbers(board) == [619, 620]
    assert (prepared.number, prepared.deciding_body) == (1, MeetingKind.PREPARATORY)
    assert more.deciding_body == MeetingKind.BOARD


def test_a_paragraph_added_to_an_earlier_meeting_moves_the_later_draft_up(world):
    april = minutes_for(world, dt.date(2015, 4, 23), paragraphs=2)
    june = minutes_for(world, dt.date(2015, 6, 11), paragraphs=2)

    added = actions.add_paragraph(None, april, title="Övriga frågor")

    assert added.number == 3
    assert numbers(april) == [1, 2, 3] and numbers(june) == [4, 5]


def test_minutes_started_late_continue_from_the_previous_meeting_not_from_the_last_number(world):
    june = minutes_for(world, dt.date(2015, 6, 11), paragraphs=2)
    april = minutes_for(world, dt.date(2015, 4, 23), paragraphs=1)

    assert numbers(april) == [1] and numbers(june) == [2, 3]


def test_no_paragraph_can_go_into_an_earlier_meeting_once_a_later_one_is_justered(world):
    from .helpers import lock_minutes

    april = minutes_for(world, dt.date(2015, 4, 23), paragraphs=0)
    june = lock_minutes(world, minutes_for(world, dt.date(2015, 6, 11), paragraphs=2))

    with pytest.raises(ValidationError, match="mötesordning"):
        actions.add_paragraph(None, april, title="Sent tillägg")

    assert numbers(april) == [] and numbers(june) == [1, 2]


def test_removing_the_last_paragraph_of_a_meeting_moves_the_later_draft_down(world):
    april = minutes_for(world, dt.date(2015, 4, 23), paragraphs=2)
    june = minutes_for(world, dt.date(2015, 6, 11), paragraphs=2)

    actions.remove_last_paragraph(None, april.paragraphs.last())

    assert numbers(april) == [1] and numbers(june) == [2, 3]
