"""The log tables against the application's own database user: two roles on PostgreSQL.

A throw-away database and two roles of its own on the test's PostgreSQL server: `samordna migrate` runs as
the owner (MIGRATE_DATABASE_URL) and grants the runtime user (DATABASE_URL), who then writes as the application
does but cannot empty, rewrite or backdate the logs.
"""

import copy
import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only")

ROOT = Path(__file__).resolve().parents[3]
LOGS = ["audit_auditevent", "audit_readlogentry"]


class Server:
    def __init__(self):
        self.settings = copy.deepcopy(connections["default"].settings_dict)

    def connect(self, dbname="postgres", user=None) -> psycopg.Connection:
        return psycopg.connect(
            host=self.settings["HOST"] or "127.0.0.1",
            port=self.settings["PORT"] or 5432,
            user=user or self.settings["USER"] or None,
            password=(self.settings["PASSWORD"] or None) if user is None else None,
            dbname=dbname,
            autocommit=True,
        )

    def url(self, user, dbname) -> str:
        return f"postgresql://{user}@{self.settings['HOST'] or '127.0.0.1'}:{self.settings['PORT'] or 5432}/{dbname}"


@pytest.fixture(scope="module")
def roles(tmp_path_factory):
    """(server, database, owner, runtime, environment): migrated as the owner, written to as the runtime user."""
    server = Server()
    tag = uuid.uuid4().hex[:10]
    database, owner, runtime = f"samordna_roles_{tag}", f"samordna_owner_{tag}", f"samordna_app_{tag}"
    with server.connect() as admin:
        admin.execute(f'CREATE ROLE "{owner}" LOGIN')
        admin.execute(f'CREATE ROLE "{runtime}" LOGIN')
        admin.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SAMORDNA_DEMO", "SAMORDNA_AS_OWNER"}}
    env.update(
        DATABASE_URL=server.url(runtime, database),
        MIGRATE_DATABASE_URL=server.url(owner, database),
        SECRET_KEY="x" * 64 + "roles-test",
        SAMORDNA_FIELD_KEY=",".join(settings.FIELD_KEYS),
        ALLOWED_HOSTS="samordna.example.se",
        SAMORDNA_VAR_DIR=str(tmp_path_factory.mktemp("roles-var")),
    )
    try:
        migrated = samordna(env, "migrate", "--verbosity", "0")
        assert migrated.returncode == 0, migrated.stderr
        yield server, database, owner, runtime, env
    finally:
        with server.connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.execute(f'DROP ROLE IF EXISTS "{runtime}"')
            admin.execute(f'DROP ROLE IF EXISTS "{owner}"')


def samordna(env, *args) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "samordna.cli", *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def written(roles):
    """The application's ordinary writes, made as the runtime user with the client's clock in 2001."""
    *_, env = roles
    started = timezone.now()
    done = subprocess.run(
        [sys.executable, "-m", "samordna.audit.tests.runtime_writes"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return started, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def as_runtime(roles, written):
    server, database, _owner, runtime, _env = roles
    with server.connect(database, runtime) as db:
        yield db


def test_the_runtime_user_owns_nothing_and_writes_as_the_application_does(roles, written, as_runtime):
    started, result = written
    assert result["events"] >= 4
    owned = as_runtime.execute("SELECT count(*) FROM pg_tables WHERE tableowner = current_user").fetchone()[0]
    assert owned == 0
    assert as_runtime.execute("SELECT count(*) FROM tenancy_forbund").fetchone()[0] == 1


def test_log_times_come_from_the_database_clock(written, as_runtime):
    started, result = written
    oldest = as_runtime.execute("SELECT min(at) FROM audit_auditevent").fetchone()[0]
    read_at = as_runtime.execute("SELECT at FROM audit_readlogentry").fetchone()[0]

    assert oldest >= started - dt.timedelta(seconds=5)
    assert dt.datetime.fromisoformat(result["read_at"]) == read_at >= started - dt.timedelta(seconds=5)


@pytest.mark.parametrize("table", LOGS)
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE {table}",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "ALTER TABLE {table} DISABLE TRIGGER {table}_append_only",
        "UPDATE {table} SET actor_label = 'någon annan'",
        "DELETE FROM {table}",
        "DROP TABLE {table}",
    ],
)
def test_the_runtime_user_cannot_empty_unprotect_or_rewrite_a_log(as_runtime, table, statement):
    before = as_runtime.execute(f"SELECT count(*), max(actor_label) FROM {table}").fetchone()  # noqa: S608

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_runtime.execute(statement.format(table=table))

    assert as_runtime.execute(f"SELECT count(*), max(actor_label) FROM {table}").fetchone() == before  # noqa: S608


def test_a_backdated_insert_gets_the_database_time(as_runtime):
    now = as_runtime.execute("SELECT statement_timestamp()").fetchone()[0]
    stored = as_runtime.execute(
        "INSERT INTO audit_auditevent (actor_label, at, action, object_type, object_id, object_label, changes) "
        "VALUES ('system', '2001-01-01 00:00+00', 'test.backdated', '', '', '', '{}') RETURNING at"
    ).fetchone()[0]

    assert stored >= now
    assert stored.year == now.year


def test_check_deploy_warns_when_the_application_user_owns_the_logs(roles):
    server, database, owner, runtime, env = roles

    as_runtime = samordna(env, "check", "--deploy", "--fail-level", "WARNING")
    as_owner = samordna(env | {"DATABASE_URL": server.url(owner, database)}, "check", "--deploy")

    assert "samordna.W001" not in as_runtime.stdout + as_runtime.stderr
    assert as_runtime.returncode == 0, as_runtime.stdout + as_runtime.stderr
    assert "samordna.W001" in as_owner.stdout + as_owner.stderr
    assert owner in as_owner.stdout + as_owner.stderr


def test_grant_runtime_refuses_to_grant_to_the_owner(roles):
    _server, _database, owner, _runtime, env = roles

    refused = samordna(env, "grant-runtime", owner)

    assert refused.returncode != 0
    assert "äger loggtabellerna" in refused.stderr
