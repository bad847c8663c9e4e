"""An empty database beside the test database, for the commands under test to run in as separate processes.

SQLite: a new file under its own SAMORDNA_VAR_DIR. PostgreSQL: a newly created database on the test server.
The test reads it back through a connection of its own, with the same Django conversions as the test database.
"""

from __future__ import annotations

import contextlib
import copy
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend


def server_connection(settings_dict: dict, dbname: str = "postgres") -> psycopg.Connection:
    """An autocommit connection of its own to the PostgreSQL server of `settings_dict`, to `dbname`."""
    return psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def command_env(var: Path) -> dict[str, str]:
    """Environment for a `samordna` subprocess on the SQLite database in `var`, in production mode."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        SAMORDNA_VAR_DIR=str(var),
        SECRET_KEY="fresh-database-test-key",
        SAMORDNA_FIELD_KEY=",".join(settings.FIELD_KEYS),
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def fresh_database(tmp_path: Path, *, postgres: bool) -> Iterator[tuple[dict[str, str], BaseDatabaseWrapper]]:
    """The environment for `samordna ...` subprocesses that use the empty database, and a connection to it."""
    var = tmp_path / "var-fresh"
    var.mkdir()
    env = command_env(var)
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    if postgres:
        name = f"samordna_fresh_{uuid.uuid4().hex[:12]}"
        with server_connection(settings_dict) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
        host = f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgresql://{quote(settings_dict['USER'])}{password}@{host}/{name}"
        settings_dict["NAME"] = name
    else:
        settings_dict["NAME"] = str(var / "samordna.sqlite3")
    # Made outside `connections`, so that the test's guard against other databases lets it through.
    fresh = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="fresh")
    try:
        yield env, fresh
    finally:
        fresh.close()
        if postgres:
            with server_connection(settings_dict) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')
