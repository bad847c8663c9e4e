"""The log tables against the application's own database user (PostgreSQL).

Two database users: the owner, who runs `samordna migrate` (`MIGRATE_DATABASE_URL`) and owns every table, and
the runtime user of `DATABASE_URL`, who owns nothing. `grant_runtime` gives the runtime user what the
application needs: SELECT, INSERT, UPDATE and DELETE on the ordinary tables, only SELECT and INSERT on the log
tables (no UPDATE, DELETE or TRUNCATE; only an owner may switch their triggers off) and only SELECT on the
migration history. `samordna migrate` calls it after migrating when the two users differ.
"""

from __future__ import annotations

from django.core import checks
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

LOG_TABLES = ("audit_auditevent", "audit_readlogentry")
MIGRATIONS_TABLE = "django_migrations"
TIME_TRIGGER = "{table}_database_time"  # migration 0005: `at` from the database's clock


class RoleError(Exception):
    """The runtime user cannot be given its privileges; the message says why."""


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def keep_original_times(connection: BaseDatabaseWrapper) -> list[str]:
    """Statements that let rows restored from a backup keep their times; only the owner may run them."""
    if connection.vendor != "postgresql":
        return []
    return [f"ALTER TABLE {t} DISABLE TRIGGER {TIME_TRIGGER.format(table=t)}" for t in LOG_TABLES]


def database_time_again(connection: BaseDatabaseWrapper) -> list[str]:
    if connection.vendor != "postgresql":
        return []
    # The deferred foreign-key checks of the rows just loaded must run first: a table with pending trigger
    # events cannot be altered.
    return [
        "SET CONSTRAINTS ALL IMMEDIATE",
        *(f"ALTER TABLE {t} ENABLE TRIGGER {TIME_TRIGGER.format(table=t)}" for t in LOG_TABLES),
    ]


def grant_runtime(connection: BaseDatabaseWrapper, role: str) -> list[str]:
    """Give `role` the application's privileges in the current schema and return the statements run.

    Run as the owner. Everything the role held there before is revoked first, so a second run is the same.
    """
    if connection.vendor != "postgresql":
        raise RoleError("Databasanvändare finns bara i PostgreSQL; SQLite har inga att ge rättigheter.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            raise RoleError(f"Databasanvändaren {role} finns inte. Skapa den först (CREATE ROLE {role} LOGIN).")
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY(%s) "
            "AND pg_has_role(%s, tableowner, 'MEMBER')",
            [list(LOG_TABLES), role],
        )
        owned = [row[0] for row in cursor.fetchall()]
        if found[0] or owned:
            raise RoleError(
                f"Databasanvändaren {role} äger loggtabellerna eller kan agera som deras ägare"
                f"{' (superuser)' if found[0] else ''}. Låt en annan användare äga tabellerna och köra "
                "`samordna migrate` (MIGRATE_DATABASE_URL), och ge den här användaren rättigheter med "
                "`samordna grant-runtime`."
            )
        cursor.execute("SELECT current_schema()")
        schema = _identifier(cursor.fetchone()[0])
        who = _identifier(role)
        logs = ", ".join(LOG_TABLES)
        statements = [
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {who}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {who}",
            f"GRANT USAGE ON SCHEMA {schema} TO {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
            f"REVOKE UPDATE, DELETE ON {logs} FROM {who}",
            f"REVOKE INSERT, UPDATE, DELETE ON {MIGRATIONS_TABLE} FROM {who}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
        ]
        for statement in statements:
            cursor.execute(statement)
    return statements


def grant_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """`post_migrate`: when the owner migrated on behalf of another runtime user, give that user its privileges."""
    from django.conf import settings

    connection = connections[using]
    role = settings.RUNTIME_DATABASE_USER
    if connection.vendor == "postgresql" and role and role != connection.settings_dict["USER"]:
        grant_runtime(connection, role)


@checks.register(checks.Tags.security, deploy=True)
def check_log_tables(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy`: warn when the application's database user could rewrite or empty the logs."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, tablename, pg_has_role(current_user, tableowner, 'MEMBER'), "
                "has_table_privilege(current_user, format('%%I.%%I', schemaname, tablename), "
                "'UPDATE, DELETE, TRUNCATE, TRIGGER') "
                "FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY(%s) ORDER BY tablename",
                [list(LOG_TABLES)],
            )
            rows = cursor.fetchall()
    except DatabaseError as error:
        return [
            checks.Warning(
                f"Kunde inte kontrollera loggtabellernas rättigheter i databasen: {error}",
                id="samordna.W003",
            )
        ]
    owner = [table for _user, table, owns, _may in rows if owns]
    rewrite = [table for _user, table, owns, may in rows if may and not owns]
    messages: list[checks.CheckMessage] = []
    if owner:
        messages.append(
            checks.Warning(
                f"Databasanvändaren {rows[0][0]} äger loggtabellerna ({', '.join(owner)}) och kan tömma dem, "
                "stänga av deras triggers och skriva om händelser.",
                hint="Låt en annan användare äga tabellerna och köra migreringarna (MIGRATE_DATABASE_URL), och "
                "kör programmet som en användare som bara har fått rättigheter med `samordna grant-runtime`.",
                id="samordna.W001",
            )
        )
    if rewrite:
        messages.append(
            checks.Warning(
                f"Databasanvändaren {rows[0][0]} får ändra, ta bort eller tömma rader i {', '.join(rewrite)}.",
                hint="Kör `samordna grant-runtime` som tabellernas ägare: den ger bara SELECT och INSERT på loggen.",
                id="samordna.W002",
            )
        )
    return messages
