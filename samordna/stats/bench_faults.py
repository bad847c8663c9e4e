"""Faults under load: what users of the real server see when PostgreSQL restarts, a worker dies or the disk fills.

Each case runs `samordna serve` (gunicorn, production settings) against a throw-away PostgreSQL cluster of its
own (`samordna.lib.pgcluster`), so a restart or a kill touches nothing else. Virtual users log in with password
and one-time code, read pages and import small participant files (the import is all-or-nothing, so a file is
either wholly in the database or not at all). Every answer is kept: its time, its status and what the page said.
Afterwards the database is checked against what users were told.

Nothing here imports Django at module level: the harness drives the server from the outside, over HTTP, with
`samordna` commands and with psycopg for the data checks.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import os
import random
import re
import secrets
import shutil
import signal
import subprocess  # nosec B404 - runs our own console script only
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from samordna.lib import pgcluster
from samordna.lib.processes import stop_group

from . import loadgen

DATABASE = "samordna"
SERVER_START_SECONDS = 90
COMMAND_SECONDS = 900
DEMO_PASSWORD = "Samordna-demo-2026"  # the demo's printed login, loaded only in demo mode  # nosec B105
HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
REASON = re.compile(r'<p class="reason">(.*?)</p>', re.S)  # why a 403 page refused
SUCCESS = "Importen är klar"
# The job page: its state, the poll it carries while the job runs, and the checked file's job for the confirm.
JOB_STATE = 'id="job-state"'
JOB_POLLING = "data-hx-trigger"
JOB_STATE_TEXT = re.compile(r'<strong id="job-state">([^<]*)</strong>')
CHECKED_JOB = re.compile(r'name="job" value="([0-9a-f-]+)"')
JOB_POLL_SECONDS = 0.5
JOB_WAIT_SECONDS = 120
# What must never reach a user: Django's debug page, a bare traceback or Django's untranslated default page.
LEAKS = ("Traceback", "Server Error (500)", "OperationalError", "psycopg")
IMPORT_COLUMNS = [
    "insats",
    "personnummer",
    "kon",
    "fodelsear",
    "kommun",
    "inskrivningsdatum",
    "remittent",
    "forsorjning_fore",
    "sysselsattning_fore",
    "utskrivningsdatum",
    "avslutsorsak",
    "sysselsattning_efter",
    "forsorjning_efter",
    # A stay with a personnummer is stored only with the person's consent, given by the enrolment at the latest.
    "samtycke_datum",
    "samtycke_satt",
]


# --- The installation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    username: str
    forbund: str
    pages: tuple[str, ...]  # paths the persona reads; each must answer 200 when all is well
    insats: str = ""  # the insats this persona imports into; empty for a reader
    first_enrolment: dt.date = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class Dataset:
    """Who uses the installation and what they do: the demo, or a small world for quick tests."""

    name: str
    personas: tuple[Persona, ...]
    pdf: tuple[str, str]  # (username, path) of a PDF that takes a moment to render
    importer: Persona


def _pages(slug: str, *names: str) -> tuple[str, ...]:
    paths = {
        "dashboard": "",
        "caseload": "deltagare/",
        "import": "deltagare/import/",
        "meetings": "sammantraden/",
        "insatser": "insatser/",
        "statistics": "statistik/",
    }
    return tuple(f"/f/{slug}/{paths[name]}" for name in names)


UPPSALA, SKELLEFTEA = "uppsala-lan", "skelleftea-norsjo"
DEMO = Dataset(
    "demo",
    (
        # The förbund's admin reads; only participant handlers may import (tenancy.permissions.POLICY).
        Persona("forbundschef", UPPSALA, _pages(UPPSALA, "dashboard", "insatser", "statistics")),
        Persona("deltagaransvarig", UPPSALA, _pages(UPPSALA, "caseload", "import"), "2017:48", dt.date(2018, 1, 1)),
        Persona("deltagaransvarig2", UPPSALA, _pages(UPPSALA, "caseload", "dashboard"), "2019:3"),
        Persona("kansli", SKELLEFTEA, _pages(SKELLEFTEA, "dashboard", "meetings", "insatser")),
        Persona("deltagaransvarig3", UPPSALA, _pages(UPPSALA, "caseload", "dashboard")),
        Persona("deltagaransvarig4", SKELLEFTEA, _pages(SKELLEFTEA, "caseload", "dashboard")),
    ),
    pdf=("forbundschef", f"/f/{UPPSALA}/statistik/?format=pdf"),
    importer=Persona("deltagaransvarig2", UPPSALA, (), "2019:3"),
)
SMALL_FORBUND, SMALL_INSATS = "felprov", "2020:1"
SMALL = Dataset(
    "small",
    (
        Persona("felprov-chef", SMALL_FORBUND, _pages(SMALL_FORBUND, "dashboard", "insatser", "statistics")),
        Persona("felprov-handlaggare1", SMALL_FORBUND, _pages(SMALL_FORBUND, "caseload", "import"), SMALL_INSATS),
        Persona("felprov-handlaggare2", SMALL_FORBUND, _pages(SMALL_FORBUND, "caseload", "dashboard")),
        Persona("felprov-handlaggare3", SMALL_FORBUND, _pages(SMALL_FORBUND, "dashboard", "caseload")),
    ),
    pdf=("felprov-chef", f"/f/{SMALL_FORBUND}/statistik/?format=pdf"),
    importer=Persona("felprov-handlaggare1", SMALL_FORBUND, (), SMALL_INSATS),
)


def seed_small() -> None:
    """The small world (`samordna shell -c`): one förbund, one insats, four users with one-time codes and 300
    participant stays, so that pages have something to show. Much faster to load than the demo."""
    from samordna.interventions.actions import create_intervention, set_data_controller
    from samordna.interventions.models import ControllerKind, InterventionKind
    from samordna.participants import transfer
    from samordna.tenancy import actions, twofactor
    from samordna.tenancy.models import Kommun, PartyType, Role, User

    if User.objects.filter(username=SMALL.personas[0].username).exists():
        return
    uppsala, _created = Kommun.objects.get_or_create(code="0380", defaults={"name": "Uppsala"})
    forbund = actions.create_forbund(
        None, slug=SMALL_FORBUND, name="Felprovets samordningsförbund", founded=dt.date(2010, 1, 1), kommuner=[uppsala]
    )
    actions.add_statutes(None, forbund, valid_from=dt.date(2010, 1, 1))
    owner = actions.add_member(None, forbund, party_type=PartyType.KOMMUN, name="Uppsala kommun", kommun=uppsala)
    partners = [
        actions.add_member(None, forbund, party_type=party, name=name)
        for party, name in (
            (PartyType.FK, "Försäkringskassan"),
            (PartyType.AF, "Arbetsförmedlingen"),
            (PartyType.REGION, "Region Uppsala"),
        )
    ]
    insats = create_intervention(
        None,
        forbund,
        owner=owner,
        partners=partners,
        registration_no=SMALL_INSATS,
        name="Vägen vidare",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2020, 1, 1),
    )
    set_data_controller(None, insats, kind=ControllerKind.MEMBERS, members=[owner])
    for persona in SMALL.personas:
        role = Role.FORBUND_ADMIN if persona.username.endswith("chef") else Role.PARTICIPANT_HANDLER
        user = actions.create_user(
            None, forbund, username=persona.username, password=DEMO_PASSWORD, first_name="Felprov"
        )
        actions.enrol_totp(user, twofactor.new_secret(), step=0)
        if role == Role.FORBUND_ADMIN:
            actions.assign_role(None, forbund, user, role)
        else:
            actions.assign_role(None, forbund, user, role, interventions=[insats], employer=owner)
    rows = [import_row(SMALL_INSATS, 900_000 + i, dt.date(2021, 1, 1) + dt.timedelta(days=i % 600)) for i in range(300)]
    transfer.import_file(forbund, import_file(rows), "start.csv", None)


@dataclass
class Site:
    """A throw-away cluster with the Samordna database in it, and the environment for `samordna` commands."""

    cluster: pgcluster.Cluster
    workdir: Path
    dataset: Dataset
    sessions: dict[str, dict[str, str]] = field(default_factory=dict)  # session cookies by username
    # Every file imported on this site, by any case: no person and no (insats, enrolment date) is used twice.
    batches: Batches = field(default_factory=lambda: Batches())

    @property
    def url(self) -> str:
        return self.cluster.url(DATABASE)

    def environment(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("DEBUG", "MIGRATE_DATABASE_URL"):
            env.pop(name, None)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "samordna.settings",
                "DATABASE_URL": self.url,
                "SAMORDNA_VAR_DIR": str(self.workdir / "var"),
                "SAMORDNA_DEMO": "1",
                "SECRET_KEY": "faults-benchmark-only-" + "k" * 40,
                "PERSONAL_ID_LOOKUP_KEY": "faults-benchmark-only-" + "p" * 40,
                "SAMORDNA_FIELD_KEY": ",".join(settings.FIELD_KEYS),
                "SECURE_SSL_REDIRECT": "0",
                "SECURE_COOKIES": "0",
                "ALLOWED_HOSTS": "127.0.0.1",
            }
        )
        env.update(extra)
        return env

    def samordna(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        check: bool = True,
        preexec: Callable[[], None] | None = None,
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 - our own console script  # nosec B603
            [samordna_command(), *args],
            env=env or self.environment(),
            capture_output=True,
            text=True,
            timeout=COMMAND_SECONDS,
            check=False,
            preexec_fn=preexec,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"samordna {' '.join(args)}: {result.returncode}\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
            )
        return result

    def connect(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True, connect_timeout=5)


def samordna_command() -> str:
    return str(Path(sys.executable).with_name("samordna"))


@contextlib.contextmanager
def site(dataset: Dataset, write: Callable[[str], object] = print) -> Iterator[Site]:
    """A started cluster with the dataset loaded; removed afterwards. RuntimeError when PostgreSQL is missing."""
    cluster, problem = pgcluster.temporary_cluster(prefix="samordna-faults-pg-")
    if cluster is None:
        raise RuntimeError(problem)
    workdir = Path(cluster.workdir.parent, f"samordna-faults-{secrets.token_hex(4)}")
    workdir.mkdir()
    try:
        import psycopg

        with contextlib.closing(psycopg.connect(cluster.url("postgres"), autocommit=True)) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        here = Site(cluster, workdir, dataset)
        write(f"PostgreSQL {pgcluster.version_label(cluster)} på port {cluster.port}; läser in {dataset.name} …")
        began = time.monotonic()
        here.samordna("migrate", "--noinput")
        if dataset is DEMO:
            here.samordna("demo")
        else:
            here.samordna("shell", "-c", "from samordna.stats.bench_faults import seed_small; seed_small()")
        write(f"Data inläst på {time.monotonic() - began:.0f} s.")
        yield here
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)


class JobWorker:
    """`samordna worker` beside the server, restarted whenever it stops, as systemd's `Restart=always` does in
    production (README, "Background jobs"): the import runs there now, not in the web request."""

    def __init__(self, here: Site, log: Path):
        self.here, self.log = here, log
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._start()
        self._watcher = threading.Thread(target=self._watch, name="job-worker", daemon=True)
        self._watcher.start()

    def _start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own console script  # nosec B603
                [samordna_command(), "worker", "--interval", "0.2"],
                env=self.here.environment(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _watch(self) -> None:
        while not self._stopping.wait(0.2):
            with self._lock:
                if self.process is not None and self.process.poll() is not None and not self._stopping.is_set():
                    self.restarts += 1
                    self._start()

    @property
    def pid(self) -> int:
        with self._lock:
            return self.process.pid if self.process is not None else 0

    def stop(self) -> None:
        self._stopping.set()
        self._watcher.join()
        if self.process is not None:
            stop_group(self.process)


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    size: int  # the number of workers gunicorn keeps
    jobs: JobWorker | None = None  # the background worker that runs the imports

    def workers(self) -> list[int]:
        """gunicorn's workers: the master's children."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def worker_serving(self, client_port: int) -> int | None:
        """The worker whose socket is connected to our client's port, once it has accepted the connection."""
        inode = _socket_inode(self.port, client_port)
        if inode is None:
            return None
        target = f"socket:[{inode}]"
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for fd in os.listdir(f"/proc/{pid}/fd"):
                    with contextlib.suppress(OSError):
                        if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                            return pid
        return None


