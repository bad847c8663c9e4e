"""A measurement answered in the future is refused, and the measuring forms start without a date."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.instruments import actions
from samordna.instruments.models import KasamScore, Who5
from samordna.participants.tests.people import ANNA, enrol

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def found(pattern: str, html: str, group: int = 0) -> str:
    """The part of the page that `pattern` matches; the test fails when the page lacks it."""
    match = re.search(pattern, html, re.S)
    assert match is not None, pattern
    return match.group(group)


@pytest.fixture
def stay(world):
    return enrol(world, None, personnummer=ANNA)


def test_a_who5_or_kasam_answered_in_the_future_is_refused_and_nothing_is_stored(stay):
    with pytest.raises(ValidationError) as excinfo:
        actions.record_who5(None, stay, answered_on=TOMORROW, items=[3, 3, 3, 3, 3])
    assert "framtiden" in excinfo.value.message_dict["answered_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.record_kasam(None, stay, version="KASAM13", answered_on=TOMORROW, total=60)
    assert "answered_on" in excinfo.value.message_dict
    assert not Who5.objects.exists() and not KasamScore.objects.exists()


def test_the_measuring_forms_start_without_a_date_or_a_version(world, stay, login_as):
    client = login_as(world.people.handler)

    for name, field in [("who5", "answered_on"), ("kasam", "answered_on")]:
        html = client.get(reverse(f"instruments:{name}", args=["alfa", stay.pk])).content.decode()
        assert "value=" not in found(rf'<input[^>]*name="{field}"[^>]*>', html), name
    html = client.get(reverse("instruments:kasam", args=["alfa", stay.pk])).content.decode()
    select = found(r'<select name="version"[^>]*>(.*?)</select>', html, 1)
    assert re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select) in ([], [""])
