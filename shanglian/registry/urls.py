from django.urls import path

from shanglian.registry.views import enterprises, members, people, talent

app_name = "registry"
urlpatterns = [
    path("enterprises/", enterprises.enterprise_list, name="enterprise_list"),
    path("enterprises/export/", enterprises.enterprise_export, name="enterprise_export"),
    path("enterprises/new/", enterprises.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:enterprise_id>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path(
        "enterprises/<int:enterprise_id>/timeline/",
        enterprises.enterprise_timeline,
        name="enterprise_timeline",
    ),
    path("enterprises/<int:enterprise_id>/edit/", enterprises.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:enterprise_id>/figures/", enterprises.year_figure_save, name="year_figure_save"),
    path(
        "enterprises/<int:enterprise_id>/figures/<int:enterpriseyearfigure_id>/delete/",
        enterprises.year_figure_delete,
        name="year_figure_delete",
    ),
    path("members/", members.member_list, name="member_list"),
    path("members/export/", members.member_export, name="member_export"),
    path("members/<int:membership_id>/dues/", members.dues_save, name="dues_save"),
    path("members/<int:membership_id>/end/", members.membership_end, name="membership_end"),
    path("applications/", members.application_list, name="application_list"),
    path("applications/new/", members.application_create, name="application_create"),
    path("applications/export/", members.application_export, name="application_export"),
    path(
        "applications/<int:membershipapplication_id>/", members.application_detail, name="application_detail"
    ),
    path(
        "applications/<int:membershipapplication_id>/decide/",
        members.application_decide,
        name="application_decide",
    ),
    path("portal/", enterprises.portal, name="portal"),
    path("people/", people.person_list, name="person_list"),
    path("people/export/", people.person_export, name="person_export"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:person_id>/", people.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:person_id>/roles/", people.person_role_add, name="person_role_add"),
    path(
        "people/<int:person_id>/roles/<int:personrole_id>/delete/",
        people.person_role_delete,
        name="person_role_delete",
    ),
    path("people/<int:person_id>/pools/", talent.person_pool_override, name="person_pool_override"),
    path("talent/", talent.talent_pool, name="talent_pool"),
    path("talent/export/", talent.talent_export, name="talent_export"),
    path("classification/", talent.classification_rule, name="classification_rule"),
]
