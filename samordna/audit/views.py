"""The log search page for förbund admins and the data protection officer."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from samordna.tenancy.forms import LogSearchForm
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import queries


@login_required
def log(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_AUDIT_LOG)
    form = LogSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    kind = request.GET.get("kind", "events")
    if kind == "reads":
        rows = queries.search_reads(forbund, **{k: v for k, v in filters.items() if v})
    else:
        kind = "events"
        rows = queries.search_events(forbund, **{k: v for k, v in filters.items() if v})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"forbund": forbund, "form": form, "page": page, "kind": kind})
