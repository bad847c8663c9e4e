"""The application workflow: every transition, who may take it, and from which states it is refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import PERSONAS as ALL_PERSONAS
from samordna.applications import actions
from samordna.applications.models import Application, DecisionOutcome, ReviewOutcome, State
from samordna.applications.workflow import TRANSITIONS, check_transition
from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.tenancy.models import Role

from .factories import board_meeting, complete_application, decision_paragraph

PERSONAS = [name for name in ALL_PERSONAS if name != "sysadmin"]
PERSONA_ROLE = {
    "admin": Role.FORBUND_ADMIN,
    "office": Role.OFFICE,
    "handler": Role.PARTICIPANT_HANDLER,
    "colleague": Role.INTERVENTION_MANAGER,
    "board": Role.BOARD_MEMBER,
    "auditor": Role.AUDITOR,
    "dpo": Role.DPO,
    "preparatory": Role.PREPARATORY,
    "applicant": Role.APPLICANT,
    "outsider": None,
}
ORDER = [State.DRAFT, State.SUBMITTED, State.IN_PREPARATION, State.PREPARED, State.ON_AGENDA, State.DECIDED]


def bring_to(world, state: State) -> Application:
    """An application by the applicant persona, moved by the console to `state`."""
    application = complete_application(world)
    steps = {
        State.SUBMITTED: lambda a: actions.submit(None, a, received_date=dt.date(2015, 5, 20)),
        State.IN_PREPARATION: lambda a: actions.start_preparation(None, a),
        State.PREPARED: lambda a: actions.review(
            None, a, outcome=ReviewOutcome.RECOMMENDED, body="LSG", reviewed_on=dt.date(2015, 6, 2)
        ),
        State.ON_AGENDA: lambda a: actions.put_on_agenda(None, a, board_meeting(world)),
        State.DECIDED: lambda a: actions.decide(
            None, a, outcome=DecisionOutcome.GRANTED, decided_on=dt.date(2015, 6, 11), paragraph=decision_paragraph(a)
        ),
    }
    for step in ORDER[1 : ORDER.index(state) + 1]:
        steps[step](application)
        application.refresh_from_db()
    return application


def take(world, name: str, user, application, meeting=None):
    call = {
        "submit": lambda: actions.submit(user, application),
        "return_for_completion": lambda: actions.return_for_completion(user, application, reason="Bifoga budget."),
        "start_preparation": lambda: actions.start_preparation(user, application),
        "review": lambda: actions.review(
            user, application, outcome=ReviewOutcome.RECOMMENDED, body="LSG", reviewed_on=dt.date(2015, 6, 2)
        ),
        "put_on_agenda": lambda: actions.put_on_agenda(user, application, meeting or board_meeting(world)),
        "decide": lambda: actions.decide(
            user,
            application,
            outcome=DecisionOutcome.GRANTED,
            decided_on=dt.date(2015, 6, 11),
            paragraph=decision_paragraph(application) if application.state == State.ON_AGENDA else None,
        ),
    }
    return call[name]()


CASES = [(name, persona) for name in TRANSITIONS for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), CASES)
def test_who_may_take_each_transition(world, name, persona):
    transition = TRANSITIONS[name]
    application = bring_to(world, transition.sources[0])
    user = getattr(world.people, persona)
    allowed = PERSONA_ROLE[persona] in transition.roles
    meeting = board_meeting(world)
    if name == "decide":
        decision_paragraph(application)  # the minutes are written before the decision is taken
    events = AuditEvent.objects.count()

    if allowed:
        take(world, name, user, application, meeting)
        application.refresh_from_db()
        assert application.state == transition.target
        assert AuditEvent.objects.count() > events
    else:
        with pytest.raises(Refused):
            take(world, name, user, application, meeting)
        application.refresh_from_db()
        assert application.state == transition.sources[0]
        assert AuditEvent.objects.count() == events


STATE_CASES = [(name, state) for name, t in TRANSITIONS.items() for state in ORDER if state not in t.sources]


@pytest.mark.parametrize(("name", "state"), STATE_CASES)
def test_each_transition_is_refused_from_every_other_state(world, name, state):
    application = bring_to(world, state)
    persona = {"submit": "applicant", "review": "preparatory"}.get(name, "office")
    user = getattr(world.people, persona)

    decision = check_transition(user, application, name)
    with pytest.raises(Refused):
        take(world, name, user, application)

    assert not decision.allowed and "status" in decision.reason
    application.refresh_from_db()
    assert application.state == state


def test_an_applicant_cannot_submit_another_organisations_application(world):
    from conftest import make_user

    other = make_user("applicant_two", world.a, Role.APPLICANT)
    application = complete_application(world)

    with pytest.raises(Refused, match="din organisation"):
        actions.submit(other, application)
    with pytest.raises(Refused):
        actions.update_application(other, application, title="Kapad")

    application.refresh_from_db()
    assert application.state == State.DRAFT and application.title == "Knut'n 2.0"


def test_the_office_registers_a_paper_application_with_its_arrival_date(world):
    application = complete_application(world, actor=world.people.office)

    actions.submit(world.people.office, application, received_date=dt.date(2015, 6, 4))

    application.refresh_from_db()
    assert application.received_date == dt.date(2015, 6, 4)
    assert application.registration_no == "2015:01"


def test_diarienummer_skips_numbers_used_by_insatser(world):
    from samordna.interventions.models import Intervention, InterventionKind

    Intervention.objects.create(
        forbund=world.a,
        registration_no="2015:1",
        name="Äldre",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2015, 1, 1),
    )
    first = bring_to(world, State.SUBMITTED)
    second = complete_application(world, title="Andra")
    actions.submit(None, second, received_date=dt.date(2015, 6, 5))

    second.refresh_from_db()
    assert (first.registration_no, second.registration_no) == ("2015:02", "2015:03")


def test_submission_lists_everything_missing(world):
    application = actions.create_application(world.people.applicant, world.a, title="Tunn ansökan")
    application.involved_parties.set([world.members_a["2482"], world.members_a["2417"]])

    with pytest.raises(ValidationError) as excinfo:
        actions.submit(world.people.applicant, application)

    text = " ".join(excinfo.value.messages)
    for expected in (
        "organisationens namn",
        "kontaktperson",
        "period",
        "Mångfald",
        "minst två",
        "budgettabellen",
    ):
        assert expected in text, expected
    application.refresh_from_db()
    assert application.state == State.DRAFT and application.registration_no == ""


def test_two_kommuner_are_one_party_but_a_kommun_and_the_region_are_two(world):
    application = complete_application(world, parties=[world.members_a["2482"], world.members_a["2417"]])

    with pytest.raises(ValidationError, match="minst två"):
        actions.submit(world.people.applicant, application)

    actions.update_application(
        world.people.applicant, application, involved_parties=[world.members_a["2482"], world.members_a["region"]]
    )
    actions.submit(world.people.applicant, application)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_an_unanswered_section_blocks_submission(world):
    # READY left "Mångfald" empty [003 L633–637].
    application = complete_application(world)
    actions.update_application(world.people.applicant, application, sections={"diversity": "  "})

    with pytest.raises(ValidationError, match="Mångfald"):
        actions.submit(world.people.applicant, application)


def test_invalid_organisationsnummer_is_refused(world):
    with pytest.raises(ValidationError, match="kontrollsiffra"):
        actions.create_application(world.people.applicant, world.a, title="X", org_number="212000-2859")

    assert not Application.objects.filter(title="X").exists()


def test_a_submitted_application_cannot_be_edited(world):
    application = bring_to(world, State.SUBMITTED)

    with pytest.raises(Refused, match="inskickad"):
        actions.update_application(world.people.applicant, application, title="Ändrad")
    with pytest.raises(Refused):
        actions.set_budget(world.people.office, application, {2015: {"personnel": 1}})


def test_return_for_completion_needs_a_reason_and_reopens_the_draft(world):
    application = bring_to(world, State.SUBMITTED)

    with pytest.raises(ValidationError):
        actions.return_for_completion(world.people.office, application, reason=" ")
    actions.return_for_completion(world.people.office, application, reason="Fyll i mångfald.")

    application.refresh_from_db()
    assert application.state == State.DRAFT
    actions.update_application(world.people.applicant, application, title="Knut'n 2.1")
