"""Helpers for participant tests: fictional people and a short way to enrol them."""

import datetime as dt

from samordna.participants import actions
from samordna.participants.fictional import fictional_personnummer

ANNA = fictional_personnummer("19850101", 0, "K")  # 198501019809
BO = fictional_personnummer("19900615", 1, "M")


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
