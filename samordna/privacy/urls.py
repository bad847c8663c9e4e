from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("f/<slug:forbund_slug>/dataskydd/", views.overview, name="overview"),
    path("f/<slug:forbund_slug>/dataskydd/radering/", views.erasure, name="erasure"),
    path("f/<slug:forbund_slug>/dataskydd/registerutdrag/", views.extract, name="extract"),
]