def _socket_inode(server_port: int, client_port: int) -> str | None:
    """The inode of the server side of the TCP connection from `client_port` (from /proc/net/tcp)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
                return inode if inode != "0" else None
    return None


@contextlib.contextmanager
def server(here: Site, workers: int = 2, **env: str) -> Iterator[Server]:
    port = pgcluster.free_port()
    log = here.workdir / f"server-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own console script  # nosec B603
            [samordna_command(), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env=here.environment(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(process, port, log, workers, JobWorker(here, here.workdir / f"worker-{port}.log"))
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Servern stannade (kod {process.returncode}):\n{log.read_text()[-3000:]}")
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as answer,  # nosec B310
            ):
                if answer.status == 200 and len(running.workers()) == workers:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"Servern svarade inte inom {SERVER_START_SECONDS} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield running
    finally:
        if running.jobs is not None:
            running.jobs.stop()
        stop_group(process)


# --- Users -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One request as the user saw it."""

    action: str  # "read", "upload", "confirm", …
    started: float  # time.monotonic()
    ended: float
    status: int  # 0: no answer at all (the connection was cut or refused)
    seen: str  # what the page said, in short

    @property
    def failed(self) -> bool:
        return not 200 <= self.status < 400


def what_was_seen(status: int, page: str) -> str:
    if status == 0:
        return "inget svar (anslutningen bröts)"
    if "Server Error (500)" in page:
        return f"{status} Djangos engelska standardsida"
    if any(leak in page for leak in LEAKS):
        return f"{status} med teknisk felsida (läcker)"
    heading = HEADING.search(page)
    text = re.sub(r"<[^>]+>", "", heading.group(1)).strip() if heading else page.strip()[:60]
    reason = REASON.search(page) if status == 403 else None
    return f"{status} {text}" + (f" ({reason.group(1).strip()})" if reason else "")


