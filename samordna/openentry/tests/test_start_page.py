"""The open-entry read behind the start page: the user's teams with their next meeting and the requests waiting."""

from __future__ import annotations

import datetime as dt

from samordna.openentry import actions, queries
from samordna.participants.tests.people import BO

from .conftest import request_fields


def test_my_teams_gives_the_next_meeting_and_the_waiting_requests(world, team):
    actions.file_request(world.people.colleague, world.a, **request_fields(world, team.team))
    actions.file_request(
        world.people.colleague,
        world.a,
        **request_fields(world, team.team, person_name="Ulla Testperson", personnummer=BO),
    )
    today = dt.date(2018, 1, 10)

    mine = list(queries.my_teams(team.seat_fk, world.a, today))
    assert [t.name for t in mine] == ["Samverkansteam Alfa"]
    assert mine[0].next_meeting == team.meetings[1].date
    assert mine[0].waiting == 2
    assert [t.pk for t in queries.my_teams(team.leader, world.a, today)] == [team.team.pk]
    other = list(queries.my_teams(team.other, world.a, today))
    assert [(t.name, t.next_meeting, t.waiting) for t in other] == [("Samverkansteam Norsjö", None, 0)]
    assert list(queries.my_teams(world.people.office, world.a, today)) == []
