"""The import benchmark: its generated file imports cleanly, the stored stays are checked against the file, and the
table shows the ratio to COPY (a bulk insert on SQLite) and the peak memory; nothing is left behind."""

from __future__ import annotations

import pytest
from django.db import connection

from samordna.participants.models import Participant, Participation
from samordna.stats import bench_import
from samordna.tenancy.models import Forbund


@pytest.mark.django_db
def test_the_import_benchmark_checks_its_result_and_leaves_nothing_behind():
    lines: list[str] = []
    forbund_before = Forbund.objects.count()

    rows = bench_import.run(90, write=lines.append)

    assert [r.measured for r in rows] == [
        "deltagarimport, 90 rader",
        "återimport av samma fil",
        "importens största minnesanvändning",
    ]
    copy = connection.vendor == "postgresql"
    assert rows[0].baseline == ("COPY av samma fil till en tom tabell" if copy else "massinsättning utan kontroller")
    assert rows[0].ratio is not None and rows[0].ratio > 0
    assert rows[2].value.endswith(" MB")
    assert "import_vs_copy_ratio=" in lines[0] and "import_peak_mb=" in lines[0]
    assert (Forbund.objects.count(), Participant.objects.count(), Participation.objects.count()) == (
        forbund_before,
        0,
        0,
    )


def test_the_expected_export_of_a_generated_row_derives_what_the_import_derives():
    row = [
        "2019:1", bench_import.personnummer(3), "", "", "Skellefteå", "2019-01-04", "KOMMUN", "FORSORJNINGSSTOD",
        "INGEN_SYSSELSATTNING", "", "", "", "", "2019-01-01", "SKRIFTLIGT",
    ]  # fmt: skip

    expected = bench_import.expected_export(row)

    assert expected[2] in {"K", "M"} and expected[3] == row[1][:4] and expected[4] == "2482"


@pytest.mark.django_db
def test_a_stored_row_that_differs_from_the_file_fails_the_benchmark(monkeypatch):
    from collections import Counter

    monkeypatch.setattr(bench_import, "exported", lambda forbund: Counter())

    with pytest.raises(AssertionError, match="som filen anger"):
        bench_import.run(5, write=lambda _line: None)
