"""A backup holds the record keys and the encrypted identities: it is readable by its owner only, and never holds
the keys that would undo the encryption or the keyed hash."""

import stat

from django.conf import settings

from samordna.backup.archive import backup
from samordna.participants.tests.people import ANNA, enrol


def test_the_backup_is_private_and_holds_no_key_and_no_plain_identity(world, tmp_path):
    enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson")

    backup(tmp_path / "kopia")

    paths = [tmp_path / "kopia", *(tmp_path / "kopia").rglob("*")]
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    text = "".join(path.read_text(encoding="utf-8") for path in paths if path.is_file())
    assert "record_key" in text  # the record keys are in it: that is why it is guarded
    assert ANNA not in text and "850101-9809" not in text and "Anna Andersson" not in text
    for key in settings.FIELD_KEYS:
        assert key not in text
    assert settings.PERSONAL_ID_LOOKUP_KEY not in text and settings.SECRET_KEY not in text
