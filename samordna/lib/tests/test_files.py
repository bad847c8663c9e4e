"""Output files appear whole or not at all."""

import io

import pytest

from samordna.lib.files import replaced_when_done, write_bytes_when_done


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "rapport.pdf"
    target.write_bytes(b"old")

    with pytest.raises(RuntimeError), replaced_when_done(target) as partial:
        partial.write_bytes(b"half")
        raise RuntimeError("stopped")

    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]


def test_a_finished_write_replaces_the_file(tmp_path):
    write_bytes_when_done(tmp_path / "rapport.pdf", b"new")

    assert [(p.name, p.read_bytes()) for p in tmp_path.iterdir()] == [("rapport.pdf", b"new")]


def test_a_full_disk_gives_a_swedish_reason_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    from samordna.lib.files import NotWritten

    def full(self, data):
        with self.open("wb") as out:
            out.write(data[:2])  # some of it reached the disk before the disk filled
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(tmp_path), "write_bytes", full)
    with pytest.raises(NotWritten) as caught:
        write_bytes_when_done(tmp_path / "rapport.xlsx", b"whole report")

    assert caught.value.disk_full
    assert "disken är full" in str(caught.value)
    assert "Ingen fil skrevs" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_said_so(tmp_path):
    from samordna.lib.files import NotWritten

    with pytest.raises(NotWritten) as caught:
        write_bytes_when_done(tmp_path / "saknas" / "rapport.pdf", b"x")

    assert "saknas" in str(caught.value)
    assert not caught.value.disk_full


def test_a_failed_spreadsheet_save_leaves_no_scratch_file(tmp_path, monkeypatch):
    import errno
    import tempfile
    import zipfile

    from openpyxl import Workbook

    from samordna.lib.files import workbook_bytes

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where openpyxl puts a sheet while saving

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    book = Workbook()
    book.create_sheet("insatser").append(["insats", "antal"])
    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    with pytest.raises(OSError):
        workbook_bytes(book)

    assert list(tmp_path.iterdir()) == []


def test_a_spreadsheet_saves_to_bytes():
    from openpyxl import Workbook, load_workbook

    from samordna.lib.files import workbook_bytes

    book = Workbook(write_only=True)
    book.create_sheet("insatser").append(["insats", 12])

    assert next(load_workbook(io.BytesIO(workbook_bytes(book)))["insatser"].values) == ("insats", 12)
