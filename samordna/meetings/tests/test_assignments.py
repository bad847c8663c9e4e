"""Assignments (uppdrag) from the board and delegated decisions, which must be reported back (R18)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.meetings import actions, queries
from samordna.meetings.models import Assignment, AssignmentKind, AssignmentStatus

from .helpers import minutes_for


def delegation(world):
    minutes = minutes_for(world, paragraphs=1)
    return actions.give_assignment(
        world.people.office,
        minutes.paragraphs.get(),
        kind=AssignmentKind.DELEGATION,
        assignee="Presidiet",
        description="Godkänna styrelsens yttrande över revisionsrapporten.",
        due_on=dt.date(2015, 8, 31),
    )


def test_a_delegation_names_its_delegate_and_is_closed_only_when_reported_back(world):
    given = delegation(world)
    later = minutes_for(world, day=dt.date(2015, 10, 28), paragraphs=1).paragraphs.get()

    with pytest.raises(ValidationError, match="när uppdraget utfördes"):
        actions.update_assignment(None, given, status=AssignmentStatus.DONE)
    actions.update_assignment(
        None, given, status=AssignmentStatus.DONE, done_on=dt.date(2015, 8, 25), outcome="Yttrandet godkänt."
    )
    with pytest.raises(ValidationError, match="i vilken paragraf"):
        actions.update_assignment(None, given, status=AssignmentStatus.REPORTED)
    with pytest.raises(ValidationError, match="senare paragraf"):
        actions.update_assignment(None, given, status=AssignmentStatus.REPORTED, reported_in=given.paragraph)
    actions.update_assignment(None, given, status=AssignmentStatus.REPORTED, reported_in=later)

    given.refresh_from_db()
    assert (given.status, given.reported_in, given.version) == (AssignmentStatus.REPORTED, later, 3)
    assert AuditEvent.objects.filter(action="assignment.update").count() == 2
    row = queries.assignments_of(world.a).get()
    assert not row.unreported_delegation


def test_the_delegate_is_required(world):
    minutes = minutes_for(world, paragraphs=1)

    with pytest.raises(ValidationError):
        actions.give_assignment(None, minutes.paragraphs.get(), kind=AssignmentKind.DELEGATION, description="x")
    assert not Assignment.objects.exists()


def test_overdue_and_unreported_show_on_the_list(world, login_as):
    delegation(world)
    page = login_as(world.people.board).get(reverse("meetings:assignments", args=["alfa"])).content.decode()

    assert "Presidiet" in page and "försenat" in page and "ska återrapporteras" in page
    assert "Följ upp" not in page  # the board reads; the office follows up


def test_the_office_registers_an_assignment_and_a_stale_follow_up_is_refused(world, login_as):
    minutes = minutes_for(world, paragraphs=1)
    paragraph = minutes.paragraphs.get()
    client = login_as(world.people.office)

    client.post(
        reverse("meetings:assignments", args=["alfa"]),
        {
            "paragraph": paragraph.pk,
            "kind": AssignmentKind.ASSIGNMENT,
            "assignee": "Förbundschefen",
            "description": "Besvara frågorna från NNS och Försäkringskassan.",
        },
    )
    given = Assignment.objects.get()
    actions.update_assignment(None, given, expected_version=1, due_on=dt.date(2015, 6, 1))
    refused = client.post(
        reverse("meetings:assignment", args=["alfa", given.pk]),
        {"assignee": "Någon annan", "description": "x", "status": "OPEN", "expected_version": 1},
    )

    assert refused.status_code == 400 and "Någon annan har ändrat" in refused.content.decode()
    given.refresh_from_db()
    assert given.assignee == "Förbundschefen"
    board = login_as(world.people.board).post(
        reverse("meetings:assignments", args=["alfa"]),
        {"paragraph": paragraph.pk, "kind": "ASSIGNMENT", "assignee": "Styrelsen", "description": "x"},
    )
    assert board.status_code == 403 and Assignment.objects.count() == 1


def test_open_assignments_come_first_whatever_their_due_date(world):
    done = delegation(world)
    actions.update_assignment(
        None, done, status=AssignmentStatus.DONE, done_on=dt.date(2015, 8, 25), outcome="Yttrandet godkänt."
    )
    still_open = actions.give_assignment(
        None, done.paragraph, assignee="Förbundschefen", description="Ta fram en plan.", due_on=dt.date(2016, 3, 31)
    )
    assert list(queries.assignments_of(world.a)) == [still_open, done]
