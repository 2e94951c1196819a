from django.urls import path

from shanglian.workdays import views

app_name = "workdays"
# Dates travel in the query string / form body, not as URL ids: the calendar is national, not a tenant's.
urlpatterns = [
    path("", views.day_list, name="day_list"),
    path("day/", views.day_form, name="day_form"),
    path("day/delete/", views.day_delete, name="day_delete"),
    path("import/", views.import_schedule, name="import"),
    path("import/template/", views.import_template, name="import_template"),
]