class User(loadgen.VirtualUser):
    def __init__(self, site_: Site, port: int, persona: Persona, timeout: float = 60):
        super().__init__("127.0.0.1", port, timeout=timeout)
        self.site, self.persona = site_, persona
        self.answers: list[Answer] = []

    def call(self, action: str, method: str, path: str, **kwargs) -> tuple[int, str]:
        began = time.monotonic()
        try:
            status, page = self.request(method, path, **kwargs)
        except (OSError, loadgen.http.client.HTTPException):
            status, page = 0, ""
        self.answers.append(Answer(action, began, time.monotonic(), status, what_was_seen(status, page)))
        return status, page

    def log_in(self) -> None:  # type: ignore[override]
        """Log in, or take up the persona's session from an earlier case: a one-time code is good only once,
        and waiting for the next one would take up to half a minute."""
        known = self.site.sessions.get(self.persona.username)
        if known:
            self.cookies = dict(known)
            if self.request("GET", f"/f/{self.persona.forbund}/")[0] == 200:
                return
            self.cookies = {}
        credentials = loadgen.Credentials(self.persona.username, DEMO_PASSWORD, self.one_time_code)
        super().log_in(credentials, "/konto/logga-in/", "/konto/tvastegsverifiering/")
        self.site.sessions[self.persona.username] = dict(self.cookies)

    def one_time_code(self) -> str:
        """The current code; the next step's, after waiting, when this step's was used already."""
        from samordna.tenancy.twofactor import STEP_SECONDS, current_code

        with contextlib.closing(self.site.connect()) as conn:
            secret, last_step = conn.execute(
                "SELECT totp_secret, totp_last_step FROM tenancy_user WHERE username = %s", [self.persona.username]
            ).fetchone()
        while int(time.time() // STEP_SECONDS) <= (last_step or 0):
            time.sleep(1)
        return current_code(secret)

    def upload(self, path: str, name: str, data: bytes, token: str) -> tuple[int, str]:
        boundary = secrets.token_hex(12)
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'.encode(),
                f"{token}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: text/csv\r\n\r\n".encode(),
                data,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        return self.call("upload", "POST", path, body=body, content_type=f"multipart/form-data; boundary={boundary}")

    def follow_job(self, wait: float = JOB_WAIT_SECONDS) -> tuple[int, str]:
        """After a redirect to a job's page: ask for the page every `JOB_POLL_SECONDS`, as the page's own poll
        does, until it shows the job finished (or `wait` s have passed). The last answer."""
        path = urllib.parse.urlsplit(self.location).path
        deadline = time.monotonic() + wait
        while True:
            status, page = self.call("job page", "GET", path)
            if status == 200 and JOB_STATE in page and JOB_POLLING not in page:
                return status, page
            if time.monotonic() > deadline:
                return status, page
            time.sleep(JOB_POLL_SECONDS)

    def check_file(self, batch: Batch) -> tuple[str, str] | None:
        """Upload a file and follow its check to the end: the form fields that confirm it, or None."""
        path = _pages(self.persona.forbund, "import")[0]
        status, page = self.call("import page", "GET", path)
        token = loadgen.CSRF_FIELD.search(page)
        if status != 200 or token is None:
            return None
        status, page = self.upload(path, f"{batch.name}.csv", batch.data, token.group(1))
        if status != 302:
            return None
        status, page = self.follow_job()
        token, job = loadgen.CSRF_FIELD.search(page), CHECKED_JOB.search(page)
        if status != 200 or token is None or job is None:
            return None
        return token.group(1), job.group(1)

    def confirm(self, batch: Batch, fields: tuple[str, str], follow: bool = True) -> None:
        """Confirm a checked file and, with `follow`, watch the import's page until it is done."""
        token, job = fields
        batch.confirm_sent = True
        path = _pages(self.persona.forbund, "import")[0]
        status, page = self.call(
            "confirm", "POST", path, form={"csrfmiddlewaretoken": token, "step": "confirm", "job": job}
        )
        batch.confirm_status = status
        if status == 302 and follow:
            status, page = self.follow_job()
            batch.confirmed = SUCCESS in page

    def import_batch(self, batch: Batch) -> None:
        """Upload, check and confirm one file, following each job's page as a browser does; the batch notes how
        far it got."""
        fields = self.check_file(batch)
        if fields is not None:
            self.confirm(batch, fields)


def import_row(insats: str, number: int, enrolled: dt.date) -> list[str]:
    from stdnum import luhn

    # One person per number: 900 serial numbers a day of birth, from 1940 on.
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=number // 900)
    body = f"{birth:%y%m%d}{number % 900 + 100:03d}"
    pnr = f"{birth:%Y}{body[2:]}{luhn.calc_check_digit(body)}"
    day = f"{enrolled:%Y-%m-%d}"
    return [insats, pnr, "", "", "", day, "AF", "SJUKPENNING", "ARBETSSOKANDE", "", "", "", "", day, "SKRIFTLIGT"]


def import_file(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(IMPORT_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@dataclass
class Batch:
    """One imported file: its rows all share one enrolment date that no other batch uses."""

    name: str
    forbund: str
    insats: str
    enrolled: dt.date
    rows: int
    data: bytes
    confirm_sent: bool = False
    confirm_status: int | None = None
    confirmed: bool = False  # the user was told the import is done

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return self.forbund, self.insats, self.enrolled


class Batches:
    """Unique people and enrolment dates for every file of a run, shared by the users' threads."""

    def __init__(self, first_number: int = 1_000_000):
        self._numbers = itertools.count(first_number)
        self._days: dict[str, Iterator[int]] = {}
        self._lock = threading.Lock()
        self.made: list[Batch] = []

    def new(self, persona: Persona, rows: int) -> Batch:
        with self._lock:
            day = next(self._days.setdefault(persona.insats, itertools.count()))
            enrolled = persona.first_enrolment + dt.timedelta(days=day)
            numbers = [next(self._numbers) for _ in range(rows)]
            batch = Batch(
                f"{persona.insats.replace(':', '-')}-{enrolled:%Y%m%d}",
                persona.forbund,
                persona.insats,
                enrolled,
                rows,
                import_file([import_row(persona.insats, n, enrolled) for n in numbers]),
            )
            self.made.append(batch)
            return batch


# --- Data checks ----------------------------------------------------------------------------------


def stays(here: Site) -> dict[tuple[str, str, dt.date], int]:
    """Participations per (förbund, insats, enrolment date)."""
    with contextlib.closing(here.connect()) as conn:
        rows = conn.execute(
            "SELECT f.slug, i.registration_no, p.enrolment_date, count(*) FROM participants_participation p "
            "JOIN interventions_intervention i ON i.id = p.intervention_id "
            "JOIN tenancy_forbund f ON f.id = i.forbund_id GROUP BY 1, 2, 3"
        ).fetchall()
    return {(slug, no, day): count for slug, no, day, count in rows}


def orphans(here: Site) -> int:
    """Participants without any stay: what an import stopped between its two inserts would leave."""
    with contextlib.closing(here.connect()) as conn:
        return conn.execute(
            "SELECT count(*) FROM participants_participant p WHERE NOT EXISTS "
            "(SELECT 1 FROM participants_participation s WHERE s.participant_id = p.id)"
        ).fetchone()[0]


@dataclass
class DataCheck:
    confirmed: int = 0  # batches the users were told were imported
    stored_whole: int = 0
    partial: list[str] = field(default_factory=list)  # batches with some but not all rows
    lost: list[str] = field(default_factory=list)  # confirmed to the user, not in the database
    unconfirmed_stored: int = 0  # the answer was lost, but the import had committed
    unconfirmed_answers: list[str] = field(default_factory=list)  # what those users got instead
    orphans_added: int = 0

    @property
    def ok(self) -> bool:
        return not self.partial and not self.lost and self.orphans_added == 0

    def summary(self) -> str:
        text = f"{self.confirmed} importer bekräftade, {self.stored_whole} finns hela"
        if self.unconfirmed_stored:
            text += f" ({self.unconfirmed_stored} sparades fast svaret uteblev: {', '.join(self.unconfirmed_answers)})"
        text += f", {len(self.partial)} halva, {len(self.lost)} förlorade, {self.orphans_added} lösa deltagare"
        return ("OK: " if self.ok else "FEL: ") + text


def check_batches(here: Site, batches: list[Batch], before: dict, orphans_before: int) -> DataCheck:
    after = stays(here)
    result = DataCheck(orphans_added=orphans(here) - orphans_before)
    for batch in batches:
        added = after.get(batch.key, 0) - before.get(batch.key, 0)
        result.confirmed += batch.confirmed
        if added == batch.rows:
            result.stored_whole += 1
            if not batch.confirmed:
                result.unconfirmed_stored += 1
                result.unconfirmed_answers.append(
                    f"bekräftelsen gav {batch.confirm_status}"
                    if batch.confirm_status != 302
                    else "bekräftelsen gav 302, sidan efteråt misslyckades"
                )
        elif added != 0:
            result.partial.append(f"{batch.name}: {added} av {batch.rows}")
        elif batch.confirmed:
            result.lost.append(batch.name)
    return result


# --- Reporting ------------------------------------------------------------------------------------


@dataclass
class CaseResult:
    case: str
    sent: int
    failed: int
    window: float | None  # seconds from the first failed request's start to the last one's end
    seen: dict[str, int]  # what users saw when a request failed, and how often
    data: str
    ok: bool
    notes: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)  # the measurements behind `ok`, for tests


def failure_window(answers: list[Answer]) -> float | None:
    failed = [a for a in answers if a.failed]
    if not failed:
        return None
    return max(a.ended for a in failed) - min(a.started for a in failed)


def seen_counts(answers: list[Answer]) -> dict[str, int]:
    out: dict[str, int] = {}
    for answer in answers:
        if answer.failed:
            out[answer.seen] = out.get(answer.seen, 0) + 1
    return dict(sorted(out.items(), key=lambda item: -item[1]))


def format_results(results: list[CaseResult]) -> str:
    header = ("Fall", "Anrop", "Misslyckade", "Felfönster", "Vad användarna såg", "Datakontroll")
    rows = []
    for r in results:
        seen = "; ".join(f"{count} × {text}" for text, count in r.seen.items()) or "–"
        window = "–" if r.window is None else f"{r.window:.1f} s".replace(".", ",")
        rows.append((r.case, str(r.sent), str(r.failed), window, seen, r.data))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]
    for r in results:
        out += [f"  {r.case}: {note}" for note in r.notes]
    return "\n".join(out)


# --- Case 1: PostgreSQL restarted while users click -----------------------------------------------


def sweep(users: list[User]) -> list[Answer]:
    """Every persona's every page, once: the answers of a check that all is well."""
    out = []
    for user in users:
        for path in user.persona.pages:
            before = len(user.answers)
            user.call("sweep", "GET", path)
            out += user.answers[before:]
    return out


def restart_under_load(
    here: Site,
    *,
    duration: float = 20,
    fault_at: float = 6,
    outage: float = 0,
    think: float = 0.3,
    rows: int = 10,
    running: Server | None = None,
) -> CaseResult:
    """Users read and import for `duration` s; at `fault_at` PostgreSQL restarts (`outage` 0), or stops for
    `outage` s and starts again. Then every page once more, on the same server processes (`running`, or a
    server started for the case)."""
    label = "PostgreSQL omstart (-m fast)" if not outage else f"PostgreSQL nere {outage:g} s"
    batches = here.batches
    first_batch = len(batches.made)
    with contextlib.nullcontext(running) if running else server(here, workers=2) as running:
        users = [User(here, running.port, persona) for persona in here.dataset.personas]
        for user in users:
            user.log_in()
        baseline = sweep(users)
        if any(a.failed for a in baseline):
            raise RuntimeError(f"Sidorna fungerade inte före felet: {seen_counts(baseline)}")
        workers_before = running.workers()
        job_restarts_before = running.jobs.restarts if running.jobs else 0
        stays_before, orphans_before = stays(here), orphans(here)
        for user in users:
            user.answers.clear()
        deadline = time.monotonic() + duration
        fault: dict[str, float] = {}

        def work(user: User, seed: int) -> None:
            rng = random.Random(seed)  # noqa: S311 - think times, not secrets  # nosec B311
            step = seed
            while time.monotonic() < deadline:
                if user.persona.insats and rng.random() < 0.35:
                    user.import_batch(batches.new(user.persona, rows))
                else:
                    user.call("read", "GET", user.persona.pages[step % len(user.persona.pages)])
                step += 1
                time.sleep(rng.uniform(0, 2 * think))

        threads = [threading.Thread(target=work, args=(u, i), daemon=True) for i, u in enumerate(users)]
        for thread in threads:
            thread.start()
        time.sleep(fault_at)
        fault["began"] = time.monotonic()
        if outage:
            here.cluster.halt("fast")
            fault["down"] = time.monotonic()
            time.sleep(outage)
            here.cluster.start()
        else:
            here.cluster.restart("fast")
        fault["back"] = time.monotonic()
        for thread in threads:
            thread.join()
        during = [a for u in users for a in u.answers]
        after = sweep(users)
        workers_after = running.workers()
        job_restarts = (running.jobs.restarts if running.jobs else 0) - job_restarts_before
    made = batches.made[first_batch:]
    data = check_batches(here, made, stays_before, orphans_before)
    pages_after = [a for a in after if a.failed]
    failed = [a for a in during if a.failed]
    leaks = [a for a in failed if "läcker" in a.seen or "standardsida" in a.seen]
    after_fault = [a for a in during if a.started >= fault["back"]]
    first_ok = min((a.ended for a in after_fault if not a.failed), default=None)
    notes = [
        f"databasen borta {fault['back'] - fault['began']:.2f} s; första lyckade svar "
        + ("saknas" if first_ok is None else f"{first_ok - fault['back']:.2f} s efter att den var tillbaka"),
        f"efteråt: {len(after) - len(pages_after)} av {len(after)} sidor svarar 200 utan omstart av servern "
        f"(samma arbetsprocesser: {'ja' if workers_after == workers_before else 'nej'})",
        f"importer: {len(made)} påbörjade, {sum(b.confirm_sent for b in made)} bekräftelser skickade",
        f"bakgrundsarbetaren startades om {job_restarts} gång(er)",
    ]
    by_action: dict[str, int] = {}
    for answer in failed:
        by_action[f"{answer.action}: {answer.seen}"] = by_action.get(f"{answer.action}: {answer.seen}", 0) + 1
    if by_action:
        notes.append("misslyckade anrop: " + "; ".join(f"{n} × {what}" for what, n in sorted(by_action.items())))
    if leaks:
        notes.append(f"{len(leaks)} svar var inte Samordnas svenska felsida")
    return CaseResult(
        label,
        len(during),
        len(failed),
        failure_window(during),
        seen_counts(during),
        data.summary(),
        data.ok and not pages_after and not leaks and workers_after == workers_before,
        notes,
        {
            "data": data,
            "pages_after": len(after),
            "pages_after_failed": [a.seen for a in pages_after],
            "leaks": len(leaks),
            "same_workers": workers_after == workers_before,
            "imports_confirmed": data.confirmed,
            "failed_during": [a.seen for a in failed],
            "job_worker_restarts": job_restarts,
        },
    )


# --- Case 2: a worker killed mid-request ------------------------------------------------------------


def kill_when(running: Server, user: User, ready: Callable[[int], bool], give_up: float = 120) -> tuple[int, float]:
    """SIGKILL the worker serving `user`'s connection once `ready(pid)`; its pid and when it was killed."""
    deadline = time.monotonic() + give_up
    while time.monotonic() < deadline:
        sock = user.connection.sock
        if sock is not None:
            pid = running.worker_serving(sock.getsockname()[1])
            if pid is not None and ready(pid):
                os.kill(pid, signal.SIGKILL)
                return pid, time.monotonic()
        time.sleep(0.01)
    raise RuntimeError("Ingen arbetsprocess tog emot anropet i tid")


def writing(here: Site) -> Callable[[int], bool]:
    """True once a transaction in the Samordna database has written rows (has a transaction id) and is working
    on the participant tables: the import's, not a session's."""

    def check(_pid: int) -> bool:
        with contextlib.closing(here.connect()) as conn:
            return bool(
                conn.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL "
                    "AND query ILIKE '%%participants\\_%%' AND pid <> pg_backend_pid()",
                    [DATABASE],
                ).fetchone()
            )

    return check


