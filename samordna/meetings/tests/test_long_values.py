"""Text longer than its column is refused with a message naming the field, before it reaches the database."""

import datetime as dt

from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.meetings import actions
from samordna.meetings.models import Minutes


def start_url(meeting):
    return reverse(
        "meetings:action", kwargs={"forbund_slug": "alfa", "meeting_id": meeting.pk, "action": "start_minutes"}
    )


def test_a_long_adjustment_method_starts_no_minutes_and_says_what_to_shorten(world, login_as):
    meeting = actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 11), place="Kansliet")
    client = login_as(world.people.office)
    events = AuditEvent.objects.count()

    response = client.post(
        start_url(meeting),
        {"adjustment_method": "x" * 150},
    )

    assert response.status_code == 400
    assert "Justeringssätt får vara högst 100 tecken men har 150; korta texten." in response.content.decode()
    assert not Minutes.objects.filter(meeting=meeting).exists()
    assert AuditEvent.objects.count() == events


def test_an_adjustment_method_within_its_limit_starts_the_minutes(world, login_as):
    meeting = actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 11), place="Kansliet")
    client = login_as(world.people.office)

    response = client.post(
        start_url(meeting),
        {"adjustment_method": "  " + "x" * 100 + "  "},
    )

    assert response.status_code == 302
    assert Minutes.objects.get(meeting=meeting).adjustment_method == "x" * 100
