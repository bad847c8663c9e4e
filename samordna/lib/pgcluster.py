"""A throw-away PostgreSQL cluster from the installed server binaries, for test runs and fault benchmarks.

Standard library only, so that scripts can use it before Django (or even the virtual environment) is set up.
The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port with trust authentication,
and is deleted by `stop()`.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess  # nosec B404 - runs the installed PostgreSQL binaries only
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
START_SECONDS = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def binaries() -> tuple[Path, Path] | None:
    """initdb and pg_ctl of the newest installed server (Debian's layout first, then PATH), or None."""

    def version(path: str) -> tuple[int, ...]:
        match = re.search(r"/postgresql/([\d.]+)/", path)
        return tuple(int(part) for part in match.group(1).split(".")) if match else (0,)

    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True):
        pg_ctl = Path(initdb).with_name("pg_ctl")
        if pg_ctl.exists():
            return Path(initdb), pg_ctl
    on_path = shutil.which("initdb"), shutil.which("pg_ctl")
    if on_path[0] and on_path[1]:
        return Path(on_path[0]), Path(on_path[1])
    return None


def _as_postgres_user() -> tuple[list[str], pwd.struct_passwd | None, str]:
    """The prefix that runs a command as the `postgres` OS user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return [], None, ""
    try:
        owner = pwd.getpwnam("postgres")
    except KeyError:
        return [], None, "running as root, and there is no 'postgres' OS user to run PostgreSQL as"
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"], owner, ""
    if shutil.which("su"):
        return ["su", "postgres", "-s", "/bin/sh", "-c"], owner, ""
    return [], None, "running as root, and neither runuser nor su is there to switch to 'postgres'"


class ClusterError(RuntimeError):
    pass


@dataclass
class Cluster:
    initdb: Path
    pg_ctl: Path
    workdir: Path
    port: int
    as_user: list[str] = field(default_factory=list)
    # Durability is worth nothing for a cluster that is deleted after the run.
    settings: tuple[str, ...] = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=50")

    @property
    def data(self) -> Path:
        return self.workdir / "data"

    @property
    def log(self) -> Path:
        return self.workdir / "server.log"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/{database}"

    def command(self, *args: str | Path) -> list[str]:
        parts = [str(arg) for arg in args]
        if self.as_user and self.as_user[0] == "su":
            return [*self.as_user, shlex.join(parts)]
        return [*self.as_user, *parts]

    def _run(self, *args: str | Path, timeout: float = START_SECONDS + 30) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments to the installed binaries
            self.command(*args), capture_output=True, text=True, check=False, timeout=timeout
        )

    def _options(self) -> str:
        extra = " ".join(f"-c {setting}" for setting in self.settings)
        return f"-p {self.port} -k {self.workdir} -c listen_addresses={HOST} {extra}"

    def start(self) -> None:
        result = self._run(
            self.pg_ctl, "-D", self.data, "-l", self.log, "-o", self._options(), "-w", "-t", str(START_SECONDS), "start"
        )
        if result.returncode != 0:
            raise ClusterError(f"the server did not start: {self.log_tail() or result.stderr.strip()}")

    def restart(self, mode: str = "fast") -> None:
        """`pg_ctl restart -m MODE`: every connection is cut, and the server is back when this returns."""
        result = self._run(
            self.pg_ctl,
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            self._options(),
            "-m",
            mode,
            "-w",
            "-t",
            str(START_SECONDS),
            "restart",
        )
        if result.returncode != 0:
            raise ClusterError(f"the restart failed: {self.log_tail() or result.stderr.strip()}")

    def halt(self, mode: str = "fast") -> None:
        """Stop the server and keep the cluster, to `start()` it again."""
        result = self._run(self.pg_ctl, "-D", self.data, "-m", mode, "-w", "-t", str(START_SECONDS), "stop")
        if result.returncode != 0:
            raise ClusterError(f"the server did not stop: {self.log_tail() or result.stderr.strip()}")

    def stop(self) -> None:
        """Stop the server and delete the cluster."""
        self._run(self.pg_ctl, "-D", self.data, "-m", "immediate", "-w", "-t", "30", "stop", timeout=60)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def log_tail(self, chars: int = 800) -> str:
        return self.log.read_text(errors="replace")[-chars:].strip() if self.log.exists() else ""


def temporary_cluster(prefix: str = "samordna-pg-") -> tuple[Cluster | None, str]:
    """A started cluster in a new temporary directory, or None and the reason it could not be made."""
    found = binaries()
    if found is None:
        return None, "no PostgreSQL server binaries (initdb, pg_ctl) are installed"
    as_user, owner, problem = _as_postgres_user()
    if problem:
        return None, problem
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    if owner is not None:
        os.chown(workdir, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(*found, workdir=workdir, port=free_port(), as_user=as_user)
    init = cluster._run(
        cluster.initdb, "-D", cluster.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"
    )
    if init.returncode != 0:
        shutil.rmtree(workdir, ignore_errors=True)
        return None, f"initdb failed: {(init.stderr or init.stdout).strip()[-800:]}"
    try:
        cluster.start()
    except ClusterError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        return None, f"the temporary server did not start: {exc}"
    return cluster, ""


def version_label(cluster: Cluster) -> str:
    name = cluster.initdb.parent.parent.name
    return name if name[:1].isdigit() else ""
