"""`samordna restore DIR` that crashes at a chosen point, for the tests of a restore run again afterwards.

    python -m samordna.backup.tests.crashing_restore files|rows DIR

`files`: the copy of the second uploaded file fails (the disk fills, the process dies). `rows`: the last table
fails to load, after every file is in place.
"""

import os
import shutil
import sys
from unittest import mock

import django

from samordna import cli


def main(step: str, folder: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    django.setup()
    if step == "files":
        real = shutil.copy2
        calls = []

        def copy_then_crash(*args, **kwargs):
            calls.append(args)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            return real(*args, **kwargs)

        patch = mock.patch("shutil.copy2", copy_then_crash)
    else:
        from samordna.backup import archive

        real_load = archive._load_model

        def load_then_crash(model, entry, *args, **kwargs):
            real_load(model, entry, *args, **kwargs)
            if entry is archive_tables[-1]:
                raise RuntimeError("the process died while loading")

        archive_tables: list = []
        real_read = archive.read_manifest

        def read_and_remember(source):
            manifest = real_read(source)
            archive_tables.extend(manifest["tables"])
            return manifest

        patch = mock.patch.multiple(archive, _load_model=load_then_crash, read_manifest=read_and_remember)
    with patch:
        cli.main(["restore", folder])


if __name__ == "__main__":
    main(*sys.argv[1:])
