"""The notice's lead time under the statutes: a late notice warns, it does not block."""

import datetime as dt

from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.meetings import actions, queries

MEETING = dt.date(2015, 6, 11)  # the statutes of the test world ask for 7 days' notice


def planned(world):
    meeting = actions.plan_meeting(None, world.a, date=MEETING, place="Kansliet")
    actions.add_agenda_item(None, meeting, title="Val av justerare", proposal=[""])
    return meeting


def test_a_notice_sent_in_time_gives_no_warning(world):
    meeting = actions.send_notice(None, planned(world), sent_on=dt.date(2015, 6, 4))

    assert queries.notice_warning(meeting) == ""
    assert AuditEvent.objects.get(action="meeting.notice_sent").changes["late"] is False


def test_a_late_notice_is_sent_but_warns_on_the_page(world, login_as):
    meeting = actions.send_notice(None, planned(world), sent_on=dt.date(2015, 6, 8))

    warning = queries.notice_warning(meeting)
    assert "3 dagar före" in warning and "minst 7 dagar" in warning and "2015-06-04" in warning
    assert meeting.notice_sent_on == dt.date(2015, 6, 8)
    assert AuditEvent.objects.get(action="meeting.notice_sent").changes["late"] is True
    page = login_as(world.people.board).get(reverse("meetings:detail", args=["alfa", meeting.pk])).content.decode()
    assert "Förbundsordningen kräver" in page


def test_a_notice_not_yet_sent_warns_once_the_last_day_has_passed(world):
    meeting = planned(world)

    assert queries.notice_warning(meeting, today=dt.date(2015, 6, 4)) == ""
    assert "senast 2015-06-04" in queries.notice_warning(meeting, today=dt.date(2015, 6, 5))
    assert queries.notice_warning(meeting, today=dt.date(2015, 6, 12)) == ""
