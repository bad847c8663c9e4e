"""The DPO's open items: the retention plan, who is due under it, and the read log to review."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from samordna.audit.actions import log_read
from samordna.participants import actions as participant_actions
from samordna.participants.tests.people import ANNA, enrol
from samordna.privacy import actions, queries


def test_open_items_without_a_plan_and_with_one(world):
    today = timezone.localdate()
    stay = enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson")
    participant_actions.discharge(
        None, stay, discharge_date=dt.date(2019, 9, 1), reason="AVBRUTEN", occupation_after="ARBETE", income_after="LON"
    )
    log_read(world.people.handler, world.a, "participants.Participation", query="caseload")

    found = queries.open_items(world.a, today)
    assert found.plan is None and found.due_for_retention == 0
    assert found.reads == 1 and found.reads_since == today - dt.timedelta(days=queries.READ_REVIEW_DAYS)
    assert queries.open_items(world.b, today).reads == 0

    actions.set_retention_plan(None, world.a, years_after_discharge=1, decided_on=dt.date(2019, 1, 1))
    found = queries.open_items(world.a, today)
    assert found.plan is not None
    assert found.due_for_retention == 1
