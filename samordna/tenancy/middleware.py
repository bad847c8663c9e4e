"""Keeps a user who must use a second factor away from every page until it has been given, and one with a
temporary password until it has been changed; keeps idle sessions expiring without writing the session on every
request."""

import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import requires_second_factor

SESSION_KEY = "samordna_second_factor"


PASSWORD_PAGE = "/losenord/"  # a path, not a password  # nosec B105


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
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith((*self.exempt_prefixes, PASSWORD_PAGE))
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Byt ditt tillfälliga lösenord på webben först."}, status=403)
            return redirect(reverse("tenancy:password_change"))
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
