"""The detailed budget of an application (R7): the applicant writes its lines on a page of their own while the
application is a draft; afterwards, and for others, nothing changes."""

from samordna.applications import actions
from samordna.applications.models import BudgetLine, State

from .factories import complete_application
from .test_workflow import bring_to


def posted(rows, extra=1, saved=0):
    """The page's form as posted: `saved` of the rows were shown filled in from the lines saved before."""
    data = {"lines-TOTAL_FORMS": str(len(rows) + extra), "lines-INITIAL_FORMS": str(saved)}
    for i, row in enumerate(rows):
        data.update({f"lines-{i}-{k}": v for k, v in row.items()})
    for i in range(len(rows), len(rows) + extra):
        data[f"lines-{i}-category"] = "personnel"
    return data


COORDINATOR = {"description": "Koordinator 50 %", "category": "personnel", "monthly_cost": "24500", "months": "8"}
PREMISES = {"description": "Lokalhyra", "category": "premises", "lump_sum": "17500"}


def test_the_applicant_writes_the_detailed_budget_of_a_draft(world, client, login_as):
    application = complete_application(world)
    login_as(world.people.applicant)
    url = f"/f/alfa/ansokningar/{application.pk}/budgetrader/"
    assert "Ändra den detaljerade budgeten" in client.get(f"/f/alfa/ansokningar/{application.pk}/").content.decode()

    response = client.post(url, posted([COORDINATOR, PREMISES]))

    assert response.status_code == 302
    assert sorted((line.description, line.amount) for line in application.budget_lines.all()) == [
        ("Koordinator 50 %", 196_000),
        ("Lokalhyra", 17_500),
    ]
    again = client.get(url).content.decode()
    assert 'value="Koordinator 50 %"' in again
    removed = client.post(url, {**posted([COORDINATOR, PREMISES], saved=2), "lines-1-delete": "on"})
    assert removed.status_code == 302
    assert list(application.budget_lines.values_list("description", flat=True)) == ["Koordinator 50 %"]


def test_a_line_with_both_a_monthly_cost_and_a_lump_sum_is_refused_and_nothing_is_saved(world, client, login_as):
    application = complete_application(world)
    actions.set_budget_lines(None, application, [{"description": "Hyra", "category": "premises", "lump_sum": 1}])
    login_as(world.people.applicant)

    response = client.post(
        f"/f/alfa/ansokningar/{application.pk}/budgetrader/", posted([{**COORDINATOR, "lump_sum": "5"}])
    )

    assert response.status_code == 400 and "antingen månadskostnad" in response.content.decode()
    assert list(application.budget_lines.values_list("description", flat=True)) == ["Hyra"]


def test_a_submitted_application_and_other_roles_are_refused(world, client, login_as):
    draft = complete_application(world)
    submitted = bring_to(world, State.SUBMITTED)
    for user, application in ((world.people.board, draft), (world.people.applicant, submitted)):
        login_as(user)
        response = client.post(f"/f/alfa/ansokningar/{application.pk}/budgetrader/", posted([COORDINATOR]))
        assert response.status_code in (403, 404)
    assert not BudgetLine.objects.exists()
