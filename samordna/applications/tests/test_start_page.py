"""The application reads behind the start page: what waits for the office, the preparatory group and the applicant."""

from __future__ import annotations

from samordna.applications import actions, queries
from samordna.applications.models import State

from .factories import complete_application


def test_waiting_for_office_groups_by_state_and_preparation_lists_its_own(world):
    people = world.people
    draft = complete_application(world, title="Utkast")
    submitted = complete_application(world, title="Inlämnad")
    actions.submit(people.applicant, submitted)
    preparing = complete_application(world, title="Under beredning")
    actions.submit(people.applicant, preparing)
    actions.start_preparation(people.office, preparing)

    waiting = queries.waiting_for_office(world.a)
    assert waiting[State.SUBMITTED] == [submitted]
    assert waiting[State.IN_PREPARATION] == [preparing]
    assert waiting[State.PREPARED] == []
    assert draft not in sum(waiting.values(), [])
    assert list(queries.waiting_for_preparation(world.a)) == [preparing]
    assert queries.waiting_for_office(world.b) == {state: [] for state in queries.OFFICE_WAITING_STATES}


def test_drafts_of_are_the_users_own_drafts(world):
    mine = complete_application(world, title="Mitt")
    complete_application(world, world.people.office, title="Kansliets")
    sent = complete_application(world, title="Inskickad")
    actions.submit(world.people.applicant, sent)
    assert list(queries.drafts_of(world.people.applicant, world.a)) == [mine]
    assert list(queries.drafts_of(world.people.applicant, world.b)) == []
