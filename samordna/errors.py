"""The pages a user gets when the server fails: Swedish, without a trace of the code; 503 while the database
cannot be reached, so that a person (and a proxy) knows to try again in a moment, and 507 when the disk is full.

Both templates stand alone (no base layout, no menu), since the menu needs the database.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from samordna.lib.files import is_disk_full

# Seconds a client is asked to wait while the database is away; a restart takes about that long.
RETRY_AFTER_SECONDS = 5


def database_unavailable(exception: BaseException | None) -> bool:
    """Connection refused, connection cut by a restart, or a connection already closed."""
    return isinstance(exception, OperationalError | InterfaceError)


@requires_csrf_token
def server_error(request, template_name: str = "500.html") -> HttpResponse:
    """handler500: called by Django inside the `except` for the failed request, so the exception is at hand."""
    exception = sys.exc_info()[1]
    if database_unavailable(exception):
        status, template = 503, "503.html"
        message = _("Databasen kan inte nås just nu. Försök igen om en stund.")
    elif is_disk_full(exception):
        status, template = 507, "507.html"
        message = _("Servern har inte plats att göra klart det du bad om just nu. Försök igen senare.")
    else:
        status, template = 500, template_name
        message = _("Ett fel uppstod på servern. Försök igen; kvarstår felet, kontakta förbundets kansli.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(loader.get_template(template).render({}), status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