def in_flight(_pid: int) -> bool:
    return True


def restarted(running: Server, killed: int, workers: int, wait: float = 30) -> tuple[bool, float]:
    began = time.monotonic()
    while time.monotonic() - began < wait:
        now = running.workers()
        if killed not in now and len(now) == workers:
            return True, time.monotonic() - began
        time.sleep(0.1)
    return False, wait


def killed_worker(here: Site, *, rows: int = 5000, running: Server | None = None) -> list[CaseResult]:
    """A worker SIGKILLed while it stores a large import, and while it renders a PDF (on `running`, or a
    server with two workers started for the case)."""
    with contextlib.nullcontext(running) if running else server(here, workers=2) as running:
        return [_kill_during_import(here, running, rows), _kill_during_pdf(here, running)]


def kill_job_worker_when(jobs: JobWorker, ready: Callable[[int], bool], give_up: float = 120) -> tuple[int, float]:
    """SIGKILL the job worker once `ready`; its pid and when it was killed."""
    deadline = time.monotonic() + give_up
    while time.monotonic() < deadline:
        if ready(0):
            pid = jobs.pid
            os.kill(pid, signal.SIGKILL)
            return pid, time.monotonic()
        time.sleep(0.01)
    raise RuntimeError("Importen började aldrig skriva i tid")


