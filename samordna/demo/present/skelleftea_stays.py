"""Participants in Skellefteå-Norsjö's running insats, so that its statistics pages have something to show.

The stays are drawn with the same generator as Uppsala län's present and written through the same actions, by a
participant handler of the member that runs the insats: the förbund's own roles see the figures, never the people.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from samordna.interventions.models import Intervention
from samordna.participants.models import Participant, Participation
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import Forbund, Kommun, Role, RoleAssignment, User

from ..users import PRESENT_HANDLER_SKELLEFTEA
from .uppsala import PresentInsats, _scale, _write_stay, draw_stays

SLUG = "skelleftea-norsjo"
SEED = 3  # seed 003, the Skellefteå-Norsjö board papers
INSATS_NAME = "Vägen vidare – samordnat stöd för unga vuxna"


def load(stdout=None, today=None) -> None:
    """The demo loader's entry: stays in the running youth insats, once."""
    today = today or timezone.localdate()
    forbund = Forbund.objects.filter(slug=SLUG).first()
    if forbund is None:
        return
    intervention = Intervention.objects.filter(forbund=forbund, name=INSATS_NAME).select_related("forbund").first()
    if intervention is None or Participation.objects.filter(intervention=intervention).exists():
        return
    with transaction.atomic():
        written = _load(forbund, intervention, today)
    if stdout is not None:
        stdout.write(f"Skellefteå-Norsjö i nutid: {written} deltaganden i {intervention.registration_no}.")


def _load(forbund: Forbund, intervention: Intervention, today) -> int:
    start = intervention.start_date
    if start is None:  # the present module creates the insats with its dates
        return 0
    insats = PresentInsats(
        name=INSATS_NAME,
        owner="Skellefteå kommun",
        partners=(),
        start=lambda _today: start,
        number=0,
        per_month=3.6,
        referrers={"KOMMUN": 42, "AF": 30, "REGION": 14, "FK": 6, "EGEN": 7, "ANNAN": 1},
        kommuner={"2482": 88, "2417": 12},
        ages=(18, 29),
        planned_per_year=40,
        staff=3,
        handler=PRESENT_HANDLER_SKELLEFTEA,
    )
    handler = User.objects.filter(username=PRESENT_HANDLER_SKELLEFTEA).first()
    if handler is not None:
        held = RoleAssignment.objects.filter(user=handler, forbund=forbund, role=Role.PARTICIPANT_HANDLER).first()
        if held is None:
            tenancy_actions.assign_role(None, forbund, handler, Role.PARTICIPANT_HANDLER, interventions=[intervention])
        else:
            tenancy_actions.add_role_interventions(None, held, [intervention])
    kommuner = {kommun.code: kommun for kommun in Kommun.objects.filter(code__in=list(insats.kommuner))}
    taken = set(
        Participant.objects.filter(forbund=forbund).exclude(personnummer="").values_list("personnummer", flat=True)
    )
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets  # nosec B311
    scale = _scale(forbund)
    plans = [plan for plan in draw_stays(rng, [insats], today, taken) if plan.enrolled >= start]
    for plan in plans:
        _write_stay(rng, forbund, plan, intervention, kommuner[plan.kommun], scale)
    return len(plans)
