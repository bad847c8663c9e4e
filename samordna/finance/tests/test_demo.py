"""The finance demo on top of the main demo loader: Skellefteå-Norsjö 2015 and Arvika-Eda 2021–2023."""

import datetime as dt
from decimal import Decimal

from samordna.audit.models import AuditEvent
from samordna.demo.loader import load_demo
from samordna.finance import demo, queries
from samordna.interventions.models import Intervention
from samordna.reporting.models import InsatsReport, ReportKind
from samordna.tenancy.models import Forbund


def test_demo_figures_and_a_second_run_adds_nothing(db):
    load_demo()
    demo.load()
    events = AuditEvent.objects.count()
    demo.load()
    assert AuditEvent.objects.count() == events

    skelleftea = Forbund.objects.get(slug="skelleftea-norsjo")
    march = queries.economic_report(skelleftea, 2015, dt.date(2015, 3, 31))
    assert (march.result_to_date, march.result_forecast, march.equity_end_forecast, march.room_for_new) == (
        323_919,
        1_208_470,
        3_400_732,
        2_180_732,
    )
    year_end = queries.economic_report(skelleftea, 2015, dt.date(2015, 12, 31))
    assert year_end.room_for_new == 1_380_732
    assert queries.contribution_shares(skelleftea, 2015).ok

    plattform = Intervention.objects.get(forbund__slug="arvika-eda", registration_no="2020:1")
    years, total = queries.intervention_budget(plattform)
    assert [(y.year, y.forbund_amount, y.total, y.fte) for y in years] == [
        (year, 2_750_000, 2_990_000, Decimal("4.5")) for year in (2021, 2022, 2023)
    ]
    assert total == 8_970_000

    knivsta = InsatsReport.objects.get(intervention__registration_no="2017:48", kind=ReportKind.FINAL)
    assert knivsta.due_date == dt.date(2022, 1, 31)
