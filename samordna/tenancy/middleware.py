"""Keeps a user who must use a second factor away from every page until it has been given, and keeps idle
sessions expiring without writing the session on every request."""

import time

from django.conf import settings
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


class SessionActivityMiddleware:
    """Moves a session's expiry forward as the user works, at most once per `SESSION_TOUCH_SECONDS`.

    Saving the session on every request would cost a database write per page; saving it when the last save
    is older than the touch interval keeps the idle timeout (`SESSION_COOKIE_AGE`) to within that interval.
    """

    key = "samordna_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            interval = max(1, settings.SESSION_TOUCH_SECONDS)
            bucket = int(time.time()) // interval
            if session.get(self.key) != bucket:
                session[self.key] = bucket
        return response
