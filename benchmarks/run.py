#!/usr/bin/env python3
"""Run `samordna bench` on its own PostgreSQL database (on demand; not part of the test suite).

    .venv/bin/python benchmarks/run.py                          # import, load, pdf and report
    .venv/bin/python benchmarks/run.py --only import --rows 100000
    .venv/bin/python benchmarks/run.py --only load --users 50 --duration 60

Every other argument goes to `samordna bench`. Without DATABASE_URL the database is `samordna_bench` on the
local server (127.0.0.1:5432, user postgres), created when missing, so the figures never mix with real data.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/samordna_bench"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')  # name from our own constant or the caller's URL
            print(f"Skapade databasen {name}.", flush=True)


def main(arguments: list[str]) -> int:
    environment = dict(os.environ)
    if not environment.get("DATABASE_URL"):
        environment["DATABASE_URL"] = DEFAULT_DATABASE
        ensure_database(DEFAULT_DATABASE)
    environment.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    environment.setdefault("SAMORDNA_FIELD_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    environment.setdefault("SAMORDNA_DEMO", "1")
    samordna = Path(sys.executable).parent / "samordna"
    return subprocess.call([str(samordna), "bench", *arguments], cwd=ROOT, env=environment)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
