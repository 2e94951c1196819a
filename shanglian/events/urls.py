from django.urls import path

from shanglian.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:event_id>/", views.event_detail, name="event_detail"),
    path("<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("<int:event_id>/register/", views.event_register, name="event_register"),
    path("<int:event_id>/door/", views.event_door, name="event_door"),
    path("<int:event_id>/walk-in/", views.event_walk_in, name="event_walk_in"),
    path("<int:event_id>/minutes/", views.event_minutes, name="event_minutes"),
    path(
        "registrations/<int:registration_id>/cancel/", views.registration_cancel, name="registration_cancel"
    ),
    path(
        "registrations/<int:registration_id>/accept/", views.registration_accept, name="registration_accept"
    ),
    path(
        "registrations/<int:registration_id>/decline/",
        views.registration_decline,
        name="registration_decline",
    ),
]
