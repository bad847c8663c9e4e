"""The agenda from the förbund's standard items, arranged until the notice is sent, and the minutes that start
with a paragraph for every item of it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications.models import Application, State
from samordna.applications.tests.test_workflow import bring_to
from samordna.audit.models import AuditEvent
from samordna.meetings import actions
from samordna.meetings.models import AgendaItem, AgendaTemplateItem, Meeting, Paragraph

DAY = dt.date(2015, 6, 11)


def url(name, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"forbund_slug": "alfa", **kwargs})


def titles(meeting):
    return list(meeting.agenda_items.order_by("number").values_list("title", flat=True))


def planned(world, **fields):
    return actions.plan_meeting(None, world.a, date=DAY, place="Kansliet", from_template=True, **fields)


def test_a_forbund_gets_the_default_standard_items_the_first_time_and_keeps_its_own(world):
    rows = actions.ensure_template(world.a)

    assert [r.title for r in rows][:3] == ["Mötets öppnande", "Val av justerare", "Godkännande av dagordningen"]
    assert [r.title for r in rows if r.closing] == ["Övriga frågor", "Mötets avslutande"]
    actions.remove_template_item(None, rows[0])
    assert len(actions.ensure_template(world.a)) == len(rows) - 1  # not recreated once the förbund has its own
    assert not AgendaTemplateItem.objects.filter(forbund=world.b).exists()


def test_planning_from_the_template_and_new_items_go_in_before_the_closing_ones(world):
    meeting = planned(world)
    actions.add_agenda_item(None, meeting, title="Ekonomisk rapport", proposal=["lägga rapporten till handlingarna"])

    assert titles(meeting)[-3:] == ["Ekonomisk rapport", "Övriga frågor", "Mötets avslutande"]
    assert list(meeting.agenda_items.order_by("number").values_list("number", flat=True)) == list(range(1, 9))


def test_the_office_plans_from_the_template_on_the_page(world, login_as):
    client = login_as(world.people.office)

    client.post(url("list"), {"kind": "BOARD", "date": "2015-06-11", "place": "Kansliet", "from_template": "on"})

    meeting = Meeting.objects.get(forbund=world.a, date=DAY)
    assert titles(meeting)[0] == "Mötets öppnande" and titles(meeting)[-1] == "Mötets avslutande"


def test_items_are_moved_and_removed_on_the_page_without_javascript(world, login_as):
    meeting = planned(world)
    second = meeting.agenda_items.get(number=2)
    client = login_as(world.people.office)

    client.post(url("arrange_item", meeting_id=meeting.pk, agenda_item_id=second.pk, change="up"))
    assert titles(meeting)[:2] == ["Val av justerare", "Mötets öppnande"]
    client.post(url("arrange_item", meeting_id=meeting.pk, agenda_item_id=second.pk, change="down"))
    client.post(url("arrange_item", meeting_id=meeting.pk, agenda_item_id=second.pk, change="remove"))

    assert "Val av justerare" not in titles(meeting)
    assert list(meeting.agenda_items.order_by("number").values_list("number", flat=True)) == list(range(1, 7))
    page = client.get(url("detail", meeting_id=meeting.pk)).content.decode()
    assert "Upp" in page and "Ta bort från listan" in page


def test_once_the_notice_is_sent_the_agenda_cannot_be_reordered_or_shortened(world, login_as):
    meeting = planned(world)
    actions.send_notice(None, meeting, sent_on=dt.date(2015, 6, 1))
    item = meeting.agenda_items.get(number=2)
    before = (titles(meeting), AuditEvent.objects.count())

    with pytest.raises(ValidationError, match="Kallelsen skickades 2015-06-01"):
        actions.move_agenda_item(None, item, "up")
    with pytest.raises(ValidationError, match="Kallelsen skickades"):
        actions.remove_agenda_item(None, item)
    response = login_as(world.people.office).post(
        url("arrange_item", meeting_id=meeting.pk, agenda_item_id=item.pk, change="remove"), follow=True
    )

    assert "Kallelsen skickades" in response.content.decode()
    assert (titles(meeting), AuditEvent.objects.count()) == before


def test_a_board_member_cannot_arrange_the_agenda_and_nothing_changes(world, login_as):
    meeting = planned(world)
    item = meeting.agenda_items.get(number=2)
    before = (titles(meeting), AuditEvent.objects.count())

    response = login_as(world.people.board).post(
        url("arrange_item", meeting_id=meeting.pk, agenda_item_id=item.pk, change="remove")
    )

    assert response.status_code == 403
    assert (titles(meeting), AuditEvent.objects.count()) == before


def test_an_application_taken_off_the_agenda_goes_back_to_prepared(world):
    application = bring_to(world, State.PREPARED)
    meeting = planned(world)
    from samordna.applications import actions as application_actions

    item = application_actions.put_on_agenda(None, application, meeting, proposal=["bevilja 405 600 kr"])
    assert titles(meeting)[-3] == item.title  # before other business and the closing

    actions.remove_agenda_item(None, item)

    application.refresh_from_db()
    assert application.state == State.PREPARED
    assert not AgendaItem.objects.filter(application=application).exists()
    assert AuditEvent.objects.filter(action="application.off_agenda", object_id=str(application.pk)).exists()


def test_an_application_not_yet_prepared_shows_a_warning_on_the_agenda(world, login_as):
    application = bring_to(world, State.IN_PREPARATION)
    meeting = planned(world)
    from samordna.applications import actions as application_actions

    application_actions.put_on_agenda(None, application, meeting)
    page = login_as(world.people.office).get(url("detail", meeting_id=meeting.pk)).content.decode()

    assert "Ansökan är inte beredd" in page
    actions.remove_agenda_item(None, AgendaItem.objects.get(application=application))
    assert Application.objects.get(pk=application.pk).state == State.IN_PREPARATION


def test_starting_the_minutes_turns_every_item_into_a_paragraph_with_its_draft_decision(world):
    meeting = planned(world)
    actions.add_agenda_item(None, meeting, title="Ekonomisk rapport", proposal=["lägga rapporten till handlingarna"])

    minutes = actions.start_minutes(None, meeting)

    paragraphs = list(minutes.paragraphs.order_by("number").select_related("agenda_item"))
    assert [p.title for p in paragraphs] == titles(meeting)
    assert all(p.agenda_item is not None and p.agenda_item.title == p.title for p in paragraphs)
    report = next(p for p in paragraphs if p.title == "Ekonomisk rapport")
    assert report.decision_clauses == ["lägga rapporten till handlingarna"]
    assert report.decision_intro == "Samordningsförbundet beslutar"
    assert next(p for p in paragraphs if p.title == "Mötets öppnande").decision_clauses == []


def test_the_office_edits_the_standard_items_on_their_page(world, login_as):
    client = login_as(world.people.office)
    page = client.get(url("template")).content.decode()
    assert "Val av justerare" in page

    client.post(url("template"), {"kind": "INFORMATION", "title": "Förbundschefen informerar", "proposal_text": ""})
    rows = actions.ensure_template(world.a)
    added = next(r for r in rows if r.title == "Förbundschefen informerar")
    assert rows[-3] == added  # before the closing items
    client.post(url("arrange_template_item", template_item_id=added.pk, change="up"))
    client.post(url("arrange_template_item", template_item_id=rows[0].pk, change="remove"))

    titles_now = [r.title for r in actions.ensure_template(world.a)]
    assert "Mötets öppnande" not in titles_now
    assert titles_now.index("Förbundschefen informerar") == len(titles_now) - 4


def test_a_board_member_cannot_change_the_standard_items(world, login_as):
    rows = actions.ensure_template(world.a)
    client = login_as(world.people.board)

    response = client.post(url("template"), {"kind": "INFORMATION", "title": "Kapad"})
    removed = client.post(url("arrange_template_item", template_item_id=rows[0].pk, change="remove"))

    assert response.status_code == removed.status_code == 403
    assert [r.pk for r in actions.ensure_template(world.a)] == [r.pk for r in rows]
    assert not Paragraph.objects.exists()
