"""Browser tests against the real server process (gunicorn, production settings) on demo data.

The server runs from its own temporary directory with its own SQLite database, loaded by
`samordna demo`, so these tests share nothing with pytest-django's test database. Chromium is
Debian's (/usr/bin/chromium): no browser is ever downloaded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from samordna.lib.processes import stop_group

from .visited import Visited

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60
COMMAND_TIMEOUT_SECONDS = 900

# Screenshots written during the session, listed at the end of the run so a person can open them.
SCREENSHOTS: list[Path] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def samordna_command() -> str:
    # The console script of the environment pytest runs in, so that the server runs the code under test.
    beside = Path(sys.executable).with_name("samordna")
    if beside.exists():
        return str(beside)
    found = shutil.which("samordna")
    if found is None:
        pytest.fail("The `samordna` command is missing: run `make install` first.")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, chars: int = 4000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else "(no output)"


def server_environment(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Production settings: no DEBUG, and the server's own SQLite database rather than any DATABASE_URL.
    for name in ("DEBUG", "DATABASE_URL"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "samordna.settings",
            "SAMORDNA_VAR_DIR": str(var_dir),
            "SAMORDNA_DEMO": "1",
            "SECRET_KEY": "e2e-tests-only-not-secret-" + "x" * 40,
            # The tests' own key, so that the test process reads what the server wrote.
            "SAMORDNA_FIELD_KEY": ",".join(settings.FIELD_KEYS),
            # Plain HTTP on 127.0.0.1: no redirect to HTTPS, and cookies the browser will send back.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
    )
    return env


def run_command(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("w") as out:
        try:
            result = subprocess.run(  # noqa: S603 (our own console script)
                args, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=COMMAND_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"`{' '.join(args[1:])}` took over {COMMAND_TIMEOUT_SECONDS} s. Output:\n{tail(log)}")
    if result.returncode != 0:
        pytest.fail(f"`{' '.join(args[1:])}` failed with exit code {result.returncode}. Output:\n{tail(log)}")


@pytest.fixture(scope="session")
def chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: install Debian's chromium package (make test does)."
    if in_ci():
        pytest.fail(message + " CI=true requires the browser tests to run.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Under pytest's base temp directory, which keeps the last few runs, so the screenshots outlive the run.
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def mail_dir(e2e_dir: Path) -> Iterator[Path]:
    """An SMTP server process (aiosmtpd) that keeps every message the server sends in a Maildir."""
    received = e2e_dir / "mail"
    port = free_port()
    log_path = e2e_dir / "smtp.log"
    with log_path.open("w") as log:
        smtp = subprocess.Popen(  # noqa: S603 (a module of the test environment)
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{port}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                str(received),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        if smtp.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"The SMTP server did not start. Output:\n{tail(log_path)}")
        time.sleep(0.1)
    (e2e_dir / "smtp.port").write_text(str(port))
    try:
        yield received
    finally:
        stop(smtp)


@pytest.fixture(scope="session")
def server_var_dir(e2e_dir: Path) -> Path:
    """The server's var directory: its SQLite database, which a test may read to see what was stored."""
    return e2e_dir / "var"


@pytest.fixture(scope="session")
def server_env(server_var_dir: Path, e2e_dir: Path, mail_dir: Path) -> dict[str, str]:
    """The environment of the server and of the console commands run beside it, mail going to `mail_dir`."""
    var_dir = server_var_dir
    var_dir.mkdir()
    env = server_environment(var_dir)
    env.update(
        {
            "SAMORDNA_EMAIL_HOST": "127.0.0.1",
            "SAMORDNA_EMAIL_PORT": (e2e_dir / "smtp.port").read_text(),
            "SAMORDNA_EMAIL_FROM": "samordna@e2e.example.org",
        }
    )
    return env


@pytest.fixture(scope="session")
def server_url(chromium: Path, e2e_dir: Path, server_env: dict[str, str]) -> Iterator[str]:
    """Demo data, `samordna serve` (gunicorn, 2 workers) on a free port and `samordna worker` beside it for the
    background jobs; both stopped after the session."""
    env = server_env
    samordna = samordna_command()
    run_command([samordna, "migrate", "--noinput"], env, e2e_dir / "migrate.log")
    run_command([samordna, "demo"], env, e2e_dir / "demo.log")

    with serving(samordna, env, e2e_dir / "server.log") as url:
        yield url


