"""A refused save on the application pages leaves nothing behind and says what to shorten."""

from django.urls import reverse

from samordna.applications.models import Application, Signatory, State
from samordna.applications.sections import SECTION_KEYS
from samordna.applications.tests.factories import board_meeting, complete_application
from samordna.applications.tests.test_workflow import bring_to
from samordna.audit.models import AuditEvent
from samordna.meetings.models import AgendaItem


def url(name, **kwargs):
    return reverse(f"applications:{name}", kwargs={"forbund_slug": "alfa", **kwargs})


def form_data(world, **overrides):
    data = {
        "title": "Webbansökan",
        "org_name": "Norsjö kommun",
        "org_number": "212000-2858",
        "contact_name": "Eleonore",
        "period_start": "2015-08-01",
        "period_end": "2016-03-31",
        "involved_parties": [world.members_a["2417"].pk, world.members_a["fk"].pk],
        "signatories": "Mikael Lindfors",
        **{f"section_{key}": f"Svar på {key}" for key in SECTION_KEYS},
    }
    data.update(overrides)
    return data


def test_a_signatory_too_long_creates_no_application(world, login_as):
    client = login_as(world.people.applicant)
    events = AuditEvent.objects.count()

    response = client.post(url("new"), form_data(world, signatories="Mikael Lindfors\n" + "K" * 250))
    again = client.post(url("new"), form_data(world, signatories="Mikael Lindfors\n" + "K" * 250))

    assert response.status_code == again.status_code == 400
    assert "högst 200 tecken" in response.content.decode()
    assert not Application.objects.exists()
    assert not Signatory.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_signatory_too_long_changes_nothing_on_the_edit_page(world, login_as):
    application = complete_application(world)
    client = login_as(world.people.applicant)
    data = form_data(
        world,
        title="Nytt namn",
        signatories="Ny Person\n" + "K" * 250,
        expected_version=application.version,
        budget_2015_personnel="1",
    )

    response = client.post(url("edit", application_id=application.pk), data)

    application.refresh_from_db()
    assert response.status_code == 400
    assert "högst 200 tecken" in response.content.decode()
    assert application.title == "Knut'n 2.0"
    assert [s.name for s in application.signatories.all()] == ["Mikael Lindfors", "Katarzyna Wikström"]
    assert application.budget_years.get(year=2015).personnel == 196_000


def test_a_long_title_and_organisation_still_go_on_the_agenda(world, login_as):
    application = bring_to(world, State.PREPARED)
    Application.objects.filter(pk=application.pk).update(title="T" * 200, org_name="O" * 200)
    meeting = board_meeting(world)
    client = login_as(world.people.office)

    response = client.post(
        url("step", application_id=application.pk, transition="put_on_agenda"), {"meeting": meeting.pk}
    )

    application.refresh_from_db()
    item = AgendaItem.objects.get(application=application)
    assert response.status_code == 302
    assert application.state == State.ON_AGENDA
    assert len(item.title) == AgendaItem._meta.get_field("title").max_length
    assert item.title.startswith("TTTT") and item.title.endswith("…")
    assert "– ansökan från OOOO" in item.title
