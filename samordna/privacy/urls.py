from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("f/<slug:forbund_slug>/dataskydd/", views.overview, name="overview"),
    path("f/<slug:forbund_slug>/dataskydd/radering/", views.erasure, name="erasure"),
    path("f/<slug:forbund_slug>/dataskydd/registerutdrag/", views.extract, name="extract"),
    path("f/<slug:forbund_slug>/dataskydd/behandlingar/", views.processing_records, name="processing"),
    path(
        "f/<slug:forbund_slug>/dataskydd/behandlingar/<str:controller>/",
        views.processing_record,
        name="processing_record",
    ),
    path(
        "f/<slug:forbund_slug>/dataskydd/behandlingar/<str:controller>/pdf/",
        views.processing_record_pdf,
        name="processing_record_pdf",
    ),
]
