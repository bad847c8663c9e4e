"""The open-entry demo on top of the main demo loader: Plattform Norrköping's team with requests in every state."""

from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.demo.loader import load_demo
from samordna.openentry import demo
from samordna.openentry.models import CatalogueEntry, IntakeRequest, RequestState, Team
from samordna.tenancy.models import User


def test_the_team_its_requests_and_the_catalogue_and_a_second_run_adds_nothing(db, login_as):
    load_demo(include_apps=False)
    demo.load()
    events = AuditEvent.objects.count()
    demo.load()
    assert AuditEvent.objects.count() == events

    team = Team.objects.get(forbund__slug="ostra-ostergotland")
    assert team.name == "Samverkansteam Plattform Norrköping"
    assert sorted(team.seats.values_list("member__party_type", flat=True)) == ["AF", "FK", "KOMMUN", "REGION"]
    assert team.seats.get(member__party_type="KOMMUN").member.name.startswith("Norrköping")
    states = set(IntakeRequest.objects.filter(team=team).values_list("state", flat=True))
    assert states == {
        RequestState.RECEIVED,
        RequestState.ON_AGENDA,
        RequestState.RECOMMENDED,
        RequestState.NOT_RELEVANT,
        RequestState.ANOTHER_MEETING,
    }
    names = set(CatalogueEntry.objects.filter(forbund=team.forbund).values_list("name", flat=True))
    assert {"Koordinatorstöd", "Aktiverande försteg", "SAMSIP"} <= names

    client = login_as(User.objects.get(username="team-fk"))
    page = client.get(reverse("openentry:team", args=["ostra-ostergotland", team.pk]))
    assert page.status_code == 200 and "över riktlinjen" in page.content.decode()
    handler = login_as(User.objects.get(username="plattform"))
    inbox = handler.get(reverse("openentry:referrals", args=["ostra-ostergotland"]))
    assert "Väntar på insatsen" in inbox.content.decode()
