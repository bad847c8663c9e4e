"""Production settings: `check --deploy` is clean and the security headers are sent."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    # On the embedded database: the PostgreSQL role checks run against their own database in audit's tests, and
    # the run's DATABASE_URL names a database that pytest-django only makes under another name.
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SAMORDNA_DEMO", "DATABASE_URL"}}
    env.update(
        SECRET_KEY="x" * 64 + "production-like-secret-key-for-the-check",
        SAMORDNA_FIELD_KEY=",".join(settings.FIELD_KEYS),
        ALLOWED_HOSTS="samordna.example.se",
        SAMORDNA_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import samordna.cli as c; c.main(['check', '--deploy', '--fail-level', 'WARNING'])",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "SAMORDNA_DEMO"}}
    env["SAMORDNA_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import samordna.cli as c; c.main(['check'])"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY saknas" in result.stderr


def test_security_headers(client, db):
    response = client.get(reverse("tenancy:login"))

    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_form_is_csrf_protected(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("tenancy:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
