"""Keeps a user who must use a second factor away from every page until it has been given."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import requires_second_factor

SESSION_KEY = "samordna_second_factor"


class SecondFactorMiddleware:
    exempt_prefixes = ("/konto/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not request.path.startswith(self.exempt_prefixes)
            and requires_second_factor(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Tvåstegsverifiering krävs. Logga in på nytt."}, status=403)
            return redirect(reverse("tenancy:second_factor"))
        return self.get_response(request)
