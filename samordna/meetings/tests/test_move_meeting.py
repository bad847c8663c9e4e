"""The office moves a planned meeting on its page; a notice already sent must then be sent again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.meetings import actions
from samordna.meetings.models import Meeting

from .helpers import minutes_for


def move_url(meeting):
    return reverse("meetings:action", kwargs={"forbund_slug": "alfa", "meeting_id": meeting.pk, "action": "move"})


def planned(world, *, days=20, sent=False):
    meeting = actions.plan_meeting(
        None, world.a, date=timezone.localdate() + dt.timedelta(days=days), start_time=dt.time(9), place="Kansliet"
    )
    actions.add_agenda_item(None, meeting, title="Val av justerare")
    if sent:
        actions.send_notice(None, meeting)
    return Meeting.objects.get(pk=meeting.pk)


def test_the_office_moves_a_planned_meeting_on_its_page(world, login_as):
    meeting = planned(world)
    new_day = meeting.date + dt.timedelta(days=7)
    client = login_as(world.people.office)

    page = client.get(reverse("meetings:detail", kwargs={"forbund_slug": "alfa", "meeting_id": meeting.pk}))
    assert "Flytta sammanträdet" in page.content.decode()
    response = client.post(
        move_url(meeting), {"date": new_day.isoformat(), "start_time": "13:00", "end_time": "15:00"}, follow=True
    )

    meeting.refresh_from_db()
    assert (meeting.date, meeting.start_time, meeting.end_time) == (new_day, dt.time(13), dt.time(15))
    assert f"Sammanträdet är flyttat till {new_day:%Y-%m-%d}." in response.content.decode()
    event = AuditEvent.objects.filter(action="meeting.move").get()
    assert event.changes["date"] == [str(new_day - dt.timedelta(days=7)), str(new_day)]


def test_a_sent_notice_must_be_sent_again_after_the_move(world, login_as):
    meeting = planned(world, sent=True)
    client = login_as(world.people.office)

    response = client.post(move_url(meeting), {"date": (meeting.date + dt.timedelta(days=1)).isoformat()}, follow=True)

    meeting.refresh_from_db()
    assert meeting.notice_sent_on is None
    text = response.content.decode()
    assert "Kallelsen gällde den gamla dagen: skicka den igen." in text
    assert "Markera kallelsen som skickad" in text


def test_a_move_to_a_past_day_or_an_end_before_the_start_is_refused_on_the_form(world, login_as):
    meeting = planned(world, sent=True)
    client = login_as(world.people.office)
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    past = client.post(move_url(meeting), {"date": yesterday.isoformat()})
    backwards = client.post(
        move_url(meeting), {"date": meeting.date.isoformat(), "start_time": "13:00", "end_time": "12:00"}
    )

    assert past.status_code == backwards.status_code == 400
    assert "i dag eller en senare dag" in past.content.decode()
    assert "sluta efter att det har börjat" in backwards.content.decode()
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert (fresh.date, fresh.start_time) == (meeting.date, meeting.start_time)
    assert fresh.notice_sent_on == timezone.localdate()
    assert not AuditEvent.objects.filter(action="meeting.move").exists()


def test_a_held_meeting_stays_where_it_was(world, login_as):
    minutes = minutes_for(world, day=timezone.localdate() - dt.timedelta(days=3))
    meeting = minutes.meeting
    client = login_as(world.people.office)

    page = client.get(reverse("meetings:detail", kwargs={"forbund_slug": "alfa", "meeting_id": meeting.pk}))
    response = client.post(move_url(meeting), {"date": (timezone.localdate() + dt.timedelta(days=5)).isoformat()})

    assert "Flytta sammanträdet" not in page.content.decode()
    assert response.status_code == 400 and "har hållits" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.date == timezone.localdate() - dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="har hållits"):
        actions.move_meeting(world.people.office, meeting, timezone.localdate() + dt.timedelta(days=5))
    assert not AuditEvent.objects.filter(action="meeting.move").exists()


@pytest.mark.parametrize("persona", ["board", "auditor", "outsider"])
def test_only_the_office_moves_a_meeting(world, persona):
    meeting = planned(world)

    with pytest.raises(Refused):
        actions.move_meeting(getattr(world.people, persona), meeting, meeting.date + dt.timedelta(days=1))

    assert Meeting.objects.get(pk=meeting.pk).date == meeting.date
    assert not AuditEvent.objects.filter(action="meeting.move").exists()
