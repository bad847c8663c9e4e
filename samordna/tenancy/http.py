"""The request that pages behind login_required and the session-authenticated API receive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import Forbund, User


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in user (never AnonymousUser). Used in annotations only; Django makes the object."""

    user: User
    forbund: Forbund  # set by forbund_for once the user is authorised in the förbund of the URL
