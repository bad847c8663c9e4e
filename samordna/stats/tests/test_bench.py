"""The benchmark's own logic: percentiles, summaries, the table and the load generator's login and loop.

No timing is asserted: the load generator runs for a fraction of a second against a stand-in server.
"""

from __future__ import annotations

import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management.base import CommandError
from django.db import connection, models

from samordna.lib.field_crypto import TOKEN_PREFIX
from samordna.participants.fictional import is_fictional
from samordna.participants.identity import lookup_key
from samordna.stats import bench_load, loadgen
from samordna.stats.benchtable import Row, format_table, p50_p95, rate
from samordna.stats.management.commands.samordna_bench import parts


def test_percentile_interpolates_between_ranks():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert loadgen.percentile(values, 0) == 0.1
    assert loadgen.percentile(values, 50) == 0.3
    assert loadgen.percentile(values, 100) == 0.5
    assert loadgen.percentile(values, 95) == pytest.approx(0.48)
    assert loadgen.percentile([7.0], 95) == 7.0
    assert math.isnan(loadgen.percentile([], 50))
    with pytest.raises(ValueError):
        loadgen.percentile(values, 101)


def test_summary_counts_every_answer_but_2xx_as_an_error():
    samples = [
        loadgen.Sample("page", 0.010, 200),
        loadgen.Sample("page", 0.030, 204),
        loadgen.Sample("page", 0.020, 302),
        loadgen.Sample("page", 0.040, 500),
        loadgen.Sample("page", 0.050, 0),
        loadgen.Sample("other", 0.001, 200),
    ]
    summary = loadgen.summarise(samples, ["page", "other", "none"])
    assert (summary["page"].count, summary["page"].errors) == (5, 3)
    assert summary["page"].p50 == pytest.approx(0.030)
    assert summary["page"].mean == pytest.approx(0.030)
    assert (summary["other"].count, summary["other"].errors) == (1, 0)
    assert summary["none"].count == 0 and math.isnan(summary["none"].p95)


def test_load_rows_put_pages_next_to_the_baseline_and_count_page_errors():
    summaries = {name: loadgen.Summary(name, 100, 0, 0.080, 0.200, 0.090) for name in bench_load.NAMES}
    summaries["healthz"] = loadgen.Summary("healthz", 100, 1, 0.002, 0.010, 0.003)
    summaries["caseload"] = loadgen.Summary("caseload", 100, 2, 0.040, 0.120, 0.050)
    rows = bench_load.rows_from(summaries, duration=10, users=5, think=1, memory=[80 * 2**20, 95 * 2**20])
    assert rows[0].value == "40 / 120 ms" and rows[0].baseline_value == "2 / 10 ms"
    assert rows[0].ratio == pytest.approx(12)
    errors, rate, memory = rows[len(bench_load.LABELS) :]
    assert errors.value == "2 av 700" and errors.baseline_value == "1 av 100"
    assert rate.value == "80.0 anrop/s"
    assert memory.value == "95 MB" and memory.goal == "≤ 100 MB"


def test_a_form_sent_succeeds_with_a_redirect_and_fails_with_the_form_again():
    assert not loadgen.Sample("enrol", 0.1, 302, write=True).failed
    assert loadgen.Sample("enrol", 0.1, 200, write=True).failed
    assert loadgen.Sample("enrol", 0.1, 0, write=True).failed
    assert loadgen.Sample("page", 0.1, 302).failed and not loadgen.Sample("page", 0.1, 200).failed


def test_table_aligns_columns_and_leaves_missing_ratios_empty():
    text = format_table(
        [
            Row("import", "deltagarimport", rate(12345.6, "rader"), "massinsättning", rate(98765, "rader"), 8.0),
            Row("last", "sida", p50_p95(0.0123, 0.0456), "", "", None, "p95 < 150 ms"),
            Row("last", "tom", p50_p95(math.nan, math.nan), "", "", math.nan),
        ]
    )
    lines = text.splitlines()
    assert lines[0].startswith("Del ") and "Kvot" in lines[0]
    assert "12 346 rader/s" in lines[2] and "98 765 rader/s" in lines[2] and lines[2].endswith("8.00")
    assert "12 / 46 ms" in lines[3] and lines[3].endswith("p95 < 150 ms")
    assert lines[4].split()[-1] == "–"
    assert lines[2].index("massinsättning") == lines[0].index("Baslinje")


