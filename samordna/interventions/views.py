"""The intervention catalogue (insatskatalog) and an insats's page, readable by every role of the förbund."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from samordna.finance.queries import intervention_budget
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import queries


@login_required
def catalogue(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_CATALOGUE)
    return render(
        request, "interventions/catalogue.html", {"forbund": forbund, "interventions": queries.catalogue(forbund)}
    )


@login_required
def detail(request, forbund_slug: str, intervention_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_CATALOGUE)
    intervention = queries.detail(forbund, intervention_id)
    if intervention is None:
        raise Http404(_("Insatsen finns inte i förbundet."))
    return render(
        request,
        "interventions/detail.html",
        {
            "forbund": forbund,
            "intervention": intervention,
            "budget": intervention_budget(intervention),
        },
    )
