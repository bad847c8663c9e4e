#!/usr/bin/env python3
"""The participant import benchmark: 100 000 rows, rows per second next to a plain bulk insert.

    .venv/bin/python benchmarks/import_participants.py [--rows N]

Runs `samordna bench --only import` on the benchmark database (see benchmarks/run.py); nothing is kept.
"""

from __future__ import annotations

import sys

from run import main

if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--rows" not in arguments:
        arguments += ["--rows", "100000"]
    sys.exit(main(["--only", "import", *arguments]))