def test_parts_are_checked():
    assert parts("load, pdf") == ["load", "pdf"]
    with pytest.raises(CommandError):
        parts("load,speed")
    with pytest.raises(CommandError):
        parts(",")


class StandIn(BaseHTTPRequestHandler):
    """Just enough of the login pages: a CSRF field, a password step, a code step and one page behind them."""

    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's async workers would
    codes: list[str] = []

    def log_message(self, *args):
        pass

    def answer(self, status: int, body: str = "", cookie: str = "", location: str = ""):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        if cookie:
            self.send_header("Set-Cookie", cookie)
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        cookies = self.headers.get("Cookie", "")
        if self.path in ("/login/", "/code/", "/form/"):
            self.answer(200, '<input name="csrfmiddlewaretoken" value="t0ken">', cookie="csrftoken=c; Path=/")
        elif self.path == "/page/":
            self.answer(200 if "sessionid=done" in cookies else 302, "sida")
        else:
            self.answer(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        if "csrfmiddlewaretoken=t0ken" not in body:
            self.answer(403)
        elif self.path == "/form/":
            self.answer(302 if "ok=1" in body else 200, "formuläret igen", location="/page/")
        elif self.path == "/login/":
            ok = "password=hemligt" in body
            self.answer(302 if ok else 200, cookie="sessionid=half; Path=/; HttpOnly", location="/code/")
        else:
            self.codes.append(body)
            ok = "code=123456" in body and "sessionid=half" in self.headers.get("Cookie", "")
            self.answer(302 if ok else 200, cookie="sessionid=done; Path=/; HttpOnly", location="/")


@pytest.fixture
def stand_in():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_generator_logs_in_then_loops_over_its_round(stand_in):
    users = [loadgen.Credentials(f"u{i}", "hemligt", lambda: "123456") for i in range(2)]
    rounds = [[loadgen.Target("page", "/page/"), loadgen.Target("missing", "/nowhere/")]]
    counted: list[int] = []
    samples = loadgen.run(
        "127.0.0.1", stand_in, users, rounds, duration=0.3, think=0, login_paths=("/login/", "/code/"),
        progress=counted.append,
    )  # fmt: skip
    summary = loadgen.summarise(samples, ["page", "missing"])
    assert summary["page"].count > 0 and summary["page"].errors == 0
    assert summary["missing"].count > 0 and summary["missing"].errors == summary["missing"].count
    assert len(counted) == len(samples)


def test_load_generator_fills_in_forms_between_the_pages(stand_in):
    users = [loadgen.Credentials("u", "hemligt", lambda: "123456")]
    rounds = [
        [
            loadgen.Target("page", "/page/"),
            loadgen.Target("write", "/form/", form=(("ok", "1"),)),
            loadgen.Target("refused", "/form/", form=(("ok", "0"),)),
        ]
    ]
    samples = loadgen.run("127.0.0.1", stand_in, users, rounds, 0.3, 0, ("/login/", "/code/"))
    summary = loadgen.summarise(samples, ["page", "write", "write-sida", "refused"])
    assert summary["write"].count > 0 and summary["write"].errors == 0
    assert summary["write-sida"].count == summary["write"].count and summary["write-sida"].errors == 0
    assert summary["refused"].count > 0 and summary["refused"].errors == summary["refused"].count


def test_load_generator_stops_at_a_refused_login(stand_in):
    users = [loadgen.Credentials("u", "fel", lambda: "123456")]
    with pytest.raises(loadgen.LoginFailed):
        loadgen.run("127.0.0.1", stand_in, users, [[loadgen.Target("page", "/page/")]], 0.1, 0, ("/login/", "/code/"))


@pytest.mark.django_db
def test_the_best_sql_gives_the_reports_figures_and_the_earlier_statements():
    from django.db import connection

    from samordna.stats import bench, queries
    from samordna.stats.suppression import publish

    if connection.vendor != "postgresql":
        pytest.skip("GROUPING SETS: the baseline is PostgreSQL's")
    forbund = bench.generate("tiny", quiet=True)
    start, end = bench.report_period("tiny")
    ids = [f.pk for f in forbund]
    for scope in ([ids[0]], ids):
        best = bench.best_sql(scope, start, end)
        assert best["enrolled"] > 0 and best["discharged"] > 0 and best["active_at_end"] > 0
        # The generated data has six-month follow-ups, so the report's follow-up figures are compared too.
        assert best["follow_up"]["due"] > 0 and sum(best["situation"].values()) > 0
        assert bench.without_follow_up(best) == bench.hand_written_sql(scope, start, end)
        one = forbund[0] if len(scope) == 1 else None
        exact = publish(queries.participant_report(one, start, end, forbund_ids=None if one else ids), None)
        bench.check_same(exact, best)
        # Protected: the baseline sums the same record keys and so publishes the same perturbed figures.
        keyed = queries.participant_report(one, start, end, forbund_ids=None if one else ids, keyed=True)
        protected = publish(keyed, bench.THRESHOLD)
        bench.check_same(protected, bench.best_sql(scope, start, end, bench.THRESHOLD))
        assert protected != exact  # the noise is there on both sides


@pytest.mark.django_db
def test_the_check_fails_when_the_figures_differ():
    from django.db import connection

    from samordna.stats import bench, queries
    from samordna.stats.suppression import publish

    if connection.vendor != "postgresql":
        pytest.skip("GROUPING SETS: the baseline is PostgreSQL's")
    forbund = bench.generate("tiny", quiet=True)
    start, end = bench.report_period("tiny")
    exact = publish(queries.participant_report(forbund[0], start, end), None)
    best = bench.best_sql([forbund[0].pk], start, end)
    best["follow_up"]["due"] += 1
    with pytest.raises(AssertionError):
        bench.check_same(exact, best)


@pytest.mark.django_db
def test_the_generated_stays_are_complete_and_made_once():
    from samordna.participants.models import Participant, Participation
    from samordna.stats import bench

    forbund = bench.generate("tiny", quiet=True)
    stays = Participation.objects.filter(forbund__in=forbund)
    assert stays.count() == bench.SCALES["tiny"][1]
    assert Participant.objects.filter(forbund__in=forbund).count() == bench.SCALES["tiny"][1]
    # Each stay belongs to an insats of its own förbund, and its age is the person's at enrolment.
    assert not stays.exclude(intervention__forbund=models.F("forbund")).exists()
    assert stays.filter(discharge_date__isnull=True).exists() and stays.exclude(discharge_date=None).exists()
    # Every identified person's number can be read back (it is stored encrypted, as the pages read it), is
    # fictional, fits the person's birth year and sex and is found by its lookup key.
    identified = list(Participant.objects.filter(forbund__in=forbund, identity_mode="IDENTIFIED"))
    assert identified
    for person in identified:
        assert is_fictional(person.personnummer), person.personnummer
        assert int(person.personnummer[:4]) == person.birth_year
        assert int(person.personnummer[10]) % 2 == (1 if person.sex == "M" else 0)
        assert person.lookup_key == lookup_key(person.personnummer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT personnummer FROM participants_participant WHERE id = %s", [identified[0].pk.hex])
        stored = cursor.fetchone()[0]
    assert stored.startswith(TOKEN_PREFIX) and identified[0].personnummer not in stored  # encrypted at rest
    ids = set(stays.values_list("pk", flat=True))
    assert [f.pk for f in bench.generate("tiny", quiet=True)] == [f.pk for f in forbund]
    assert set(Participation.objects.filter(forbund__in=forbund).values_list("pk", flat=True)) == ids
