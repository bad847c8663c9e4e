"""`samordna serve`: the gunicorn command line, with workers restarted after a bounded number of requests."""

from unittest import mock

import pytest
from django.core.management import call_command


def _gunicorn_argv(**options) -> list[str]:
    with mock.patch("os.execv") as execv:
        call_command("samordna_serve", **options)
    execv.assert_called_once()
    return execv.call_args.args[1]


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_workers_restart_after_a_bounded_number_of_requests_by_default(production, monkeypatch):
    monkeypatch.delenv("SAMORDNA_MAX_REQUESTS", raising=False)
    monkeypatch.delenv("SAMORDNA_MAX_REQUESTS_JITTER", raising=False)
    argv = _gunicorn_argv()
    assert argv[1] == "samordna.wsgi:application"
    assert int(_option(argv, "--max-requests")) == 1000
    assert int(_option(argv, "--max-requests-jitter")) == 100


def test_the_bound_comes_from_the_environment(production, monkeypatch):
    monkeypatch.setenv("SAMORDNA_MAX_REQUESTS", "250")
    monkeypatch.setenv("SAMORDNA_MAX_REQUESTS_JITTER", "25")
    argv = _gunicorn_argv()
    assert _option(argv, "--max-requests") == "250"
    assert _option(argv, "--max-requests-jitter") == "25"


def test_options_override_the_environment(production, monkeypatch):
    monkeypatch.setenv("SAMORDNA_MAX_REQUESTS", "250")
    argv = _gunicorn_argv(max_requests=40, max_requests_jitter=4, workers=2)
    assert _option(argv, "--max-requests") == "40"
    assert _option(argv, "--max-requests-jitter") == "4"
    assert _option(argv, "--workers") == "2"


def test_debug_runs_the_development_server_instead(settings):
    settings.DEBUG = True
    with (
        mock.patch("os.execv") as execv,
        mock.patch("samordna.tenancy.management.commands.samordna_serve.call_command") as runserver,
    ):
        call_command("samordna_serve", bind="127.0.0.1:8123")
    execv.assert_not_called()
    assert runserver.call_args.args[:2] == ("runserver", "127.0.0.1:8123")
