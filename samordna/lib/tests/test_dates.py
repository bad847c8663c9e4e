"""The check that a date of something that has happened does not lie after today."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.lib.dates import future_problems, is_future, refuse_future

TODAY = dt.date(2026, 3, 11)


def test_today_and_before_pass_and_tomorrow_does_not():
    assert not is_future(TODAY, TODAY)
    assert not is_future(TODAY - dt.timedelta(days=400), TODAY)
    assert not is_future(None, TODAY)
    assert is_future(TODAY + dt.timedelta(days=1), TODAY)
    assert is_future(dt.datetime(2026, 3, 12, 0, 5), TODAY)


def test_the_refusal_is_keyed_by_the_field_with_the_message():
    refuse_future("decided_on", TODAY, "Nej.", today=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        refuse_future(
            "decided_on", TODAY + dt.timedelta(days=1), "Beslutsdatumet kan inte ligga i framtiden.", today=TODAY
        )
    assert excinfo.value.message_dict == {"decided_on": ["Beslutsdatumet kan inte ligga i framtiden."]}


def test_problems_list_only_the_future_dates():
    checks = [("a", TODAY, "A"), ("b", TODAY + dt.timedelta(days=2), "B"), ("c", None, "C")]
    assert future_problems(checks, TODAY) == [("b", "B")]
