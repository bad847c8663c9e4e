from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("f/<slug:forbund_slug>/rapportering/", views.obligations, name="obligations"),
    path("f/<slug:forbund_slug>/rapportering/revision/", views.audit, name="audit"),
    path("f/<slug:forbund_slug>/rapportering/insatsrapporter/", views.my_reports, name="my_reports"),
    path("f/<slug:forbund_slug>/rapportering/rapport/<int:report_id>/", views.report_detail, name="report_detail"),
]
