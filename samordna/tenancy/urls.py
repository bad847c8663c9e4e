from django.urls import path

from . import accounts, registers, views

app_name = "tenancy"

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("konto/logga-in/", views.login_view, name="login"),
    path("konto/tvastegsverifiering/", views.second_factor_view, name="second_factor"),
    path("konto/tvastegsverifiering/aktivera/", views.enrol_view, name="enrol"),
    path("konto/logga-ut/", views.logout_view, name="logout"),
    path("konto/glomt-losenord/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("konto/glomt-losenord/skickat/", accounts.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "konto/nytt-losenord/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("konto/nytt-losenord/klart/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("losenord/", accounts.password_change, name="password_change"),
    path("f/<slug:forbund_slug>/", views.dashboard, name="dashboard"),
    path("f/<slug:forbund_slug>/forbundet/", views.forbund_detail, name="forbund"),
    path("f/<slug:forbund_slug>/forbundet/installningar/", views.forbund_settings, name="forbund_settings"),
    path(
        "f/<slug:forbund_slug>/forbundet/medlemmar/<int:member_id>/",
        views.member_invoicing,
        name="member_invoicing",
    ),
    path("f/<slug:forbund_slug>/forbundet/medlemmar/ny/", registers.member_new, name="member_new"),
    path(
        "f/<slug:forbund_slug>/forbundet/medlemmar/<int:member_id>/uttrade/",
        registers.member_leave,
        name="member_leave",
    ),
    path("f/<slug:forbund_slug>/forbundet/kommuner/", registers.kommuner, name="kommuner"),
    path("f/<slug:forbund_slug>/forbundet/dataskyddsombud/", views.dpo_contact, name="dpo_contact"),
    path(
        "f/<slug:forbund_slug>/forbundet/medlemmar/<int:member_id>/dataskyddsombud/",
        views.dpo_contact,
        name="member_dpo_contact",
    ),
    path("f/<slug:forbund_slug>/forbundet/forbundsordning/ny/", registers.statutes_new, name="statutes_new"),
    path("f/<slug:forbund_slug>/forbundet/styrelsen/ny/", registers.board_new, name="board_new"),
    path(
        "f/<slug:forbund_slug>/forbundet/styrelsen/<int:seat_id>/avgang/",
        registers.board_seat_end,
        name="board_seat_end",
    ),
    path("f/<slug:forbund_slug>/forbundet/beredningsgruppen/ny/", registers.preparatory_new, name="preparatory_new"),
    path(
        "f/<slug:forbund_slug>/forbundet/beredningsgruppen/<int:preparatory_id>/slut/",
        registers.preparatory_end,
        name="preparatory_end",
    ),
    path("f/<slug:forbund_slug>/anvandare/", views.users, name="users"),
    path("f/<slug:forbund_slug>/anvandare/<int:user_id>/", accounts.account, name="account"),
    path(
        "f/<slug:forbund_slug>/anvandare/<int:user_id>/tvastegsverifiering/",
        accounts.reset_second_factor,
        name="account_second_factor",
    ),
    path("f/<slug:forbund_slug>/anvandare/<int:user_id>/inloggning/", accounts.set_active, name="account_active"),
    path(
        "f/<slug:forbund_slug>/anvandare/<int:user_id>/arbetsgivare/", accounts.role_employer, name="account_employer"
    ),
    path(
        "f/<slug:forbund_slug>/anvandare/roll/<int:assignment_id>/ta-bort/",
        views.revoke_role,
        name="revoke_role",
    ),
]
