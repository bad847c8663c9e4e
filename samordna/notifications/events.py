"""The events that notify, one function each, called by the actions where the event happens.

Each picks the people whose work it is and the page where they do it; none passes on a participant's
personal data, only the case's number or date.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from samordna.tenancy.models import Role

from . import recipients
from .actions import notify
from .models import Kind

# Kommunallagen 13 kap. 5 §: an appeal must come in within three weeks of the day the notice was put up.
APPEAL_DAYS = 21


def appeal_last_day(posted_on: dt.date) -> dt.date:
    return posted_on + dt.timedelta(days=APPEAL_DAYS)


def _day(value: dt.date) -> str:
    return f"{value:%Y-%m-%d}"


def _application_link(application) -> str:
    return reverse(
        "applications:detail", kwargs={"forbund_slug": application.forbund.slug, "application_id": application.pk}
    )


def application_submitted(application) -> None:
    notify(
        Kind.APPLICATION_SUBMITTED,
        application.forbund,
        recipients.office(application.forbund),
        _application_link(application),
        registration_no=application.registration_no,
    )


def application_to_preparation(application) -> None:
    notify(
        Kind.APPLICATION_TO_PREPARATION,
        application.forbund,
        recipients.with_role(application.forbund, Role.PREPARATORY),
        _application_link(application),
        registration_no=application.registration_no,
    )


def application_prepared(application) -> None:
    notify(
        Kind.APPLICATION_PREPARED,
        application.forbund,
        recipients.office(application.forbund),
        _application_link(application),
        registration_no=application.registration_no,
    )


def notice_sent(meeting) -> None:
    notify(
        Kind.NOTICE_SENT,
        meeting.forbund,
        recipients.board(meeting.forbund, meeting.date),
        reverse("meetings:detail", kwargs={"forbund_slug": meeting.forbund.slug, "meeting_id": meeting.pk}),
        date=_day(meeting.date),
    )


def minutes_ready(minutes) -> None:
    meeting = minutes.meeting
    notify(
        Kind.MINUTES_READY,
        meeting.forbund,
        [signer.user for signer in minutes.signers.select_related("user")],
        reverse("meetings:sign_page", kwargs={"forbund_slug": meeting.forbund.slug, "meeting_id": meeting.pk}),
        date=_day(meeting.date),
    )


def minutes_posted(minutes, certificate) -> None:
    meeting = minutes.meeting
    notify(
        Kind.MINUTES_POSTED,
        meeting.forbund,
        recipients.board(meeting.forbund, meeting.date),
        reverse("meetings:detail", kwargs={"forbund_slug": meeting.forbund.slug, "meeting_id": meeting.pk}),
        date=_day(meeting.date),
        key=f"minutes-posted:{minutes.pk}:{_day(certificate.posted_on)}",
        appeal_date=_day(appeal_last_day(certificate.posted_on)),
    )


def intake_on_agenda(request, team_meeting) -> None:
    team = request.team
    people = [seat.holder for seat in team.seats.select_related("holder")]
    notify(
        Kind.INTAKE_ON_AGENDA,
        request.forbund,
        [*people, team.leader],
        reverse("openentry:meeting", kwargs={"forbund_slug": request.forbund.slug, "team_meeting_id": team_meeting.pk}),
        reference=request.reference,
        date=_day(team_meeting.date),
    )


def referrals_received(forbund, parts) -> None:
    for part in parts:
        if part.intervention is None:
            continue
        notify(
            Kind.REFERRAL_RECEIVED,
            forbund,
            recipients.handlers(part.intervention),
            reverse("openentry:referral", kwargs={"forbund_slug": forbund.slug, "part_id": part.pk}),
            registration_no=part.intervention.registration_no,
        )
