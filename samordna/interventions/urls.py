from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("f/<slug:forbund_slug>/insatser/", views.catalogue, name="catalogue"),
    path("f/<slug:forbund_slug>/insatser/ny/", views.create, name="create"),
    path("f/<slug:forbund_slug>/insatser/<int:intervention_id>/", views.detail, name="detail"),
    path("f/<slug:forbund_slug>/insatser/<int:intervention_id>/andra/", views.edit, name="edit"),
    path("f/<slug:forbund_slug>/insatser/<int:intervention_id>/mal/", views.goals, name="goals"),
    path("f/<slug:forbund_slug>/insatser/<int:intervention_id>/budget/", views.budget, name="budget"),
    path(
        "f/<slug:forbund_slug>/insatser/<int:intervention_id>/personuppgiftsansvar/",
        views.controller,
        name="controller",
    ),
    path("f/<slug:forbund_slug>/insatser/<int:intervention_id>/volym/", views.volume, name="volume"),
    path("f/<slug:forbund_slug>/insatser/volym/<int:volume_id>/", views.volume_edit, name="volume_edit"),
]
