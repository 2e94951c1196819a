from django.contrib.auth import views as auth_views
from django.urls import path

from shanglian.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.tokens, name="tokens"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:user_id>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:user_id>/roles/", views.user_add_role, name="user_add_role"),
    path(
        "users/<int:user_id>/roles/<int:assignment_id>/delete/",
        views.user_remove_role,
        name="user_remove_role",
    ),
    path(
        "users/<int:user_id>/roles/<int:assignment_id>/legal-representative/",
        views.user_set_legal_representative,
        name="user_set_legal_representative",
    ),
]
