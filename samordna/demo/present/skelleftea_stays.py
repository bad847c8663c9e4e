"""Participants in Skellefteå-Norsjö's running insats, so that its statistics pages have something to show.

The stays are drawn with the same generator as Uppsala län's present and written through the same actions, by a
participant handler of the member that runs the insats: the förbund's own roles see the figures, never the people.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from samordna.interventions.models import Intervention
from samordna.participants.models import Participation
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import Forbund, Role, RoleAssignment

from ..users import PRESENT_HANDLER_SKELLEFTEA
from .uppsala import PresentInsats, fill_insats

SLUG = "skelleftea-norsjo"
SEED = 3  # seed 003, the Skellefteå-Norsjö board papers
INSATS_NAME = "Vägen vidare – samordnat stöd för unga vuxna"
JOBBSPARET = "Jobbspåret"
APPLICANT = "sokande"


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
        _applicant_sees(forbund, intervention)
    if stdout is not None:
        stdout.write(f"Skellefteå-Norsjö i nutid: {written} deltaganden i {intervention.registration_no}.")


def _applicant_sees(forbund: Forbund, vagen: Intervention) -> None:
    """The demo applicant works at Skellefteå kommun, which runs Vägen vidare and, since its grant, Jobbspåret:
    its role covers both, so that it follows their reports and their (suppressed) figures."""
    sokande = RoleAssignment.objects.filter(user__username=APPLICANT, forbund=forbund, role=Role.APPLICANT).first()
    if sokande is None:
        return
    own = [vagen, *Intervention.objects.filter(forbund=forbund, name__startswith=JOBBSPARET)]
    tenancy_actions.add_role_interventions(None, sokande, own)


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
    return fill_insats(forbund, intervention, insats, today, SEED)
