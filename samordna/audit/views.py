"""The log search page for förbund admins and the data protection officer."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from samordna.tenancy.forms import LogSearchForm
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import labels, queries
from .actions import log_read
from .forms import ReadSearchForm


@login_required
def log(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_AUDIT_LOG)
    kind = request.GET.get("kind", "events")
    form: LogSearchForm
    if kind == "reads":
        form = ReadSearchForm(request.GET or None, forbund=forbund)
        filters = form.cleaned_data if form.is_valid() else {}
        if filters.get("personnummer"):
            # A search by number finds a person's records: a read of personal data itself (the number is not logged).
            log_read(request.user, forbund, "audit.ReadLogEntry", query="read log by personnummer", purpose=_("Logg"))
        reads = queries.search_reads(forbund, **{k: v for k, v in filters.items() if v})
        page = Paginator(reads, 50).get_page(request.GET.get("page"))
        rows = [{"row": r, "kind": labels.object_type_label(r.object_type)} for r in page]
    else:
        kind = "events"
        form = LogSearchForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        events = queries.search_events(forbund, **{k: v for k, v in filters.items() if v})
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        rows = [
            {"row": e, "label": labels.event_label(e.action), "changes": labels.change_lines(e.changes)} for e in page
        ]
    status = 400 if form.errors else 200
    return render(
        request,
        "audit/log.html",
        {"forbund": forbund, "form": form, "page": page, "rows": rows, "kind": kind},
        status=status,
    )
