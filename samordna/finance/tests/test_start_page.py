"""The finance reads behind the start page: invoices to send and to follow up, and this year's room."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from samordna.finance import actions, queries
from samordna.finance.models import InvoiceStatus


def test_invoice_work_counts_drafts_of_begun_periods_and_unpaid_after_the_due_date(world, ready_to_invoice):
    today = timezone.localdate()
    actions.set_contribution(world.people.office, world.members_a["fk"], today.year, 400_000)
    created = actions.create_invoices(world.people.office, world.a, today.year)
    begun = [i for i in created if i.period_start <= today]
    assert queries.invoice_work(world.a, today)["to_send"] == len(begun)
    first = begun[0]
    first = actions.move_invoice(world.people.office, first, InvoiceStatus.SENT, today)
    later = today + dt.timedelta(days=400)
    work = queries.invoice_work(world.a, later)
    assert work["unpaid"] == 1 and work["unpaid_from"] == first.due_date
    assert work["to_send"] == len(created) - 1
    assert queries.invoice_work(world.b, later)["to_send"] == 0


def test_room_this_year_says_when_there_is_no_budget(world):
    today = timezone.localdate()
    assert queries.room_this_year(world.a, today) == queries.YearRoomNow(today.year, False, 0)
    actions.save_budget_year(world.people.office, world.a, today.year, equity_start=300_000)
    room = queries.room_this_year(world.a, today)
    assert room.has_budget
    assert room.room_for_new == queries.economic_report(world.a, today.year, today).room_for_new