def job_worker_back(jobs: JobWorker, restarts_before: int, wait: float = 30) -> tuple[bool, float]:
    began = time.monotonic()
    while time.monotonic() - began < wait:
        if jobs.restarts > restarts_before:
            return True, time.monotonic() - began
        time.sleep(0.1)
    return False, wait


def _kill_during_import(here: Site, running: Server, rows: int) -> CaseResult:
    """Upload and check a large file, confirm it, and SIGKILL the job worker once the import's transaction is
    writing rows. The worker is started again (as systemd does), and the user imports the same file again."""
    jobs = running.jobs
    if jobs is None:
        raise RuntimeError("Servern har ingen bakgrundsarbetare")
    importer = User(here, running.port, here.dataset.importer, timeout=600)
    importer.log_in()
    batch = here.batches.new(here.dataset.importer, rows)
    key = batch.key
    before, orphans_before = stays(here).get(key, 0), orphans(here)
    fields = importer.check_file(batch)
    if fields is None:
        raise RuntimeError(f"Importfilen godtogs inte: {importer.answers[-1].seen if importer.answers else '-'}")
    importer.answers.clear()
    restarts_before = jobs.restarts
    importer.confirm(batch, fields, follow=False)
    job_path = urllib.parse.urlsplit(importer.location).path
    confirmed_at = time.monotonic()
    _pid, killed_at = kill_job_worker_when(jobs, writing(here))
    stored = stays(here).get(key, 0) - before
    back, after = job_worker_back(jobs, restarts_before)
    _status, page = importer.call("job page", "GET", job_path)
    state = JOB_STATE_TEXT.search(page)
    shown = state.group(1) if state else what_was_seen(_status, page)
    told_done = SUCCESS in page
    retry = importer.check_file(batch)
    if retry is not None:
        importer.confirm(batch, retry)
    retried = stays(here).get(key, 0) - before
    loose = orphans(here) - orphans_before
    ok = stored == 0 and not told_done and loose == 0 and back and batch.confirmed and retried == rows
    data = (f"{'OK' if stored == 0 and loose == 0 else 'FEL'}: {stored} av {rows} rader sparade när processen dog, "
            f"{loose} lösa deltagare; omförsöket {'bekräftades' if batch.confirmed else 'bekräftades inte'} "
            f"och gav {retried} rader")  # fmt: skip
    note = (
        f"dödad {killed_at - confirmed_at:.1f} s efter bekräftelsen, när transaktionen hade börjat skriva; "
        f"jobbsidan visade sedan {shown!r}; "
        + (f"ny bakgrundsarbetare efter {after:.1f} s" if back else "ingen ny bakgrundsarbetare startade")
    )
    return CaseResult(
        f"bakgrundsarbetaren dödad under import ({rows} rader)", len(importer.answers),
        sum(a.failed for a in importer.answers), None, seen_counts(importer.answers), data, ok,
        [note], {"stored_after_kill": stored, "told_done_after_kill": told_done, "shown_after_kill": shown,
                 "stored_after_retry": retried, "retry_confirmed": batch.confirmed, "orphans": loose,
                 "worker_restarted": back},
    )  # fmt: skip


