"""Team members see a request's personal data only once it is on their own team's agenda, and every read is logged."""

import pytest
from django.http import Http404

from samordna.audit.models import ReadLogEntry
from samordna.lib.errors import Refused
from samordna.openentry import access, actions
from samordna.openentry.models import RequestState
from samordna.tenancy.models import Role


def reads(user):
    return ReadLogEntry.objects.filter(actor=user, object_type="openentry.IntakeRequest").count()


def test_the_team_sees_nothing_before_the_request_is_on_its_agenda(world, team, filed):
    for member in (team.leader, team.seat_fk):
        with pytest.raises(Http404):
            access.get_request_for(member, world.a, filed.pk)
        assert reads(member) == 0


def test_on_the_agenda_the_teams_own_members_see_it_and_the_read_is_logged(world, team, filed):
    actions.put_on_agenda(world.people.office, filed, team.meetings[0])

    seen = access.get_request_for(team.seat_kommun, world.a, filed.pk, purpose="Teammöte")

    assert seen.person_name == "Tove Testperson"
    entry = ReadLogEntry.objects.get(actor=team.seat_kommun)
    assert entry.object_id == str(filed.pk) and entry.purpose == "Teammöte"


@pytest.mark.parametrize("who", ["other_team", "office", "admin", "board", "handler", "outsider"])
def test_others_never_see_it(world, team, filed, who):
    actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    user = team.other if who == "other_team" else getattr(world.people, who)

    with pytest.raises(Http404):
        access.get_request_for(user, world.a, filed.pk)

    assert reads(user) == 0


def test_the_filer_sees_their_own_request(world, filed):
    assert access.get_request_for(world.people.colleague, world.a, filed.pk).pk == filed.pk
    assert reads(world.people.colleague) == 1


def test_the_handler_of_the_referred_insats_sees_it(world, team, filed):
    item = actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    actions.record_outcome(
        team.leader,
        item,
        outcome=RequestState.RECOMMENDED,
        person_present=True,
        parts=[{"kind": "INSATS", "intervention": world.insats_a}],
    )
    assert access.get_request_for(world.people.handler, world.a, filed.pk).pk == filed.pk


def test_the_agenda_list_is_logged_once_for_the_team_and_refused_to_others(world, team, filed):
    actions.put_on_agenda(world.people.office, filed, team.meetings[0])

    items = access.agenda_for(team.seat_fk, team.meetings[0], purpose="Dagordning")

    assert [i.request.person_name for i in items] == ["Tove Testperson"]
    assert ReadLogEntry.objects.filter(actor=team.seat_fk).count() == 1
    assert access.agenda_for(team.other, team.meetings[0]) is None
    assert access.agenda_for(world.people.office, team.meetings[0]) is None


def test_a_seat_holder_who_loses_the_role_loses_the_access(world, team, filed):
    from samordna.tenancy.models import RoleAssignment

    actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    RoleAssignment.objects.filter(user=team.seat_fk).delete()
    team.seat_fk.__dict__.pop("_samordna_roles", None)

    with pytest.raises(Http404):
        access.get_request_for(team.seat_fk, world.a, filed.pk)


def test_administrators_cannot_hold_a_seat(world, team):
    from django.core.exceptions import ValidationError

    from conftest import make_user

    before = team.team.seats.get(member=world.members_a["fk"]).holder
    for user in (world.people.office, world.people.admin, make_user("both_a", world.a, Role.PREPARATORY)):
        if user.username == "both_a":
            from samordna.tenancy import actions as tenancy_actions

            tenancy_actions.assign_role(None, world.a, user, Role.OFFICE)
        with pytest.raises(ValidationError):
            actions.set_seat(None, team.team, member=world.members_a["fk"], function="FK", holder=user)
    assert team.team.seats.get(member=world.members_a["fk"]).holder == before


def test_the_person_in_a_seat_can_change(world, team):
    from conftest import make_user

    newcomer = make_user("newfk_a", world.a, Role.PREPARATORY)
    seat = actions.set_seat(
        world.people.office, team.team, member=world.members_a["fk"], function="FK", holder=newcomer
    )
    assert team.team.seats.count() == 2 and seat.holder == newcomer
    with pytest.raises(Refused):
        actions.set_seat(team.leader, team.team, member=world.members_a["fk"], function="FK", holder=team.leader)
