"""The intervention catalogue (insatskatalog), readable by every role of the förbund."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for


@login_required
def catalogue(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_CATALOGUE)
    interventions = forbund.interventions.select_related("owner").prefetch_related("partners")
    return render(request, "interventions/catalogue.html", {"forbund": forbund, "interventions": interventions})
