from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("f/<slug:forbund_slug>/instrument/", views.definitions, name="definitions"),
    path("f/<slug:forbund_slug>/instrument/skalor/ny/", views.scale_new, name="scale_new"),
    path("f/<slug:forbund_slug>/instrument/skalor/<int:scale_id>/", views.scale_edit, name="scale_edit"),
    path("f/<slug:forbund_slug>/instrument/enkater/ny/", views.survey_new, name="survey_new"),
    path("f/<slug:forbund_slug>/instrument/enkater/<int:survey_id>/", views.survey_edit, name="survey_edit"),
    path("f/<slug:forbund_slug>/insatser/<int:intervention_id>/enkatkoder/", views.handouts, name="handouts"),
    path(
        "f/<slug:forbund_slug>/insatser/<int:intervention_id>/enkatkoder/<int:handout_id>/",
        views.handout,
        name="handout",
    ),
    path(
        "f/<slug:forbund_slug>/insatser/<int:intervention_id>/enkater/<int:survey_id>/formulera/",
        views.survey_reword,
        name="survey_reword",
    ),
    path("enkat/", views.answer, name="answer"),
    path("enkat/tack/", views.answered, name="answered"),
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/who5/", views.who5, name="who5"),
    path("f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/kasam/", views.kasam, name="kasam"),
    path(
        "f/<slug:forbund_slug>/deltagande/<uuid:participation_id>/progression/", views.progression, name="progression"
    ),
]
