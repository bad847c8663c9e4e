"""The reporting reads behind the start page: counts of reports due and overdue, a scope's own reports, the audit."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from samordna.reporting import actions, queries
from samordna.reporting.models import InsatsReport, ReportKind, ReportStatus


def _report(intervention, due, start, status=ReportStatus.DUE):
    return InsatsReport.objects.create(
        intervention=intervention,
        kind=ReportKind.MONTHLY,
        period_start=start,
        period_end=start + dt.timedelta(days=27),
        due_date=due,
        status=status,
    )


def test_report_counts_and_due_list(world):
    today = timezone.localdate()
    late = _report(world.insats_a, today - dt.timedelta(days=1), dt.date(2020, 1, 1))
    soon = _report(world.other_insats_a, today + dt.timedelta(days=30), dt.date(2020, 2, 1))
    _report(world.insats_a, today + dt.timedelta(days=31), dt.date(2020, 3, 1))
    _report(world.insats_a, today - dt.timedelta(days=9), dt.date(2020, 4, 1), status=ReportStatus.SUBMITTED)
    _report(world.insats_b, today - dt.timedelta(days=9), dt.date(2020, 1, 1))

    assert queries.report_counts(world.a, today) == {"overdue": 1, "due": 1}
    assert list(queries.reports_due(world.a, today)) == [late, soon]
    assert list(queries.reports_due(world.a, today, interventions=[world.insats_a.pk])) == [late]
    assert queries.report_counts(world.a, today, interventions=[world.other_insats_a.pk]) == {"overdue": 0, "due": 1}


def test_audit_open_items(world):
    today = timezone.localdate()
    waiting = actions.register_audit_document(
        world.people.auditor,
        world.a,
        kind="REVIEW",
        year=today.year - 1,
        title="Granskning",
        received_on=today - dt.timedelta(days=30),
        response_due=today + dt.timedelta(days=10),
        recommendations=["En", "Två"],
    )
    actions.register_audit_document(
        world.people.auditor,
        world.a,
        kind="REPORT",
        year=today.year - 2,
        title="Revisionsberättelse",
        received_on=today - dt.timedelta(days=300),
    )
    actions.create_forbund_report(world.people.office, world.a, "ANNUAL", today.year - 1)
    actions.create_forbund_report(world.people.office, world.a, "ANNUAL", today.year - 2)
    actions.create_forbund_report(world.people.office, world.a, "ANNUAL", today.year - 5)

    found = queries.audit_open_items(world.a, today)
    assert found["awaiting_response"] == [waiting]
    assert found["open_recommendations"] == 2
    assert [r.year for r in found["accounts_to_review"]] == [today.year - 1]
    assert queries.audit_open_items(world.b, today) == {
        "awaiting_response": [],
        "open_recommendations": 0,
        "accounts_to_review": [],
    }
