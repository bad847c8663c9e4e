"""Assigning roles: the combinations SUS forbids are refused with a reason, and nothing is stored."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_user
from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.tenancy import actions, permissions
from samordna.tenancy.models import Role, RoleAssignment


def test_handler_cannot_become_forbund_admin_in_the_same_forbund(world):
    handler = world.people.handler
    before = (RoleAssignment.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as excinfo:
        actions.assign_role(world.people.admin, world.a, handler, Role.FORBUND_ADMIN)

    assert "deltagaransvarig" in excinfo.value.messages[0]
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("held", [Role.FORBUND_ADMIN, Role.OFFICE, Role.DPO])
def test_administrator_cannot_become_handler(world, held):
    user = make_user("dubbel", world.a, held)

    decision = permissions.check_role_combination(user, world.a, Role.PARTICIPANT_HANDLER)

    assert not decision.allowed
    assert str(held.label) in decision.reason


def test_handler_may_hold_admin_role_in_another_forbund(world):
    handler = world.people.handler

    actions.assign_role(world.people.outsider, world.b, handler, Role.FORBUND_ADMIN)

    assert permissions.roles_in(handler, world.b) == {Role.FORBUND_ADMIN}
    assert permissions.roles_in(handler, world.a) == {Role.PARTICIPANT_HANDLER}


def test_handler_and_intervention_manager_may_be_combined(world):
    actions.assign_role(world.people.admin, world.a, world.people.handler, Role.INTERVENTION_MANAGER)

    assert permissions.roles_in(world.people.handler, world.a) == {
        Role.PARTICIPANT_HANDLER,
        Role.INTERVENTION_MANAGER,
    }


def test_handler_on_board_follows_the_forbund_setting(world):
    board = world.people.board
    assert not permissions.check_role_combination(board, world.a, Role.PARTICIPANT_HANDLER).allowed

    world.a.handler_may_sit_on_board = True
    world.a.save()

    assert permissions.check_role_combination(board, world.a, Role.PARTICIPANT_HANDLER).allowed


def test_system_admin_cannot_be_handler_and_handler_cannot_be_system_admin(world):
    with pytest.raises(ValidationError):
        actions.assign_role(None, world.a, world.people.sysadmin, Role.PARTICIPANT_HANDLER)
    with pytest.raises(ValidationError):
        actions.set_system_admin(None, world.people.handler, True)

    world.people.handler.refresh_from_db()
    assert not world.people.handler.is_system_admin
    assert not RoleAssignment.objects.filter(user=world.people.sysadmin).exists()


def test_only_forbund_admin_assigns_roles_and_refusal_changes_nothing(world):
    newcomer = make_user("nykomling")
    before = (RoleAssignment.objects.count(), AuditEvent.objects.count())

    with pytest.raises(Refused) as excinfo:
        actions.assign_role(world.people.office, world.a, newcomer, Role.AUDITOR)

    assert "Förbundsadministratör" in excinfo.value.reason
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


def test_outsider_cannot_assign_roles_in_another_forbund(world):
    newcomer = make_user("nykomling")

    with pytest.raises(Refused):
        actions.assign_role(world.people.outsider, world.a, newcomer, Role.FORBUND_ADMIN)

    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_assignment_is_audited_in_the_forbund(world):
    newcomer = make_user("nykomling")

    actions.assign_role(world.people.admin, world.a, newcomer, Role.AUDITOR)

    event = AuditEvent.objects.filter(action="role.assign").latest("id")
    assert event.forbund == world.a
    assert event.actor == world.people.admin
    assert event.changes["role"] == "AUDITOR"
    assert event.changes["user"] == "nykomling"


def test_handler_scope_must_be_insatser_of_the_same_forbund(world):
    newcomer = make_user("nykomling")

    with pytest.raises(ValidationError):
        actions.assign_role(
            world.people.admin, world.a, newcomer, Role.PARTICIPANT_HANDLER, interventions=[world.insats_b]
        )

    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_roles_outside_their_validity_do_not_count(world):
    import datetime as dt

    newcomer = make_user("nykomling")
    actions.assign_role(
        world.people.admin,
        world.a,
        newcomer,
        Role.AUDITOR,
        valid_from=dt.date(2000, 1, 1),
        valid_to=dt.date(2001, 1, 1),
    )

    assert permissions.roles_in(newcomer, world.a) == frozenset()
    assert not permissions.check(newcomer, world.a, permissions.Capability.VIEW_DASHBOARD).allowed


def test_every_check_says_why(world):
    allowed = permissions.check(world.people.dpo, world.a, permissions.Capability.VIEW_AUDIT_LOG)
    denied = permissions.check(world.people.board, world.a, permissions.Capability.VIEW_AUDIT_LOG)
    stranger = permissions.check(world.people.outsider, world.a, permissions.Capability.VIEW_DASHBOARD)

    assert allowed.allowed and "Dataskyddsombud" in allowed.reason
    assert not denied.allowed and "Kräver" in denied.reason
    assert not stranger.allowed and world.a.name in stranger.reason


def test_revoking_own_admin_role_is_refused(world):
    own = RoleAssignment.objects.get(user=world.people.admin, role=Role.FORBUND_ADMIN)

    with pytest.raises(ValidationError):
        actions.revoke_role(world.people.admin, own)

    assert RoleAssignment.objects.filter(pk=own.pk).exists()
