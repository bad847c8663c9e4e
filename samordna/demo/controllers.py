"""Who holds the demo participants' data: the member that runs each individual insats is its controller, and the
demo's participant handlers are that member's staff.

From the seeds: Knivsta kommun runs 2017:48 [001 L8] and Enköpings kommun the fictional 2019:3; Plattform
Norrköping is the four authorities' joint platform, its team made of all four [000 L228–230], so they are joint
controllers there. Uppsala län's present coordinator (`deltagaransvarig3`) is employed by Region Uppsala and works in
insatser the region runs jointly with the kommun (fictional, like those insatser).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.interventions.actions import set_data_controller
from samordna.interventions.models import ControllerKind, DataController, Intervention, InterventionKind
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import Forbund, Member, Role, RoleAssignment

from .users import PRESENT_HANDLER_UPPSALA

# (förbund slug, registration number) -> the joint controllers, the one who answers and informs, the agreement.
JOINT: dict[tuple[str, str], tuple[tuple[str, ...], str, dt.date, str]] = {
    ("ostra-ostergotland", "2014:1"): (
        ("Norrköpings kommun", "Region Östergötland", "Arbetsförmedlingen", "Försäkringskassan"),
        "Norrköpings kommun",
        dt.date(2014, 8, 20),
        "Överenskommelse om gemensamt personuppgiftsansvar, Plattform Norrköping",
    ),
}
# Handlers whose employer is not the owner of their insatser.
EMPLOYERS = {"plattform": "Norrköpings kommun", PRESENT_HANDLER_UPPSALA: "Region Uppsala"}
# The förbund's DPO from the seed [004 L14]; the demo's mailbox for it is fictional.
FORBUND_DPO = {"kavlinge-lomma": "Karin Rangin"}
DEMO_MAIL = "demo.example.org"


def name_controller(intervention: Intervention, joint_with: tuple[str, ...] = ()) -> DataController | None:
    """Make the insats's owner (with `joint_with`, or the joint controllers of `JOINT`) its controller, once."""
    if intervention.kind != InterventionKind.INDIVIDUAL:
        return None
    current = DataController.objects.filter(intervention=intervention).first()
    if current is not None:
        return current
    forbund = intervention.forbund
    joint = JOINT.get((forbund.slug, intervention.registration_no))
    if joint is not None:
        names, lead, signed, reference = joint
    elif intervention.owner is not None:
        names, lead = (intervention.owner.name, *joint_with), intervention.owner.name
        signed, reference = intervention.start_date, f"PuB {intervention.registration_no}"
    else:
        return None
    members = list(Member.objects.filter(forbund=forbund, name__in=names))
    arrangement: dict[str, Any] = {}
    if len(members) > 1:
        first = next(m for m in members if m.name == lead)
        arrangement = {
            "answers_requests": first,
            "informs_subjects": first,
            "agreement_date": signed,
            "agreement_reference": reference,
        }
    return set_data_controller(None, intervention, kind=ControllerKind.MEMBERS, members=members, **arrangement)


def employ(assignment: RoleAssignment, intervention: Intervention | None = None) -> None:
    """Record the demo handler's employer, once: a named one, else the owner of the insats they handle."""
    if assignment.role != Role.PARTICIPANT_HANDLER or assignment.employer_id or assignment.employed_by_forbund:
        return
    forbund: Forbund = assignment.forbund
    named = EMPLOYERS.get(assignment.user.username)
    if named is not None:
        employer = Member.objects.filter(forbund=forbund, name=named).first()
    else:
        insats = intervention or assignment.interventions.filter(owner__isnull=False).first()
        employer = insats.owner if insats is not None else None
    if employer is not None:
        tenancy_actions.set_role_employer(None, assignment, employer=employer)


def dpo_contacts(forbund: Forbund) -> None:
    """A DPO contact for the förbund and each member that controls an insats (fictional mailboxes)."""
    if not forbund.dpo_name:
        name = FORBUND_DPO.get(forbund.slug, f"Dataskyddsombudet, {forbund.name}")
        tenancy_actions.set_dpo_contact(None, forbund, dpo_name=name, dpo_email=f"dataskydd.{forbund.slug}@{DEMO_MAIL}")
    for member in Member.objects.filter(
        forbund=forbund, controlled_interventions__isnull=False, dpo_name=""
    ).distinct():
        slug = member.name.lower().replace(" ", "-").replace("å", "a").replace("ä", "a").replace("ö", "o")
        tenancy_actions.set_dpo_contact(
            None,
            forbund,
            member,
            dpo_name=f"Dataskyddsombudet, {member.name}",
            dpo_email=f"dataskydd.{slug}@{DEMO_MAIL}",
        )
