"""The unread count beside the link to the user's notifications, on every page."""

from django.urls import reverse

from .models import Notification


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        "notifications_url": reverse("notifications:list"),
    }
