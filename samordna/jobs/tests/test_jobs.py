"""Jobs a user starts: the row and its progress, the job page, and that only the owner ever sees a job."""

import io
import os
import stat

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.jobs.actions import start_job
from samordna.jobs.files import uploads_dir
from samordna.jobs.models import Job, JobKind, JobState
from samordna.jobs.progress import JobProgress
from samordna.jobs.registry import HANDLERS, JobRefused, Outcome
from samordna.participants.models import Consent, Participant, Participation
from samordna.participants.tests.test_import import GOOD_ROWS, csv_bytes


def upload(client, rows, name="deltagare.csv"):
    file = io.BytesIO(csv_bytes(rows))
    file.name = name
    return client.post(reverse("participants:import", args=["alfa"]), {"step": "check", "file": file}, follow=True)


def stored():
    return Participant.objects.count(), Participation.objects.count(), Consent.objects.count()


def queued_job(world, owner=None, kind=JobKind.PARTICIPANT_CHECK, state=JobState.QUEUED):
    return Job.objects.create(owner=owner or world.people.handler, forbund=world.a, kind=kind, state=state)


def test_progress_is_saved_on_the_row_and_grows_past_an_estimate(world):
    job = queued_job(world)
    progress = JobProgress(job.pk, expected=5, every_seconds=0)
    seen = []
    for item in progress(range(8), "Kontrollerar", None):
        job.refresh_from_db()
        seen.append((item, job.progress_done))
    job.refresh_from_db()

    assert (job.progress_label, job.progress_done, job.progress_total) == ("Kontrollerar", 8, 8)
    assert seen[0] == (0, 0) and seen[-1] == (7, 7)
    assert job.percent == 100


def test_progress_without_a_total_counts_only(world):
    job = queued_job(world)
    list(JobProgress(job.pk, every_seconds=0)(iter("abc"), "Läser", None))
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (3, 3)


def test_a_handler_error_fails_the_job_with_its_problems(world, monkeypatch):
    def refuses(job, progress):
        raise JobRefused(["rad 2: kon: Ange K eller M."], summary="Filen har 1 fel.")

    monkeypatch.setitem(HANDLERS, JobKind.ECONOMY_EXPORT, refuses)
    job = start_job(world.people.admin, world.a, JobKind.ECONOMY_EXPORT)

    assert job.state == JobState.FAILED
    assert job.errors == ["rad 2: kon: Ange K eller M."] and job.summary == "Filen har 1 fel."
    assert job.finished_at is not None
    assert AuditEvent.objects.filter(action="jobs.start", object_id=str(job.pk)).count() == 1


def test_an_unexpected_error_fails_the_job_with_a_message_and_no_traceback(world, monkeypatch):
    def crashes(job, progress):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(HANDLERS, JobKind.ECONOMY_EXPORT, crashes)
    job = start_job(world.people.admin, world.a, JobKind.ECONOMY_EXPORT)

    assert job.state == JobState.FAILED
    assert job.errors[0].startswith("Jobbet avbröts av ett fel i servern. Inget har sparats.")
    assert "division" not in " ".join(job.errors)


def test_a_job_runs_once(world, monkeypatch):
    calls = []

    def counts(job, progress):
        calls.append(job)
        return Outcome("ok")

    monkeypatch.setitem(HANDLERS, JobKind.ECONOMY_EXPORT, counts)
    job = start_job(world.people.admin, world.a, JobKind.ECONOMY_EXPORT)
    from samordna.jobs.runner import run

    assert run(str(job.pk)) == JobState.DONE
    assert len(calls) == 1


def test_the_uploaded_file_is_readable_by_the_server_only_and_kept_for_the_confirmation(world, login_as):
    client = login_as(world.people.handler)
    response = upload(client, GOOD_ROWS)
    job = response.context["job"]

    assert job.state == JobState.DONE and job.result == {"checked": 5}
    waiting = uploads_dir() / job.params["token"]
    assert stat.S_IMODE(os.stat(waiting).st_mode) == 0o600
    assert stored() == (0, 0, 0)


def test_a_broken_file_fails_the_check_lists_every_problem_stores_nothing_and_removes_the_file(world, login_as):
    client = login_as(world.people.handler)
    bad = [GOOD_ROWS[0], "2017:48;;;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;", "2017:48;;K;1975;;2019-13-01;X;;;;;;"]

    response = upload(client, bad, "fel.csv")

    job = response.context["job"]
    page = response.content.decode()
    assert job.state == JobState.FAILED
    assert "Filen har 6 fel. Inget har sparats." in page
    assert "rad 3: kon: Ange K eller M." in page and "rad 4: inskrivningsdatum:" in page
    assert len(job.errors) == 6
    assert 'value="confirm"' not in page
    assert list(uploads_dir().iterdir()) == []
    assert stored() == (0, 0, 0)


