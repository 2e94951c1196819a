from django.urls import path

from shanglian.promotion import views, views_needs

app_name = "promotion"
urlpatterns = [
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/mine/", views.my_visits, name="my_visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/complete/", views.visit_complete, name="visit_complete"),
    path("visits/<int:visit_id>/confirm/", views.visit_confirm, name="visit_confirm"),
    path("visits/<int:visit_id>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:visit_id>/appeal/", views.visit_appeal, name="visit_appeal"),
    path("draws/new/", views.draw_create, name="draw_create"),
    path("draws/<int:visitdraw_id>/", views.draw_detail, name="draw_detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/target/", views.target_edit, name="target_edit"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/new/", views.assignment_create, name="assignment_create"),
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/new/", views.institution_create, name="institution_create"),
    path("institutions/<int:institution_id>/edit/", views.institution_edit, name="institution_edit"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:researchproject_id>/", views.project_detail, name="project_detail"),
    *[
        path(
            f"projects/<int:researchproject_id>/{action}/",
            views.project_advance,
            {"action": action},
            name=f"project_{action}",
        )
        for action in ("sign", "start", "conclude", "drop")
    ],
    path("needs/", views_needs.need_list, name="need_list"),
    path("needs/new/", views_needs.need_create, name="need_create"),
    path("needs/<int:techneed_id>/", views_needs.need_detail, name="need_detail"),
    path("needs/<int:techneed_id>/match/", views_needs.need_match, name="need_match"),
    path("needs/<int:techneed_id>/convert/", views_needs.need_convert, name="need_convert"),
    path("needs/<int:techneed_id>/close/", views_needs.need_close, name="need_close"),
]
