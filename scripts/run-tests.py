#!/usr/bin/env python3
"""Run the whole test suite twice: on SQLite, then on PostgreSQL.

    .venv/bin/python scripts/run-tests.py [pytest arguments, e.g. -k login]

Run 1 uses SQLite (pytest-django's in-memory test database) and also runs the browser tests
(`-m e2e`), once and without xdist, since they start their own server process. Run 2 repeats the
unit tests on PostgreSQL, which is taken from, in order:

1. `DATABASE_URL`, when it is set;
2. a server answering on 127.0.0.1:5432, as user `postgres` or the current OS user;
3. a throw-away cluster made with the installed PostgreSQL binaries, removed afterwards.

`SAMORDNA_TEST_POSTGRES=temporary` goes straight to 3, `SAMORDNA_TEST_POSTGRES=off` skips run 2.
With no PostgreSQL the run is skipped with a warning, which fails the whole run when CI=true:
the two databases differ in locking, ordering and constraints, and CI must test both.

The last line printed is the totals, `N passed, M failed, K skipped`. The exit code is non-zero
when any run failed.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the cluster helper is standard library only, usable before `make install`
from samordna.lib import pgcluster  # noqa: E402

WORKERS = 2
LOCAL_HOST, LOCAL_PORT = "127.0.0.1", 5432
TEST_DB_NAME = "samordna"  # pytest-django creates and drops test_samordna (per xdist worker) itself
EXIT_NO_TESTS = 5


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def banner(text: str) -> None:
    print(f"\n==== {text} ====\n", flush=True)


def loud(lines: list[str]) -> None:
    bar = "!" * 100
    print(f"\n{bar}", file=sys.stderr)
    for line in lines:
        print(f"!!! {line}", file=sys.stderr)
    print(bar + "\n", file=sys.stderr, flush=True)


def masked(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


@dataclass
class Run:
    label: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    exit_code: int = 0
    ok: bool = True
    note: str = ""


def read_junit(path: Path) -> tuple[int, int, int] | None:
    """(passed, failed, skipped) from pytest's JUnit XML; errors count as failures."""
    if not path.exists():
        return None
    try:
        root = ET.parse(path).getroot()  # noqa: S314 (pytest wrote this file a moment ago)
    except ET.ParseError:
        return None
    tests = failures = errors = skipped = 0
    for suite in root.iter("testsuite"):
        tests += int(suite.get("tests", 0))
        failures += int(suite.get("failures", 0))
        errors += int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests - failures - errors - skipped, failures + errors, skipped


def split_marker(args: list[str]) -> tuple[str | None, list[str]]:
    """The user's `-m EXPR` (if any) and the other arguments, so that it can be combined with ours."""
    marker, rest, items = None, [], iter(args)
    for arg in items:
        if arg == "-m":
            marker = next(items, "")
        elif arg.startswith("-m") and not arg.startswith("--"):
            marker = arg[2:].lstrip("=")
        else:
            rest.append(arg)
    return marker, rest


USER_MARKER, USER_ARGS = split_marker(sys.argv[1:])


def with_marker(ours: str) -> list[str]:
    return ["-m", f"({USER_MARKER}) and {ours}" if USER_MARKER else ours]


def run_pytest(label: str, args: list[str], env: dict[str, str], junit: Path, *, empty_ok: bool) -> Run:
    command = [sys.executable, "-m", "pytest", *args, f"--junitxml={junit}", *USER_ARGS]
    print("$ " + shlex.join(command), flush=True)
    started = time.monotonic()
    exit_code = subprocess.call(command, cwd=ROOT, env=env)  # noqa: S603 (our own interpreter and arguments)
    run = Run(label, seconds=time.monotonic() - started, exit_code=exit_code)
    counts = read_junit(junit)
    if counts is not None:
        run.passed, run.failed, run.skipped = counts
    if exit_code == 0:
        return run
    if exit_code == EXIT_NO_TESTS:
        run.note = "no tests selected"
        run.ok = empty_ok
        return run
    run.ok = False
    run.note = {1: "tests failed", 2: "interrupted", 3: "pytest internal error", 4: "pytest usage error"}.get(
        exit_code, f"pytest exit code {exit_code}"
    )
    return run


# --- PostgreSQL -----------------------------------------------------------------------------------


@dataclass
class Postgres:
    url: str
    origin: str
    stop: Callable[[], None] = lambda: None


def local_server() -> tuple[Postgres | None, str]:
    """A server on 127.0.0.1:5432 with a user that may create the test databases."""
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed in this environment"
    users = ["postgres"]
    with contextlib.suppress(Exception):
        users.append(getpass.getuser())
    problems = []
    for user in dict.fromkeys(users):
        try:
            with psycopg.connect(
                host=LOCAL_HOST, port=LOCAL_PORT, user=user, dbname="postgres", connect_timeout=3
            ) as conn:
                row = conn.execute(
                    "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"
                ).fetchone()
        except psycopg.Error as exc:
            problems.append(f"as {user}: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}")
            continue
        if row and row[0]:
            url = f"postgresql://{user}@{LOCAL_HOST}:{LOCAL_PORT}/{TEST_DB_NAME}"
            return Postgres(url, "server found on localhost"), ""
        problems.append(f"as {user}: connected, but the user may not create databases")
    return None, f"no usable server on {LOCAL_HOST}:{LOCAL_PORT} ({'; '.join(problems)})"


