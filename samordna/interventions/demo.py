"""Demo volume counts for the structural insats 2018:5 in Uppsala län, for the demo loader. Running it again adds
nothing. The seed tells that a structure for collaboration was set up in 2018 [001 L10]; how many of the
parties' staff took part, per half-year, is the demo's own assumption."""

from __future__ import annotations

import datetime as dt

from . import actions
from .models import GoalIndicator, Intervention, VolumeCount

H1 = (dt.date(2018, 1, 1), dt.date(2018, 6, 30))
H2 = (dt.date(2018, 7, 1), dt.date(2018, 12, 31))
# (period, member name, sex, count)
COUNTS = [
    (H1, "Knivsta kommun", "K", 9),
    (H1, "Knivsta kommun", "M", 3),
    (H1, "Arbetsförmedlingen", "K", 4),
    (H1, "Arbetsförmedlingen", "M", 2),
    (H2, "Knivsta kommun", "K", 11),
    (H2, "Knivsta kommun", "M", 5),
    (H2, "Arbetsförmedlingen", "K", 3),
    (H2, "Försäkringskassan", "K", 2),
    (H2, "Region Uppsala", "K", 6),
    (H2, "Region Uppsala", "M", 1),
]


def load(stdout=None) -> None:
    _target_ages()
    intervention = Intervention.objects.filter(forbund__slug="uppsala-lan", registration_no="2018:5").first()
    if intervention is None or VolumeCount.objects.filter(intervention=intervention).exists():
        return
    members = {m.name: m for m in intervention.forbund.members.all()}
    actions.add_goal(
        None,
        intervention,
        text="En struktur för samverkan mellan parterna i Knivsta finns på plats",
        indicator=GoalIndicator.OTHER,
        declared_met=True,
        declared_text="Strukturen ingår i en överenskommelse mellan Arbetsförmedlingen och kommunen från hösten 2018.",
    )
    for (start, end), member, sex, count in COUNTS:
        actions.record_volume_count(
            None, intervention, period_start=start, period_end=end, member=members[member], sex=sex, count=count
        )
    if stdout is not None:
        stdout.write(f"Volymuppgifter: {len(COUNTS)} för den strukturövergripande insatsen 2018:5.")


def _target_ages() -> None:
    """The age range of 2017:48's target group, 18–64 [001 L54]; enrolments outside it give a warning."""
    knivsta = Intervention.objects.filter(forbund__slug="uppsala-lan", registration_no="2017:48", age_min=None).first()
    if knivsta is not None:
        actions.update_intervention(None, knivsta, age_min=18, age_max=64)