def test_confirming_imports_in_the_background_and_removes_the_file(world, login_as):
    client = login_as(world.people.handler)
    check = upload(client, GOOD_ROWS).context["job"]

    response = client.post(
        reverse("participants:import", args=["alfa"]), {"step": "confirm", "job": str(check.pk)}, follow=True
    )

    job = response.context["job"]
    assert job.kind == JobKind.PARTICIPANT_IMPORT and job.state == JobState.DONE
    assert job.result == {"rows": 5, "created": 5, "updated": 0, "unchanged": 0}
    assert "Importen är klar: 5 nya, 0 ändrade och 0 oförändrade rader." in response.content.decode()
    assert Participation.objects.count() == 5
    assert list(uploads_dir().iterdir()) == []


def test_confirming_twice_imports_once(world, login_as):
    client = login_as(world.people.handler)
    check = upload(client, GOOD_ROWS).context["job"]
    url = reverse("participants:import", args=["alfa"])
    client.post(url, {"step": "confirm", "job": str(check.pk)})

    response = client.post(url, {"step": "confirm", "job": str(check.pk)}, follow=True)

    assert "Filen att importera finns inte längre" in response.content.decode()
    assert Job.objects.filter(kind=JobKind.PARTICIPANT_IMPORT).count() == 1
    assert Participation.objects.count() == 5


def test_an_import_that_finds_a_problem_the_check_did_not_stores_nothing(world, login_as):
    client = login_as(world.people.handler)
    check = upload(client, GOOD_ROWS).context["job"]
    # Between the check and the confirmation the file changes (a second import of the same rows is fine;
    # a broken row is not).
    (uploads_dir() / check.params["token"]).write_bytes(csv_bytes([*GOOD_ROWS, "2017:48;;;;;2019-03-01;AF;;;;;;"]))

    response = client.post(
        reverse("participants:import", args=["alfa"]), {"step": "confirm", "job": str(check.pk)}, follow=True
    )

    job = response.context["job"]
    assert job.state == JobState.FAILED and any(e.startswith("rad 7:") for e in job.errors)
    assert stored() == (0, 0, 0)
    assert list(uploads_dir().iterdir()) == []


def test_the_page_polls_while_the_job_runs_and_stops_when_it_is_done(world, login_as):
    client = login_as(world.people.handler)
    job = queued_job(world, state=JobState.RUNNING)
    Job.objects.filter(pk=job.pk).update(progress_label="Kontrollerar", progress_done=1500, progress_total=20000)
    url = reverse("jobs:detail", args=[job.pk])

    page = client.get(url).content.decode()
    assert 'data-hx-trigger="every 1s"' in page
    assert '<progress id="job-progress" max="20000" value="1500">' in page
    assert '<label for="job-progress">Kontrollerar</label>' in page
    assert "1 500 av 20 000 (8 %)" in page

    Job.objects.filter(pk=job.pk).update(state=JobState.DONE, summary="Klart: 20 000 rader.")
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="job-status"' in fragment
    assert "data-hx-trigger" not in fragment and "<progress" not in fragment
    assert "Klart: 20 000 rader." in fragment


def test_the_list_shows_the_users_own_jobs_only(world, login_as):
    mine = queued_job(world, owner=world.people.handler)
    theirs = queued_job(world, owner=world.people.admin, kind=JobKind.ECONOMY_EXPORT)

    page = login_as(world.people.handler).get(reverse("jobs:list")).content.decode()

    assert reverse("jobs:detail", args=[mine.pk]) in page
    assert reverse("jobs:detail", args=[theirs.pk]) not in page


@pytest.mark.parametrize("persona", ["admin", "colleague", "outsider", "sysadmin"])
def test_someone_elses_job_is_not_found_and_nothing_changes(world, login_as, persona):
    owner = world.people.handler
    client = login_as(owner)
    check = upload(client, GOOD_ROWS[:1]).context["job"]
    before = (list(Job.objects.values()), stored(), AuditEvent.objects.count(), sorted(uploads_dir().iterdir()))

    other = login_as(getattr(world.people, persona))
    assert other.get(reverse("jobs:detail", args=[check.pk])).status_code == 404
    assert other.get(reverse("jobs:detail", args=[check.pk]), headers={"HX-Request": "true"}).status_code == 404
    assert other.get(reverse("jobs:download", args=[check.pk])).status_code == 404
    confirm = other.post(reverse("participants:import", args=["alfa"]), {"step": "confirm", "job": str(check.pk)})
    assert confirm.status_code in (403, 404)

    after = (list(Job.objects.values()), stored(), AuditEvent.objects.count(), sorted(uploads_dir().iterdir()))
    assert after == before


@pytest.mark.parametrize("job", ["", "inte-ett-id", "00000000-0000-0000-0000-000000000000"])
def test_confirming_without_a_job_of_ones_own_is_not_found(world, login_as, job):
    response = login_as(world.people.handler).post(
        reverse("participants:import", args=["alfa"]), {"step": "confirm", "job": job}
    )
    assert response.status_code == 404
    assert not Job.objects.exists()
