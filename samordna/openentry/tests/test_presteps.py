"""Pre-steps: a time guideline whose overrun is flagged in the work views, never blocked; an exit is required."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.openentry import actions, queries
from samordna.openentry.models import RequestState


@pytest.fixture
def stay(world, team, filed):
    item = actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    actions.record_outcome(
        team.leader, item, outcome=RequestState.RECOMMENDED, person_present=True, parts=[{"kind": "PRESTEP"}]
    )
    prestep = actions.create_prestep(
        world.people.office,
        world.a,
        name="Aktiverande försteg",
        entry_criteria="Inte redo för arbetsträning.",
        goal="Regelbundna tider och rutiner.",
    )
    return actions.start_prestep(team.seat_fk, filed, prestep=prestep, started_on=dt.date(2018, 2, 5))


def test_the_default_guideline_is_one_year(stay):
    assert stay.prestep.guideline_days == 365
    assert stay.guideline_end() == dt.date(2019, 2, 5)


def test_an_overrun_is_flagged_not_blocked(world, team, stay):
    assert not stay.is_overrun(dt.date(2019, 2, 5))
    assert stay.is_overrun(dt.date(2019, 2, 6))

    actions.follow_up_prestep(team.seat_fk, stay, held_on=dt.date(2019, 3, 1), note="Fortsätter en tid till.")
    ended = actions.end_prestep(team.seat_fk, stay, ended_on=dt.date(2019, 4, 1), exit_to="Arbetsträning via Af")

    assert ended.ended_on == dt.date(2019, 4, 1) and ended.is_overrun()


def test_the_team_page_flags_the_overrun(world, team, stay, login_as):
    rows = queries.prestep_stays(team.team, today=dt.date(2019, 6, 1))
    assert [r.overrun for r in rows] == [True]

    response = login_as(team.seat_fk).get(reverse("openentry:team", args=["alfa", team.team.pk]))
    assert response.status_code == 200
    assert "över riktlinjen" in response.content.decode()


def test_an_exit_must_be_named(team, stay):
    with pytest.raises(ValidationError):
        actions.end_prestep(team.seat_fk, stay, ended_on=dt.date(2018, 1, 1), exit_to="")
    stay.refresh_from_db()
    assert stay.ended_on is None
