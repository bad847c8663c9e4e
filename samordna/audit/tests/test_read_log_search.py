"""The read log searched by personnummer (through the keyed hash), user, period and insats, and both logs shown
in Swedish words; exact statistics shown to a handler and console exports are read-logged too."""

import stat

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from samordna.audit.actions import log_read, record
from samordna.audit.models import ReadLogEntry
from samordna.backup.archive import backup
from samordna.participants.tests.people import ANNA, BO, enrol

URL = reverse("audit:log", args=["alfa"])


@pytest.fixture
def reads(world):
    anna = enrol(world, None, personnummer=ANNA)
    bo = enrol(world, None, personnummer=BO)
    log_read(world.people.handler, world.a, "participants.Participant", object_id=str(anna.participant_id))
    log_read(world.people.handler, world.a, "participants.Participation", object_id=str(anna.pk), purpose="SIP")
    log_read(world.people.colleague, world.a, "participants.Participant", object_id=str(bo.participant_id))
    return {"anna": anna, "bo": bo}


def shown(client, **query):
    response = client.get(URL, {"kind": "reads", **query})
    assert response.status_code == 200
    return {(item["row"].actor_label, item["row"].object_id) for item in response.context["rows"]}


def test_the_dpo_finds_one_persons_reads_by_personnummer(world, login_as, reads):
    client = login_as(world.people.dpo)

    found = shown(client, personnummer=f"{ANNA[2:8]}-{ANNA[8:]}")

    anna = reads["anna"]
    assert found == {("handler_a", str(anna.participant_id)), ("handler_a", str(anna.pk))}
    search = ReadLogEntry.objects.get(actor=world.people.dpo, object_type="audit.ReadLogEntry")
    assert ANNA not in search.query and ANNA[2:8] not in search.query


def test_by_user_and_by_insats_and_period(world, login_as, reads, second):
    client = login_as(world.people.dpo)

    assert {who for who, _id in shown(client, user="colleague_a")} == {"colleague_a"}
    assert len(shown(client, insats=world.insats_a.pk)) == 3
    assert shown(client, insats=second.insats.pk) == set()
    assert shown(client, until="2000-01-01") == set()


def test_a_wrong_personnummer_is_refused_with_a_reason(world, login_as, reads):
    response = login_as(world.people.dpo).get(URL, {"kind": "reads", "personnummer": "850101-1234"})

    assert response.status_code == 400
    assert "kontrollsiffra" in response.content.decode()


def test_events_are_shown_in_words_not_codes_or_dictionaries(world, login_as, reads):
    with transaction.atomic():
        record(None, "retention.plan", world.insats_a, forbund=world.a, changes={"years_after_discharge": 3})
    body = login_as(world.people.dpo).get(URL).content.decode()

    assert "Gallring: gallringsplanen fastställd" in body and "år efter utskrivning: 3" in body
    assert "Deltagande: inskrivning" in body
    assert "participation.enrol" not in body and "retention.plan" not in body and "{" not in body.split("<main")[-1]


def test_reads_are_shown_in_words(world, login_as, reads):
    body = login_as(world.people.dpo).get(URL, {"kind": "reads"}).content.decode()

    assert "Deltagande" in body and "participants.Participation" not in body


def test_the_statistics_page_logs_the_handlers_exact_read(world, login_as, reads):
    client = login_as(world.people.handler)

    client.get(reverse("stats:participants", args=["alfa"]), {"insats": world.insats_a.pk})

    assert ReadLogEntry.objects.filter(actor=world.people.handler, object_type="stats.exact").count() == 1


def test_a_console_export_is_read_logged(world, reads, tmp_path):
    call_command("samordna_export_participants", "--forbund", "alfa", "-o", str(tmp_path / "d.csv"))

    (entry,) = ReadLogEntry.objects.filter(object_type="participants.export")
    assert entry.actor is None and entry.actor_label.startswith("konsol (")
    assert entry.query == "export-participants --format csv"


def test_backups_are_readable_by_their_owner_only(world, reads, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "bilagor").mkdir(parents=True)
    upload = tmp_path / "media" / "bilagor" / "a.pdf"
    upload.write_bytes(b"%PDF")
    upload.chmod(0o644)

    backup(tmp_path / "kopia")

    folders = [p for p in (tmp_path / "kopia").rglob("*") if p.is_dir()] + [tmp_path / "kopia"]
    files = [p for p in (tmp_path / "kopia").rglob("*") if p.is_file()]
    assert files and len(folders) >= 3
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}


def test_uploaded_files_are_stored_readable_by_their_owner_only(settings):
    assert (settings.FILE_UPLOAD_PERMISSIONS, settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS) == (0o600, 0o700)