def _kill_during_pdf(here: Site, running: Server) -> CaseResult:
    """Kill the worker as soon as it holds the request for a PDF; then ask again."""
    username, pdf_path = here.dataset.pdf
    reader = User(here, running.port, next(p for p in here.dataset.personas if p.username == username))
    reader.log_in()
    reader.call("pdf", "GET", pdf_path)  # warm: fonts and templates loaded, so the kill hits the rendering
    reader.answers.clear()
    sender = threading.Thread(target=reader.call, args=("pdf", "GET", pdf_path))
    sender.start()
    pid, _killed_at = kill_when(running, reader, in_flight)
    sender.join()
    back, after = restarted(running, pid, running.size)
    retry_status, retry_page = reader.call("retry", "GET", pdf_path)
    killed = reader.answers[0]
    whole = retry_status == 200 and retry_page.startswith("%PDF")
    return CaseResult(
        "arbetsprocess dödad under PDF", len(reader.answers), sum(a.failed for a in reader.answers),
        after if back else None, seen_counts(reader.answers),
        f"{'OK' if whole else 'FEL'}: omförsöket gav {retry_status}{' och en hel PDF' if whole else ''}",
        killed.failed and whole and back,
        [f"ny arbetsprocess efter {after:.1f} s" if back else "ingen ny arbetsprocess startade"],
        {"killed_answer": killed.status, "retry_whole": whole, "worker_restarted": back},
    )  # fmt: skip


