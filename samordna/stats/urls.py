from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("f/<slug:forbund_slug>/statistik/", views.participants, name="participants"),
    path("f/<slug:forbund_slug>/statistik/manad/", views.monthly, name="monthly"),
    path("f/<slug:forbund_slug>/statistik/mal/", views.goals, name="goals"),
    path("f/<slug:forbund_slug>/statistik/insatser/", views.insatser, name="insatser"),
    path("f/<slug:forbund_slug>/statistik/enkater/", views.questionnaires, name="questionnaires"),
    path("f/<slug:forbund_slug>/statistik/uppfoljning-finsam/", views.finsam, name="finsam"),
    path("f/<slug:forbund_slug>/statistik/export/", views.statistics_export, name="statistics_export"),
    path("f/<slug:forbund_slug>/statistik/uppfoljning-finsam/export/", views.finsam_export, name="finsam_export"),
]
