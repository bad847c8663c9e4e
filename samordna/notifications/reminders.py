"""The daily run: reminders of what falls due, then the mail that goes at once and each user's digest.

`run_daily(today)` may run any number of times a day: a reminder is made once (its key is kept on the
notification) and a notification is mailed once (its `mailed_at`), so a second run sends nothing new.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from samordna.tenancy.models import Forbund, Role

from . import mail, recipients
from .actions import deliver_immediate, held, notify
from .models import DIGEST, Delivery, Kind, Notification

# A report due within this many days is announced ahead.
DUE_SOON_DAYS = 14
# A participant's next step is announced this many days ahead.
STEP_SOON_DAYS = 7
# Deadlines missed longer ago than this are no longer news: the lists in the pages show them.
OVERDUE_WINDOW_DAYS = 60

STEP_KINDS = {"sip": Kind.SIP_DUE, "plan": Kind.PLAN_DUE, "follow_up": Kind.FOLLOW_UP_DUE}


@dataclass
class DailyRun:
    created: int = 0
    mails: list[mail.Outgoing] = field(default_factory=list)


def _day(value: dt.date) -> str:
    return f"{value:%Y-%m-%d}"


def report_reminders(forbund: Forbund, today: dt.date) -> int:
    from samordna.reporting.models import InsatsReport, ReportKind, ReportStatus

    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    oldest = today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
    reports = InsatsReport.objects.filter(
        intervention__forbund=forbund, status=ReportStatus.DUE, due_date__gte=oldest, due_date__lte=soon
    ).select_related("intervention")
    created = 0
    for report in reports:
        if report.due_date < today:
            kind, key, people = Kind.REPORT_OVERDUE, "overdue", [*recipients.insats_reporters(report.intervention)]
            people += list(recipients.office(forbund))
        elif report.due_date == today:
            kind, key, people = Kind.REPORT_DUE_TODAY, "today", list(recipients.insats_reporters(report.intervention))
        elif report.kind == ReportKind.FINAL:
            kind, key, people = Kind.FINAL_REPORT_DUE, "soon", list(recipients.insats_reporters(report.intervention))
        else:
            kind, key, people = Kind.REPORT_DUE_SOON, "soon", list(recipients.insats_reporters(report.intervention))
        created += len(
            notify(
                kind,
                forbund,
                people,
                reverse("reporting:report_detail", kwargs={"forbund_slug": forbund.slug, "report_id": report.pk}),
                key=f"report:{report.pk}:{key}",
                day=today,
                report_kind=report.kind,
                registration_no=report.intervention.registration_no,
                due_date=_day(report.due_date),
            )
        )
    return created


def audit_reminders(forbund: Forbund, today: dt.date) -> int:
    from samordna.reporting.models import AuditDocument

    documents = AuditDocument.objects.filter(
        forbund=forbund,
        response_sent_on__isnull=True,
        response_due__gte=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS),
        response_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
    )
    created = 0
    for document in documents:
        due = document.response_due
        if due is None:
            continue
        created += len(
            notify(
                Kind.AUDIT_DEADLINE,
                forbund,
                recipients.with_role(forbund, Role.FORBUND_ADMIN),
                reverse("reporting:obligations", kwargs={"forbund_slug": forbund.slug}),
                key=f"audit:{document.pk}:{'overdue' if due < today else 'soon'}",
                day=today,
                year=document.year,
                due_date=_day(due),
            )
        )
    return created


def step_reminders(forbund: Forbund, today: dt.date) -> int:
    """SIP, plan revision and follow-up: the same rule as the handler's due list, read without personal data."""
    from samordna.interventions.models import Intervention
    from samordna.participants.models import Participation
    from samordna.participants.queries import due_rows

    rows = [
        (pk, step, due_date, registration_no, intervention_id)
        for pk, step, due_date, registration_no, _after, intervention_id, *_rest in due_rows(
            Participation.objects.filter(intervention__forbund=forbund)
        )
        if today - dt.timedelta(days=OVERDUE_WINDOW_DAYS) <= due_date <= today + dt.timedelta(days=STEP_SOON_DAYS)
    ]
    insatser = Intervention.objects.in_bulk({row[4] for row in rows})
    handlers = {pk: list(recipients.handlers(insats)) for pk, insats in insatser.items()}
    created = 0
    for pk, step, due_date, registration_no, intervention_id in rows:
        created += len(
            notify(
                STEP_KINDS[step],
                forbund,
                handlers[intervention_id],
                reverse(f"participants:{step}", kwargs={"forbund_slug": forbund.slug, "participation_id": pk}),
                key=f"{step}:{pk}:{_day(due_date)}",
                day=today,
                registration_no=registration_no,
                due_date=_day(due_date),
            )
        )
    return created


