"""Exceptions that actions raise; views and the API turn them into messages and status codes."""

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """A permission check said no. The message is the check's reason, shown to the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
