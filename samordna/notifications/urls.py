from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("konto/aviseringar/", views.notification_list, name="list"),
    path("konto/aviseringar/val/", views.preferences, name="preferences"),
    path("f/<slug:forbund_slug>/skickad-e-post/", views.mail_log, name="mail_log"),
]
