"""Faults under load, short: the real server (gunicorn) on a throw-away PostgreSQL cluster of its own.

PostgreSQL restarts while users read and import (following each import's job page, as a browser does): pages come
back without restarting the server, and no import is half stored. The background worker is killed while it
stores an import: nothing is half stored, the job's page never says it is done, a new worker starts (as systemd
does) and the same file imported again is stored whole. A gunicorn worker is killed while it renders a PDF: the
user gets an error, the retry works and gunicorn starts a new worker. The full runs, with the demo
data and the full disk, are `benchmarks/faults.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from samordna.lib import pgcluster
from samordna.stats import bench_faults

pytestmark = pytest.mark.e2e

# What a user may see while the database is away: the Swedish 503 page, or (for a request whose connection the
# restart cut) the server's answer after the fact; never a technical page.
ROWS = 5000  # enough for the kill to land while the import's transaction writes
CLEAN_FAILURES = ("503 Tillfälligt otillgänglig", "inget svar (anslutningen bröts)")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="module")
def site() -> Iterator[bench_faults.Site]:
    if pgcluster.binaries() is None:
        message = "No PostgreSQL server binaries (initdb, pg_ctl): the fault tests need a cluster of their own."
        if in_ci():
            pytest.fail(message + " CI=true requires them.", pytrace=False)
        pytest.skip(message)
    with bench_faults.site(bench_faults.SMALL, write=lambda _text: None) as here:
        yield here


@pytest.fixture(scope="module")
def server(site) -> Iterator[bench_faults.Server]:
    """One server for both cases: the restart must not need a new one, and the kills must be survived."""
    with bench_faults.server(site, workers=2) as running:
        yield running


def test_pages_work_again_after_postgresql_restarts_and_no_import_is_half_stored(site, server):
    result = bench_faults.restart_under_load(site, duration=6, fault_at=2, think=0.2, rows=10, running=server)

    table = bench_faults.format_results([result])
    data = result.facts["data"]
    assert isinstance(data, bench_faults.DataCheck)
    assert result.facts["pages_after_failed"] == [], table
    assert result.facts["pages_after"] == sum(len(p.pages) for p in site.dataset.personas)
    assert result.facts["same_workers"], "the server's workers were restarted: " + table
    assert data.confirmed > 0, "no import finished, so the run proved nothing: " + table
    assert data.partial == [] and data.lost == [] and data.orphans_added == 0, table
    assert set(result.facts["failed_during"]) <= set(CLEAN_FAILURES), table


def test_a_worker_killed_during_an_import_and_a_pdf_loses_nothing_and_is_replaced(site, server):
    during_import, during_pdf = bench_faults.killed_worker(site, rows=ROWS, running=server)

    table = bench_faults.format_results([during_import, during_pdf])
    assert during_import.facts["stored_after_kill"] == 0, table
    assert not during_import.facts["told_done_after_kill"], table  # the job's page never says it is done
    assert during_import.facts["orphans"] == 0, table
    assert during_import.facts["worker_restarted"], table
    assert during_import.facts["retry_confirmed"], table
    assert during_import.facts["stored_after_retry"] == ROWS, table
    assert during_pdf.facts["killed_answer"] == 0, table
    assert during_pdf.facts["retry_whole"], table
    assert during_pdf.facts["worker_restarted"], table
