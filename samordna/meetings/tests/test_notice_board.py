"""The public notice board: justered minutes announced without login, the last day for appeal, and a notice that
stays up until the appeal period has run out."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from samordna.audit.models import AuditEvent
from samordna.meetings import actions, queries
from samordna.meetings.models import NoticeCertificate

from .helpers import minutes_for, with_signers


def adjusted(world, day):
    minutes = with_signers(world, minutes_for(world, day, paragraphs=1))
    actions.mark_ready(None, minutes)
    for slot in minutes.signers.all():
        actions.sign(slot.user, slot, confirmation=PASSWORD)
    minutes.refresh_from_db()
    return minutes


def post(minutes, posted_on, taken_down_on=None):
    return actions.post_certificate(
        None,
        minutes,
        posted_on=posted_on,
        taken_down_on=taken_down_on or queries.earliest_take_down(posted_on),
        storage_place="Förbundets kansli",
        notice_board="Förbundets webbplats",
    )


def board_url(world):
    return reverse("meetings:notice_board", kwargs={"board_slug": world.a.slug})


def test_the_last_day_for_appeal_is_three_weeks_after_posting_moved_past_weekends_and_holidays():
    assert queries.last_day_for_appeal(dt.date(2015, 4, 30)) == dt.date(2015, 5, 21)
    # Three weeks from 2026-12-05 is a Saturday, which moves the last day to Monday.
    assert queries.last_day_for_appeal(dt.date(2026, 12, 5)) == dt.date(2026, 12, 28)
    # 2026-03-13 + three weeks is Good Friday; Easter Monday follows, so the period runs to Tuesday.
    assert queries.last_day_for_appeal(dt.date(2026, 3, 13)) == dt.date(2026, 4, 7)
    assert queries.earliest_take_down(dt.date(2015, 4, 30)) == dt.date(2015, 5, 22)


def test_a_notice_to_come_down_before_the_appeal_period_ends_is_refused(world):
    minutes = adjusted(world, dt.date(2015, 4, 23))

    with pytest.raises(ValidationError, match="tidigast 2015-05-22"):
        post(minutes, dt.date(2015, 4, 30), taken_down_on=dt.date(2015, 5, 2))
    assert not NoticeCertificate.objects.exists()


def test_taking_the_notice_down_before_three_weeks_is_refused_and_nothing_changes(world):
    today = timezone.localdate()
    minutes = adjusted(world, today - dt.timedelta(days=5))
    certificate = post(minutes, today - dt.timedelta(days=2))
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError, match="tiden för överklagande"):
        actions.take_down_notice(world.people.office, certificate)

    certificate.refresh_from_db()
    assert certificate.removed_on is None
    assert AuditEvent.objects.count() == events
    assert queries.notices_on_board(world.a).count() == 1


def test_the_notice_comes_down_after_the_appeal_period(world):
    minutes = adjusted(world, dt.date(2015, 4, 23))
    certificate = post(minutes, dt.date(2015, 4, 30))

    actions.take_down_notice(world.people.office, certificate, on=dt.date(2015, 5, 22))

    certificate.refresh_from_db()
    assert certificate.removed_on == dt.date(2015, 5, 22)
    assert AuditEvent.objects.filter(action="minutes.notice_taken_down").count() == 1


def test_expire_notices_takes_down_the_ended_ones_only(world):
    ended = post(adjusted(world, dt.date(2015, 4, 23)), dt.date(2015, 4, 30))
    running = post(adjusted(world, dt.date(2015, 6, 11)), dt.date(2015, 6, 15))

    assert actions.expire_notices(dt.date(2015, 5, 25)) == 1
    assert actions.expire_notices(dt.date(2015, 5, 25)) == 0

    ended.refresh_from_db()
    running.refresh_from_db()
    assert ended.removed_on == dt.date(2015, 5, 22) and running.removed_on is None


def test_the_daily_schedule_takes_ended_notices_down_once(world):
    from samordna.jobs import schedule

    ended = post(adjusted(world, dt.date(2015, 4, 23)), dt.date(2015, 4, 30))
    day = dt.date(2015, 5, 25)

    assert schedule.registered()["meetings.expire_notices"](day, dry_run=True) == "1 anslag nedtagna"
    ended.refresh_from_db()
    assert ended.removed_on is None
    done = dict(schedule.run_now(day))
    assert done["meetings.expire_notices"].endswith("1 anslag nedtagna")
    ended.refresh_from_db()
    assert ended.removed_on == dt.date(2015, 5, 22)
    assert dict(schedule.run_now(day))["meetings.expire_notices"] == "redan körd"


def test_the_public_board_lists_the_notice_with_its_appeal_date_without_login(world, client):
    today = timezone.localdate()
    minutes = adjusted(world, today - dt.timedelta(days=10))
    certificate = post(minutes, today - dt.timedelta(days=3))

    page = client.get(board_url(world))

    assert page.status_code == 200
    body = page.content.decode()
    assert f"{certificate.last_day_for_appeal:%Y-%m-%d}" in body
    assert f"{minutes.meeting.date:%Y-%m-%d}" in body and "Förbundets kansli" in body
    pdf = client.get(
        reverse("meetings:public_minutes_pdf", kwargs={"board_slug": world.a.slug, "notice_id": certificate.pk})
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_public_board_shows_no_participant_or_attendance_data(world, client):
    from samordna.tenancy.tests.urlsample import _sample_participation

    _sample_participation(world)  # a participant in förbund A, whose name and personnummer must not show
    today = timezone.localdate()
    minutes = adjusted(world, today - dt.timedelta(days=10))
    post(minutes, today - dt.timedelta(days=3))

    body = client.get(board_url(world)).content.decode()

    for secret in ("Alfas hemliga deltagare", "19121212-1212", "191212121212", "Alfas väg in"):
        assert secret not in body
    for name in minutes.attendance.values_list("person_name", flat=True):
        assert name not in body


def test_draft_or_removed_notices_are_not_on_the_board_and_their_pdf_is_not_public(world, client):
    today = timezone.localdate()
    minutes = adjusted(world, today - dt.timedelta(days=60))
    certificate = post(minutes, today - dt.timedelta(days=50))
    actions.take_down_notice(None, certificate, on=today - dt.timedelta(days=20))
    draft = minutes_for(world, today - dt.timedelta(days=5), paragraphs=1)

    body = client.get(board_url(world)).content.decode()

    assert "Inga anslag just nu." in body
    url = reverse("meetings:public_minutes_pdf", kwargs={"board_slug": world.a.slug, "notice_id": certificate.pk})
    assert client.get(url).status_code == 404
    assert draft.meeting.date.strftime("%Y-%m-%d") not in body


def test_an_unknown_board_is_not_found(db, client):
    assert client.get(reverse("meetings:notice_board", kwargs={"board_slug": "finns-inte"})).status_code == 404


def test_the_dry_run_counts_what_the_daily_round_takes_down(world):
    from samordna.jobs import schedule

    ended = post(adjusted(world, dt.date(2015, 4, 23)), dt.date(2015, 4, 30))
    # A notice registered before the three-week rule, planned to come down after two days; it stays up.
    early = post(adjusted(world, dt.date(2015, 4, 24)), dt.date(2015, 5, 5))
    NoticeCertificate.objects.filter(pk=early.pk).update(taken_down_on=dt.date(2015, 5, 7))
    day = dt.date(2015, 5, 22)

    assert schedule.registered()["meetings.expire_notices"](day, dry_run=True) == "1 anslag nedtagna"
    assert actions.expire_notices(day) == 1
    early.refresh_from_db()
    ended.refresh_from_db()
    assert ended.removed_on == day and early.removed_on is None
