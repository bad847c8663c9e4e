"""A full disk while a checked file is put aside, or while the participants are exported: a clear Swedish
message, and no half file that a later step could take for the whole one."""

import errno
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from samordna.jobs.models import Job
from samordna.participants.models import Participation

from .test_import import GOOD_ROWS, csv_bytes


@pytest.fixture
def full_disk(monkeypatch):
    """Every file write gets a little way and then finds the disk full."""

    def write_bytes(self, data):
        with self.open("wb") as out:
            out.write(data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(Path()), "write_bytes", write_bytes)


def test_a_checked_file_that_cannot_be_put_aside_is_not_offered_for_import(world, login_as, full_disk):
    client = login_as(world.people.handler)
    url = reverse("participants:import", args=["alfa"])
    good = io.BytesIO(csv_bytes(GOOD_ROWS))
    good.name = "deltagare.csv"

    response = client.post(url, {"step": "check", "file": good})

    page = response.content.decode()
    assert response.status_code == 507
    assert "Servern har inte plats att spara filen just nu. Inget har sparats." in page
    assert 'value="confirm"' not in page
    waiting = Path(settings.MEDIA_ROOT) / "imports"
    assert [p.name for p in waiting.iterdir()] == []
    assert not Job.objects.exists()
    assert not Participation.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_to_a_full_disk_says_so_and_leaves_no_file(world, tmp_path, monkeypatch, fmt):
    module = "samordna.participants.management.commands.samordna_export_participants"

    def fills_up(rows, out):
        # The first rows reach the disk, then it is full.
        if isinstance(out, Path):
            out.write_bytes(b"PK\x03\x04")
        else:
            out.write("insats;personnummer\n")
            out.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(f"{module}.write_xlsx", fills_up)
    monkeypatch.setattr(f"{module}.write_csv", fills_up)
    target = tmp_path / f"deltagare.{fmt}"

    with pytest.raises(CommandError, match="disken är full. Ingen fil skrevs"):
        call_command("samordna_export_participants", "--forbund", "alfa", "--format", fmt, "-o", str(target))

    assert list(tmp_path.iterdir()) == []
