from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("f/<slug:forbund_slug>/logg/", views.log, name="log"),
]
