from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("f/<slug:forbund_slug>/deltagare/", views.caseload, name="caseload"),
    path("f/<slug:forbund_slug>/deltagare/ny/", views.enrol, name="enrol"),
    path("f/<slug:forbund_slug>/deltagare/import/", views.import_participants, name="import"),
    path("f/<slug:forbund_slug>/deltagare/<uuid:participant_id>/", views.participant_detail, name="detail"),
    path(
        "f/<slug:forbund_slug>/deltagare/<uuid:participant_id>/aterkalla-samtycke/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/sip/", views.record_sip, name="sip"),
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/handlingsplan/", views.revise_plan, name="plan"),
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/uppfoljning/", views.follow_up, name="follow_up"),
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/utskrivning/", views.discharge, name="discharge"),
]
