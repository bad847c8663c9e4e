"""The förbund's own registers refuse free text that holds a participant's personnummer, and store nothing of it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications import actions as application_actions
from samordna.applications.tests.factories import complete_application
from samordna.meetings import actions as meeting_actions
from samordna.meetings.models import Paragraph
from samordna.openentry.models import SystemGap
from samordna.openentry.tests.conftest import report_gap, team  # noqa: F401 (the fixture)
from samordna.reporting import actions as report_actions
from samordna.reporting.models import ReportKind

PNR = "19850101-9809"
WHY = "Texten innehåller ett personnummer"


def test_a_system_gap_naming_a_person_by_number_is_refused_on_the_page(world, team, login_as):  # noqa: F811
    client = login_as(world.people.office)
    response = client.post(
        reverse("openentry:gaps", args=[world.a.slug]),
        {
            "team": team.team.pk,
            "found_on": "2018-01-09",
            "description": f"Deltagaren {PNR} fick inget beslut",
            "sent_to": world.members_a["fk"].pk,
            "sent_on": "2018-01-09",
        },
    )

    assert response.status_code == 400
    assert WHY in response.content.decode()
    assert not SystemGap.objects.exists()


def test_a_gap_without_the_number_is_kept_and_its_answer_is_checked_too(world, team):  # noqa: F811
    gap = report_gap(world, team.team, description="Ett glapp mellan FK och kommunen, kundnummer 4 301 234")

    with pytest.raises(ValidationError) as refused:
        from samordna.openentry import actions

        actions.answer_gap(None, gap, answered_on=dt.date(2018, 2, 1), answer=f"Gäller 850101-9809 {PNR}")

    assert WHY in refused.value.message_dict["answer"][0]
    gap.refresh_from_db()
    assert gap.answer == "" and gap.answered_on is None


def test_an_application_section_with_a_personnummer_is_refused(world):
    application = complete_application(world)

    with pytest.raises(ValidationError) as refused:
        application_actions.update_application(
            world.people.applicant, application, sections={"background": "Till exempel 8501019809 behöver stöd."}
        )

    assert "sections" in refused.value.message_dict
    application.refresh_from_db()
    assert "8501019809" not in application.sections.get("background", "")


def test_a_paragraph_of_the_minutes_with_a_samordningsnummer_is_refused(world):
    meeting = meeting_actions.plan_meeting(None, world.a, date=dt.date(2018, 6, 14), place="Lomma")
    minutes = meeting_actions.start_minutes(None, meeting, from_agenda=False)

    with pytest.raises(ValidationError) as refused:
        meeting_actions.add_paragraph(None, minutes, title="Övriga frågor", body="Ärendet om 850161-9806 bordlades.")

    assert "body" in refused.value.message_dict
    assert not Paragraph.objects.filter(minutes=minutes).exists()


def test_a_report_answer_with_a_personnummer_is_refused(world):
    report = report_actions.set_requirements(None, world.insats_a, kinds=(ReportKind.HALF_YEAR,))[0]

    with pytest.raises(ValidationError):
        report_actions.save_answers(None, report, {"summary": f"En deltagare ({PNR}) har fått arbete."})

    report.refresh_from_db()
    assert report.answers.get("summary", "") == ""
