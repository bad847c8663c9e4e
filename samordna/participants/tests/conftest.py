"""Fixtures for participant tests: a second individual insats in förbund A with its own handler, and a helper
that enrols fictional people."""

import datetime as dt

import pytest

from conftest import make_user
from samordna.interventions.models import Intervention, InterventionKind
from samordna.participants import actions
from samordna.participants.fictional import fictional_personnummer
from samordna.tenancy.models import Role

ANNA = fictional_personnummer("19850101", 0, "K")  # 198501019809
BO = fictional_personnummer("19900615", 1, "M")


@pytest.fixture
def second(world):
    """Förbund A's second individual insats, 2020:7, and its own participant handler."""
    insats = Intervention.objects.create(
        forbund=world.a,
        registration_no="2020:7",
        name="Alfas unga vuxna",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2020, 1, 1),
        owner=world.members_a["af"],
    )
    handler = make_user("handler2_a", world.a, Role.PARTICIPANT_HANDLER, interventions=[insats])
    return type("Second", (), {"insats": insats, "handler": handler})


def enrol(world, actor=None, intervention=None, **fields):
    defaults = {
        "intervention": intervention or world.insats_a,
        "enrolment_date": dt.date(2019, 3, 1),
        "referrer": "AF",
        "income_before": "A_KASSA",
        "occupation_before": "ARBETSSOKANDE",
    }
    if "personnummer" in fields and "consent_given_on" not in fields:
        fields.update(consent_given_on=fields.get("enrolment_date", dt.date(2019, 3, 1)), consent_method="WRITTEN")
    defaults.update(fields)
    return actions.enrol(actor, world.a, **defaults)
