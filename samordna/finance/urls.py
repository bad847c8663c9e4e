from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("f/<slug:forbund_slug>/ekonomi/", views.economy, name="economy"),
    path("f/<slug:forbund_slug>/ekonomi/export/", views.economy_export, name="economy_export"),
    path("f/<slug:forbund_slug>/ekonomi/budget/", views.budget, name="budget"),
    path("f/<slug:forbund_slug>/ekonomi/budget/planera/", views.budget_plan, name="budget_plan"),
    path("f/<slug:forbund_slug>/ekonomi/kontokoppling/", views.accounts, name="accounts"),
    path("f/<slug:forbund_slug>/ekonomi/medlemsbidrag/", views.contributions, name="contributions"),
    path("f/<slug:forbund_slug>/ekonomi/fakturor/", views.invoices, name="invoices"),
    path("f/<slug:forbund_slug>/ekonomi/fakturor/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("f/<slug:forbund_slug>/ekonomi/fakturor/<int:invoice_id>/peppol/", views.invoice_ubl, name="invoice_ubl"),
    path("f/<slug:forbund_slug>/ekonomi/mina-insatser/", views.my_insatser, name="my_insatser"),
]
