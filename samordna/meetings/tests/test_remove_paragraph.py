"""The office removes the last paragraph of unsigned minutes on the minutes page, and only that one."""

import datetime as dt

from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.meetings import actions

from .helpers import minutes_for


def detail(minutes):
    return reverse("meetings:detail", kwargs={"forbund_slug": "alfa", "meeting_id": minutes.meeting_id})


def remove(client, minutes, paragraph):
    url = reverse(
        "meetings:action",
        kwargs={"forbund_slug": "alfa", "meeting_id": minutes.meeting_id, "action": "remove_paragraph"},
    )
    return client.post(url, {"paragraph": paragraph.pk}, follow=True)


def numbers(minutes):
    return list(minutes.paragraphs.order_by("number").values_list("number", flat=True))


def test_the_office_removes_the_last_paragraph_on_the_minutes_page(world, login_as):
    minutes = minutes_for(world, paragraphs=3)
    client = login_as(world.people.office)

    page = client.get(detail(minutes)).content.decode()
    assert page.count("Ta bort den sista paragrafen") == 1
    response = remove(client, minutes, minutes.paragraphs.get(number=3))

    assert numbers(minutes) == [1, 2]
    assert "§ 3 är borttagen." in response.content.decode()
    assert AuditEvent.objects.filter(action="paragraph.remove").count() == 1


def test_an_earlier_paragraph_is_refused_and_nothing_changes(world, login_as):
    minutes = minutes_for(world, paragraphs=3)
    client = login_as(world.people.office)

    response = remove(client, minutes, minutes.paragraphs.get(number=1))

    assert "Bara den sista paragrafen (§ 3) kan tas bort" in response.content.decode()
    assert numbers(minutes) == [1, 2, 3]
    assert not AuditEvent.objects.filter(action="paragraph.remove").exists()


def test_minutes_ready_for_signing_offer_no_removal_and_refuse_one(world, login_as):
    from .helpers import with_signers

    minutes = minutes_for(world, paragraphs=2)
    with_signers(world, minutes)
    actions.mark_ready(None, minutes)
    client = login_as(world.people.office)

    page = client.get(detail(minutes)).content.decode()
    response = remove(client, minutes, minutes.paragraphs.get(number=2))

    assert "Ta bort den sista paragrafen" not in page
    assert "kan inte ändras" in response.content.decode()
    assert numbers(minutes) == [1, 2]
    assert not AuditEvent.objects.filter(action="paragraph.remove").exists()


def test_a_paragraph_of_another_meeting_is_not_found(world, login_as):
    minutes = minutes_for(world, paragraphs=1)
    other = minutes_for(world, day=dt.date(2015, 6, 11), paragraphs=1)
    client = login_as(world.people.office)

    response = remove(client, minutes, other.paragraphs.get())

    assert response.status_code == 404
    assert numbers(other) == [2]
    assert not AuditEvent.objects.filter(action="paragraph.remove").exists()


def test_the_board_cannot_remove_a_paragraph(world, login_as):
    minutes = minutes_for(world, paragraphs=2)
    client = login_as(world.people.board)

    response = remove(client, minutes, minutes.paragraphs.get(number=2))

    assert response.status_code == 403
    assert numbers(minutes) == [1, 2]
    assert not AuditEvent.objects.filter(action="paragraph.remove").exists()
