"""A collaboration team in förbund A with a leader and two seats, a second team, weekly meetings and a request."""

import datetime as dt
from types import SimpleNamespace

import pytest

from conftest import make_user
from samordna.openentry import actions
from samordna.tenancy.models import Role


def request_fields(world, team, **overrides):
    fields = dict(
        team=team,
        filing_member=world.members_a["af"],
        contact_name="Handläggare Hansson",
        consent_given_on=dt.date(2018, 1, 2),
        consent_method="WRITTEN",
        person_name="Tove Testperson",
        personnummer="19890302-9802",
        wanted_support="Stöd att komma tillbaka till arbete.",
        resources="Har körkort och vill arbeta med djur.",
        received_on=dt.date(2018, 1, 8),
    )
    fields.update(overrides)
    return fields


def report_gap(world, team, description="Glapp mellan reglerna."):
    """An open system gap the team sent to Försäkringskassan on 2018-01-09."""
    day = dt.date(2018, 1, 9)
    return actions.report_gap(
        None, team, found_on=day, description=description, sent_to=world.members_a["fk"], sent_on=day
    )


@pytest.fixture
def team(world):
    leader = make_user("leader_a", world.a, Role.PREPARATORY)
    seat_fk = make_user("teamfk_a", world.a, Role.PREPARATORY)
    seat_kommun = make_user("teamkommun_a", world.a, Role.PREPARATORY)
    other = make_user("othertea_a", world.a, Role.PREPARATORY)
    team = actions.create_team(None, world.a, name="Samverkansteam Alfa", leader=leader, place="Alfahuset")
    actions.set_seat(
        None, team, member=world.members_a["fk"], function="Försäkringskassan, sjukförsäkring", holder=seat_fk
    )
    actions.set_seat(None, team, member=world.members_a["2482"], function="Socialkontoret", holder=seat_kommun)
    other_team = actions.create_team(None, world.a, name="Samverkansteam Norsjö")
    actions.set_seat(None, other_team, member=world.members_a["fk"], function="Försäkringskassan", holder=other)
    meetings = actions.schedule_meetings(None, team, start=dt.date(2018, 1, 8), weeks=3)
    return SimpleNamespace(
        team=team,
        other_team=other_team,
        leader=leader,
        seat_fk=seat_fk,
        seat_kommun=seat_kommun,
        other=other,
        meetings=meetings,
    )


@pytest.fixture
def filed(world, team):
    """A request filed on the web by the intervention manager (staff of a member) with consent."""
    return actions.file_request(world.people.colleague, world.a, **request_fields(world, team.team))
