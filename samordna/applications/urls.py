from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("f/<slug:forbund_slug>/ansokningar/", views.application_list, name="list"),
    path("f/<slug:forbund_slug>/ansokningar/ny/", views.application_new, name="new"),
    path("f/<slug:forbund_slug>/ansokningar/register/", views.application_register, name="register"),
    path("f/<slug:forbund_slug>/ansokningar/<int:application_id>/", views.application_detail, name="detail"),
    path("f/<slug:forbund_slug>/ansokningar/<int:application_id>/andra/", views.application_edit, name="edit"),
    path("f/<slug:forbund_slug>/ansokningar/<int:application_id>/bilagor/", views.attach, name="attach"),
    path(
        "f/<slug:forbund_slug>/ansokningar/<int:application_id>/bilagor/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "f/<slug:forbund_slug>/ansokningar/<int:application_id>/budgetrader/",
        views.budget_lines,
        name="budget_lines",
    ),
    path(
        "f/<slug:forbund_slug>/ansokningar/<int:application_id>/bidrag/",
        views.change_grant,
        name="change_grant",
    ),
    path(
        "f/<slug:forbund_slug>/ansokningar/<int:application_id>/villkor/",
        views.settle_condition,
        name="settle_condition",
    ),
    path(
        "f/<slug:forbund_slug>/ansokningar/<int:application_id>/steg/<slug:transition>/",
        views.application_step,
        name="step",
    ),
]