def create_reminders(forbund: Forbund, today: dt.date) -> int:
    return report_reminders(forbund, today) + audit_reminders(forbund, today) + step_reminders(forbund, today)


def send_digests(today: dt.date, *, dry_run: bool = False, progress: bool = False) -> list[mail.Outgoing]:
    """One message per user and förbund with every notification waiting for the digest up to `today`."""
    waiting = (
        Notification.objects.filter(delivery=Delivery.DIGEST, mailed_at__isnull=True, day__lte=today)
        .exclude(user__email="")
        .select_related("user", "forbund")
        .order_by("user_id", "forbund_id", "day", "kind", "pk")
    )
    groups: dict[tuple[int, int], list[Notification]] = defaultdict(list)
    for n in waiting:
        groups[(n.user_id, n.forbund_id)].append(n)
    sent = []
    for items in tqdm(groups.values(), desc="Sammanfattningar", unit=" e-post", file=sys.stderr, disable=not progress):
        first = items[0]
        message = mail.compose(
            first.user,
            first.forbund,
            "notifications/mail_digest.txt",
            lambda: _("Dagens sammanfattning %(day)s") % {"day": _day(today)},
            items,
        )
        if dry_run:
            sent.append(mail.Outgoing(first.user.email, DIGEST, str(message.subject), len(items)))
            continue
        with transaction.atomic():
            # Taken under lock, so that two runs at once cannot both mail the same items.
            pks = list(
                Notification.objects.select_for_update()
                .filter(pk__in=[n.pk for n in items], mailed_at__isnull=True)
                .values_list("pk", flat=True)
            )
            if len(pks) != len(items):
                continue
            sent.append(mail.send(first.user, first.forbund, DIGEST, message, len(items)))
            Notification.objects.filter(pk__in=pks).update(mailed_at=timezone.now())
    return sent


def run_daily(today: dt.date, dry_run: bool = False, *, progress: bool = False) -> DailyRun:
    """Make the day's reminders, then send what goes at once and the digests. A dry run changes nothing."""
    if not dry_run:
        mail.require_mail()
    run = DailyRun()
    with transaction.atomic(), held():
        forbund_list = list(Forbund.objects.order_by("name"))
        for forbund in tqdm(forbund_list, desc="Påminnelser", unit=" förbund", file=sys.stderr, disable=not progress):
            run.created += create_reminders(forbund, today)
        if dry_run:
            pending = Notification.objects.filter(day__lte=today)
            run.mails = deliver_immediate(pending, dry_run=True) + send_digests(today, dry_run=True)
            transaction.set_rollback(True)
            return run
    run.mails = deliver_immediate(Notification.objects.filter(day__lte=today)) + send_digests(today, progress=progress)
    return run


def scheduled(today: dt.date, dry_run: bool = False) -> str:
    """The day's reminders as the scheduler runs them, summed up in one line for the run's record."""
    run = run_daily(today, dry_run)
    return _("%(created)s påminnelser, %(mails)s e-postmeddelanden") % {"created": run.created, "mails": len(run.mails)}
