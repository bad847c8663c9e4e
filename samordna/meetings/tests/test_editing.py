"""Editing the notice's items, the paragraphs and the attendance: version checks, links, and nothing once locked."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications.models import State
from samordna.applications.tests.test_workflow import bring_to
from samordna.audit.models import AuditEvent
from samordna.meetings import actions
from samordna.meetings.models import AgendaItem, Attendance, AttendanceCategory, ItemKind

from .helpers import attend, lock_minutes, minutes_for


def url(name, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"forbund_slug": "alfa", **kwargs})


def test_the_office_edits_an_agenda_item_with_open_clauses_and_a_link_to_the_application(world, login_as):
    application = bring_to(world, State.PREPARED)
    minutes = minutes_for(world, paragraphs=0)
    item = actions.add_agenda_item(None, minutes.meeting, title="Ansökan", proposal=["bevilja"])
    client = login_as(world.people.office)

    page = client.get(url("edit_item", meeting_id=minutes.meeting_id, agenda_item_id=item.pk)).content.decode()
    assert "att bevilja" in page
    response = client.post(
        url("edit_item", meeting_id=minutes.meeting_id, agenda_item_id=item.pk),
        {
            "kind": ItemKind.DECISION,
            "title": "Knut'n 2.0",
            "background": "Beredningsgruppen tillstyrker.",
            "presenter": "Förbundschefen",
            "proposal_text": "att bevilja Knut'n 2.0 405 600 kr\natt\natt utse _____ till kontaktperson",
            "application": application.pk,
            "expected_version": item.version,
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.proposal == ["bevilja Knut'n 2.0 405 600 kr", "", "utse _____ till kontaktperson"]
    assert (item.title, item.application, item.version) == ("Knut'n 2.0", application, 2)
    assert AuditEvent.objects.filter(action="agenda_item.update").count() == 1


def test_a_stale_agenda_item_edit_is_refused_and_changes_nothing(world, login_as):
    minutes = minutes_for(world, paragraphs=0)
    item = actions.add_agenda_item(None, minutes.meeting, title="Information")
    actions.update_agenda_item(None, item, expected_version=1, title="Information från kansliet")
    client = login_as(world.people.office)

    response = client.post(
        url("edit_item", meeting_id=minutes.meeting_id, agenda_item_id=item.pk),
        {"kind": ItemKind.INFORMATION, "title": "Mitt namn", "expected_version": 1},
    )

    assert response.status_code == 400 and "Någon annan har ändrat" in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.version) == ("Information från kansliet", 2)


def test_an_agenda_item_cannot_link_to_another_forbunds_insats(world):
    minutes = minutes_for(world, paragraphs=0)
    item = actions.add_agenda_item(None, minutes.meeting, title="Rapport")

    with pytest.raises(ValidationError, match="egna"):
        actions.update_agenda_item(None, item, intervention=world.insats_b)
    item.refresh_from_db()
    assert item.intervention is None


def test_the_office_edits_a_paragraphs_decision_and_links_it_to_an_insats(world, login_as):
    minutes = minutes_for(world, paragraphs=1)
    paragraph = minutes.paragraphs.get()
    client = login_as(world.people.office)

    response = client.post(
        url("edit_paragraph", paragraph_id=paragraph.pk),
        {
            "title": "Slutrapport",
            "body": "Rapporten presenterades.",
            "decision_intro": "Samordningsförbundet beslutar",
            "decision_text": "att tacka för rapporten\natt lägga den till handlingarna",
            "intervention": world.insats_a.pk,
            "expected_version": paragraph.version,
        },
    )

    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.decision_clauses == ["tacka för rapporten", "lägga den till handlingarna"]
    assert paragraph.intervention == world.insats_a and paragraph.title == "Slutrapport"


def test_attendance_is_edited_per_person_with_paragraphs_and_the_quorum_is_shown(world, login_as):
    minutes = minutes_for(world, paragraphs=3)
    first, second, _third = minutes.paragraphs.order_by("number")
    for name in ("A", "B", "C"):
        attend(minutes, name)
    guest = attend(minutes, "Gäst", AttendanceCategory.OTHER, organisation="Arbetsförmedlingen")
    client = login_as(world.people.office)
    edit = url("edit_attendance", meeting_id=minutes.meeting_id, attendance_id=guest.pk)

    page = client.get(edit).content.decode()
    assert "Beslutande: 3 av 5 platser." in page and "beslutsför" in page
    assert f'value="{first.pk}"' in page and f"§ {first.number} {first.title}" in page
    response = client.post(
        edit,
        {
            "person_name": "Gäst",
            "category": AttendanceCategory.OTHER,
            "organisation": "Arbetsförmedlingen",
            "paragraphs": [first.pk, second.pk],
            "expected_version": guest.version,
        },
    )

    assert response.status_code == 302
    guest.refresh_from_db()
    assert set(guest.paragraphs.all()) == {first, second} and guest.version == 2


def test_a_serving_ersattare_must_name_whom_they_replace_and_seats_are_counted_without_the_row_itself(world):
    minutes = minutes_for(world)
    rows = [attend(minutes, name) for name in ("A", "B", "C", "D", "E")]

    # Changing one of the five deciding is fine: the row does not count against itself.
    actions.update_attendance(None, rows[0], office="ordförande")
    with pytest.raises(ValidationError, match="vilken ledamot"):
        actions.update_attendance(None, rows[1], category=AttendanceCategory.SERVING_DEPUTY)
    deputy = attend(minutes, "F", AttendanceCategory.DEPUTY_PRESENT)
    with pytest.raises(ValidationError, match="platser"):
        actions.update_attendance(
            None, deputy, category=AttendanceCategory.SERVING_DEPUTY, serving_for="Frånvarande ledamot"
        )
    deputy.refresh_from_db()
    assert deputy.category == AttendanceCategory.DEPUTY_PRESENT


def test_attendance_can_be_removed_from_a_draft(world, login_as):
    minutes = minutes_for(world)
    row = attend(minutes, "Fel person")
    client = login_as(world.people.office)

    client.post(url("edit_attendance", meeting_id=minutes.meeting_id, attendance_id=row.pk), {"remove": "1"})

    assert not minutes.attendance.exists()
    assert AuditEvent.objects.filter(action="minutes.attendance_remove").exists()


def test_a_stale_removal_of_attendance_is_refused_and_removes_nothing(world, login_as):
    minutes = minutes_for(world)
    row = attend(minutes, "Anna")
    opened_at = row.version
    actions.update_attendance(None, row, expected_version=opened_at, office="ordförande")
    client = login_as(world.people.office)
    events = AuditEvent.objects.count()

    response = client.post(
        url("edit_attendance", meeting_id=minutes.meeting_id, attendance_id=row.pk),
        {"remove": "1", "expected_version": opened_at},
        follow=True,
    )

    assert "Någon annan har ändrat närvaro sedan du öppnade sidan" in response.content.decode()
    with pytest.raises(ValidationError, match="Någon annan har ändrat"):
        actions.remove_attendance(world.people.office, row, expected_version=opened_at)
    row.refresh_from_db()
    assert (row.office, row.version) == ("ordförande", 2)
    assert AuditEvent.objects.count() == events

    client.post(
        url("edit_attendance", meeting_id=minutes.meeting_id, attendance_id=row.pk),
        {"remove": "1", "expected_version": row.version},
    )
    assert not minutes.attendance.exists()
    assert AuditEvent.objects.filter(action="minutes.attendance_remove").count() == 1


def test_the_log_of_an_attendance_edit_names_the_paragraphs_only_when_they_changed(world):
    minutes = minutes_for(world, paragraphs=3)
    first, second, third = minutes.paragraphs.order_by("number")
    guest = attend(minutes, "Gäst", AttendanceCategory.OTHER, organisation="Af", paragraphs=[first, second])

    actions.update_attendance(None, guest, organisation="Arbetsförmedlingen", paragraphs=[second, first])
    actions.update_attendance(None, guest, paragraphs=[first, third])

    logged = list(AuditEvent.objects.filter(action="minutes.attendance_update").order_by("pk"))
    assert [event.changes for event in logged] == [
        {"organisation": ["Af", "Arbetsförmedlingen"]},
        {"paragraphs": [[first.number, second.number], [first.number, third.number]]},
    ]


def test_saving_an_attendance_unchanged_neither_saves_nor_logs(world):
    minutes = minutes_for(world, paragraphs=2)
    first, second = minutes.paragraphs.order_by("number")
    guest = attend(minutes, "Gäst", AttendanceCategory.OTHER, organisation="Af", paragraphs=[first, second])
    version = Attendance.objects.get(pk=guest.pk).version
    events = AuditEvent.objects.count()

    actions.update_attendance(None, guest, expected_version=version, organisation="Af", paragraphs=[second, first])

    assert Attendance.objects.get(pk=guest.pk).version == version
    assert AuditEvent.objects.count() == events


def test_nothing_in_locked_minutes_can_be_edited(world, login_as):
    minutes = minutes_for(world, paragraphs=1)
    item = actions.add_agenda_item(None, minutes.meeting, title="Val av justerare", proposal=[""])
    row = attend(minutes, "A", AttendanceCategory.OTHER)
    paragraph = minutes.paragraphs.get()
    lock_minutes(world, minutes)
    client = login_as(world.people.office)
    events = AuditEvent.objects.count()

    page = client.get(url("edit_paragraph", paragraph_id=paragraph.pk)).content.decode()
    assert "Protokollet är låst" in page and 'name="title"' not in page
    refused = [
        client.post(
            url("edit_item", meeting_id=minutes.meeting_id, agenda_item_id=item.pk),
            {"kind": ItemKind.ELECTION, "title": "Ändrad", "expected_version": 1},
        ),
        client.post(
            url("edit_paragraph", paragraph_id=paragraph.pk),
            {"title": "Ändrad", "expected_version": paragraph.version},
        ),
        client.post(
            url("edit_attendance", meeting_id=minutes.meeting_id, attendance_id=row.pk),
            {"person_name": "Ändrad", "category": AttendanceCategory.VOTING, "expected_version": 1},
        ),
        client.post(url("edit_attendance", meeting_id=minutes.meeting_id, attendance_id=row.pk), {"remove": "1"}),
    ]

    assert [r.status_code for r in refused[:3]] == [400, 400, 400]
    assert all("Protokollet är låst och kan inte ändras" in r.content.decode() for r in refused[:3])
    assert AgendaItem.objects.get(pk=item.pk).title == "Val av justerare"
    paragraph.refresh_from_db()
    row.refresh_from_db()
    assert paragraph.title == "Ärende 1" and row.person_name == "A"
    assert minutes.attendance.count() == 6  # the board of five, and A
    assert AuditEvent.objects.count() == events
    for call in (
        lambda: actions.update_agenda_item(None, item, title="x"),
        lambda: actions.update_paragraph(None, paragraph, title="x"),
        lambda: actions.update_attendance(None, row, person_name="x"),
        lambda: actions.remove_attendance(None, row),
    ):
        with pytest.raises(ValidationError, match="låst"):
            call()


def test_the_board_can_read_but_not_edit(world, login_as):
    minutes = minutes_for(world, paragraphs=1)
    paragraph = minutes.paragraphs.get()
    client = login_as(world.people.board)

    response = client.post(
        url("edit_paragraph", paragraph_id=paragraph.pk), {"title": "Styrelsens egen", "expected_version": 1}
    )

    assert response.status_code == 403
    paragraph.refresh_from_db()
    assert paragraph.title == "Ärende 1" and paragraph.version == 1


def test_edit_links_show_only_while_the_minutes_are_a_draft(world, login_as):
    minutes = minutes_for(world, paragraphs=1, day=dt.date(2015, 5, 5))
    client = login_as(world.people.office)
    detail = url("detail", meeting_id=minutes.meeting_id)

    assert "Ändra paragrafen" in client.get(detail).content.decode()
    lock_minutes(world, minutes)
    assert "Ändra paragrafen" not in client.get(detail).content.decode()