# --- Case 3: the disk full during an export --------------------------------------------------------

FREE_BYTES = 4 * 1024  # what is left on the tiny file system once it is filled


@contextlib.contextmanager
def tiny_filesystem(path: Path, size: str = "4M") -> Iterator[bool]:
    """A small tmpfs at `path`, filled up to FREE_BYTES; False when it cannot be mounted (not root, say),
    and `path` is then a plain folder, for the file-size limit instead."""
    path.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(path)]
    mounted = subprocess.run(mount, capture_output=True, check=False).returncode == 0  # noqa: S603  # nosec B603
    try:
        if mounted:
            stats = os.statvfs(path)
            (path / ".fyllnad").write_bytes(b"\0" * max(0, stats.f_bavail * stats.f_frsize - FREE_BYTES))
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)  # noqa: S603, S607  # nosec


def file_size_limit() -> None:
    """In the child, before exec: files may grow to FREE_BYTES, and going past is an error (EFBIG), not a kill."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FREE_BYTES, FREE_BYTES))


def leftovers(path: Path) -> list[str]:
    """Files on the tiny file system other than the filler, and folders other than the server's own."""
    files = [p for p in path.rglob("*") if p.is_file() and p.name != ".fyllnad"]
    folders = [p for p in path.iterdir() if p.is_dir() and p.name not in ("media", "static")]
    return sorted(str(p.relative_to(path)) for p in [*files, *folders])


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def is_whole(path: Path) -> bool:
    """A finished output: a backup with its manifest, an xlsx whose archive reads back, a PDF with its end."""
    import zipfile

    if path.is_dir():
        return (path / "manifest.json").is_file()
    if path.suffix == ".xlsx":
        return zipfile.is_zipfile(path) and zipfile.ZipFile(path).testzip() is None
    if path.suffix == ".pdf":
        data = path.read_bytes()
        return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    return path.is_file()


