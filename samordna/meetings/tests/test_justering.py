"""Justering: the justerare is among the voting members present and the one chosen in "Val av justerare"; nobody
signs before the meeting; a paper justering can be recorded; unsigned documents print UTKAST."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import PASSWORD
from samordna.audit.models import AuditEvent
from samordna.meetings import actions, documents
from samordna.meetings.models import MinutesState, Signature, SignerRole

from .helpers import full_board, minutes_for, register, seat_board, with_signers


def test_a_justerare_who_is_not_a_voting_member_present_is_refused(world):
    minutes = minutes_for(world, paragraphs=1)
    full_board(world, minutes)
    actions.record_attendance(None, minutes, person_name="Stellan Berglund", category="OTHER")

    for name in ("Stellan Berglund", "Någon som inte var där"):
        with pytest.raises(ValidationError, match="inte antecknad som beslutande"):
            actions.set_signer(None, minutes, role=SignerRole.ADJUSTER, person_name=name)
    assert not minutes.signers.exists()


def test_the_justerare_is_the_one_chosen_in_the_paragraph(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    register(minutes, seats)
    actions.add_paragraph(
        None, minutes, title="Val av justerare", decision_clauses=["utse Anna Viklund att jämte ordföranden justera"]
    )
    kenneth = minutes.attendance.get(person_name="Kenneth Andersson")
    anna = minutes.attendance.get(person_name="Anna Viklund")

    with pytest.raises(ValidationError, match="inte vald till justerare i § 1"):
        actions.set_signer(None, minutes, role=SignerRole.ADJUSTER, attendance=kenneth)
    signer = actions.set_signer(None, minutes, role=SignerRole.ADJUSTER, attendance=anna)

    assert list(minutes.signers.values_list("person_name", flat=True)) == ["Anna Viklund"]
    assert signer.user is None


def test_the_justerare_from_the_register_signs_as_their_user(world):
    seats = seat_board(world)
    minutes = minutes_for(world, paragraphs=0)
    register(minutes, seats)
    kenneth = minutes.attendance.get(person_name="Kenneth Andersson")

    signer = actions.set_signer(None, minutes, role=SignerRole.ADJUSTER, attendance=kenneth)

    assert signer.user == world.people.admin


def test_signing_before_the_meeting_is_refused(world):
    today = timezone.localdate()
    minutes = with_signers(world, minutes_for(world, today + dt.timedelta(days=3), paragraphs=1))
    actions.mark_ready(None, minutes)
    slot = minutes.signers.get(role=SignerRole.CHAIR)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="innan sammanträdet har hållits"):
        actions.sign(world.people.board, slot, confirmation=PASSWORD)

    assert not Signature.objects.exists()
    assert AuditEvent.objects.count() == events
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.READY


def test_signing_on_the_day_waits_for_the_end_of_the_meeting(world):
    meeting = actions.plan_meeting(None, world.a, date=dt.date(2015, 4, 23), end_time=dt.time(15, 0))
    at_noon = timezone.make_aware(dt.datetime(2015, 4, 23, 12, 0))
    at_four = timezone.make_aware(dt.datetime(2015, 4, 23, 16, 0))

    assert not actions.meeting_over(meeting, at_noon)
    assert actions.meeting_over(meeting, at_four)


def test_the_office_records_a_paper_justering(world):
    minutes = with_signers(world, minutes_for(world, paragraphs=1))
    actions.mark_ready(None, minutes)
    slots = list(minutes.signers.all())

    with pytest.raises(ValidationError, match="före sammanträdet"):
        actions.record_paper_adjustment(world.people.office, minutes, signed_on=dt.date(2015, 4, 22), signers=slots)
    assert not Signature.objects.exists()
    actions.record_paper_adjustment(world.people.office, minutes, signed_on=dt.date(2015, 4, 28), signers=slots)

    minutes.refresh_from_db()
    assert minutes.state == MinutesState.ADJUSTED
    assert {s.signature.provider for s in minutes.signers.all()} == {actions.PAPER}
    assert minutes.adjusted_at.date() == dt.date(2015, 4, 28)


def test_a_board_member_cannot_record_a_paper_justering(world):
    from samordna.lib.errors import Refused

    minutes = with_signers(world, minutes_for(world, paragraphs=1))
    actions.mark_ready(None, minutes)

    with pytest.raises(Refused):
        actions.record_paper_adjustment(
            world.people.board, minutes, signed_on=dt.date(2015, 4, 28), signers=minutes.signers.all()
        )
    assert not Signature.objects.exists()


def test_minutes_print_utkast_until_they_are_justered_and_the_signed_text_never_does(world):
    minutes = with_signers(world, minutes_for(world, paragraphs=1))

    assert "UTKAST" in documents.minutes_html(minutes)
    assert "UTKAST" not in documents.minutes_html(minutes, with_signatures=False)
    actions.mark_ready(None, minutes)
    for slot in minutes.signers.all():
        actions.sign(slot.user, slot, confirmation=PASSWORD)
    minutes.refresh_from_db()

    assert minutes.state == MinutesState.ADJUSTED
    assert "UTKAST" not in documents.minutes_html(minutes)


def test_a_notice_not_yet_sent_prints_utkast(world):
    meeting = actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 11))
    actions.add_agenda_item(None, meeting, title="Val av justerare")

    assert "UTKAST" in documents.notice_html(meeting)
    actions.send_notice(None, meeting, sent_on=dt.date(2015, 5, 28))
    assert "UTKAST" not in documents.notice_html(meeting)


def test_the_sign_page_shows_the_text_above_the_button(world, login_as):
    from django.urls import reverse

    minutes = with_signers(world, minutes_for(world, paragraphs=1))
    actions.mark_ready(None, minutes)
    url = reverse("meetings:sign_page", kwargs={"forbund_slug": world.a.slug, "meeting_id": minutes.meeting_id})

    page = login_as(world.people.board).get(url).content.decode()

    assert page.index("Ärende 1") < page.index("Skriv under</button>")
