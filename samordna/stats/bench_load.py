"""`samordna bench --only load`: page latency under a realistic mix, from the real server process.

`samordna serve` (gunicorn, production settings) is started on 127.0.0.1 on a free port against the
configured database (PostgreSQL), with the page benchmark's förbund in it (`bench_pages`: 20 000 stays, 2 000
of them active in one handler's ten insatser, 155 insatser, big audit and read logs). Each virtual user is a
participant handler of those ten insatser (`bench-last-NNN`, created once, demo password, a one-time-code
secret of its own), so every one has the full caseload of 2 000. They log in through the login page with
password and one-time code, then go round their own mix (`targets`): the baseline `/healthz/` (a view that
does nothing, so it costs what the middleware costs every page), pages of the caseload and a search in it,
participants' pages (each writes a read-log row), the participant statistics for a period and the monthly
statistics for a year that differ from user to user, and between the reads two writes: an enrolment and a
follow-up, each a form page and the form sent. The writes change the förbund's data, so the statistics are
built fresh, not answered from `stats.cache`. After the run the resident memory of each worker is read.
See `loadgen` for the load model.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import random
import socket
import subprocess  # nosec B404 - starts our own console script (samordna serve, samordna demo) only
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from samordna.lib.processes import stop_group

from . import bench_pages, loadgen
from .benchtable import Row, p50_p95

DEMO_FORBUND = "uppsala-lan"
DEMO_INSATS = "2017:48"
USER_PREFIX = "bench-last-"
SERVER_START_SECONDS = 60
GOAL_P95 = 0.150
LOG_TAIL = 8000  # characters of the server's log shown when it answered with a server error


def samordna_command() -> str:
    return str(Path(sys.executable).with_name("samordna"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment() -> dict[str, str]:
    """Production settings on plain HTTP at 127.0.0.1, against the same database as this process."""
    env = dict(os.environ)
    env.pop("DEBUG", None)
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "samordna.settings",
            "SECRET_KEY": settings.SECRET_KEY,
            "PERSONAL_ID_LOOKUP_KEY": settings.PERSONAL_ID_LOOKUP_KEY,
            "SAMORDNA_DEMO": "1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
    )
    return env


def ensure_demo(write) -> None:
    """The demo data, loaded by `samordna demo` if it is missing; only in demo mode, as `demo` itself."""
    from samordna.tenancy.models import Forbund

    if not settings.DEMO_MODE:
        raise CommandError(
            "Last- och PDF-mätningarna använder demodata och mätanvändare med demolösenordet, så de kräver "
            "demoläge: sätt SAMORDNA_DEMO=1 och använd en separat databas."
        )
    if Forbund.objects.filter(slug=DEMO_FORBUND).exists():
        return
    write("Läser in demodata (samordna demo) …")
    result = subprocess.run(  # noqa: S603 - our own console script  # nosec B603
        [samordna_command(), "demo"], env=server_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"samordna demo misslyckades:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def ensure_users(count: int, forbund) -> list[loadgen.Credentials]:
    """`count` participant handlers (`bench-last-NNN`) of the page benchmark's handler insatser in `forbund`:
    each has the full caseload of 2 000 active stays."""
    from samordna.demo.users import DEMO_PASSWORD
    from samordna.interventions.models import Intervention
    from samordna.tenancy import actions, twofactor
    from samordna.tenancy.models import Role, User

    insatser = list(Intervention.objects.filter(forbund=forbund).order_by("pk")[: bench_pages.HANDLER_INSATSER])
    out = []
    for i in range(count):
        username = f"{USER_PREFIX}{i:03d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = actions.create_user(None, None, username=username, password=DEMO_PASSWORD, first_name="Mätning")
            actions.enrol_totp(user, twofactor.new_secret(), step=0)
        if not user.role_assignments.filter(forbund=forbund).exists():
            actions.assign_role(
                None, forbund, user, Role.PARTICIPANT_HANDLER, interventions=insatser, employer=insatser[0].owner
            )
        out.append(loadgen.Credentials(username, DEMO_PASSWORD, functools.partial(fresh_code, user.pk)))
    return out


def fresh_code(user_pk: int) -> str:
    """The user's current one-time code; if this time step's code was used already (a run just before), the
    next step's, after waiting for it, since a code is accepted only once."""
    from samordna.tenancy import twofactor
    from samordna.tenancy.models import User

    secret, last_step = User.objects.filter(pk=user_pk).values_list("totp_secret", "totp_last_step").get()
    while int(time.time() // twofactor.STEP_SECONDS) <= last_step:
        time.sleep(1)
    return twofactor.current_code(secret)


# The kinds of request of the mix, in the order of the table: the baseline first.
NAMES = ["healthz", "caseload", "search", "participant", "statistics", "monthly", "enrol", "follow_up"]
LABELS = {
    "caseload": "ärendelista, en sida av 2 000 aktiva",
    "search": "ärendelista, sökning",
    "participant": "deltagarsida",
    "statistics": "deltagarstatistik, varierande period (ny)",
    "monthly": "månadsstatistik, varierande år (ny)",
    "enrol": "skriva in deltagare (POST)",
    "follow_up": "registrera uppföljning (POST)",
}


def targets(forbund, users: int, seed: int = 0) -> list[list[loadgen.Target]]:
    """Each user's round: the handler's working day in miniature. Pages of the caseload and a search in it,
    participants' pages, statistics for a period and the monthly figures for a year that vary from request to
    request (so that most are built fresh), and between the reads an enrolment and a follow-up."""
    from samordna.interventions.models import Intervention
    from samordna.participants.models import Participation

    rng = random.Random(seed)  # noqa: S311 - which pages to ask for, not secrets  # nosec B311
    insatser = list(Intervention.objects.filter(forbund=forbund).order_by("pk")[: bench_pages.HANDLER_INSATSER])
    active = list(
        Participation.objects.filter(intervention__in=insatser, discharge_date=None)
        .order_by("pk")
        .values_list("pk", "participant_id")[:500]
    )
    if not active:
        raise CommandError(f"Förbundet {forbund.slug} har inga aktiva deltaganden att mäta på.")
    today = timezone.localdate()
    slug = {"forbund_slug": forbund.slug}
    caseload = reverse("participants:caseload", kwargs=slug)
    health = loadgen.Target("healthz", reverse("tenancy:healthz"))
    rounds = []
    for _ in range(users):
        stay, person = rng.choice(active)
        _other_stay, other = rng.choice(active)
        first = dt.date(rng.randrange(2017, today.year), rng.randrange(1, 13), 1)
        last = min(today, first + dt.timedelta(days=rng.randrange(60, 720)))
        enrol = (
            ("intervention", str(rng.choice(insatser).pk)), ("enrolment_date", f"{today:%Y-%m-%d}"),
            ("sex", rng.choice("KM")), ("birth_year", str(rng.randrange(1960, 2005))), ("referrer", "AF"),
            ("income_before", "A_KASSA"), ("occupation_before", "ARBETSSOKANDE"), ("education", "OKAND"),
        )  # fmt: skip
        follow_up = (("kind", "CONTACT"), ("contacted_on", f"{today:%Y-%m-%d}"), ("note", "Mätning"))
        detail = "participants:detail"
        rounds.append(
            [
                health,
                loadgen.Target("caseload", f"{caseload}?sida={rng.randrange(1, 20)}"),
                loadgen.Target("participant", reverse(detail, kwargs={**slug, "participant_id": person})),
                loadgen.Target(
                    "statistics",
                    f"{reverse('stats:participants', kwargs=slug)}?date_from={first:%Y-%m-%d}&date_to={last:%Y-%m-%d}",
                ),
                loadgen.Target("enrol", reverse("participants:enrol", kwargs=slug), form=enrol),
                health,
                loadgen.Target("search", f"{caseload}?sok={rng.choice(insatser).registration_no}"),
                loadgen.Target("participant", reverse(detail, kwargs={**slug, "participant_id": other})),
                loadgen.Target(
                    "monthly", f"{reverse('stats:monthly', kwargs=slug)}?year={rng.randrange(2017, today.year + 1)}"
                ),
                loadgen.Target(
                    "follow_up",
                    reverse("participants:follow_up", kwargs={**slug, "participation_id": stay}),
                    form=follow_up,
                ),
            ]
        )
    return rounds


@contextlib.contextmanager
def running_server(workers: int, log_path: Path):
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 - our own console script  # nosec B603
            [samordna_command(), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env=server_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that the workers stop with it
        )
    try:
        wait_until_answering(server, f"http://127.0.0.1:{port}/healthz/", log_path)
        yield port, server.pid
    finally:
        stop_group(server)


def wait_until_answering(server: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"Servern stannade (kod {server.returncode}):\n{log_path.read_text()[-3000:]}")
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(url, timeout=2) as response,  # noqa: S310 - http on 127.0.0.1  # nosec B310
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise CommandError(f"Servern svarade inte inom {SERVER_START_SECONDS} s:\n{log_path.read_text()[-3000:]}")


def worker_memory(master: int) -> list[int]:
    """The resident memory in bytes of each worker (child process) of the server whose master is `master`."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:  # the process ended while we looked
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) * 1024)
    return sizes


def rows_from(summaries: dict[str, loadgen.Summary], duration: float, users: int, think: float, memory: list[int]):
    base = summaries["healthz"]
    out = []
    for name, label in LABELS.items():
        s = summaries[name]
        out.append(
            Row("last", f"{label}, p50 / p95", p50_p95(s.p50, s.p95), "/healthz/, samma last",
                p50_p95(base.p50, base.p95), s.p95 / base.p95 if base.p95 else None, "p95 < 150 ms")
        )  # fmt: skip
    total = sum(s.count for s in summaries.values())
    errors = sum(s.errors for s in summaries.values() if s.name != "healthz")
    out.append(
        Row("last", "fel (ej 2xx; formulär: ej omdirigering), sidorna", f"{errors} av {total - base.count}",
            "/healthz/", f"{base.errors} av {base.count}", None, "0")
    )  # fmt: skip
    out.append(
        Row("last", f"{users} användare, {duration:.0f} s, betänketid {think:g} s", f"{total / duration:.1f} anrop/s",
            "", "", None, "")
    )  # fmt: skip
    if memory:
        out.append(
            Row("last", f"största arbetsprocess efter lasten ({len(memory)} st.)", f"{max(memory) / 2**20:.0f} MB",
                "", "", None, "≤ 100 MB")
        )  # fmt: skip
    return out


def run(users: int, duration: float, think: float, workers: int, quiet: bool = False, write=print) -> list[Row]:
    from tqdm import tqdm

    forbund, _users = bench_pages.ensure_world(write)
    credentials = ensure_users(users, forbund)
    rounds = targets(forbund, users)
    memory: list[int] = []
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as workdir:
        log_path = Path(workdir) / "server.log"
        with (
            running_server(workers, log_path) as (port, master),
            tqdm(desc="Last", unit="anrop", disable=quiet, mininterval=1.0) as bar,
        ):
            try:
                samples = loadgen.run(
                    "127.0.0.1",
                    port,
                    credentials,
                    rounds,
                    duration=duration,
                    think=think,
                    login_paths=(reverse("tenancy:login"), reverse("tenancy:second_factor")),
                    progress=bar.update,
                )
            except loadgen.LoginFailed as exc:
                raise CommandError(f"Inloggningen misslyckades: {exc}\n{log_path.read_text()[-3000:]}") from exc
            memory = worker_memory(master)
        server_log = log_path.read_text(errors="replace")
    summaries = loadgen.summarise(samples, [*NAMES, "enrol-sida", "follow_up-sida"])
    if any(status >= 500 for s in summaries.values() for status in s.failures):
        # What the server said about its errors, before the log goes with the temporary directory.
        write(f"Servern svarade med 5xx; slutet av dess logg:\n{server_log[-LOG_TAIL:]}")
    for s in summaries.values():
        write(
            f"load_{s.name}: n={s.count} errors={s.errors} p50_ms={s.p50 * 1000:.1f} p95_ms={s.p95 * 1000:.1f}"
            + "".join(f" status_{status}={n}" for status, n in s.failures.items())
        )
    write(f"load_worker_rss_mb={','.join(f'{m / 2**20:.0f}' for m in memory)}")
    return rows_from(summaries, duration, users, think, memory)
