"""Headers that Django 5.2 does not set by itself, and requests refused before any view sees them."""

from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY and "Content-Security-Policy" not in response:
            if request.path.startswith("/api/v1/docs"):
                # The interactive API docs load their own script bundle from our static files.
                return response
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0").replace(".", ",")


def _refusal(request, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is over the limit before any of the body is read.

    Django's own upload limits apply while the body is parsed; this answers first, so that a large upload is
    not received at all. Without a Content-Length Django reads no body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, 400, _("Förfrågans längd går inte att tolka."))
        limit = settings.SAMORDNA_MAX_REQUEST_BYTES
        if length > limit:
            return _refusal(
                request,
                413,
                _("Det som skickades är %(size)s MB; högst %(limit)s MB tas emot.")
                % {"size": _megabytes(length), "limit": _megabytes(limit)},
            )
        return self.get_response(request)


class NulByteMiddleware:
    """A NUL byte in the path or the query is never part of a real address, and PostgreSQL refuses it in text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(query) or "%00" in query:
            return _refusal(request, 400, _("Adressen innehåller ett otillåtet tecken (NUL)."))
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Every answer to a signed-in user is `Cache-Control: no-store`.

    Pages, downloads and API answers for a signed-in user may hold personal data (a caseload, an import
    preview, a register extract); no browser or proxy cache may keep a copy once the user has gone. Answers to
    anonymous visitors (the login page, the public notice board, static files) keep their own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        return response
