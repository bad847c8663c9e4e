"""The application pages: an applicant fills in and submits on the web and sees only its own applications."""

import datetime as dt

from django.urls import reverse

from samordna.applications import actions
from samordna.applications.models import Application, DecisionOutcome, State
from samordna.applications.sections import SECTION_KEYS

from .factories import complete_application, decision_paragraph
from .test_workflow import bring_to


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"forbund_slug": "alfa", **kwargs})


def test_an_applicant_fills_in_the_form_and_submits(world, login_as):
    client = login_as(world.people.applicant)
    data = {
        "title": "Webbansökan",
        "org_name": "Norsjö kommun",
        "org_number": "212000-2858",
        "contact_name": "Eleonore",
        "period_start": "2015-08-01",
        "period_end": "2016-03-31",
        "involved_parties": [world.members_a["2417"].pk, world.members_a["fk"].pk],
        "signatories": "Mikael Lindfors\nKatarzyna Wikström",
        **{f"section_{key}": f"Svar på {key}" for key in SECTION_KEYS},
    }

    response = client.post(url("new"), data)
    application = Application.objects.get(title="Webbansökan")
    assert response.status_code == 302
    edit = client.get(url("edit", application_id=application.pk))
    assert 'name="budget_2016_personnel"' in edit.content.decode()
    # Each cell of the budget table has a name of its own for screen readers: the row and the year.
    assert 'name="budget_2016_personnel" value="0" aria-label="Personal 2016"' in edit.content.decode()
    data.update({"budget_2015_personnel": "196000", "budget_2016_personnel": "117600", "budget_2015_other": "52500"})
    client.post(url("edit", application_id=application.pk), data)
    detail = client.get(url("detail", application_id=application.pk)).content.decode()
    assert "366 100" in detail
    response = client.post(url("step", application_id=application.pk, transition="submit"), {})

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.state == State.SUBMITTED and application.registration_no
    assert [s.name for s in application.signatories.all()] == ["Mikael Lindfors", "Katarzyna Wikström"]


def test_submission_refused_on_the_page_shows_the_reasons(world, login_as):
    application = complete_application(world, parties=[world.members_a["2482"], world.members_a["2417"]])
    client = login_as(world.people.applicant)

    response = client.post(url("step", application_id=application.pk, transition="submit"), {})

    assert response.status_code == 400
    assert "minst två" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_applicants_see_only_their_own_applications(world, login_as):
    from conftest import make_user
    from samordna.tenancy.models import Role

    mine = complete_application(world)
    theirs = complete_application(world, actor=make_user("applicant_two", world.a, Role.APPLICANT), title="Annans")
    client = login_as(world.people.applicant)

    listing = client.get(url("list")).content.decode()

    assert "Knut&#x27;n 2.0" in listing and "Annans" not in listing
    assert client.get(url("detail", application_id=theirs.pk)).status_code == 404
    assert client.get(url("detail", application_id=mine.pk)).status_code == 200
    assert client.get(url("register")).status_code == 403


def test_a_step_the_user_may_not_take_is_refused(world, login_as):
    application = bring_to(world, State.SUBMITTED)
    client = login_as(world.people.board)

    response = client.post(url("step", application_id=application.pk, transition="start_preparation"))

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_office_decides_and_the_applicant_sees_the_decision(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)
    office = login_as(world.people.office)
    response = office.post(
        url("step", application_id=application.pk, transition="decide"),
        {"outcome": DecisionOutcome.REJECTED, "paragraph": paragraph.pk, "motivation": ""},
    )
    assert response.status_code == 400 and "motiveras" in response.content.decode()

    office.post(
        url("step", application_id=application.pk, transition="decide"),
        {"outcome": DecisionOutcome.REJECTED, "paragraph": paragraph.pk, "motivation": "Ryms inte i budgeten."},
    )
    applicant = login_as(world.people.applicant)
    page = applicant.get(url("detail", application_id=application.pk)).content.decode()

    assert "Avslagen" in page and "Ryms inte i budgeten." in page
    assert "att avslå ansökan" in page  # the decision as the paragraph words it


def test_register_page(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    actions.decide(
        None,
        application,
        outcome=DecisionOutcome.GRANTED,
        decided_on=dt.date(2015, 6, 11),
        paragraph=decision_paragraph(application),
    )

    page = login_as(world.people.board).get(url("register")).content.decode()

    # Knut'n's grant follows its budget: 266 000 kr for 2015 and 139 600 kr for 2016.
    assert "266 000" in page and "139 600" in page
