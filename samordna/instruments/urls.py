from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/who5/", views.who5, name="who5"),
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/kasam/", views.kasam, name="kasam"),
    path(
        "f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/progression/", views.progression, name="progression"
    ),
]
