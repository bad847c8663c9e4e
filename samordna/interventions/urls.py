from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("f/<slug:forbund_slug>/insatser/", views.catalogue, name="catalogue"),
    path("f/<slug:forbund_slug>/insatser/<int:intervention_id>/", views.detail, name="detail"),
]
