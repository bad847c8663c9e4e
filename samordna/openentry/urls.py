from django.urls import path

from . import views

app_name = "openentry"

P = "f/<slug:forbund_slug>/samverkan/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "ansokan/ny/", views.file_request, name="file"),
    path(P + "ansokan/<uuid:request_id>/", views.request_detail, name="request"),
    path(P + "ansokan/<uuid:request_id>/aterta/", views.withdraw, name="withdraw"),
    path(P + "ansokan/<uuid:request_id>/samsip/", views.samsip, name="samsip"),
    path(P + "ansokan/<uuid:request_id>/forsteg/", views.prestep_start, name="prestep_start"),
    path(P + "team/<int:team_id>/", views.team_detail, name="team"),
    path(P + "team/<int:team_id>/moten/", views.schedule, name="schedule"),
    path(P + "team/<int:team_id>/dagordning/", views.put_on_agenda, name="put_on_agenda"),
    path(P + "team/<int:team_id>/statistik/", views.statistics, name="statistics"),
    path(P + "teammote/<int:team_meeting_id>/", views.meeting_detail, name="meeting"),
    path(P + "arende/<int:item_id>/", views.review, name="review"),
    path(P + "remisser/", views.referrals, name="referrals"),
    path(P + "remisser/<int:part_id>/", views.referral, name="referral"),
    path(P + "forsteg/<int:stay_id>/", views.prestep_stay, name="prestep_stay"),
    path(P + "systemfel/", views.gaps, name="gaps"),
    path(P + "systemfel/<int:gap_id>/", views.gap_detail, name="gap"),
    path(P + "katalog/", views.catalogue, name="catalogue"),
    path(P + "placeringar/", views.placements, name="placements"),
    path(P + "installningar/", views.setup, name="setup"),
    path(P + "installningar/team/ny/", views.team_edit, name="team_new"),
    path(P + "installningar/team/<int:team_id>/", views.team_edit, name="team_edit"),
    path(P + "installningar/katalog/ny/", views.entry_edit, name="entry_new"),
    path(P + "installningar/katalog/<int:entry_id>/", views.entry_edit, name="entry_edit"),
    path(P + "installningar/forsteg/ny/", views.prestep_new, name="prestep_new"),
    path(P + "installningar/avtal/ny/", views.agreement_new, name="agreement_new"),
    path(P + "installningar/samsip-ombud/<int:member_id>/", views.samsip_contact, name="samsip_contact"),
]
