from django.urls import path

from shanglian.registry.imports import views

app_name = "roster_import"
urlpatterns = [
    path("", views.index, name="index"),
    path("template/", views.template, name="template"),
    path("<int:importjob_id>/", views.job_detail, name="job"),
    path("<int:importjob_id>/progress/", views.job_progress, name="progress"),
    path("<int:importjob_id>/confirm/", views.job_confirm, name="confirm"),
    path("<int:importjob_id>/errors/", views.job_errors, name="errors"),
]
