"""Each role's menu shows exactly what that role may open, and every entry opens."""

import pytest
from django.urls import reverse

from samordna.openentry.models import Team
from samordna.tenancy import permissions
from samordna.tenancy.context_processors import MENU, OPEN_ENTRY
from samordna.tenancy.models import Role

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
}


@pytest.mark.parametrize("persona", sorted(PERSONA_ROLE))
def test_menu_matches_the_policy_and_every_page_behaves(world, login_as, persona):
    role = PERSONA_ROLE[persona]
    Team.objects.create(forbund=world.a, name="Samverkansteam Alfa")  # open entry is in use in Alfa
    client = login_as(getattr(world.people, persona))

    response = client.get(reverse("tenancy:dashboard", args=["alfa"]))
    shown = {item["name"] for item in response.context["menu"]}

    for capability, name, _label in MENU:
        url = reverse(name, kwargs={"forbund_slug": "alfa"})
        allowed = role in permissions.POLICY[capability]
        assert (name in shown) == allowed, f"{persona}: {name}"
        status = client.get(url).status_code
        assert status == (200 if allowed else 403), f"{persona}: {url} gave {status}"


def test_denied_page_says_why(world, login_as):
    client = login_as(world.people.board)

    response = client.get(reverse("audit:log", args=["alfa"]))

    assert response.status_code == 403
    assert "Kräver någon av rollerna" in response.content.decode()


def test_switcher_lists_only_own_forbund(world, login_as):
    from samordna.tenancy import actions

    actions.assign_role(None, world.b, world.people.board, Role.AUDITOR)
    client = login_as(world.people.board)

    response = client.get(reverse("tenancy:dashboard", args=["alfa"]))

    assert [f.slug for f in response.context["my_forbund"]] == ["alfa", "beta"]
    assert 'href="/f/beta/"' in response.content.decode()
    home = client.get(reverse("home"))
    assert home.status_code == 200 and len(home.context["choices"]) == 2


@pytest.mark.parametrize("persona", ["admin", "handler"])
def test_open_entry_stays_out_of_the_menu_until_the_forbund_has_a_team(world, login_as, persona):
    client = login_as(getattr(world.people, persona))
    dashboard = reverse("tenancy:dashboard", args=["alfa"])

    before = {item["name"] for item in client.get(dashboard).context["menu"]}
    Team.objects.create(forbund=world.a, name="Samverkansteam Alfa")
    after = {item["name"] for item in client.get(dashboard).context["menu"]}

    assert not before & OPEN_ENTRY
    assert after & OPEN_ENTRY
    # The admin sets up the first team from "Team och katalog", which is there all along.
    assert ("openentry:setup" in before) == (persona == "admin")
    assert before <= after
