from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("jobb/", views.job_list, name="list"),
    path("jobb/<uuid:job_id>/", views.detail, name="detail"),
    path("jobb/<uuid:job_id>/fil/", views.download, name="download"),
]