def temporary_server() -> tuple[Postgres | None, str]:
    """A throw-away cluster in a temporary directory, owned by the `postgres` OS user when we are root."""
    cluster, problem = pgcluster.temporary_cluster()
    if cluster is None:
        return None, problem
    version = pgcluster.version_label(cluster)
    origin = f"throw-away server{' ' + version if version else ''} in {cluster.workdir}, removed afterwards"
    return Postgres(cluster.url(TEST_DB_NAME), origin, cluster.stop), ""


def find_postgres() -> tuple[Postgres | None, str]:
    mode = os.environ.get("SAMORDNA_TEST_POSTGRES", "auto").strip().lower()
    if mode == "off":
        return None, "SAMORDNA_TEST_POSTGRES=off"
    if mode not in {"auto", "temporary"}:
        return None, f"unknown SAMORDNA_TEST_POSTGRES={mode!r} (use auto, temporary or off)"
    if mode == "auto":
        if os.environ.get("DATABASE_URL"):
            return Postgres(os.environ["DATABASE_URL"], "from DATABASE_URL"), ""
        server, local_problem = local_server()
        if server is not None:
            return server, ""
        print(f"PostgreSQL: {local_problem}; starting a throw-away server instead.", flush=True)
    server, problem = temporary_server()
    if server is None and mode == "auto":
        problem = f"{local_problem}; {problem}"
    return server, problem


# --- Main -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into SystemExit, so that cleanup in `finally` blocks still runs."""

    def handler(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def print_summary(runs: list[Run], postgres_problem: str | None) -> tuple[int, int, int]:
    banner("Summary")
    header = f"{'Database':<36} {'Passed':>7} {'Failed':>7} {'Skipped':>8} {'Seconds':>8}  Result"
    print(header)
    print("-" * len(header))
    for run in runs:
        result = "ok" if run.ok else "FAILED"
        if run.note:
            result += f" ({run.note})"
        counts = f"{run.passed:>7} {run.failed:>7} {run.skipped:>8} {run.seconds:>8.1f}"
        print(f"{run.label:<36} {counts}  {result}")
    if postgres_problem is not None:
        print(f"{'PostgreSQL':<36} {'-':>7} {'-':>7} {'-':>8} {'-':>8}  NOT RUN ({postgres_problem})")
    totals = (sum(r.passed for r in runs), sum(r.failed for r in runs), sum(r.skipped for r in runs))
    print("-" * len(header))
    print(f"{'Total':<36} {totals[0]:>7} {totals[1]:>7} {totals[2]:>8} {sum(r.seconds for r in runs):>8.1f}")
    return totals


def main() -> int:
    os.chdir(ROOT)
    extra_args = bool(sys.argv[1:])
    runs: list[Run] = []
    postgres_problem: str | None = None
    with stop_on_signals(), tempfile.TemporaryDirectory(prefix="samordna-tests-") as tmp_name:
        tmp = Path(tmp_name)
        base_env = dict(os.environ)
        base_env.pop("DEBUG", None)
        base_env.pop("DATABASE_URL", None)

        def env_for(name: str, **extra: str) -> dict[str, str]:
            var_dir = tmp / f"var-{name}"
            var_dir.mkdir()
            return {**base_env, "SAMORDNA_VAR_DIR": str(var_dir), **extra}

        banner(
            "Test run 1/2: SQLite (in-memory test database); unit tests on "
            f"{WORKERS} workers, then the browser tests (-m e2e) once, without xdist"
        )
        runs.append(
            run_pytest(
                "SQLite",
                ["-n", str(WORKERS), *with_marker("not e2e")],
                env_for("sqlite"),
                tmp / "sqlite.xml",
                empty_ok=extra_args,
            )
        )
        banner("Test run 1/2, continued: browser tests (-m e2e) against a real server, SQLite, no xdist")
        runs.append(
            run_pytest("SQLite, browser (e2e)", with_marker("e2e"), env_for("e2e"), tmp / "e2e.xml", empty_ok=True)
        )

        postgres, problem = find_postgres()
        if postgres is None:
            postgres_problem = problem
            loud(
                [
                    "WARNING: Test run 2/2 (PostgreSQL) was SKIPPED: no PostgreSQL server could be used.",
                    f"Reason: {problem}",
                    "Set DATABASE_URL=postgresql://USER@HOST:PORT/samordna, start a local server, or install",
                    "PostgreSQL's server binaries (Debian: postgresql) so that a throw-away server can be started.",
                    "In CI (CI=true) this fails the run." if in_ci() else "Outside CI the SQLite result decides.",
                ]
            )
        else:
            try:
                banner(
                    f"Test run 2/2: PostgreSQL {masked(postgres.url)} ({postgres.origin}); "
                    f"unit tests on {WORKERS} workers (the browser tests ran in run 1)"
                )
                runs.append(
                    run_pytest(
                        "PostgreSQL",
                        ["-n", str(WORKERS), *with_marker("not e2e")],
                        env_for("postgres", DATABASE_URL=postgres.url),
                        tmp / "postgres.xml",
                        empty_ok=extra_args,
                    )
                )
            finally:
                postgres.stop()

    passed, failed, skipped = print_summary(runs, postgres_problem)
    failures = [f"{run.label}: {run.note or 'failed'}" for run in runs if not run.ok]
    if postgres_problem is not None:
        loud([f"The PostgreSQL run was SKIPPED: {postgres_problem}"])
        if in_ci():
            failures.append("PostgreSQL: not run, and CI=true requires it")
    if passed + failed == 0:
        failures.append("no test ran at all")
    for failure in failures:
        print(f"FAILED: {failure}", flush=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
