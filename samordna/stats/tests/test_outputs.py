"""Who sees what on the statistics pages, the API and the console, and in which formats."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from samordna.audit.models import AuditEvent

from .published import possible

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": "2020-01-01", "date_to": "2020-12-31"}


def test_board_member_sees_suppressed_figures(world, year_2020, login_as):
    client = login_as(world.people.board)

    response = client.get(reverse("stats:participants", args=["alfa"]), PERIOD)

    assert response.status_code == 200
    report = response.context["report"]
    assert report["suppressed"] and report["discharged"] in ("<5", 0) and possible(report["enrolled"], 6)
    page = response.content.decode()
    assert "&lt;5" in page and "<table" in page and "Kvinna" in page


def test_handler_sees_exact_figures_for_own_insats_only(world, year_2020, login_as):
    client = login_as(world.people.handler)

    own = client.get(reverse("stats:participants", args=["alfa"]), {**PERIOD, "format": "json"}).json()
    assert own["suppressed"] is False and own["insatser"] == ["2017:48"]
    assert (own["enrolled"], own["discharged"], own["active_at_end"]) == (5, 3, 4)

    other = client.get(reverse("stats:participants", args=["alfa"]), {**PERIOD, "insats": year_2020.second.insats.pk})
    assert other.status_code == 400
    assert other.context["form"].errors  # not one of the handler's insatser: not even offered
    page = client.get(reverse("stats:participants", args=["alfa"]), PERIOD).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'class="bar"' in page and "style=" not in page


def test_intervention_manager_sees_own_insats_suppressed(world, year_2020, login_as):
    client = login_as(world.people.colleague)

    report = client.get(reverse("stats:participants", args=["alfa"]), {**PERIOD, "format": "json"}).json()

    assert report["insatser"] == ["2017:48"] and report["suppressed"] is True
    assert possible(report["enrolled"], 5) and report["discharged"] == "<5"


def test_excel_and_pdf(world, year_2020, login_as):
    client = login_as(world.people.office)
    url = reverse("stats:participants", args=["alfa"])

    xlsx = client.get(url, {**PERIOD, "format": "xlsx"})
    pdf = client.get(url, {**PERIOD, "format": "pdf"})

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert "Deltagarrapport" in workbook.sheetnames and len(workbook.sheetnames) > 5
    values = [c.value for row in workbook["Deltagarrapport"].iter_rows() for c in row]
    published = client.get(url, {**PERIOD, "format": "json"}).json()
    assert "<5" in values and published["enrolled"] in values
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["stats:monthly", "stats:goals", "stats:insatser", "stats:questionnaires"])
def test_other_report_pages_answer(world, year_2020, login_as, name):
    client = login_as(world.people.auditor)

    response = client.get(reverse(name, args=["alfa"]), {**PERIOD, "year": "2020"})

    assert response.status_code == 200


def test_finsam_export_only_for_the_director(world, year_2020, login_as):
    url = reverse("stats:finsam", args=["alfa"])

    assert login_as(world.people.board).get(url, {"year": 2020}).status_code == 403
    csv = login_as(world.people.admin).get(url, {"year": 2020, "format": "csv"}).content.decode()
    assert "2017:48;Alfas väg in;Individinriktad;;;0;0;3;4;7" in csv


def test_outsider_gets_nothing(world, year_2020, login_as):
    client = login_as(world.people.outsider)

    assert client.get(reverse("stats:participants", args=["alfa"]), PERIOD).status_code == 404
    assert client.get("/api/v1/forbund/alfa/stats/participants", PERIOD).status_code == 404


def test_api_is_suppressed_like_the_pages(world, year_2020, login_as):
    client = login_as(world.people.board)

    report = client.get("/api/v1/forbund/alfa/stats/participants", {**PERIOD, "insats": "2017:48"}).json()

    assert report["discharged"] == "<5" and report["work_or_studies_share"] is None
    assert client.get("/api/v1/forbund/alfa/stats/finsam", {"year": 2020}).status_code == 403


def _cli(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("samordna_report", "participants", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_cli_json_keys_and_suppression(world, year_2020):
    before = AuditEvent.objects.count()

    report = json.loads(_cli("--forbund", "alfa", "--from", "2020-01-01", "--to", "2020-12-31"))

    for key in (
        "enrolled",
        "discharged",
        "active_at_end",
        "anonymous_enrolled",
        "by_sex",
        "by_age_band",
        "outcomes",
        "work_or_studies_share",
        "forsorjning_transitions",
    ):
        assert key in report
    assert report["discharged"] == "<5"
    assert AuditEvent.objects.count() == before


def test_cli_unsuppressed_is_exact_and_audited(world, year_2020):
    report = json.loads(
        _cli("--forbund", "alfa", "--insats", "2017:48", "--from", "2020-01-01", "--to", "2020-12-31", "--unsuppressed")
    )

    assert report["discharged"] == 3 and report["work_or_studies_share"] == 0.667
    event = AuditEvent.objects.filter(action="stats.unsuppressed_report").get()
    assert event.changes["insats"] == "2017:48" and event.forbund == world.a


def test_cli_refuses_unknown_forbund_and_bad_dates(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="finns inte"):
        _cli("--forbund", "gamma", "--from", "2020-01-01", "--to", "2020-12-31")
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        _cli("--forbund", "alfa", "--from", "2020-13-01", "--to", "2020-12-31")


def test_cli_writes_xlsx_to_a_file(world, year_2020, tmp_path):
    target = tmp_path / "rapport.xlsx"

    _cli("--forbund", "alfa", "--from", "2020-01-01", "--to", "2020-12-31", "--format", "xlsx", "-o", str(target))

    assert target.read_bytes()[:2] == b"PK"
