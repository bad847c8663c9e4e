"""A backup that meets a full disk says so in Swedish and leaves no folder that could pass for a backup."""

import errno

import pytest

from samordna.backup import archive
from samordna.backup.archive import BackupError, backup


@pytest.fixture
def disk_fills_during_media(monkeypatch):
    """The tables are written, then the disk fills while the uploaded files are copied."""

    def full(target):
        target.mkdir(parents=True, exist_ok=True)
        (target / "half.pdf").write_bytes(b"%PDF-1.7 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive, "_copy_media", full)


@pytest.mark.django_db
def test_a_new_folder_is_removed_again(world, tmp_path, disk_fills_during_media):
    target = tmp_path / "kopia"

    with pytest.raises(BackupError) as caught:
        backup(target)

    assert "disken är full" in str(caught.value)
    assert "borttaget" in str(caught.value)
    assert not target.exists()


@pytest.mark.django_db
def test_an_empty_folder_given_is_emptied_again_and_kept(world, tmp_path, disk_fills_during_media):
    target = tmp_path / "kopia"
    target.mkdir()

    with pytest.raises(BackupError):
        backup(target)

    assert target.is_dir()
    assert list(target.iterdir()) == []


@pytest.mark.django_db
def test_the_command_fails_with_the_message_and_no_traceback(world, tmp_path, disk_fills_during_media):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="disken är full"):
        call_command("samordna_backup", "-o", str(tmp_path / "kopia"))
