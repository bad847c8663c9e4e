"""`samordna bench --only load`: page latency under load from the real server process.

`samordna serve` (gunicorn, production settings) is started on 127.0.0.1 on a free port against the
configured database, with the demo data and the synthetic data of the report benchmark in it. Each virtual
user is a participant handler of its own (`bench-last-NNN`, created once, demo password, a one-time-code
secret of its own) who logs in through the login page with password and one-time code, then requests in
turn: the baseline `/healthz/` (a view that does nothing, so it costs what the middleware costs every
page), a participant's page in the demo förbund Uppsala län (which writes a read-log row, like every view
of personal data) and the participant statistics page for a year of a synthetic förbund of 10 000 stays
(built once per server process, then answered from `stats.cache` while nothing changes in the förbund, as
it is for a förbund's users).
See `loadgen` for the load model.
"""

from __future__ import annotations

import contextlib
import functools
import os
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

from samordna.lib.processes import stop_group

from . import bench, loadgen
from .benchtable import Row, p50_p95

DEMO_FORBUND = "uppsala-lan"
DEMO_INSATS = "2017:48"
USER_PREFIX = "bench-last-"
SERVER_START_SECONDS = 60
GOAL_P95 = 0.150


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


def ensure_users(count: int, report_forbund) -> list[loadgen.Credentials]:
    """`count` participant handlers in the demo förbund (one insats) and the synthetic förbund (all insatser)."""
    from samordna.demo.users import DEMO_PASSWORD
    from samordna.interventions.models import Intervention
    from samordna.tenancy import actions, twofactor
    from samordna.tenancy.models import Forbund, Role, User

    demo = Forbund.objects.get(slug=DEMO_FORBUND)
    scopes = [
        (demo, list(Intervention.objects.filter(forbund=demo, registration_no=DEMO_INSATS))),
        (report_forbund, list(Intervention.objects.filter(forbund=report_forbund))),
    ]
    out = []
    for i in range(count):
        username = f"{USER_PREFIX}{i:03d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = actions.create_user(None, None, username=username, password=DEMO_PASSWORD, first_name="Mätning")
            actions.enrol_totp(user, twofactor.new_secret(), step=0)
        held = set(user.role_assignments.values_list("forbund_id", flat=True))
        for forbund, insatser in scopes:
            if forbund.pk not in held:
                actions.assign_role(None, forbund, user, Role.PARTICIPANT_HANDLER, interventions=insatser)
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


def targets(report_forbund) -> tuple[list[list[loadgen.Target]], str]:
    from samordna.participants.models import Participant

    people = list(
        Participant.objects.filter(
            forbund__slug=DEMO_FORBUND, participations__intervention__registration_no=DEMO_INSATS
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    if not people:
        raise CommandError(f"Demoförbundet {DEMO_FORBUND} har inga deltagare i insats {DEMO_INSATS}.")
    start, end = bench.report_period("small")
    statistics = reverse("stats:participants", kwargs={"forbund_slug": report_forbund.slug})
    report = loadgen.Target("report", f"{statistics}?date_from={start:%Y-%m-%d}&date_to={end:%Y-%m-%d}")
    health = loadgen.Target("healthz", reverse("tenancy:healthz"))
    rounds = [
        [
            health,
            loadgen.Target(
                "participant",
                reverse("participants:detail", kwargs={"forbund_slug": DEMO_FORBUND, "participant_id": pk}),
            ),
            report,
        ]
        for pk in people
    ]
    return rounds, f"{report_forbund.slug} {start.year}"


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
        yield port
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


def rows_from(summaries: dict[str, loadgen.Summary], duration: float, users: int, think: float, report: str):
    base = summaries["healthz"]
    out = []
    labels = {"participant": "deltagarsida (demo), p50 / p95", "report": f"statistiksida {report}, p50 / p95"}
    for name, label in labels.items():
        s = summaries[name]
        out.append(
            Row("last", label, p50_p95(s.p50, s.p95), "/healthz/, samma last", p50_p95(base.p50, base.p95),
                s.p95 / base.p95 if base.p95 else None, "p95 < 150 ms")
        )  # fmt: skip
    total = sum(s.count for s in summaries.values())
    errors = sum(s.errors for s in summaries.values() if s.name != "healthz")
    out.append(
        Row("last", "fel (ej 2xx), sidorna", f"{errors} av {total - base.count}", "/healthz/",
            f"{base.errors} av {base.count}", None, "0")
    )  # fmt: skip
    out.append(
        Row("last", f"{users} användare, {duration:.0f} s, betänketid {think:g} s", f"{total / duration:.1f} anrop/s",
            "", "", None, "")
    )  # fmt: skip
    return out


def run(users: int, duration: float, think: float, workers: int, quiet: bool = False, write=print) -> list[Row]:
    from tqdm import tqdm

    ensure_demo(write)
    report_forbund = bench.generate("small", quiet)[0]
    credentials = ensure_users(users, report_forbund)
    rounds, report_label = targets(report_forbund)
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as workdir:
        log_path = Path(workdir) / "server.log"
        with (
            running_server(workers, log_path) as port,
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
    summaries = loadgen.summarise(samples, ["healthz", "participant", "report"])
    for s in summaries.values():
        write(f"load_{s.name}: n={s.count} errors={s.errors} p50_ms={s.p50 * 1000:.1f} p95_ms={s.p95 * 1000:.1f}")
    return rows_from(summaries, duration, users, think, report_label)
