"""A few fictional participants for demo installations, for the demo loader to call once its insatser exist.

Every person is made up: the personnummer come from `fictional`, and stays are spread so that the handler's
work view has something overdue, something due and a finished stay with a six-month follow-up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.interventions.models import Intervention

from . import actions
from .fictional import fictional_personnummer
from .models import Participation

PEOPLE = [
    # (birth date, serial, sex, name or None for anonymous, enrolment, referrer, income, occupation)
    ("19880312", 0, "K", "Elin Exempel", dt.date(2019, 2, 4), "AF", "A_KASSA", "ARBETSSOKANDE"),
    ("19950720", 1, "M", "Omar Prov", dt.date(2019, 3, 11), "FK", "SJUKPENNING", "INGEN_SYSSELSATTNING"),
    ("19760105", 2, "K", None, dt.date(2019, 4, 1), "KOMMUN", "FORSORJNINGSSTOD", "INGEN_SYSSELSATTNING"),
    ("20010918", 3, "M", "Alex Testsson", dt.date(2019, 5, 6), "REGION", "AKTIVITETSERSATTNING", "STUDIER"),
]


def load_demo_participants(intervention: Intervention, today: dt.date | None = None) -> list[Participation]:
    """Enrol the fictional people in `intervention` (an individual insats), unless they are already there."""
    if Participation.objects.filter(intervention=intervention).exists():
        return list(Participation.objects.filter(intervention=intervention))
    forbund = intervention.forbund
    kommun = forbund.kommuner.first()
    stays = []
    for birth, serial, sex, name, enrolled, referrer, income, occupation in PEOPLE:
        identity: dict[str, Any] = (
            {"personnummer": fictional_personnummer(birth, serial, sex), "name": name, "consent_given_on": enrolled}
            if name
            else {"sex": sex, "birth_year": int(birth[:4])}
        )
        stays.append(
            actions.enrol(
                None,
                forbund,
                intervention=intervention,
                enrolment_date=enrolled,
                referrer=referrer,
                income_before=income,
                occupation_before=occupation,
                home_kommun=kommun,
                consent_method="WRITTEN" if name else "",
                **identity,
            )
        )
    first, second, third, fourth = stays
    actions.record_sip(None, first, held_on=dt.date(2019, 2, 11), parties_present=["DELTAGARE", "AF", "KOMMUN"])
    actions.revise_action_plan(
        None, first, revised_on=dt.date(2019, 2, 18), summary="Arbetsträning på lager, två dagar i veckan."
    )
    actions.discharge(
        None,
        first,
        discharge_date=dt.date(2019, 11, 29),
        reason="FULLFOLJD",
        occupation_after="ARBETE",
        income_after="LON",
    )
    actions.record_follow_up(
        None, first, kind="SIX_MONTHS", contacted_on=dt.date(2020, 6, 1), occupation="ARBETE", income="LON"
    )
    actions.record_sip(None, second, held_on=dt.date(2019, 3, 18), parties_present=["DELTAGARE", "FK", "REGION"])
    actions.discharge(
        None,
        third,
        discharge_date=dt.date(2019, 9, 30),
        reason="AVBRUTEN",
        occupation_after="ANNAN_INSATS",
        income_after="FORSORJNINGSSTOD",
    )
    actions.revise_action_plan(None, fourth, revised_on=dt.date(2019, 5, 13), summary="Studiebesök och kartläggning.")
    return stays


def load(stdout=None) -> None:
    """The demo loader's entry: fictional participants in Uppsala län's insats 2017:48."""
    intervention = Intervention.objects.filter(forbund__slug="uppsala-lan", registration_no="2017:48").first()
    if intervention is None:
        return
    stays = load_demo_participants(intervention)
    if stdout is not None:
        stdout.write(f"Deltagare: {len(stays)} påhittade deltagare i insats 2017:48.")