@contextlib.contextmanager
def serving(samordna: str, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`samordna serve` (gunicorn, 2 workers) on a free port in `env`, answering, with `samordna worker` beside it;
    both stopped on leaving."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 (our own console script)
            [samordna, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group, so that gunicorn's workers are stopped with it.
            start_new_session=True,
        )
    worker_log = log_path.with_name(log_path.stem + "-worker.log")
    with worker_log.open("w") as log:
        worker = subprocess.Popen(  # noqa: S603 (our own console script)
            [samordna, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_answering(server, f"{url}/konto/logga-in/", log_path)
        if worker.poll() is not None:
            pytest.fail(f"The worker stopped with exit code {worker.returncode}. Output:\n{tail(worker_log)}")
        yield url
    finally:
        stop(server)
        stop(worker)


def wait_until_answering(server: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    last_error = ""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"The server stopped with exit code {server.returncode}. Output:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (http on 127.0.0.1)
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last_error = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    waited = f"within {SERVER_START_SECONDS} s ({last_error})"
    pytest.fail(f"The server did not answer {url} {waited}. Output:\n{tail(log_path)}")


def stop(server: subprocess.Popen) -> None:
    stop_group(server)


@pytest.fixture(scope="session")
def browser(chromium: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Kept on the item so that the `page` fixture can tell, when it is torn down, whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


def _screenshot_failure(page, path: Path) -> None:
    try:
        page.screenshot(path=str(path), full_page=True)
        SCREENSHOTS.append(path)
    except Exception as exc:  # the screenshot is a help; the failure itself is already reported
        print(f"Could not save a screenshot of the failure: {exc}")


# A content-policy violation also reaches the console as an error; the event names the directive for certain.
REPORT_POLICY_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
# Pages the tests ask for on purpose that answer 4xx (a refused page is the point of those tests).
EXPECTED_STATUS = ("status of 403", "status of 404", "status of 400")


def _note_console(problems: list[str], page, message) -> None:
    if message.type != "error":
        return
    if message.text.startswith("Failed to load resource") and any(s in message.text for s in EXPECTED_STATUS):
        return
    problems.append(f"{page.url}: console {message.type}: {message.text}")


@pytest.fixture(scope="session")
def visited(e2e_dir: Path) -> Visited:
    folder = e2e_dir / "visited"
    folder.mkdir()
    return Visited(folder)


@pytest.fixture
def new_page(request: pytest.FixtureRequest, browser, server_url: str, e2e_dir: Path, visited: Visited):
    """Opens pages, each in a fresh browser context (no cookies), in Swedish: one per user a test logs in.

    Every page is closed after the test; when the test failed, a screenshot of each is kept first. A console
    error, a script error or a content-policy violation on any page fails the test.
    """
    pages = []
    problems: list[str] = []

    def open_page():
        context = browser.new_context(base_url=server_url, locale="sv-SE", timezone_id="Europe/Stockholm")
        context.set_default_timeout(15_000)
        context.add_init_script(REPORT_POLICY_VIOLATIONS)
        page = context.new_page()
        page.on("console", lambda message: _note_console(problems, page, message))
        page.on("pageerror", lambda error: problems.append(f"{page.url}: script error: {error}"))
        if request.node.get_closest_marker("own_page_checks") is None:
            visited.watch(page)
        pages.append(page)
        return page

    yield open_page
    for number, page in enumerate(pages, start=1):
        if _failed(request):
            suffix = "" if number == 1 else f"-{number}"
            _screenshot_failure(page, e2e_dir / f"failed-{request.node.name}{suffix}.png")
        page.context.close()
    if problems and not _failed(request):
        pytest.fail("The browser reported errors:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    """A fresh browser context (no cookies) per test, in Swedish; a screenshot is kept when the test fails."""
    return new_page()


@pytest.fixture
def screenshot(e2e_dir: Path):
    def take(page, name: str) -> Path:
        path = e2e_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        SCREENSHOTS.append(path)
        return path

    return take


def pytest_terminal_summary(terminalreporter) -> None:
    if SCREENSHOTS:
        terminalreporter.section("screenshots from the browser tests")
        for path in SCREENSHOTS:
            terminalreporter.write_line(str(path))


# Browser tests that only read the demo run first, on the demo as `samordna demo` left it: the others change it
# (an application prepared, minutes signed), and a persona's start page may then rightly have nothing waiting.
READ_ONLY_FIRST = ("test_personas.py", "test_privacy_crawl.py", "test_smoke.py", "test_checkers.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def first(item: pytest.Item) -> bool:
        return "e2e" in item.path.parts and item.path.name in READ_ONLY_FIRST

    # The report over every page the other tests opened comes last.
    items.sort(key=lambda item: (item.path.name == "test_visited_pages.py", not first(item)))
