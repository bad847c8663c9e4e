"""The data protection officer's pages: the retention plan, erasure on request with a typed confirmation, and
the register extract (art. 15) as a tagged PDF. Other roles are refused and change nothing."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samordna.audit.actions import log_read
from samordna.audit.models import AuditEvent, ReadLogEntry
from samordna.participants import actions as participant_actions
from samordna.participants.models import IdentityMode, Participant
from samordna.participants.tests.people import ANNA, BO, enrol
from samordna.privacy.models import RetentionPlan
from samordna.stats.tests.test_pdf_tagging import assert_tagged

OTHERS = ["admin", "office", "board", "handler", "auditor", "applicant", "outsider", "preparatory"]
ANNA_DISPLAY = f"{ANNA[:8]}-{ANNA[8:]}"


def url(name, world):
    return reverse(f"privacy:{name}", args=[world.a.slug])


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\xa0", " ")


@pytest.fixture
def anna(world):
    stay = enrol(world, None, personnummer=ANNA, name="Anna Andersson")
    participant_actions.record_sip(
        None, stay, held_on=dt.date(2019, 4, 1), parties_present=["DELTAGARE", "AF"], note="Trivs i gruppen"
    )
    log_read(world.people.handler, world.a, "participants.Participant", object_id=str(stay.participant_id))
    return stay.participant


def snapshot():
    return (
        RetentionPlan.objects.count(),
        Participant.objects.filter(identity_mode=IdentityMode.IDENTIFIED).count(),
        AuditEvent.objects.count(),
        ReadLogEntry.objects.count(),
    )


def test_the_dpo_sets_the_retention_plan_on_a_page_with_nothing_filled_in(world, login_as):
    client = login_as(world.people.dpo)
    page = client.get(url("overview", world))
    assert page.status_code == 200
    assert "ingen gallringsplan" in page.content.decode()
    assert not page.context["form"].initial

    response = client.post(url("overview", world), {"years_after_discharge": "3", "decided_on": "2026-01-10"})

    assert response.status_code == 302
    plan = RetentionPlan.objects.get(forbund=world.a)
    assert (plan.years_after_discharge, plan.decided_on) == (3, dt.date(2026, 1, 10))
    assert AuditEvent.objects.filter(action="retention.plan", actor=world.people.dpo).count() == 1


def test_a_plan_decided_in_the_future_is_refused(world, login_as):
    client = login_as(world.people.dpo)
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    response = client.post(url("overview", world), {"years_after_discharge": "3", "decided_on": f"{tomorrow}"})

    assert response.status_code == 400
    assert "framtiden" in response.content.decode()
    assert not RetentionPlan.objects.exists()


def test_erasure_shows_what_is_lost_and_needs_the_typed_word(world, login_as, anna):
    client = login_as(world.people.dpo)
    request = {"personnummer": ANNA, "received_on": "2026-02-01"}

    confirm = client.post(url("erasure", world), request)
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert anna.pseudonym in body and "1 anteckning" in body and "1 deltagande finns kvar" in body
    assert 'name="confirmation"' in body and 'value="RADERA"' not in body

    wrong = client.post(url("erasure", world), {**request, "step": "confirm", "confirmation": "radera"})
    assert wrong.status_code == 400 and "versaler" in wrong.content.decode()
    assert Participant.objects.get(pk=anna.pk).personnummer == ANNA

    done = client.post(url("erasure", world), {**request, "step": "confirm", "confirmation": "RADERA"})

    assert done.status_code == 302
    erased = Participant.objects.get(pk=anna.pk)
    assert (erased.personnummer, erased.name, erased.identity_mode) == ("", "", IdentityMode.ANONYMOUS)
    assert erased.participations.count() == 1
    assert AuditEvent.objects.filter(action="participant.erased", actor=world.people.dpo).count() == 1


def test_erasure_of_an_unknown_number_says_so(world, login_as, anna):
    client = login_as(world.people.dpo)

    response = client.post(url("erasure", world), {"personnummer": BO, "received_on": "2026-02-01"})

    assert response.status_code == 400
    assert "Ingen identifierad deltagare" in response.content.decode()


def test_the_register_extract_is_a_tagged_pdf_with_what_is_stored_and_who_read_it(world, login_as, anna):
    client = login_as(world.people.dpo)

    response = client.post(url("extract", world), {"personnummer": ANNA})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = text_of(pdf)
    assert ANNA_DISPLAY in text and "Anna Andersson" in text
    assert "2017:48" in text and "2019-03-01" in text
    assert "handler_a" in text and "dpo_a" in text  # the handler's read, and the DPO's for this extract
    assert_tagged(pdf, "Registerutdrag")
    assert ReadLogEntry.objects.filter(actor=world.people.dpo, object_id=str(anna.pk)).count() == 1


@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_are_refused_and_change_nothing(world, login_as, anna, persona):
    client = login_as(getattr(world.people, persona))
    before = snapshot()

    answers = [
        client.get(url("overview", world)).status_code,
        client.post(url("overview", world), {"years_after_discharge": "3", "decided_on": "2026-01-10"}).status_code,
        client.post(
            url("erasure", world),
            {"personnummer": ANNA, "received_on": "2026-02-01", "step": "confirm", "confirmation": "RADERA"},
        ).status_code,
        client.post(url("extract", world), {"personnummer": ANNA}).status_code,
    ]

    assert set(answers) <= {403, 404}
    assert snapshot() == before
