"""Attendance and the quorum check from the statutes in force (R15)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.meetings import queries
from samordna.meetings.models import AttendanceCategory
from samordna.tenancy import actions as tenancy_actions

from .helpers import attend, minutes_for

# Förbund A has five members (FK, Af, region, Skellefteå, Norsjö), one ledamot each.


def test_a_full_board_has_quorum(world):
    minutes = minutes_for(world)
    for name in ("A", "B", "C", "D", "E"):
        attend(minutes, name)

    check = queries.quorum(minutes)

    assert (check.voting, check.seats, check.has_quorum, check.problems) == (5, 5, True, [])


def test_half_the_seats_is_not_a_quorum_under_fifty_percent(world):
    minutes = minutes_for(world)
    attend(minutes, "A")
    attend(minutes, "B")
    attend(minutes, "C", AttendanceCategory.DEPUTY_PRESENT)

    check = queries.quorum(minutes)

    assert not check.has_quorum
    assert any("inte beslutsför" in p for p in check.problems)


def test_quorum_follows_the_statutes_in_force_on_the_day(world):
    tenancy_actions.add_statutes(None, world.a, valid_from=dt.date(2015, 1, 1), quorum_percent=30)
    minutes = minutes_for(world)
    attend(minutes, "A")
    attend(minutes, "B")

    assert queries.quorum(minutes).has_quorum


def test_a_serving_deputy_must_name_whom_they_replace(world):
    minutes = minutes_for(world)

    with pytest.raises(ValidationError, match="vilken ledamot"):
        attend(minutes, "Carolina Marklund", AttendanceCategory.SERVING_DEPUTY)
    attend(minutes, "Carolina Marklund", AttendanceCategory.SERVING_DEPUTY, serving_for="Ledamot X")

    assert queries.quorum(minutes).voting == 1


def test_more_voters_than_seats_is_refused(world):
    # Seed 003 lists 3 ledamöter and 4 ersättare as deciding for 5 members [003 L190–198].
    minutes = minutes_for(world)
    for name in ("Bertil", "Anna", "Kenneth"):
        attend(minutes, name)
    for name in ("Carolina", "Johan"):
        attend(minutes, name, AttendanceCategory.SERVING_DEPUTY, serving_for="frånvarande ledamot")

    with pytest.raises(ValidationError, match="5 platser"):
        attend(minutes, "Camilla", AttendanceCategory.SERVING_DEPUTY, serving_for="ingen")
    attend(minutes, "Camilla", AttendanceCategory.DEPUTY_PRESENT)

    assert queries.quorum(minutes).voting == 5


def test_others_present_name_the_paragraphs_they_attended(world):
    minutes = minutes_for(world, paragraphs=3)
    second = minutes.paragraphs.all()[1]

    row = attend(
        minutes, "Carina Sandelin", AttendanceCategory.OTHER, organisation="Kävlinge kommun", paragraphs=[second]
    )

    assert list(row.paragraphs.values_list("number", flat=True)) == [2]
