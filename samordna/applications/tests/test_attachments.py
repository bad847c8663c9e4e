"""Attachments on applications and on agenda items: who may add, who may download, limits, and backups."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samordna.applications import actions
from samordna.applications.models import ApplicationAttachment, State
from samordna.audit.models import AuditEvent
from samordna.lib import attachments
from samordna.lib.errors import Refused
from samordna.meetings import actions as meeting_actions
from samordna.meetings.models import AgendaItemAttachment
from samordna.meetings.tests.helpers import lock_minutes, minutes_for

from .factories import complete_application
from .test_workflow import bring_to

PDF = b"%PDF-1.4\n% budget\n"


def pdf(name="budget.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_applicant_attaches_while_a_draft_and_the_file_is_stored_under_a_name_of_our_own(world, login_as, settings):
    application = complete_application(world)
    client = login_as(world.people.applicant)

    response = client.post(
        reverse("applications:attach", args=["alfa", application.pk]), {"file": pdf("../../Budget 2015 (ny).pdf")}
    )

    assert response.status_code == 302
    stored = ApplicationAttachment.objects.get()
    assert stored.file.name is not None
    assert stored.original_name == "Budget_2015_ny.pdf" and stored.size == len(PDF)
    assert stored.file.name.startswith(f"bilagor/alfa/ansokningar/{application.pk}/") and ".." not in stored.file.name
    assert (Path(settings.MEDIA_ROOT) / stored.file.name).read_bytes() == PDF
    event = AuditEvent.objects.get(action="application.attach")
    assert event.changes["sha256"] == stored.sha256
    download = client.get(reverse("applications:attachment", args=["alfa", application.pk, stored.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"] and download["X-Content-Type-Options"] == "nosniff"


def test_after_submission_only_the_office_may_attach(world):
    application = bring_to(world, State.SUBMITTED)

    with pytest.raises(Refused):
        actions.attach(world.people.applicant, application, pdf())
    assert not ApplicationAttachment.objects.exists()
    actions.attach(world.people.office, application, pdf("komplettering.pdf"))
    assert application.attachments.get().original_name == "komplettering.pdf"


def test_files_of_the_wrong_type_or_size_are_refused_with_the_reason(world, monkeypatch):
    application = complete_application(world)
    applicant = world.people.applicant

    with pytest.raises(ValidationError, match="Filtypen .exe tas inte emot"):
        actions.attach(applicant, application, SimpleUploadedFile("program.exe", b"MZ\x90\x00"))
    with pytest.raises(ValidationError, match="stämmer inte med filtypen .pdf"):
        actions.attach(applicant, application, pdf("falsk.pdf", b"MZ\x90\x00 ett program"))
    with pytest.raises(ValidationError, match="tom"):
        actions.attach(applicant, application, pdf("tom.pdf", b""))
    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="största tillåtna"):
        actions.attach(applicant, application, pdf())
    assert not ApplicationAttachment.objects.exists()
    assert not AuditEvent.objects.filter(action="application.attach").exists()


def test_only_those_who_may_see_the_application_download_its_files(world, login_as):
    application = complete_application(world)
    stored = actions.attach(world.people.applicant, application, pdf())
    url = reverse("applications:attachment", args=["alfa", application.pk, stored.pk])

    assert login_as(world.people.board).get(url).status_code == 200
    assert login_as(world.people.handler).get(url).status_code == 403
    assert login_as(world.people.outsider).get(url).status_code == 404
    other = complete_application(world, actor=world.people.office, title="Kansliets")
    assert (
        login_as(world.people.applicant)
        .get(reverse("applications:attachment", args=["alfa", other.pk, stored.pk]))
        .status_code
        == 404
    )
    # The office sees both applications, yet a file is found only under its own application.
    office = login_as(world.people.office)
    assert office.get(reverse("applications:attachment", args=["alfa", other.pk, stored.pk])).status_code == 404
    assert office.get(url).status_code == 200


def test_a_removed_file_leaves_the_disk(world, login_as, settings, django_capture_on_commit_callbacks):
    application = complete_application(world)
    stored = actions.attach(world.people.applicant, application, pdf())
    assert stored.file.name is not None
    path = Path(settings.MEDIA_ROOT) / stored.file.name

    with django_capture_on_commit_callbacks(execute=True):
        login_as(world.people.applicant).post(
            reverse("applications:attachment", args=["alfa", application.pk, stored.pk])
        )

    assert not ApplicationAttachment.objects.exists() and not path.exists()
    assert AuditEvent.objects.filter(action="application.attachment_remove").exists()


def test_agenda_item_files_are_for_readers_of_the_meeting_and_frozen_with_the_minutes(world, login_as):
    minutes = minutes_for(world, paragraphs=1, day=dt.date(2015, 6, 11))
    item = meeting_actions.add_agenda_item(None, minutes.meeting, title="READY")
    office = login_as(world.people.office)
    upload = reverse("meetings:attach_to_item", args=["alfa", minutes.meeting_id, item.pk])

    assert office.post(upload, {"file": pdf("ready-budget.pdf")}).status_code == 302
    stored = AgendaItemAttachment.objects.get()
    url = reverse("meetings:item_attachment", args=["alfa", minutes.meeting_id, item.pk, stored.pk])
    assert login_as(world.people.board).get(url).status_code == 200
    assert login_as(world.people.applicant).get(url).status_code == 403
    assert login_as(world.people.board).post(url).status_code == 403
    assert AuditEvent.objects.filter(action="agenda_item.attach").count() == 1

    lock_minutes(world, minutes)
    office = login_as(world.people.office)
    refused = office.post(upload, {"file": pdf("sen.pdf")})
    assert refused.status_code == 400 and "låst" in refused.content.decode()
    office.post(url)
    assert AgendaItemAttachment.objects.count() == 1


def test_backups_include_the_attached_files_and_their_rows(world, tmp_path):
    from samordna.backup import archive

    application = complete_application(world)
    stored = actions.attach(world.people.applicant, application, pdf())

    manifest = archive.backup(tmp_path / "kopia")

    assert f"media/{stored.file.name}" in {m["file"] for m in manifest["media"]}
    assert (tmp_path / "kopia" / "media" / stored.file.name).read_bytes() == PDF
    tables = {t["model"]: t["rows"] for t in manifest["tables"]}
    assert tables["applications.applicationattachment"] == 1