def traceback_origin(text: str) -> str:
    places = re.findall(r'File "([^"]+)", line (\d+)', text)
    return " ← ".join(f"{Path(file).name}:{line}" for file, line in reversed(places[-3:]))


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def disk_full(here: Site) -> list[CaseResult]:
    """Exports and backups into a full file system, and the server with its var folder and TMPDIR on it."""
    results = []
    tiny = here.workdir / "liten-disk"
    forbund = here.dataset.importer.forbund
    with tiny_filesystem(tiny) as mounted:
        how = "tmpfs full (4 KB kvar)" if mounted else f"filstorleksgräns {FREE_BYTES // 1024} KB (RLIMIT_FSIZE)"
        period = ["--from", "2019-01-01", "--to", "2025-12-31"]
        commands = [
            ("backup", "kopia", ["backup", "-o"]),
            ("export-participants xlsx", "deltagare.xlsx", ["export-participants", "--forbund", forbund, "--format",
                                                            "xlsx", "-o"]),
            ("report participants pdf", "statistik.pdf", ["report", "participants", "--forbund", forbund, *period,
                                                          "--format", "pdf", "-o"]),
            ("report economy xlsx", "ekonomi.xlsx", ["report", "economy", "--forbund", forbund, "--year", "2024",
                                                     "--format", "xlsx", "-o"]),
        ]  # fmt: skip
        for label, name, args in commands:
            output = tiny / name
            done = here.samordna(*args, str(output), check=False, preexec=None if mounted else file_size_limit)
            left = leftovers(tiny)
            said = last_line(done.stderr) if done.returncode else last_line(done.stdout) or last_line(done.stderr)
            if done.returncode == 0:
                # It fitted: then the file must be whole, and nothing else may be left.
                whole = is_whole(output)
                left = [p for p in left if not p.startswith(name)]
                data = "OK: filen fick plats och är hel" if whole and not left else f"FEL: {output.name} trasig"
                ok = whole and not left
            else:
                data = "OK: ingen fil kvar" if not left else f"FEL: kvar {', '.join(left)}"
                ok = "Traceback" not in done.stderr and bool(said) and not left
            results.append(
                CaseResult(
                    f"disken full: samordna {label} ({how})", 1, int(done.returncode != 0), None,
                    {f"kod {done.returncode}: {said}"[:170]: 1}, data, ok,
                    [f"Python-traceback från {traceback_origin(done.stderr)}"] if "Traceback" in done.stderr else [],
                )
            )  # fmt: skip
            for path in [output, *(tiny / name for name in leftovers(tiny))]:
                remove(path)
        if mounted:
            results += _server_on_full_disk(here, tiny, forbund)
    return results


def _server_on_full_disk(here: Site, tiny: Path, forbund: str) -> list[CaseResult]:
    """Uploads and exports from a server whose var folder (media) and temporary folder are on the full disk."""
    results = []
    persona = here.dataset.importer
    with server(here, workers=1, SAMORDNA_VAR_DIR=str(tiny), TMPDIR=str(tiny)) as running:
        user = User(here, running.port, persona)
        user.log_in()
        batch = here.batches.new(persona, 2000)
        path = _pages(forbund, "import")[0]
        status, page = user.call("import page", "GET", path)
        token = loadgen.CSRF_FIELD.search(page)
        status, page = user.upload(path, "stor.csv", batch.data, token.group(1) if token else "")
        message = re.search(r"Servern (har inte plats|kunde inte spara)[^<]*", page)
        offered = 'name="step" value="confirm"' in page
        left = leftovers(tiny)
        results.append(
            CaseResult(
                f"disken full: uppladdning till import ({len(batch.data) // 1024} KB)",
                1,
                int(status >= 400),
                None,
                {f"{status} {message.group(0) if message else what_was_seen(status, page)}"[:160]: 1},
                "OK: ingen halv fil, inget att bekräfta"
                if not left and not offered
                else f"FEL: {'kvar ' + ', '.join(left) if left else ''}{' erbjuds för import' if offered else ''}",
                status == 507 and message is not None and not left and not offered,
            )
        )
        for label, export in (("statistik xlsx", "xlsx"), ("statistik pdf", "pdf")):
            status, page = user.call(label, "GET", f"/f/{forbund}/statistik/?format={export}")
            clean = not leftovers(tiny)
            whole = status == 200 and (page.startswith("PK") if export == "xlsx" else page.startswith("%PDF"))
            results.append(
                CaseResult(
                    f"disken full: {label} från webben", 1, int(status != 200), None,
                    {"200, hel fil" if whole else what_was_seen(status, page): 1},
                    "OK: ingen fil kvar på disken" if clean else f"FEL: kvar {', '.join(leftovers(tiny))}",
                    clean and (whole or (status == 507 and "Servern har inte plats" in page)),
                )
            )  # fmt: skip
    return results


# --- Running -------------------------------------------------------------------------------------


def conditions() -> str:
    import platform

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.date.today():%Y-%m-%d} · {platform.python_implementation()} {platform.python_version()} · "
        f"{os.cpu_count()} kärnor · belastning (1, 5, 15 min) {load}"
    )


def run(
    dataset: Dataset,
    cases: list[str],
    *,
    duration: float = 30,
    outage: float = 5,
    rows: int = 10_000,
    write: Callable[[str], object] = print,
) -> list[CaseResult]:
    results = []
    with site(dataset, write) as here:
        if "restart" in cases:
            write("Fall: PostgreSQL startas om medan användarna klickar …")
            results.append(restart_under_load(here, duration=duration, fault_at=duration / 3))
        if "outage" in cases:
            write(f"Fall: PostgreSQL nere i {outage:g} s …")
            results.append(restart_under_load(here, duration=duration + outage, fault_at=duration / 3, outage=outage))
        if "kill" in cases:
            write("Fall: en arbetsprocess dödas under import och under PDF …")
            results += killed_worker(here, rows=rows)
        if "disk" in cases:
            write("Fall: disken full under export …")
            results += disk_full(here)
    return results
