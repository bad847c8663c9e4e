"""Output files appear whole or not at all."""

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
