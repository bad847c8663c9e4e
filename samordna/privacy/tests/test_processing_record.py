"""The record of processing (GDPR art. 30) per controller, made from the configuration, as a page and a tagged PDF:
read by the förbund's DPO for every controller and by a handler for their own employer; nobody else."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import make_controller
from samordna.audit.models import AuditEvent, ReadLogEntry
from samordna.participants.tests.people import ANNA, enrol
from samordna.privacy import actions as privacy_actions
from samordna.stats.tests.test_pdf_tagging import assert_tagged
from samordna.tenancy import actions as tenancy_actions


def url(world, name="processing", controller=None):
    args = [world.a.slug] if controller is None else [world.a.slug, controller]
    return reverse(f"privacy:{name}", args=args)


@pytest.fixture
def configured(world):
    kommun = world.members_a["2482"]
    tenancy_actions.set_dpo_contact(
        None, world.a, kommun, dpo_name="Dora Dataskydd", dpo_email="dora@skelleftea.example.org"
    )
    make_controller(world.insats_a, kommun, world.members_a["region"])
    privacy_actions.set_retention_plan(None, world.a, years_after_discharge=3, decided_on=dt.date(2020, 5, 1))
    enrol(world, None, personnummer=ANNA, name="Anna Andersson")
    return kommun


def test_the_dpo_reads_each_controllers_record_and_downloads_it_as_a_tagged_pdf(world, login_as, configured):
    client = login_as(world.people.dpo)
    reads, events = ReadLogEntry.objects.count(), AuditEvent.objects.count()

    listing = client.get(url(world))
    assert listing.status_code == 200
    assert configured.name in listing.content.decode()
    assert world.members_a["region"].name in listing.content.decode()

    page = client.get(url(world, "processing_record", str(configured.pk)))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        configured.name,
        "Dora Dataskydd",
        "dora@skelleftea.example.org",
        "2017:48",
        world.members_a["region"].name,  # the joint controller
        "PuB 2018:1",
        "3 år efter deltagarens sista utskrivning",
        "Ingen.",  # transfers to third countries
        "engångskod",
    ):
        assert expected in text, expected
    assert "Anna" not in text and ANNA not in text

    pdf = client.get(url(world, "processing_record_pdf", str(configured.pk)))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert_tagged(pdf.content, "Förteckning över behandlingar")
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dora Dataskydd" in pdf_text and "Anna" not in pdf_text
    # It is made from the configuration: no personal data is read, nothing is written.
    assert (ReadLogEntry.objects.count(), AuditEvent.objects.count()) == (reads, events)


def test_a_handler_reads_the_record_of_their_own_employer_only(world, login_as, configured):
    client = login_as(world.people.handler)  # employed by Skellefteå kommun
    assert client.get(url(world)).status_code == 200
    assert client.get(url(world, "processing_record", str(configured.pk))).status_code == 200
    region = world.members_a["region"]
    assert client.get(url(world, "processing_record", str(region.pk))).status_code == 403
    assert client.get(url(world, "processing_record_pdf", str(region.pk))).status_code == 403


def test_a_controller_without_a_dpo_says_so(world, login_as, configured):
    page = login_as(world.people.dpo).get(url(world, "processing_record", str(world.members_a["region"].pk)))
    assert "Inte angivet" in page.content.decode()


def test_an_unknown_controller_is_not_found(world, login_as, configured):
    client = login_as(world.people.dpo)
    assert client.get(url(world, "processing_record", "999999")).status_code == 404
    assert client.get(url(world, "processing_record", "nagon")).status_code == 404
    assert client.get(url(world, "processing_record", str(world.members_b["1261"].pk))).status_code == 404


@pytest.mark.parametrize("persona", ["admin", "office", "board", "auditor", "applicant", "preparatory", "colleague"])
def test_the_forbunds_other_roles_do_not_read_the_records(world, login_as, configured, persona):
    client = login_as(getattr(world.people, persona))
    reads = ReadLogEntry.objects.count()
    assert client.get(url(world)).status_code == 403
    assert client.get(url(world, "processing_record", str(configured.pk))).status_code == 403
    assert ReadLogEntry.objects.count() == reads


def test_the_admin_enters_a_members_dpo_on_the_forbund_page(world, login_as):
    client = login_as(world.people.admin)
    member = world.members_a["fk"]
    form_url = reverse("tenancy:member_dpo_contact", args=[world.a.slug, member.pk])
    assert client.get(reverse("tenancy:forbund", args=[world.a.slug])).content.decode().count(form_url) == 1

    refused = client.post(form_url, {"dpo_name": "Frida", "dpo_email": "", "dpo_phone": ""})
    assert refused.status_code == 400
    member.refresh_from_db()
    assert member.dpo_name == ""

    saved = client.post(form_url, {"dpo_name": "Frida Ombud", "dpo_email": "", "dpo_phone": "010-123 45 67"})
    assert saved.status_code == 302
    member.refresh_from_db()
    assert (member.dpo_name, member.dpo_phone) == ("Frida Ombud", "010-123 45 67")
    assert AuditEvent.objects.filter(action="member.dpo", object_id=str(member.pk)).exists()


def test_only_the_admin_enters_dpo_contacts(world, login_as):
    client = login_as(world.people.office)
    response = client.post(
        reverse("tenancy:dpo_contact", args=[world.a.slug]), {"dpo_name": "X", "dpo_email": "x@y.se"}
    )
    assert response.status_code == 403
    world.a.refresh_from_db()
    assert world.a.dpo_name == ""
