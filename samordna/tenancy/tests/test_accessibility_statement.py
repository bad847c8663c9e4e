"""The accessibility statement: open without logging in, with the parts Digg asks for, linked from every page."""

import pytest
from django.urls import reverse

from samordna.lib.markup import id_problems

URL = "/tillganglighet/"


@pytest.mark.django_db
def test_anyone_reads_the_statement_without_logging_in(client):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Vad redogörelsen gäller",
        "Hur tillgängligt systemet är",
        "Det som inte är tillgängligt",
        "Rapportera brister eller be om innehållet i annan form",
        "Tillsyn",
        "Hur vi har testat",
    ):
        assert f">{heading}</h2>" in html
    assert "delvis förenligt" in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert "upprättades den 3 december 2026" in html
    assert id_problems(html) == []


@pytest.mark.django_db
def test_the_statement_names_the_configured_contact(client, settings):
    settings.ACCESSIBILITY_CONTACT = "tillganglighet@forbundet.se"

    html = client.get(URL).content.decode()

    assert '<a href="mailto:tillganglighet@forbundet.se">' in html


@pytest.mark.django_db
def test_without_a_contact_it_points_at_the_forbund(client, settings):
    settings.ACCESSIBILITY_CONTACT = ""

    html = client.get(URL).content.decode()

    assert "mailto:" not in html
    assert "Kontakta det samordningsförbund som gav dig ditt konto" in html


@pytest.mark.django_db
def test_the_login_page_links_to_the_statement_in_its_footer(client):
    html = client.get(reverse("tenancy:login")).content.decode()

    footer = html[html.index('<footer class="foot">') :]
    assert f'href="{URL}"' in footer


def test_a_forbund_page_links_to_the_statement_in_its_footer(world, login_as):
    html = login_as(world.people.admin).get(f"/f/{world.a.slug}/").content.decode()

    footer = html[html.index('<footer class="foot">') :]
    assert f'href="{URL}"' in footer
