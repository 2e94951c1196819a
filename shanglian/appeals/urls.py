from django.urls import path

from shanglian.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="appeal_list"),
    path("new/", views.appeal_new, name="appeal_new"),
    path("board/", views.appeal_board, name="appeal_board"),
    path("stats/", views.appeal_stats, name="appeal_stats"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_new, name="category_new"),
    path("categories/<int:category_id>/", views.category_edit, name="category_edit"),
    path("categories/<int:category_id>/delete/", views.category_delete, name="category_delete"),
    path("<int:appeal_id>/", views.appeal_detail, name="appeal_detail"),
    path("<int:appeal_id>/comment/", views.appeal_comment, name="appeal_comment"),
    path("<int:appeal_id>/supplement/", views.appeal_supplement, name="appeal_supplement"),
    path("<int:appeal_id>/<slug:action>/", views.appeal_action, name="appeal_action"),
]
