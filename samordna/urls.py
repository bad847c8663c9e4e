from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from samordna.api.api import api
from samordna.tenancy import views as tenancy_views

urlpatterns = [
    path("", tenancy_views.home, name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("samordna.tenancy.urls")),
    path("", include("samordna.audit.urls")),
    path("", include("samordna.privacy.urls")),
    path("", include("samordna.interventions.urls")),
    path("", include("samordna.applications.urls")),
    path("", include("samordna.meetings.urls")),
    path("", include("samordna.participants.urls")),
    path("", include("samordna.instruments.urls")),
    path("", include("samordna.finance.urls")),
    path("", include("samordna.reporting.urls")),
    path("", include("samordna.stats.urls")),
    path("", include("samordna.openentry.urls")),
    path("", include("samordna.notifications.urls")),
    path("", include("samordna.jobs.urls")),
    path("api/v1/", api.urls),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler500 = "samordna.errors.server_error"
