from django.urls import path

from shanglian.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list, name="org_list"),
    path("<int:organization_id>/", views.org_detail, name="org_detail"),
    path("<int:organization_id>/new/", views.org_create, name="org_create"),
    path("<int:organization_id>/edit/", views.org_edit, name="org_edit"),
]
