from django.urls import path

from . import views

app_name = "tenancy"

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("konto/logga-in/", views.login_view, name="login"),
    path("konto/tvastegsverifiering/", views.second_factor_view, name="second_factor"),
    path("konto/tvastegsverifiering/aktivera/", views.enrol_view, name="enrol"),
    path("konto/logga-ut/", views.logout_view, name="logout"),
    path("f/<slug:forbund_slug>/", views.dashboard, name="dashboard"),
    path("f/<slug:forbund_slug>/forbundet/", views.forbund_detail, name="forbund"),
    path("f/<slug:forbund_slug>/forbundet/installningar/", views.forbund_settings, name="forbund_settings"),
    path(
        "f/<slug:forbund_slug>/forbundet/medlemmar/<int:member_id>/",
        views.member_invoicing,
        name="member_invoicing",
    ),
    path("f/<slug:forbund_slug>/anvandare/", views.users, name="users"),
    path(
        "f/<slug:forbund_slug>/anvandare/roll/<int:assignment_id>/ta-bort/",
        views.revoke_role,
        name="revoke_role",
    ),
]
