from django.urls import path

from shanglian.party import views

app_name = "party"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("orgs/", views.org_list, name="org_list"),
    path("orgs/new/", views.org_create, name="org_create"),
    path("orgs/<int:partyorganization_id>/", views.org_detail, name="org_detail"),
    path("orgs/<int:partyorganization_id>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<int:partyorganization_id>/delete/", views.org_delete, name="org_delete"),
    path("orgs/<int:partyorganization_id>/members/", views.member_add, name="member_add"),
    path("members/<int:partymember_id>/delete/", views.member_remove, name="member_remove"),
    path("model-sites/", views.site_list, name="site_list"),
    path("model-sites/new/", views.site_create, name="site_create"),
    path("model-sites/<int:partymodelsite_id>/edit/", views.site_edit, name="site_edit"),
    path("model-sites/<int:partymodelsite_id>/delete/", views.site_delete, name="site_delete"),
    path("brands/", views.brand_list, name="brand_list"),
    path("brands/new/", views.brand_create, name="brand_create"),
    path("brands/<int:partybrand_id>/edit/", views.brand_edit, name="brand_edit"),
    path("brands/<int:partybrand_id>/delete/", views.brand_delete, name="brand_delete"),
    path("red-alliance/", views.red_alliance, name="red_alliance"),
]
