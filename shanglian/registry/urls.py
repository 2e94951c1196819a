from django.urls import path

from shanglian.registry import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/export/", views.enterprise_export, name="enterprise_export"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:enterprise_id>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:enterprise_id>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:enterprise_id>/figures/", views.year_figure_save, name="year_figure_save"),
    path(
        "enterprises/<int:enterprise_id>/figures/<int:enterpriseyearfigure_id>/delete/",
        views.year_figure_delete,
        name="year_figure_delete",
    ),
    path("members/", views.member_list, name="member_list"),
    path("members/export/", views.member_export, name="member_export"),
    path("members/<int:membership_id>/dues/", views.dues_save, name="dues_save"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:membershipapplication_id>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:membershipapplication_id>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("portal/", views.portal, name="portal"),
    path("people/", views.person_list, name="person_list"),
    path("people/export/", views.person_export, name="person_export"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:person_id>/roles/", views.person_role_add, name="person_role_add"),
    path(
        "people/<int:person_id>/roles/<int:personrole_id>/delete/",
        views.person_role_delete,
        name="person_role_delete",
    ),
    path("people/<int:person_id>/pools/", views.person_pool_override, name="person_pool_override"),
    path("talent/", views.talent_pool, name="talent_pool"),
    path("talent/export/", views.talent_export, name="talent_export"),
    path("classification/", views.classification_rule, name="classification_rule"),
]
