from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("f/<slug:forbund_slug>/rapportering/", views.obligations, name="obligations"),
    path("f/<slug:forbund_slug>/rapportering/revision/", views.audit, name="audit"),
    path("f/<slug:forbund_slug>/rapportering/insatsrapporter/", views.my_reports, name="my_reports"),
    path("f/<slug:forbund_slug>/rapportering/rapport/<int:report_id>/", views.report_detail, name="report_detail"),
    path("f/<slug:forbund_slug>/rapportering/arsredovisning/ny/", views.forbund_report_new, name="forbund_report_new"),
    path(
        "f/<slug:forbund_slug>/rapportering/arsredovisning/<int:forbund_report_id>/",
        views.forbund_report,
        name="forbund_report",
    ),
    path(
        "f/<slug:forbund_slug>/rapportering/arsredovisning/<int:forbund_report_id>/underskrift/",
        views.forbund_report_sign,
        name="forbund_report_sign",
    ),
    path(
        "f/<slug:forbund_slug>/rapportering/arsredovisning/<int:forbund_report_id>/pdf/",
        views.forbund_report_pdf,
        name="forbund_report_pdf",
    ),
    path(
        "f/<slug:forbund_slug>/rapportering/arsredovisning/<int:forbund_report_id>/xlsx/",
        views.forbund_report_xlsx,
        name="forbund_report_xlsx",
    ),
]
