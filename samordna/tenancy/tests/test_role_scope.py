"""Widening a role limited to insatser: only the förbund admin, only with the förbund's own insatser, audited."""

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.interventions.permissions import scoped_intervention_ids
from samordna.lib.errors import Refused
from samordna.participants.access import handler_scope
from samordna.tenancy import actions
from samordna.tenancy.models import Role, RoleAssignment


def assignment_of(user):
    return RoleAssignment.objects.get(user=user)


def test_the_admin_adds_an_insats_and_the_handler_keeps_the_one_held(world):
    handler = world.people.handler

    actions.add_role_interventions(world.people.admin, assignment_of(handler), [world.other_insats_a])

    assert scoped_intervention_ids(handler, world.a, Role.PARTICIPANT_HANDLER) == {
        world.insats_a.pk,
        world.other_insats_a.pk,
    }
    # The structural insats has no participants and so no controller: it adds nothing the handler may see.
    assert handler_scope(handler, world.a) == {world.insats_a.pk}
    event = AuditEvent.objects.get(action="role.scope")
    assert event.forbund == world.a and event.actor == world.people.admin
    assert event.changes["added"] == [world.other_insats_a.registration_no]


def test_adding_what_the_role_has_already_changes_and_logs_nothing(world):
    before = AuditEvent.objects.count()

    actions.add_role_interventions(world.people.admin, assignment_of(world.people.handler), [world.insats_a])

    assert AuditEvent.objects.count() == before


def test_only_the_admin_widens_a_role_and_only_with_the_forbunds_insatser(world):
    handler = world.people.handler

    with pytest.raises(Refused):
        actions.add_role_interventions(handler, assignment_of(handler), [world.other_insats_a])
    with pytest.raises(ValidationError):
        actions.add_role_interventions(world.people.admin, assignment_of(handler), [world.insats_b])

    assert handler_scope(handler, world.a) == {world.insats_a.pk}
    assert not AuditEvent.objects.filter(action="role.scope").exists()
